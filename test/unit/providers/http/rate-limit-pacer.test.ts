import { describe, expect, it } from 'vitest';
import { RateLimitPacer } from '../../../../electron/providers/http/rate-limit-pacer';

function pacerAt(clock: { t: number }) {
  return new RateLimitPacer({ reserve: 10, now: () => clock.t, sleep: async () => undefined });
}

describe('RateLimitPacer', () => {
  it('does not delay while plenty of budget remains, or before any headers were seen', () => {
    const clock = { t: 0 };
    const pacer = pacerAt(clock);
    expect(pacer.reserveDelayMs()).toBe(0);
    pacer.observe(new Headers({ 'ratelimit-remaining': '500', 'ratelimit-reset': '30' }));
    expect(pacer.reserveDelayMs()).toBe(0);
    expect(pacer.reserveDelayMs()).toBe(0);
  });

  it('spreads the last requests of the window evenly over the time left', () => {
    const clock = { t: 0 };
    const pacer = pacerAt(clock);
    pacer.observe(new Headers({ 'ratelimit-remaining': '3', 'ratelimit-reset': '40' }));
    // 3 left over 40 s: one every 10 s (40 / (3 + 1)).
    expect(pacer.reserveDelayMs()).toBe(0);
    expect(pacer.reserveDelayMs()).toBe(10_000);
    expect(pacer.reserveDelayMs()).toBe(20_000);
  });

  it('waits for the reset when nothing remains, and stops pacing once the window has passed', () => {
    const clock = { t: 1_000 };
    const pacer = pacerAt(clock);
    pacer.observe(new Headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': '5' }));
    expect(pacer.reserveDelayMs()).toBe(5_000);
    clock.t = 7_000;
    expect(pacer.reserveDelayMs()).toBe(0);
  });

  it('honours blockUntil (a 429 hint) for every later request', () => {
    const clock = { t: 0 };
    const pacer = pacerAt(clock);
    pacer.blockUntil(2_500);
    expect(pacer.reserveDelayMs()).toBe(2_500);
    clock.t = 3_000;
    expect(pacer.reserveDelayMs()).toBe(0);
  });
});
