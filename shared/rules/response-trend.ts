/**
 * The trend of the response metrics over their window: incidents grouped by when they
 * were triggered into calendar days (short windows) or weeks starting on Monday (long
 * ones) in the reader's time zone, each with its count and its time to acknowledge and to
 * resolve (median, p90...). The first and last buckets are cut by the window's ends and
 * say so (`partial`). Pure; the engine computes it, the page draws it.
 */
import { z } from 'zod';
import { DurationStats, responseStats, type ResponseTimes } from './duration-stats';
import { startOfLocalDay, startOfLocalWeek, startOfNextLocalDay, startOfNextLocalWeek, TimeZoneName } from './local-calendar';

export const TrendUnit = z.enum(['day', 'week']);
export type TrendUnit = z.infer<typeof TrendUnit>;

/** Windows up to this many days are shown day by day; longer ones week by week. */
const DAILY_TREND_MAX_DAYS = 14;
/** No window the console offers needs more buckets than this (31 days, or 14 weeks). */
export const MAX_TREND_BUCKETS = 32;

const TrendBucket = z.object({
  /** Where the bucket starts and ends (ISO 8601): a local midnight, or an end of the window. */
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** True when the window cuts the day or week short (its first and last buckets, usually). */
  partial: z.boolean(),
  /** Incidents triggered in the bucket. */
  incidents: z.number().int().nonnegative(),
  timeToAcknowledge: DurationStats,
  timeToResolve: DurationStats,
});
type TrendBucket = z.infer<typeof TrendBucket>;

export const ResponseTrend = z.object({
  unit: TrendUnit,
  /** The zone whose days and weeks the buckets follow. */
  timeZone: TimeZoneName,
  buckets: z.array(TrendBucket).min(1).max(MAX_TREND_BUCKETS),
});
export type ResponseTrend = z.infer<typeof ResponseTrend>;

export function trendUnitFor(windowDays: number): TrendUnit {
  return windowDays <= DAILY_TREND_MAX_DAYS ? 'day' : 'week';
}

export interface BucketBounds {
  from: number;
  to: number;
  partial: boolean;
}

/**
 * The buckets covering [from, to]: local days or weeks in `timeZone`, the first starting
 * at `from` and the last ending at `to`. Throws when the range is empty or would need
 * more than MAX_TREND_BUCKETS buckets.
 */
export function trendBounds(from: number, to: number, unit: TrendUnit, timeZone: string): BucketBounds[] {
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to))
    throw new RangeError(`A trend needs a start before its end (got ${from} to ${to})`);
  const startOf = unit === 'day' ? startOfLocalDay : startOfLocalWeek;
  const nextStart = unit === 'day' ? startOfNextLocalDay : startOfNextLocalWeek;
  const bounds: BucketBounds[] = [];
  let start = from;
  while (start < to) {
    const whole = nextStart(start, timeZone);
    const end = Math.min(whole, to);
    bounds.push({ from: start, to: end, partial: start > startOf(start, timeZone) || end < whole });
    if (bounds.length > MAX_TREND_BUCKETS) throw new RangeError(`A trend of more than ${MAX_TREND_BUCKETS} ${unit}s is not offered`);
    start = end;
  }
  return bounds;
}

/**
 * The trend of the incidents triggered in [from, to] (the last bucket includes `to`, as
 * the window does): per bucket, how many, and their durations summarised. Incidents
 * outside the range are ignored.
 */
export function computeResponseTrend(
  incidents: readonly ResponseTimes[],
  from: number,
  to: number,
  unit: TrendUnit,
  timeZone: string,
): ResponseTrend {
  const bounds = trendBounds(from, to, unit, timeZone);
  const members: ResponseTimes[][] = bounds.map(() => []);
  for (const incident of incidents) {
    if (incident.triggeredAt < from || incident.triggeredAt > to) continue;
    members[bucketIndex(bounds, incident.triggeredAt)]!.push(incident);
  }
  return {
    unit,
    timeZone,
    buckets: bounds.map((bound, index) => ({
      from: new Date(bound.from).toISOString(),
      to: new Date(bound.to).toISOString(),
      partial: bound.partial,
      incidents: members[index]!.length,
      ...responseStats(members[index]!),
    })),
  };
}

/** The bucket holding `at` (binary search; `at` at the very end goes in the last bucket). */
function bucketIndex(bounds: readonly BucketBounds[], at: number): number {
  let low = 0;
  let high = bounds.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (bounds[middle]!.from <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
