import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from '../../../electron/engine/outbox-runner';

describe('nextAttemptAt', () => {
  const backoff = { baseMs: 1_000, capMs: 60_000 };
  it('waits a full-jitter share of a ceiling that doubles with each failed attempt, up to the cap', () => {
    expect(nextAttemptAt(10_000, 1, backoff, () => 0.5)).toBe(10_500);
    expect(nextAttemptAt(10_000, 3, backoff, () => 0.5)).toBe(12_000);
    expect(nextAttemptAt(10_000, 20, backoff, () => 0.999_999)).toBeLessThan(70_000);
    expect(nextAttemptAt(10_000, 20, backoff, () => 0.999_999)).toBeGreaterThan(69_000);
  });
  it('waits until the vendor said to come back when that is later', () => {
    expect(nextAttemptAt(10_000, 1, backoff, () => 0.5, 40_000)).toBe(40_000);
    expect(nextAttemptAt(10_000, 1, backoff, () => 0.5, 10_100)).toBe(10_500);
  });
});
