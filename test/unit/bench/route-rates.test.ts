/**
 * The bench's requests-per-minute per route: the peak over any sliding window, the
 * stretched window of a once-a-minute route, and the margin to each limit, counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { routeRates, unlimitedRoutes } from '../../../bench/route-rates';

const INCIDENTS = 'GET /api-public/v1/incidents';
const POLICIES = 'GET /api-public/v1/policies';
const limits = new Map([
  [INCIDENTS, 60],
  [POLICIES, 1],
]);
const at = (route: string | null, seconds: number) => ({ route, at: seconds * 1_000 });

describe('routeRates', () => {
  it('counts the busiest 60 s of a route, not its average, and its margin to the limit', () => {
    // 20 requests in the first 10 s, then one a minute: the peak is 20 in a minute (margin 3x).
    const requests = [...Array.from({ length: 20 }, (_, i) => at(INCIDENTS, i / 2)), at(INCIDENTS, 70), at(INCIDENTS, 130)];
    const [incidents] = routeRates(requests, limits);
    expect(incidents).toMatchObject({ route: INCIDENTS, requests: 22, windowMs: 60_000, peakInWindow: 20, peakPerMinute: 20, margin: 3 });
  });

  it('counts a window as half-open: requests 60 s apart are in different minutes', () => {
    const [incidents] = routeRates([at(INCIDENTS, 0), at(INCIDENTS, 60), at(INCIDENTS, 120)], limits);
    expect(incidents?.peakInWindow).toBe(1);
  });

  it('stretches a once-a-minute route to two minutes, where half its limit is one whole call', () => {
    const rates = routeRates([at(POLICIES, 0), at(POLICIES, 119)], limits);
    const policies = rates.find((rate) => rate.route === POLICIES)!;
    expect(policies).toMatchObject({ windowMs: 120_000, peakInWindow: 2, peakPerMinute: 1, margin: 1 });
    // One call in any two minutes is 0.5 a minute: the 2x margin exactly.
    const spaced = routeRates([at(POLICIES, 0), at(POLICIES, 120)], limits).find((rate) => rate.route === POLICIES)!;
    expect(spaced).toMatchObject({ peakPerMinute: 0.5, margin: 2 });
  });

  it('lists every limited route, most loaded first, an uncalled one with an infinite margin; unlimited ones are named apart', () => {
    const requests = [at(POLICIES, 0), at(INCIDENTS, 1), at(null, 2)];
    expect(routeRates(requests, limits).map((rate) => [rate.route, rate.margin])).toEqual([
      [POLICIES, 2],
      [INCIDENTS, 60],
    ]);
    expect(routeRates([], limits).every((rate) => rate.margin === Infinity && rate.requests === 0)).toBe(true);
    expect(unlimitedRoutes([{ ...at(null, 2), method: 'GET', path: '/api-public/v1/maintenancemode' }], limits)).toEqual([
      'GET /api-public/v1/maintenancemode',
    ]);
  });
});
