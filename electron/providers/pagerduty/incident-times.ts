/**
 * When each PagerDuty incident of a period was triggered, first acknowledged and resolved,
 * for the response metrics. Two paged reads, whatever the number of incidents:
 * GET /incidents (every status, created in the period, with services and teams) gives the
 * trigger time (created_at), the resolve time (resolved_at), the subjects, and what the
 * metrics view lists for each incident (number, title, its page in PagerDuty); GET
 * /log_entries (overview entries of the period) gives the first acknowledgement, which
 * PagerDuty clears from the incident when it resolves, and a resolve time for records
 * that lack resolved_at.
 */
import type { IncidentTimes } from '../../../shared/rules/response-metrics';
import { loadIncidentsCreatedBetween, type FetchIncidentPage } from './incident-loader';
import { loadLogEntriesBetween, type FetchLogEntryPage } from './log-entry-loader';
import { toRef } from './mapper';
import type { PdIncident, PdLogEntry } from './schemas';
import { scopeQuery, type PagerDutyScope } from './scope';

export interface IncidentTimesSource {
  fetchIncidentPage: FetchIncidentPage;
  fetchLogEntryPage: FetchLogEntryPage;
  concurrency: number;
  now: () => number;
}

/** Includes that name each incident's service and teams without a request per record. */
const INCIDENT_TIMES_INCLUDES = ['services', 'teams'] as const;

/**
 * The times of every incident in scope created since `sinceMs`. The scope's teams and
 * services apply; "assigned to me" does not (PagerDuty filters assignees on open
 * incidents only, and response metrics are about the whole team's incidents).
 */
export async function loadIncidentTimes(source: IncidentTimesSource, scope: PagerDutyScope, sinceMs: number): Promise<IncidentTimes[]> {
  const untilMs = source.now();
  if (sinceMs >= untilMs) return [];
  const teamQuery = scopeQuery({ teamIds: scope.teamIds ?? [] }, null);
  const incidentQuery: Array<[string, string]> = [
    ['statuses[]', 'triggered'],
    ['statuses[]', 'acknowledged'],
    ['statuses[]', 'resolved'],
    ...scopeQuery({ teamIds: scope.teamIds ?? [], serviceIds: scope.serviceIds ?? [] }, null),
    ['sort_by', 'created_at:asc'],
    ...INCIDENT_TIMES_INCLUDES.map((name): [string, string] => ['include[]', name]),
  ];
  const [incidents, entries] = await Promise.all([
    loadIncidentsCreatedBetween(incidentQuery, sinceMs, untilMs, {
      fetchPage: source.fetchIncidentPage,
      concurrency: source.concurrency,
      now: source.now,
    }),
    loadLogEntriesBetween([['is_overview', 'true'], ...teamQuery], sinceMs, untilMs, {
      fetchPage: source.fetchLogEntryPage,
      concurrency: source.concurrency,
    }),
  ]);
  return assembleIncidentTimes(incidents, entries);
}

/**
 * Joins incidents and log entries into IncidentTimes: number, title and html_url as they
 * are; triggered at created_at; first
 * acknowledged at the earliest acknowledge entry; resolved (when the incident is resolved
 * now) at resolved_at, else at the latest resolve entry, else at the last status change.
 * Incidents whose created_at cannot be read are left out.
 */
export function assembleIncidentTimes(incidents: readonly PdIncident[], entries: readonly PdLogEntry[]): IncidentTimes[] {
  const firstAck = new Map<string, number>();
  const lastResolve = new Map<string, number>();
  for (const entry of entries) {
    const incidentId = entry.incident?.id;
    const at = Date.parse(entry.created_at);
    if (!incidentId || Number.isNaN(at)) continue;
    if (entry.type.startsWith('acknowledge_log_entry')) {
      const known = firstAck.get(incidentId);
      if (known === undefined || at < known) firstAck.set(incidentId, at);
    } else if (entry.type.startsWith('resolve_log_entry')) {
      const known = lastResolve.get(incidentId);
      if (known === undefined || at > known) lastResolve.set(incidentId, at);
    }
  }
  const times: IncidentTimes[] = [];
  for (const pd of incidents) {
    const triggeredAt = Date.parse(pd.created_at);
    if (Number.isNaN(triggeredAt)) continue;
    const team = pd.teams?.[0];
    times.push({
      incidentId: pd.id,
      number: pd.incident_number,
      title: pd.title,
      htmlUrl: pd.html_url ?? '',
      service: toRef(pd.service),
      team: team ? toRef(team) : null,
      triggeredAt,
      acknowledgedAt: firstAck.get(pd.id) ?? null,
      resolvedAt: pd.status === 'resolved' ? resolveTime(pd, lastResolve.get(pd.id)) : null,
    });
  }
  return times;
}

function resolveTime(pd: PdIncident, fromLog: number | undefined): number | null {
  for (const candidate of [pd.resolved_at, fromLog, pd.last_status_change_at]) {
    const at = typeof candidate === 'string' ? Date.parse(candidate) : candidate;
    if (at !== undefined && at !== null && !Number.isNaN(at)) return at;
  }
  return null;
}
