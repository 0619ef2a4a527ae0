import { describe, expect, it } from 'vitest';
import { fullJitterBackoffMs } from '../../../../shared/rules/backoff';
import { retryHintMs } from '../../../../electron/providers/http/retry-hints';

describe('fullJitterBackoffMs', () => {
  const options = { baseMs: 100, capMs: 1_000 };

  it('draws uniformly below base * 2^attempt', () => {
    expect(fullJitterBackoffMs(0, () => 0.5, options)).toBe(50);
    expect(fullJitterBackoffMs(2, () => 0.5, options)).toBe(200);
    expect(fullJitterBackoffMs(3, () => 0.25, options)).toBe(200);
    expect(fullJitterBackoffMs(3, () => 0, options)).toBe(0);
  });

  it('never exceeds the cap, even for large attempts or a random() of 1', () => {
    expect(fullJitterBackoffMs(20, () => 0.5, options)).toBe(500);
    expect(fullJitterBackoffMs(20, () => 1, options)).toBeLessThan(1_000);
    expect(fullJitterBackoffMs(1, () => Number.NaN, options)).toBe(0);
  });
});

describe('retryHintMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');

  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryHintMs(new Headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(retryHintMs(new Headers({ 'retry-after': 'Wed, 01 May 2024 10:00:07 GMT' }), now)).toBe(7_000);
  });

  it('reads ratelimit-reset in seconds and takes the later of two hints', () => {
    expect(retryHintMs(new Headers({ 'ratelimit-reset': '12' }), now)).toBe(12_000);
    expect(retryHintMs(new Headers({ 'ratelimit-reset': '12', 'retry-after': '30' }), now)).toBe(30_000);
  });

  it('returns null without a usable hint', () => {
    expect(retryHintMs(new Headers(), now)).toBeNull();
    expect(retryHintMs(new Headers({ 'retry-after': 'soon', 'ratelimit-reset': '' }), now)).toBeNull();
    expect(retryHintMs(new Headers({ 'ratelimit-reset': '-4' }), now)).toBeNull();
  });
});
