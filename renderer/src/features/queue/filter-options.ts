/**
 * What the filter pickers offer, and who "me" and "my teams" are: from the directory
 * when it has loaded, completed by what the incidents themselves name (so filters work
 * even while the directory is unavailable).
 *
 * Live updates change incidents, rarely the services, teams, priorities and tenants they
 * name: `createFilterOptionsMemo` collects those values (one cheap pass) and sorts them
 * again only when the set on offer changed. The platforms on offer are those the incidents
 * come from and the paging connections (the picker shows only when there are several).
 */
import type { Directory } from '../../../../shared/domain/directory';
import type { Incident, Ref } from '../../../../shared/domain/incident';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { platformLook, queuePlatforms } from './platforms';
import { NONE, type FilterContext } from './queue-filter';

interface Option {
  value: string;
  label: string;
}

export interface FilterOptions {
  priorities: Option[];
  services: Option[];
  teams: Option[];
  tenants: Option[];
  /** The paging platforms (by provider), in the workspace's order. */
  platforms: Option[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function byLabel(a: Option, b: Option): number {
  return collator.compare(a.label, b.label);
}

function collect(refs: Iterable<Ref | null>, into: Map<string, string>): void {
  for (const ref of refs) if (ref && !into.has(ref.id)) into.set(ref.id, ref.name);
}

function options(map: Map<string, string>): Option[] {
  return [...map].map(([value, label]) => ({ value, label }));
}

/** The values the incidents and the directory name, before sorting. */
interface OptionSources {
  priorities: Map<string, string>;
  priorityOrder: Map<string, number>;
  services: Map<string, string>;
  teams: Map<string, string>;
  tenants: Set<string>;
  /** Provider -> name. */
  platforms: Map<string, string>;
}

function collectSources(
  incidents: readonly Incident[],
  directory: Directory | undefined,
  connections: readonly ConnectionStatus[],
): OptionSources {
  const sources: OptionSources = {
    priorities: new Map(),
    priorityOrder: new Map(),
    services: new Map(),
    teams: new Map(),
    tenants: new Set(),
    platforms: new Map(queuePlatforms(connections, incidents).map((provider) => [provider, platformLook(provider, connections).name])),
  };
  for (const priority of directory?.priorities ?? []) {
    sources.priorities.set(priority.id, priority.name);
    sources.priorityOrder.set(priority.id, priority.order);
  }
  collect(directory?.services ?? [], sources.services);
  collect(directory?.teams ?? [], sources.teams);
  for (const incident of incidents) {
    const { priority, service, team, tenant } = incident;
    if (priority && !sources.priorities.has(priority.id)) sources.priorities.set(priority.id, priority.name);
    if (!sources.services.has(service.id)) sources.services.set(service.id, service.name);
    if (team && !sources.teams.has(team.id)) sources.teams.set(team.id, team.name);
    if (tenant) sources.tenants.add(tenant);
  }
  return sources;
}

/** Equal when the same values (ids and names) are on offer, whatever their order. */
function sourcesSignature(sources: OptionSources): string {
  const entries = (map: Map<string, string>) =>
    [...map]
      .map(([id, name]) => `${id}\u0001${name}`)
      .sort()
      .join('\u0002');
  return [
    entries(sources.priorities),
    entries(sources.services),
    entries(sources.teams),
    [...sources.tenants].sort().join('\u0002'),
    entries(sources.platforms),
  ].join('\u0003');
}

function buildOptions(sources: OptionSources): FilterOptions {
  const { priorityOrder } = sources;
  const priorityOptions = options(sources.priorities).sort(
    (a, b) => (priorityOrder.get(a.value) ?? Infinity) - (priorityOrder.get(b.value) ?? Infinity) || byLabel(a, b),
  );
  return {
    priorities: [...priorityOptions, { value: NONE, label: 'No priority' }],
    services: options(sources.services).sort(byLabel),
    teams: [...options(sources.teams).sort(byLabel), { value: NONE, label: 'No team' }],
    tenants: [
      ...[...sources.tenants].map((tenant) => ({ value: tenant, label: tenant })).sort(byLabel),
      { value: NONE, label: 'No tenant' },
    ],
    platforms: options(sources.platforms),
  };
}

export function filterOptions(
  incidents: readonly Incident[],
  directory: Directory | undefined,
  connections: readonly ConnectionStatus[] = [],
): FilterOptions {
  return buildOptions(collectSources(incidents, directory, connections));
}

/**
 * filterOptions that hands back the very same object while the values on offer stay the
 * same (so pickers do not re-render), sorting only when they change. One per component.
 */
export function createFilterOptionsMemo(): (
  incidents: readonly Incident[],
  directory: Directory | undefined,
  connections?: readonly ConnectionStatus[],
) => FilterOptions {
  let last: { directory: Directory | undefined; signature: string; options: FilterOptions } | null = null;
  return (incidents, directory, connections = []) => {
    const sources = collectSources(incidents, directory, connections);
    const signature = sourcesSignature(sources);
    if (last && last.directory === directory && last.signature === signature) return last.options;
    last = { directory, signature, options: buildOptions(sources) };
    return last.options;
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
