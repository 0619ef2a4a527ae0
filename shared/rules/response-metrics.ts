/**
 * Response metrics an incident manager reads: time to acknowledge and time to resolve,
 * per service and per team, over a window of days; their trend day by day or week by
 * week; and, behind every figure, the incidents it was worked out from (the slowest
 * first, a bounded number). Pure: the engine feeds it incident timelines built from the
 * paging platform's records.
 */
import { z } from 'zod';
import { Ref } from '../domain/incident';
import { DurationStats, responseStats, timeToAcknowledgeMs, timeToResolveMs, type ResponseTimes } from './duration-stats';
import { computeResponseTrend, ResponseTrend, trendUnitFor } from './response-trend';

export { durationStats, median, percentile } from './duration-stats';

/** One incident's response times, with what a person needs to find it. */
export interface IncidentTimes extends ResponseTimes {
  incidentId: string;
  /** The platform's incident number (PagerDuty's #1234). */
  number: number;
  title: string;
  /** The incident's page in the platform's web app ('' when unknown). */
  htmlUrl: string;
  service: Ref;
  team: Ref | null;
}

/** A figure's incidents listed at most this many, slowest first. */
export const SLOWEST_LIMIT = 50;

const MAX_TITLE = 1024;
const MAX_URL = 2048;

/** One incident behind the figures, as the metrics view lists it. */
export const MetricsIncident = z.object({
  id: z.string().min(1).max(64),
  number: z.number().int().nonnegative(),
  title: z.string().max(MAX_TITLE),
  /** The incident's page in the platform's web app ('' when unknown or too long to be one). */
  htmlUrl: z.string().max(MAX_URL),
  service: Ref,
  team: Ref.nullable(),
  triggeredAt: z.iso.datetime(),
  /** Null when it was not acknowledged (still waiting, or resolved without). */
  timeToAcknowledgeMs: z.number().nonnegative().nullable(),
  /** Null when it is not resolved yet. */
  timeToResolveMs: z.number().nonnegative().nullable(),
});
export type MetricsIncident = z.infer<typeof MetricsIncident>;

const IncidentIds = z.array(z.string().min(1).max(64)).max(SLOWEST_LIMIT);

export const ResponseFigures = z.object({
  subject: Ref,
  incidents: z.number().int().nonnegative(),
  timeToAcknowledge: DurationStats,
  timeToResolve: DurationStats,
  /**
   * The ids of the subject's incidents (in ResponseMetrics.incidents), slowest first by
   * each measure, at most SLOWEST_LIMIT: those without the measure (not acknowledged, not
   * resolved) after those with it, the longest waiting first.
   */
  slowest: z.object({ timeToAcknowledge: IncidentIds, timeToResolve: IncidentIds }),
});
export type ResponseFigures = z.infer<typeof ResponseFigures>;

export const ResponseMetrics = z
  .object({
    windowDays: z.number().int().positive(),
    from: z.string(),
    to: z.string(),
    overall: ResponseFigures,
    byService: z.array(ResponseFigures),
    byTeam: z.array(ResponseFigures),
    trend: ResponseTrend,
    /** Every incident some figure lists in `slowest`, once, earliest triggered first. */
    incidents: z.array(MetricsIncident),
  })
  .superRefine((metrics, context) => {
    const known = new Set(metrics.incidents.map((incident) => incident.id));
    if (known.size !== metrics.incidents.length)
      context.addIssue({ code: 'custom', path: ['incidents'], message: 'An incident is listed twice' });
    const listed = new Set<string>();
    const check = (figures: ResponseFigures, path: Array<string | number>) => {
      for (const measure of ['timeToAcknowledge', 'timeToResolve'] as const) {
        const ids = figures.slowest[measure];
        if (ids.length > figures.incidents) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'slowest', measure],
            message: `Lists ${ids.length} incidents of ${figures.incidents}`,
          });
        }
        for (const id of ids) {
          listed.add(id);
          if (!known.has(id))
            context.addIssue({
              code: 'custom',
              path: [...path, 'slowest', measure],
              message: `Lists incident ${id}, which is not in incidents`,
            });
        }
      }
    };
    check(metrics.overall, ['overall']);
    metrics.byService.forEach((figures, index) => check(figures, ['byService', index]));
    metrics.byTeam.forEach((figures, index) => check(figures, ['byTeam', index]));
    for (const id of known) {
      if (!listed.has(id)) context.addIssue({ code: 'custom', path: ['incidents'], message: `Incident ${id} is listed by no figure` });
    }
  });
