/**
 * The choices of the reassign picker: each service's escalation policy, grouped by kind
 * of service (digital services, COTS applications, foundational systems), policies no
 * service uses, and people. Searchable by service, policy, team and person names.
 * Picking a service reassigns to the service (its policy, and its ticket's group).
 */
import type { ActionRequest } from '../../../../shared/domain/action';
import type { Directory, ServiceKind } from '../../../../shared/domain/directory';

export type ReassignTo = Extract<ActionRequest, { kind: 'reassign' }>['to'];

interface PickerOption {
  value: string;
  label: string;
  /** A second line: the policy, or the person's email. */
  detail: string;
  /** Lower-case text the search matches against. */
  search: string;
}

export interface PickerGroup {
  group: string;
  items: PickerOption[];
}

const KIND_GROUPS: readonly [ServiceKind, string][] = [
  ['digital-service', 'Digital services'],
  ['cots-application', 'COTS applications'],
  ['foundational-system', 'Foundational systems'],
  ['other', 'Other services'],
];

const byLabel = (a: PickerOption, b: PickerOption) => a.label.localeCompare(b.label);

/** The picker's groups, empty ones left out. */
export function reassignGroups(directory: Directory): PickerGroup[] {
  const policies = new Map(directory.escalationPolicies.map((policy) => [policy.id, policy]));
  const teams = new Map(directory.teams.map((team) => [team.id, team.name]));
  const usedPolicies = new Set<string>();
  const groups: PickerGroup[] = [];
  for (const [kind, group] of KIND_GROUPS) {
    const items: PickerOption[] = [];
    for (const service of directory.services) {
      if (service.kind !== kind || !service.escalationPolicyId) continue;
      const policy = policies.get(service.escalationPolicyId);
      const policyName = policy?.name ?? service.escalationPolicyId;
      usedPolicies.add(service.escalationPolicyId);
      const teamNames = service.teamIds.map((id) => teams.get(id) ?? '').join(' ');
      items.push({
        value: `service:${service.id}`,
        label: service.name,
        detail: policyName,
        search: `${service.name} ${policyName} ${teamNames}`.toLowerCase(),
      });
    }
    if (items.length) groups.push({ group, items: items.sort(byLabel) });
  }
  const loose = directory.escalationPolicies
    .filter((policy) => !usedPolicies.has(policy.id))
    .map((policy) => ({
      value: `policy:${policy.id}`,
      label: policy.name,
      detail: `${policy.levels.length} ${policy.levels.length === 1 ? 'level' : 'levels'}`,
      search: `${policy.name} ${policy.teamIds.map((id) => teams.get(id) ?? '').join(' ')}`.toLowerCase(),
    }));
  if (loose.length) groups.push({ group: 'Other escalation policies', items: loose.sort(byLabel) });
  const people = directory.users.map((user) => ({
    value: `user:${user.id}`,
    label: user.name,
    detail: user.email,
    search: `${user.name} ${user.email} ${user.teamIds.map((id) => teams.get(id) ?? '').join(' ')}`.toLowerCase(),
  }));
  if (people.length) groups.push({ group: 'People', items: people.sort(byLabel) });
  return groups;
}

/** What a picked value reassigns to, or null if the directory no longer has it. */
export function reassignTarget(value: string, directory: Directory): ReassignTo | null {
  const [type, id] = splitValue(value);
  if (type === 'user' && directory.users.some((user) => user.id === id)) return { type: 'users', userIds: [id] };
  if (type === 'policy' && directory.escalationPolicies.some((policy) => policy.id === id)) {
    return { type: 'escalationPolicy', escalationPolicyId: id };
  }
  // To a service: the engine moves the paging incident to the service's escalation policy
  // and its ticket to the service's assignment group.
  if (type === 'service' && directory.services.some((service) => service.id === id && service.escalationPolicyId)) {
    return { type: 'service', serviceId: id };
  }
  return null;
}

function splitValue(value: string): [string, string] {
  const at = value.indexOf(':');
  return at === -1 ? ['', value] : [value.slice(0, at), value.slice(at + 1)];
}

/** True when every word of the query appears in the option's search text. */
export function matchesQuery(search: string, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => search.includes(word));
}

/** The groups with only the options matching the query; empty groups dropped. */
export function filterGroups(groups: readonly PickerGroup[], query: string): PickerGroup[] {
  if (!query.trim()) return [...groups];
  return groups
    .map((group) => ({ group: group.group, items: group.items.filter((item) => matchesQuery(item.search, query)) }))
    .filter((group) => group.items.length > 0);
}

export interface SystemNames {
  /** The paging platform, e.g. "PagerDuty". */
  paging: string;
  /** The ticketing system when one is configured, e.g. "ServiceNow"; else null. */
  ticketing: string | null;
}

/**
 * What a reassignment does in each system, one sentence per system, so the user knows
 * before sending it whether the ticket moves too: to a service, the ticket follows to the
 * service's assignment group, business service and configuration item; to a person or a
 * policy, the ticket stays where it is.
 */
export function reassignOutcome(to: ReassignTo, directory: Directory, names: SystemNames): string[] {
  const policyName = (id: string) => directory.escalationPolicies.find((policy) => policy.id === id)?.name ?? id;
  switch (to.type) {
    case 'service': {
      const service = directory.services.find((candidate) => candidate.id === to.serviceId);
      const name = service?.name ?? to.serviceId;
      const lines = [
        `${names.paging}: to ${service?.escalationPolicyId ? policyName(service.escalationPolicyId) : 'the escalation policy'} of ${name}.`,
      ];
      if (names.ticketing)
        lines.push(
          `${names.ticketing}: the ticket moves to the assignment group, business service and configuration item mapped to ${name}.`,
        );
      return lines;
    }
    case 'escalationPolicy':
      return [`${names.paging}: to ${policyName(to.escalationPolicyId)}.`, ...ticketStays(names)];
    case 'users': {
      const people = to.userIds.map((id) => directory.users.find((user) => user.id === id)?.name ?? id).join(', ');
      return [`${names.paging}: assigned to ${people}.`, ...ticketStays(names)];
    }
  }
}

function ticketStays(names: SystemNames): string[] {
  return names.ticketing ? [`${names.ticketing}: the ticket keeps its assignment group (pick a service to move it too).`] : [];
}
