/**
 * What the filter pickers offer, and who "me" and "my teams" are: from the directory
 * when it has loaded, completed by what the incidents themselves name (so filters work
 * even while the directory is unavailable).
 */
import type { Directory } from '../../../../shared/domain/directory';
import type { Incident, Ref } from '../../../../shared/domain/incident';
import { NONE, type FilterContext } from './queue-filter';

export interface Option {
  value: string;
  label: string;
}

export interface FilterOptions {
  priorities: Option[];
  services: Option[];
  teams: Option[];
  tenants: Option[];
}

function byLabel(a: Option, b: Option): number {
  return a.label.localeCompare(b.label, undefined, { numeric: true, sensitivity: 'base' });
}

function collect(refs: Iterable<Ref | null>, into: Map<string, string>): void {
  for (const ref of refs) if (ref && !into.has(ref.id)) into.set(ref.id, ref.name);
}

function options(map: Map<string, string>): Option[] {
  return [...map].map(([value, label]) => ({ value, label }));
}

export function filterOptions(incidents: readonly Incident[], directory: Directory | undefined): FilterOptions {
  const priorities = new Map<string, string>();
  const services = new Map<string, string>();
  const teams = new Map<string, string>();
  const tenants = new Set<string>();
  const priorityOrder = new Map<string, number>();
  for (const priority of directory?.priorities ?? []) {
    priorities.set(priority.id, priority.name);
    priorityOrder.set(priority.id, priority.order);
  }
  collect(directory?.services ?? [], services);
  collect(directory?.teams ?? [], teams);
  for (const incident of incidents) {
    collect([incident.priority], priorities);
    collect([incident.service], services);
    collect([incident.team], teams);
    if (incident.tenant) tenants.add(incident.tenant);
  }
  const priorityOptions = options(priorities).sort(
    (a, b) => (priorityOrder.get(a.value) ?? Infinity) - (priorityOrder.get(b.value) ?? Infinity) || byLabel(a, b),
  );
  return {
    priorities: [...priorityOptions, { value: NONE, label: 'No priority' }],
    services: options(services).sort(byLabel),
    teams: [...options(teams).sort(byLabel), { value: NONE, label: 'No team' }],
    tenants: [...[...tenants].map((tenant) => ({ value: tenant, label: tenant })).sort(byLabel), { value: NONE, label: 'No tenant' }],
  };
}

/** Who "me" is and which teams and services are mine; teams stay unknown (null) without the directory. */
export function filterContext(meId: string | null, directory: Directory | undefined): FilterContext {
  if (!directory || meId === null) return { meId, myTeamIds: null, myServiceIds: null };
  const me = directory.users.find((user) => user.id === meId);
  const myTeamIds = new Set(me?.teamIds ?? []);
  const myServiceIds = new Set(
    directory.services.filter((service) => service.teamIds.some((teamId) => myTeamIds.has(teamId))).map((service) => service.id),
  );
  return { meId, myTeamIds, myServiceIds };
}

/** Priority id -> rank for sorting (lower is more urgent). */
export function priorityRanks(directory: Directory | undefined): Map<string, number> {
  return new Map((directory?.priorities ?? []).map((priority) => [priority.id, priority.order]));
}
