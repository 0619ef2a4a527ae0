/**
 * Summaries of durations for the response metrics: count, median, mean and 90th
 * percentile (nearest rank). Pure; the per-subject figures and the trend's buckets both
 * use them, so a median means the same thing everywhere.
 */
import { z } from 'zod';

export const DurationStats = z.object({
  /** How many incidents had this duration (acknowledged, or resolved). */
  count: z.number().int().nonnegative(),
  medianMs: z.number().nonnegative().nullable(),
  meanMs: z.number().nonnegative().nullable(),
  p90Ms: z.number().nonnegative().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

/** Percentile by nearest rank of ascending `sorted` values; null when empty. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Median: the middle value, or the mean of the two middle values. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function durationStats(durations: readonly number[]): DurationStats {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianMs: median(sorted),
    meanMs: sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : null,
    p90Ms: percentile(sorted, 0.9),
  };
}

/** When an incident was triggered, first acknowledged and resolved (ms since the epoch). */
export interface ResponseTimes {
  triggeredAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

/** From trigger to first acknowledgement (never negative); null when not acknowledged. */
export function timeToAcknowledgeMs(times: ResponseTimes): number | null {
  return times.acknowledgedAt === null ? null : Math.max(0, times.acknowledgedAt - times.triggeredAt);
}

/** From trigger to resolution (never negative); null when not resolved. */
export function timeToResolveMs(times: ResponseTimes): number | null {
  return times.resolvedAt === null ? null : Math.max(0, times.resolvedAt - times.triggeredAt);
}

/** The time to acknowledge and the time to resolve of a set of incidents, summarised. */
export function responseStats(incidents: readonly ResponseTimes[]): { timeToAcknowledge: DurationStats; timeToResolve: DurationStats } {
  const toAck: number[] = [];
  const toResolve: number[] = [];
  for (const incident of incidents) {
    const ack = timeToAcknowledgeMs(incident);
    const resolve = timeToResolveMs(incident);
    if (ack !== null) toAck.push(ack);
    if (resolve !== null) toResolve.push(resolve);
  }
  return { timeToAcknowledge: durationStats(toAck), timeToResolve: durationStats(toResolve) };
}