export type ResponseMetrics = z.infer<typeof ResponseMetrics>;

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_TEAM: Ref = { id: '', name: 'No team' };

/**
 * The ids of up to `limit` incidents, slowest first by `duration`: those without it after
 * those with it, the earliest triggered first; ties by id.
 */
export function slowestIds(
  incidents: readonly IncidentTimes[],
  duration: (incident: IncidentTimes) => number | null,
  limit = SLOWEST_LIMIT,
): string[] {
  return incidents
    .map((incident) => ({ incident, value: duration(incident) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value !== b.value) return a.value === null ? 1 : -1;
        return a.incident.triggeredAt - b.incident.triggeredAt || a.incident.incidentId.localeCompare(b.incident.incidentId);
      }
      return b.value - a.value || a.incident.incidentId.localeCompare(b.incident.incidentId);
    })
    .slice(0, limit)
    .map(({ incident }) => incident.incidentId);
}

function figures(subject: Ref, incidents: readonly IncidentTimes[]): ResponseFigures {
  return {
    subject,
    incidents: incidents.length,
    ...responseStats(incidents),
    slowest: { timeToAcknowledge: slowestIds(incidents, timeToAcknowledgeMs), timeToResolve: slowestIds(incidents, timeToResolveMs) },
  };
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
 * the durations it lacks. The trend follows the days or weeks of `timeZone`.
 */
export function computeResponseMetrics(
  incidents: readonly IncidentTimes[],
  windowDays: number,
  now: number,
  timeZone = 'UTC',
): ResponseMetrics {
  const from = now - windowDays * DAY_MS;
  const inWindow = incidents.filter((incident) => incident.triggeredAt >= from && incident.triggeredAt <= now);
  const overall = figures({ id: 'all', name: 'All services' }, inWindow);
  const byService = groupBy(inWindow, (incident) => incident.service);
  const byTeam = groupBy(inWindow, (incident) => incident.team ?? NO_TEAM);
  const listed = new Set<string>();
  for (const each of [overall, ...byService, ...byTeam]) {
    for (const id of [...each.slowest.timeToAcknowledge, ...each.slowest.timeToResolve]) listed.add(id);
  }
  return {
    windowDays,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    overall,
    byService,
    byTeam,
    trend: computeResponseTrend(inWindow, from, now, trendUnitFor(windowDays), timeZone),
    incidents: inWindow
      .filter((incident) => listed.has(incident.incidentId))
      .sort((a, b) => a.triggeredAt - b.triggeredAt || a.incidentId.localeCompare(b.incidentId))
      .map(toMetricsIncident),
  };
}

function toMetricsIncident(incident: IncidentTimes): MetricsIncident {
  return {
    id: incident.incidentId,
    number: incident.number,
    title: incident.title.length > MAX_TITLE ? `${incident.title.slice(0, MAX_TITLE - 1)}…` : incident.title,
    htmlUrl: incident.htmlUrl.length > MAX_URL ? '' : incident.htmlUrl,
    service: incident.service,
    team: incident.team,
    triggeredAt: new Date(incident.triggeredAt).toISOString(),
    timeToAcknowledgeMs: timeToAcknowledgeMs(incident),
    timeToResolveMs: timeToResolveMs(incident),
  };
}
