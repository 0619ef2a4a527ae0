import { describe, expect, it } from 'vitest';
import { computeResponseTrend, MAX_TREND_BUCKETS, ResponseTrend, trendBounds, trendUnitFor } from '../../../shared/rules/response-trend';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function times(triggered: string, ackMin: number | null, resolveMin: number | null) {
  const triggeredAt = at(triggered);
  return {
    triggeredAt,
    acknowledgedAt: ackMin === null ? null : triggeredAt + ackMin * MIN,
    resolvedAt: resolveMin === null ? null : triggeredAt + resolveMin * MIN,
  };
}

describe('trendUnitFor', () => {
  it('is days for a week, weeks for a month', () => {
    expect(trendUnitFor(7)).toBe('day');
    expect(trendUnitFor(14)).toBe('day');
    expect(trendUnitFor(30)).toBe('week');
  });
});

describe('trendBounds', () => {
  it('cuts 7 days ending mid-afternoon into local days, partial at both ends', () => {
    const to = at('2026-11-26T14:30:00Z');
    const bounds = trendBounds(to - 7 * DAY, to, 'day', 'UTC');
    expect(bounds).toHaveLength(8);
    expect(bounds[0]).toEqual({ from: at('2026-11-19T14:30:00Z'), to: at('2026-11-20T00:00:00Z'), partial: true });
    expect(bounds[1]).toEqual({ from: at('2026-11-20T00:00:00Z'), to: at('2026-11-21T00:00:00Z'), partial: false });
    expect(bounds[7]).toEqual({ from: at('2026-11-26T00:00:00Z'), to, partial: true });
    // Contiguous, covering the window exactly.
    for (let index = 1; index < bounds.length; index += 1) expect(bounds[index]!.from).toBe(bounds[index - 1]!.to);
  });

  it("follows the reader's zone: in Los Angeles the days start at 08:00 UTC", () => {
    const to = at('2026-11-26T14:30:00Z');
    const bounds = trendBounds(to - 7 * DAY, to, 'day', 'America/Los_Angeles');
    expect(bounds.slice(1).map((bound) => iso(bound.from).slice(11, 16))).toEqual(Array(7).fill('08:00'));
    expect(bounds).toHaveLength(8);
  });

  it('has whole days and no partial ones when the window starts and ends at midnight', () => {
    const bounds = trendBounds(at('2026-11-19T00:00:00Z'), at('2026-11-26T00:00:00Z'), 'day', 'UTC');
    expect(bounds).toHaveLength(7);
    expect(bounds.every((bound) => !bound.partial && bound.to - bound.from === DAY)).toBe(true);
  });

  it('cuts 30 days into weeks from Monday, the first and last partial', () => {
    // Thursday 26 November 2026, 14:30 UTC; 30 days before is Tuesday 27 October.
    const to = at('2026-11-26T14:30:00Z');
    const bounds = trendBounds(to - 30 * DAY, to, 'week', 'UTC');
    expect(bounds.map((bound) => [iso(bound.from).slice(0, 10), bound.partial])).toEqual([
      ['2026-10-27', true],
      ['2026-11-02', false],
      ['2026-11-09', false],
      ['2026-11-16', false],
      ['2026-11-23', true],
    ]);
    expect(bounds[4]!.to).toBe(to);
  });

  it('keeps a day of 23 hours in a DST change', () => {
    const bounds = trendBounds(at('2026-03-26T23:00:00Z'), at('2026-03-31T22:00:00Z'), 'day', 'Europe/Berlin');
    expect(bounds.map((bound) => (bound.to - bound.from) / H)).toEqual([24, 24, 23, 24, 24]);
    expect(bounds.every((bound) => !bound.partial)).toBe(true);
  });

  it('refuses an empty range and more buckets than it offers', () => {
    expect(() => trendBounds(10, 10, 'day', 'UTC')).toThrow(RangeError);
    expect(() => trendBounds(Number.NaN, 10, 'day', 'UTC')).toThrow(/start before its end/);
    expect(() => trendBounds(0, (MAX_TREND_BUCKETS + 1) * DAY, 'day', 'UTC')).toThrow(/more than 32 days/);
  });
});

describe('computeResponseTrend', () => {
  const to = at('2026-11-26T14:30:00Z');
  const from = to - 7 * DAY;
  const incidents = [
    times('2026-11-19T14:29:59Z', 1, 10), // before the window
    times('2026-11-19T14:30:00Z', 2, 20), // its first instant
    times('2026-11-19T23:59:59Z', 4, 40),
    times('2026-11-20T00:00:00Z', 3, 30), // the next day's first instant
    times('2026-11-20T09:00:00Z', 5, null),
    times('2026-11-20T10:00:00Z', null, null),
    times('2026-11-20T11:00:00Z', 9, 3 * 24 * 60),
    times('2026-11-26T14:30:00Z', 1, null), // its last instant
    times('2026-11-26T14:30:01Z', 1, null), // after the window
  ];

  it('puts each incident of the window in the bucket it was triggered in, with median and p90 per bucket', () => {
    const trend = computeResponseTrend(incidents, from, to, 'day', 'UTC');
    expect(trend.buckets.map((bucket) => bucket.incidents)).toEqual([2, 4, 0, 0, 0, 0, 0, 1]);
    const [first, second, empty] = trend.buckets;
    expect(first!.timeToAcknowledge).toEqual({ count: 2, medianMs: 3 * MIN, meanMs: 3 * MIN, p90Ms: 4 * MIN });
    expect(first!.timeToResolve.medianMs).toBe(30 * MIN);
    expect(second!.timeToAcknowledge).toMatchObject({ count: 3, medianMs: 5 * MIN, p90Ms: 9 * MIN });
    expect(second!.timeToResolve).toMatchObject({ count: 2, medianMs: (30 * MIN + 3 * DAY) / 2, p90Ms: 3 * DAY });
    expect(empty!.timeToAcknowledge).toEqual({ count: 0, medianMs: null, meanMs: null, p90Ms: null });
    expect(trend.buckets[0]!.from).toBe(iso(from));
    expect(trend.buckets.at(-1)!.to).toBe(iso(to));
  });

  it("moves incidents across a bucket boundary with the reader's zone", () => {
    const utc = computeResponseTrend(incidents, from, to, 'day', 'UTC');
    const berlin = computeResponseTrend(incidents, from, to, 'day', 'Europe/Berlin');
    // 23:59:59 UTC on the 19th is 00:59:59 on the 20th in Berlin.
    expect(berlin.buckets.map((bucket) => bucket.incidents)).toEqual([1, 5, 0, 0, 0, 0, 0, 1]);
    expect(utc.buckets.map((bucket) => bucket.incidents)).not.toEqual(berlin.buckets.map((bucket) => bucket.incidents));
  });

  it('answers what the contract schema accepts', () => {
    const trend = computeResponseTrend(incidents, from, to, 'week', 'Asia/Kolkata');
    expect(ResponseTrend.parse(trend)).toEqual(trend);
    expect(trend.buckets.map((bucket) => bucket.incidents).reduce((a, b) => a + b)).toBe(7);
    expect(ResponseTrend.safeParse({ ...trend, timeZone: 'Nowhere/Else' }).success).toBe(false);
    expect(ResponseTrend.safeParse({ ...trend, buckets: [] }).success).toBe(false);
  });
});
