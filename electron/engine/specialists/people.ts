/**
 * Who is who for specialist requests, from the paging platform's directory and the
 * catalogue: the members of a team or group (approvers, "my teams"), the catalogue teams a
 * person triages, who is on call for each team's escalation policy now, and the demo's
 * personas (developer on call, DBA, network engineer, incident manager).
 */
import type { Catalogue, CatalogueTeam } from '../../../shared/domain/catalogue';
import type { Directory, EscalationPolicy, OnCall, User } from '../../../shared/domain/directory';
import type { Ref } from '../../../shared/domain/incident';
import type { Persona } from '../../../shared/domain/specialist-request';
import type { Person } from './request-record';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The directory team a catalogue team or an approval group stands for (by id, name or assignment group name). */
function directoryTeamIds(directory: Directory, catalogue: Catalogue, group: string): string[] {
  const names = new Set([group]);
  for (const team of catalogue.teams) {
    if (same(team.id, group) || same(team.name, group) || same(team.assignmentGroup, group)) {
      names.add(team.name);
      names.add(team.assignmentGroup);
    }
  }
  return directory.teams.filter((team) => [...names].some((name) => same(team.id, name) || same(team.name, name))).map((team) => team.id);
}

/** Emails of the people in a group (a directory team, or a catalogue team by id, name or assignment group); undefined when no team matches. */
export function membersOf(directory: Directory, catalogue: Catalogue, group: string): string[] | undefined {
  const teamIds = directoryTeamIds(directory, catalogue, group);
  if (teamIds.length === 0) return undefined;
  return directory.users.filter((user) => user.teamIds.some((id) => teamIds.includes(id))).map((user) => user.email);
}

/** The catalogue teams whose requests `email` triages: those whose directory team they belong to. */
export function triagedTeamIds(directory: Directory, catalogue: Catalogue, email: string): string[] {
  const user = directory.users.find((candidate) => same(candidate.email, email));
  if (!user) return [];
  return catalogue.teams
    .filter((team) => directoryTeamIds(directory, catalogue, team.id).some((id) => user.teamIds.includes(id)))
    .map((team) => team.id);
}

function personOf(user: Pick<User, 'id' | 'name' | 'email'>): Person {
  return { id: user.id, name: user.name, email: user.email };
}

/** The escalation policy a catalogue team pages (its id or name in the workspace), or null. */
export function escalationPolicyOf(directory: Directory, team: CatalogueTeam): EscalationPolicy | null {
  const wanted = team.escalationPolicy;
  if (!wanted) return null;
  return directory.escalationPolicies.find((policy) => policy.id === wanted || same(policy.name, wanted)) ?? null;
}

/** Who is on call now at the first level of each team's escalation policy, by catalogue team id. */
export function onCallByTeam(directory: Directory, catalogue: Catalogue, oncalls: readonly OnCall[]): Record<string, Ref[]> {
  const result: Record<string, Ref[]> = {};
  for (const team of catalogue.teams) {
    const policy = escalationPolicyOf(directory, team);
    const forPolicy = policy ? oncalls.filter((oncall) => oncall.escalationPolicy.id === policy.id) : [];
    const firstLevel = Math.min(...forPolicy.map((oncall) => oncall.level));
    const people = new Map<string, Ref>();
    for (const oncall of forPolicy)
      if (oncall.level === firstLevel) people.set(oncall.user.id, { id: oncall.user.id, name: oncall.user.name });
    result[team.id] = [...people.values()];
  }
  return result;
}

const DEMO_PERSONAS: Array<{ id: Persona['id']; label: string; team: string | null }> = [
  { id: 'developer', label: 'Developer on call', team: null },
  { id: 'dba', label: 'DBA (Database Administration)', team: 'Database Administration' },
  { id: 'network-engineer', label: 'Network engineer (Network Engineering)', team: 'Network Engineering' },
  { id: 'incident-manager', label: 'Incident manager (Incident Management)', team: 'Incident Management' },
];

/**
 * The demo's personas: the developer is the paging platform's "me" user; the others are
 * the first member of the Database Administration, Network Engineering and Incident
 * Management teams. A persona the organisation cannot fill is left out.
 */
export function demoPersonas(directory: Directory, catalogue: Catalogue, me: Person | null): Persona[] {
  const personas: Persona[] = [];
  for (const spec of DEMO_PERSONAS) {
    const person = spec.team === null ? me : firstMemberOf(directory, spec.team);
    if (!person) continue;
    personas.push({
      id: spec.id,
      label: `${spec.label}: ${person.name}`,
      user: { ...person },
      triagesTeamIds: triagedTeamIds(directory, catalogue, person.email),
    });
  }
  return personas;
}

function firstMemberOf(directory: Directory, teamName: string): Person | null {
  const team = directory.teams.find((candidate) => same(candidate.name, teamName));
  const member = team ? directory.users.find((user) => user.teamIds.includes(team.id)) : undefined;
  return member ? personOf(member) : null;
}
