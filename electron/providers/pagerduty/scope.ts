/**
 * Which incidents the console watches: the scope from the configuration, as PagerDuty
 * list filters (for full loads) and as a local test (for incremental changes, where the
 * log entries cover the whole account).
 */
import type { PdIncident } from './schemas';

export interface PagerDutyScope {
  teamIds?: string[];
  serviceIds?: string[];
  assignedToMe?: boolean;
}

/** The filters of GET /incidents for the scope; `meId` is required when assignedToMe is set. */
export function scopeQuery(scope: PagerDutyScope, meId: string | null): Array<[string, string]> {
  const query: Array<[string, string]> = [];
  for (const id of scope.teamIds ?? []) query.push(['team_ids[]', id]);
  for (const id of scope.serviceIds ?? []) query.push(['service_ids[]', id]);
  if (scope.assignedToMe && meId) query.push(['user_ids[]', meId]);
  return query;
}

/**
 * True when an incident matches every filter of the scope, as GET /incidents would.
 *
 * PagerDuty clears a resolved incident's assignments, so "assigned to me" cannot be told
 * for a resolved one; it is kept (the engine drops resolved incidents it does not hold).
 */
export function isInScope(incident: PdIncident, scope: PagerDutyScope, meId: string | null): boolean {
  if (scope.serviceIds?.length && !scope.serviceIds.includes(incident.service.id)) return false;
  if (scope.teamIds?.length && !(incident.teams ?? []).some((team) => scope.teamIds!.includes(team.id))) return false;
  if (scope.assignedToMe && incident.status !== 'resolved') {
    if (!meId || !(incident.assignments ?? []).some((a) => a.assignee.id === meId)) return false;
  }
  return true;
}
