/** The idle cost per minute computed from per-round costs. */
import { describe, expect, it } from 'vitest';
import { requestsPerMinute } from '../../../bench/idle-cost';

describe('requestsPerMinute', () => {
  it('at the console defaults: 11.9 one-request polls plus a tenth of a 50-request reconcile', () => {
    expect(requestsPerMinute(5_000, 600_000, 1, 50)).toBeCloseTo(16.9, 10);
  });

  it('scales with the cost of a poll', () => {
    expect(requestsPerMinute(5_000, 600_000, 2, 50)).toBeCloseTo(28.8, 10);
  });

  it('counts a reconcile instead of a poll, not on top of one', () => {
    // Poll every minute, reconcile every minute: every round is a reconcile.
    expect(requestsPerMinute(60_000, 60_000, 1, 50)).toBe(50);
  });

  it('refuses intervals that make no sense', () => {
    expect(() => requestsPerMinute(0, 600_000, 1, 50)).toThrow(/poll interval/);
    expect(() => requestsPerMinute(5_000, 1_000, 1, 50)).toThrow(/reconcile interval/);
  });
});
