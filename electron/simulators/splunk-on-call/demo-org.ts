/**
 * The demo organisation on Splunk On-Call: two product teams that page through it (Data
 * Platform and Merchant Platform, the teams that only exist in the PagerDuty simulator's
 * large organisation), two incident managers who work both platforms, a weekly on-call
 * rotation and an escalation (lead) policy per team, and the routing keys monitoring tools
 * post with. Slugs look like the vendor's ("team-" / "pol-" plus 16 letters and digits) and
 * are deterministic for a given PRNG seed.
 */
import type { Random } from '../pagerduty/random';
import type { PolicyRecord, RoutingKeyRecord, TeamRecord, UserRecord } from './types';

export interface SplunkOnCallOrg {
  users: UserRecord[];
  teams: TeamRecord[];
  policies: PolicyRecord[];
  routingKeys: RoutingKeyRecord[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** Rotations hand over on Mondays at 09:00 UTC (2024-01-01 was a Monday). */
const ROTATION_ANCHOR = Date.UTC(2024, 0, 1, 9, 0, 0);
const SLUG_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface TeamSpec {
  name: string;
  people: string[];
  onCall: { name: string; rotation: string[] };
  escalation: { name: string; rotation: string[] };
}

const TEAMS: TeamSpec[] = [
  {
    name: 'Data Platform',
    people: ['Oskar Nilsson', 'Zara Ahmed', 'Ines Carvalho', 'Tobias Lindqvist'],
    onCall: { name: 'Data Platform On-Call', rotation: ['Oskar Nilsson', 'Zara Ahmed', 'Ines Carvalho'] },
    escalation: { name: 'Data Platform Leads', rotation: ['Tobias Lindqvist'] },
  },
  {
    name: 'Merchant Platform',
    people: ['Yusuf Demir', 'Grace Liu', 'Rafael Ortega', 'Amara Nwosu'],
    onCall: { name: 'Merchant Platform On-Call', rotation: ['Yusuf Demir', 'Grace Liu', 'Rafael Ortega'] },
    escalation: { name: 'Merchant Platform Leads', rotation: ['Amara Nwosu'] },
  },
];

/** In the org but on neither team: the incident managers who also work the PagerDuty side. */
const INCIDENT_MANAGERS = ['Isabel Moreno', 'Kenji Watanabe'];

/** Routing key -> the policies it pages, by policy name. The first is the org's default. */
const ROUTING_KEYS: { routingKey: string; policies: string[] }[] = [
  { routingKey: 'routingdefault', policies: ['Data Platform On-Call'] },
  { routingKey: 'data-pipelines', policies: ['Data Platform On-Call'] },
  { routingKey: 'data-warehouse', policies: ['Data Platform On-Call'] },
  { routingKey: 'data-critical', policies: ['Data Platform On-Call', 'Data Platform Leads'] },
  { routingKey: 'merchant-portal', policies: ['Merchant Platform On-Call'] },
  { routingKey: 'payouts', policies: ['Merchant Platform On-Call', 'Merchant Platform Leads'] },
];

function usernameOf(fullName: string): string {
  return fullName
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
}

function userRecord(fullName: string, random: Random, start: number): UserRecord {
  const [firstName = fullName, ...rest] = fullName.split(' ');
  const username = usernameOf(fullName);
  const createdAt = start - random.int(200, 900) * DAY_MS;
  return {
    username,
    firstName,
    lastName: rest.join(' '),
    email: `${username}@example.com`,
    createdAt,
    passwordLastUpdated: createdAt + random.int(1, 150) * DAY_MS,
  };
}

/**
 * The demo console's own person (PagerDuty's demo "me", Dana Developer), who also has a
 * Splunk On-Call account: the demo acts on both platforms as one person. Built without
 * drawing from the random source, so the rest of the organisation stays as seeded.
 */
const CONSOLE_USER = 'Dana Developer';

function consoleUser(start: number): UserRecord {
  const username = usernameOf(CONSOLE_USER);
  const createdAt = start - 400 * DAY_MS;
  return {
    username,
    firstName: 'Dana',
    lastName: 'Developer',
    email: `${username}@example.com`,
    createdAt,
    passwordLastUpdated: createdAt + 30 * DAY_MS,
  };
}

export function buildSplunkOnCallOrg(random: Random, start: number): SplunkOnCallOrg {
  const slug = (prefix: string) => `${prefix}-${random.string(16, SLUG_ALPHABET)}`;
  const users: UserRecord[] = [];
  const teams: TeamRecord[] = [];
  const policies: PolicyRecord[] = [];
  for (const spec of TEAMS) {
    const team: TeamRecord = { slug: slug('team'), name: spec.name, isDefaultTeam: false, memberUsernames: spec.people.map(usernameOf) };
    teams.push(team);
    users.push(...spec.people.map((person) => userRecord(person, random, start)));
    for (const policy of [spec.onCall, spec.escalation]) {
      policies.push({
        slug: slug('pol'),
        name: policy.name,
        teamSlug: team.slug,
        rotation: policy.rotation.map(usernameOf),
        rotationStart: ROTATION_ANCHOR,
        shiftMs: WEEK_MS,
      });
    }
  }
  users.push(...INCIDENT_MANAGERS.map((person) => userRecord(person, random, start)));
  users.push(consoleUser(start));
  const policyByName = new Map(policies.map((policy) => [policy.name, policy]));
  const routingKeys = ROUTING_KEYS.map((key, index): RoutingKeyRecord => ({
    routingKey: key.routingKey,
    isDefault: index === 0,
    policySlugs: key.policies.map((name) => {
      const policy = policyByName.get(name);
      if (!policy) throw new Error(`Demo routing key ${key.routingKey} names an unknown policy ${name}`);
      return policy.slug;
    }),
  }));
  return { users, teams, policies, routingKeys };
}
