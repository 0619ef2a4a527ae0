/** The paging sync's pace: fast on call or in front (within the idle budget), configured otherwise, slow off call and idle, held back by the rate-limit headers. */
import { describe, expect, it } from 'vitest';
import {
  IDLE_AFTER_MS,
  IDLE_BUDGET_PER_MINUTE,
  RATE_LIMIT_COOL_DOWN_MS,
  pollCadence,
  type PollCadenceInputs,
} from '../../../shared/rules/poll-cadence';
import { requestsPerMinute } from '../../../bench/idle-cost';

const RECONCILE_MS = 10 * 60_000;
/** 5,000 open incidents: a reconcile of 51 pages every 10 minutes adds 5 requests a minute beyond a poll's one. */
const FIVE_THOUSAND = (51 - 1) / 10;

const base: PollCadenceInputs = {
  platform: 'pagerduty',
  configuredMs: 5_000,
  onCallNow: false,
  viewerInFront: false,
  idleForMs: 0,
  reconcileExtraPerMinute: FIVE_THOUSAND,
  budget: null,
  sinceRateLimitedMs: null,
};
const at = (change: Partial<PollCadenceInputs>) => pollCadence({ ...base, ...change });

describe('pollCadence', () => {
  it('keeps the configured interval off call with nobody looking, until idle', () => {
    expect(at({})).toEqual({ intervalMs: 5_000, pace: 'configured' });
    expect(at({ idleForMs: IDLE_AFTER_MS - 1 })).toEqual({ intervalMs: 5_000, pace: 'configured' });
  });

  it('polls faster on call or with a page in front, spending at most the idle budget with reconciles counted', () => {
    for (const change of [{ onCallNow: true }, { viewerInFront: true }, { onCallNow: true, viewerInFront: true }]) {
      const { intervalMs, pace } = at(change);
      expect(pace).toBe('fast');
      // 30 a minute = polls + what the reconciles add: 24.9 polls a minute, about one every 2.41 s.
      expect(intervalMs).toBe(Math.ceil(60_000 / (IDLE_BUDGET_PER_MINUTE - FIVE_THOUSAND)));
      expect(requestsPerMinute(intervalMs, RECONCILE_MS, 1, 51)).toBeLessThanOrEqual(IDLE_BUDGET_PER_MINUTE);
      // Fast enough that a trigger shows within 2.5 s nineteen times in twenty (uniform over the interval, plus a round).
      expect(0.95 * intervalMs).toBeLessThan(2_400);
    }
  });

  it('polls up to once a second when reconciles are cheap, and never slower than configured', () => {
    expect(at({ viewerInFront: true, reconcileExtraPerMinute: 0 })).toEqual({ intervalMs: 2_000, pace: 'fast' });
    expect(at({ viewerInFront: true, reconcileExtraPerMinute: 0, configuredMs: 1_500 })).toEqual({ intervalMs: 1_500, pace: 'configured' });
    expect(at({ viewerInFront: true, reconcileExtraPerMinute: 40 })).toEqual({ intervalMs: 5_000, pace: 'configured' });
  });

  it('slows down off call with nobody looking for a while: twice the interval, at most 30 s unless configured longer', () => {
    expect(at({ idleForMs: IDLE_AFTER_MS })).toEqual({ intervalMs: 10_000, pace: 'slow' });
    expect(at({ idleForMs: IDLE_AFTER_MS, configuredMs: 20_000 })).toEqual({ intervalMs: 30_000, pace: 'slow' });
    expect(at({ idleForMs: IDLE_AFTER_MS, configuredMs: 60_000 })).toEqual({ intervalMs: 60_000, pace: 'slow' });
    // Not known to be off call (the on-call read failed or has not come yet): never slow for that.
    expect(at({ idleForMs: IDLE_AFTER_MS, onCallNow: null })).toEqual({ intervalMs: 5_000, pace: 'configured' });
    expect(at({ idleForMs: IDLE_AFTER_MS, onCallNow: null, viewerInFront: true }).pace).toBe('fast');
  });

  it('keeps Splunk On-Call at its configured pace (it paces its routes itself), slowing only when idle', () => {
    expect(at({ platform: 'splunk-on-call', onCallNow: true, viewerInFront: true })).toEqual({ intervalMs: 5_000, pace: 'configured' });
    expect(at({ platform: 'splunk-on-call', idleForMs: IDLE_AFTER_MS })).toEqual({ intervalMs: 10_000, pace: 'slow' });
  });

  it('does not speed up for a while after a 429', () => {
    expect(at({ onCallNow: true, sinceRateLimitedMs: 1_000 })).toEqual({ intervalMs: 5_000, pace: 'held back' });
    expect(at({ onCallNow: true, sinceRateLimitedMs: RATE_LIMIT_COOL_DOWN_MS }).pace).toBe('fast');
  });

  it('does not speed up while other tools have spent half the rate limit, and below that never polls faster than a tenth of what is left allows', () => {
    const busy = { limit: 960, remaining: 400, resetInMs: 30_000 };
    expect(at({ onCallNow: true, budget: busy })).toEqual({ intervalMs: 5_000, pace: 'held back' });
    expect(at({ onCallNow: true, budget: { ...busy, remaining: 900 } }).pace).toBe('fast');
    // 30 left for 45 s: the console takes 3 of them, one every 15 s, whatever the pace.
    expect(at({ budget: { limit: 960, remaining: 30, resetInMs: 45_000 } })).toEqual({ intervalMs: 15_000, pace: 'held back' });
    // Plenty left: the headers allow any pace the workspace asks for.
    expect(at({ configuredMs: 300, budget: { limit: 960, remaining: 950, resetInMs: 60_000 } })).toEqual({
      intervalMs: 300,
      pace: 'configured',
    });
    // None left: wait for the window to reset.
    expect(at({ viewerInFront: true, budget: { limit: null, remaining: 0, resetInMs: 20_000 } })).toEqual({
      intervalMs: 20_000,
      pace: 'held back',
    });
  });
});
