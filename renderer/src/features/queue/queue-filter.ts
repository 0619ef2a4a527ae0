/**
 * The queue's filters and free-text search, as data (stored, part of saved views) and as
 * one pure pass over the incidents: O(n) with set lookups, whatever the queue's size.
 */
import { z } from 'zod';
import { IncidentStatus, Urgency, type Incident } from '../../../../shared/domain/incident';
import type { Ticket } from '../../../../shared/domain/ticket';
import { matchesSearch, searchTerms } from './queue-search';

/** Stands for "no priority" / "no team" / "no tenant" in a filter's list of values. */
export const NONE = '__none__';

export const QueueFilter = z.object({
  statuses: z.array(IncidentStatus).default([]),
  urgencies: z.array(Urgency).default([]),
  priorityIds: z.array(z.string()).default([]),
  serviceIds: z.array(z.string()).default([]),
  teamIds: z.array(z.string()).default([]),
  tenants: z.array(z.string()).default([]),
  /** Paging platforms by incident `provider` ("pagerduty", "splunk-on-call"); empty: every platform. */
  platforms: z.array(z.string()).default([]),
  assignedToMe: z.boolean().default(false),
  myTeams: z.boolean().default(false),
  /** Only incidents that have no linked ticket (yet). */
  withoutTicket: z.boolean().default(false),
  search: z.string().max(500).default(''),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

export const EMPTY_FILTER: QueueFilter = QueueFilter.parse({});

/** Who "me" is, for "assigned to me" and "my teams". */
export interface FilterContext {
  meId: string | null;
  /** The teams the user belongs to (from the directory); null while unknown. */
  myTeamIds: ReadonlySet<string> | null;
  /** Services owned by those teams (an incident without a team counts by its service). */
  myServiceIds: ReadonlySet<string> | null;
  /** Incident id -> linked ticket (ticket-index.ts): "has no ticket" and searching by ticket number. */
  tickets?: ReadonlyMap<string, Ticket>;
}

export const NO_CONTEXT: FilterContext = { meId: null, myTeamIds: null, myServiceIds: null };

/** Every filter back at its default, the search left as it is (it has its own clear button). */
export function clearedFilters(): Omit<QueueFilter, 'search'> {
  const { search: _search, ...cleared } = EMPTY_FILTER;
  return cleared;
}

/** How many filters (not the search) narrow the queue, for the "Filters (n)" button. */
export function activeFilterCount(filter: QueueFilter): number {
  return (
    (filter.statuses.length > 0 ? 1 : 0) +
    (filter.urgencies.length > 0 ? 1 : 0) +
    (filter.priorityIds.length > 0 ? 1 : 0) +
    (filter.serviceIds.length > 0 ? 1 : 0) +
    (filter.teamIds.length > 0 ? 1 : 0) +
    (filter.tenants.length > 0 ? 1 : 0) +
    (filter.platforms.length > 0 ? 1 : 0) +
    (filter.assignedToMe ? 1 : 0) +
    (filter.myTeams ? 1 : 0) +
    (filter.withoutTicket ? 1 : 0)
  );
}

export function isEmptyFilter(filter: QueueFilter): boolean {
  return activeFilterCount(filter) === 0 && filter.search.trim() === '';
}

export function filtersEqual(a: QueueFilter, b: QueueFilter): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && [...x].sort().join('\u0000') === [...y].sort().join('\u0000');
  return (
    same(a.statuses, b.statuses) &&
    same(a.urgencies, b.urgencies) &&
    same(a.priorityIds, b.priorityIds) &&
    same(a.serviceIds, b.serviceIds) &&
    same(a.teamIds, b.teamIds) &&
    same(a.tenants, b.tenants) &&
    same(a.platforms, b.platforms) &&
    a.assignedToMe === b.assignedToMe &&
    a.myTeams === b.myTeams &&
    a.withoutTicket === b.withoutTicket &&
    a.search.trim() === b.search.trim()
  );
}

/** Builds the test one incident must pass; compile once, run over every incident. */
function compileFilter(filter: QueueFilter, context: FilterContext): (incident: Incident) => boolean {
  const statuses = filter.statuses.length ? new Set<string>(filter.statuses) : null;
  const urgencies = filter.urgencies.length ? new Set<string>(filter.urgencies) : null;
  const priorities = filter.priorityIds.length ? new Set(filter.priorityIds) : null;
  const services = filter.serviceIds.length ? new Set(filter.serviceIds) : null;
  const teams = filter.teamIds.length ? new Set(filter.teamIds) : null;
  const tenants = filter.tenants.length ? new Set(filter.tenants) : null;
  const platforms = filter.platforms.length ? new Set(filter.platforms) : null;
  const terms = searchTerms(filter.search);
  const meId = filter.assignedToMe ? context.meId : undefined;
  const myTeams = filter.myTeams ? context.myTeamIds : undefined;
  const myServices = filter.myTeams ? context.myServiceIds : undefined;
  const tickets = context.tickets;

  return (incident) => {
    if (statuses && !statuses.has(incident.status)) return false;
    if (urgencies && !urgencies.has(incident.urgency)) return false;
    if (priorities && !priorities.has(incident.priority?.id ?? NONE)) return false;
    if (services && !services.has(incident.service.id)) return false;
    if (teams && !teams.has(incident.team?.id ?? NONE)) return false;
    if (tenants && !tenants.has(incident.tenant ?? NONE)) return false;
    if (platforms && !platforms.has(incident.provider)) return false;
    // Without knowing who "me" is, "assigned to me" matches nothing rather than everything.
    if (meId !== undefined && (meId === null || !incident.assignees.some((user) => user.id === meId))) return false;
    if (myTeams !== undefined && !isMyTeams(incident, myTeams, myServices ?? null)) return false;
    if (filter.withoutTicket && tickets?.has(incident.id)) return false;
    if (terms.length > 0 && !matchesSearch(incident, terms, tickets?.get(incident.id))) return false;
    return true;
  };
}

function isMyTeams(incident: Incident, myTeams: ReadonlySet<string> | null, myServices: ReadonlySet<string> | null): boolean {
  if (myTeams === null) return false;
  if (incident.team) return myTeams.has(incident.team.id);
  return myServices?.has(incident.service.id) ?? false;
}

export function filterIncidents(incidents: readonly Incident[], filter: QueueFilter, context: FilterContext): Incident[] {
  // Nothing narrows the queue (the usual case): a copy, without a test per incident on every live update.
  if (isEmptyFilter(filter)) return incidents.slice();
  const test = compileFilter(filter, context);
  return incidents.filter(test);
}
