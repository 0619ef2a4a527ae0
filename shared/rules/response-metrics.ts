/**
 * Response metrics an incident manager reads: time to acknowledge and time to resolve,
 * per service and per team, over a window of days. Pure: the engine feeds it incident
 * timelines built from the paging platform's records.
 */
import { z } from 'zod';
import { Ref } from '../domain/incident';

/** When an incident was triggered, first acknowledged and resolved (ms since the epoch). */
export interface IncidentTimes {
  incidentId: string;
  service: Ref;
  team: Ref | null;
  triggeredAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

export const DurationStats = z.object({
  /** How many incidents had this duration (acknowledged, or resolved). */
  count: z.number().int(),
  medianMs: z.number().nullable(),
  meanMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const ResponseFigures = z.object({
  subject: Ref,
  incidents: z.number().int(),
  timeToAcknowledge: DurationStats,
  timeToResolve: DurationStats,
});
export type ResponseFigures = z.infer<typeof ResponseFigures>;

export const ResponseMetrics = z.object({
  windowDays: z.number().int().positive(),
  from: z.string(),
  to: z.string(),
  overall: ResponseFigures,
  byService: z.array(ResponseFigures),
  byTeam: z.array(ResponseFigures),
});
export type ResponseMetrics = z.infer<typeof ResponseMetrics>;

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_TEAM: Ref = { id: '', name: 'No team' };

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

function figures(subject: Ref, incidents: readonly IncidentTimes[]): ResponseFigures {
  const toAck: number[] = [];
  const toResolve: number[] = [];
  for (const incident of incidents) {
    if (incident.acknowledgedAt !== null) toAck.push(Math.max(0, incident.acknowledgedAt - incident.triggeredAt));
    if (incident.resolvedAt !== null) toResolve.push(Math.max(0, incident.resolvedAt - incident.triggeredAt));
  }
  return { subject, incidents: incidents.length, timeToAcknowledge: durationStats(toAck), timeToResolve: durationStats(toResolve) };
}

function groupBy(incidents: readonly IncidentTimes[], key: (incident: IncidentTimes) => Ref): ResponseFigures[] {
  const groups = new Map<string, { subject: Ref; members: IncidentTimes[] }>();
  for (const incident of incidents) {
    const subject = key(incident);
    const group = groups.get(subject.id) ?? { subject, members: [] };
    group.members.push(incident);
    groups.set(subject.id, group);
  }
  return [...groups.values()]
    .map(({ subject, members }) => figures(subject, members))
    .sort((a, b) => b.incidents - a.incidents || a.subject.name.localeCompare(b.subject.name));
}

/**
 * Metrics over the `windowDays` days before `now`, counting incidents triggered in that
 * window. An incident not yet acknowledged or resolved counts in `incidents` but not in
 * the durations it lacks.
 */
export function computeResponseMetrics(incidents: readonly IncidentTimes[], windowDays: number, now: number): ResponseMetrics {
  const from = now - windowDays * DAY_MS;
  const inWindow = incidents.filter((incident) => incident.triggeredAt >= from && incident.triggeredAt <= now);
  return {
    windowDays,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    overall: figures({ id: 'all', name: 'All services' }, inWindow),
    byService: groupBy(inWindow, (incident) => incident.service),
    byTeam: groupBy(inWindow, (incident) => incident.team ?? NO_TEAM),
  };
}
