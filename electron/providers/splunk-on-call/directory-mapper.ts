/**
 * Maps Splunk On-Call's directory (users, teams and their members, escalation policies,
 * routing keys) and who is on call now into the console's domain (shared/domain/directory).
 * Pure functions, no I/O.
 *
 * Ids are what the API names things by: usernames for users, slugs for teams and
 * policies, the routing key itself for a routing key. What the public API does not give
 * stays empty: a user's contact methods (a route per user), a policy's steps (the policy
 * list names policies only, L3225), priorities (none), and on-call levels and shift times
 * (GET /oncall/current names who is on call for which policy, L3540, not at which step or
 * until when: every on-call reads as level 1, with no start or end).
 */
import type { EscalationPolicy, OnCall, Service, User } from '../../../shared/domain/directory';
import type { Ref } from '../../../shared/domain/incident';
import type { SocOnCallNow, SocPolicyInfo, SocRoutingKey, SocTeam, SocUser } from './schemas';

/** "Ada Lovelace" from the first and last name, else the username. */
export function displayNameOf(user: Pick<SocUser, 'username' | 'firstName' | 'lastName'>): string {
  return (
    [user.firstName, user.lastName]
      .map((part) => part?.trim() ?? '')
      .filter(Boolean)
      .join(' ') || user.username
  );
}

/** A user, with the slugs of the teams they are a member of. */
export function toUser(soc: SocUser, teamIds: readonly string[]): User {
  return { id: soc.username, name: displayNameOf(soc), email: soc.email?.trim() ?? '', teamIds: [...teamIds], contactMethods: [] };
}

export function toTeamRef(soc: SocTeam): Ref {
  return { id: soc.slug, name: soc.name?.trim() || soc.slug };
}

/** A policy and its team; null for one without a slug (nothing to route to). */
export function toEscalationPolicy(soc: SocPolicyInfo): EscalationPolicy | null {
  const slug = soc.policy.slug?.trim();
  if (!slug) return null;
  const teamSlug = soc.team?.slug?.trim();
  return { id: slug, name: soc.policy.name?.trim() || slug, teamIds: teamSlug ? [teamSlug] : [], levels: [] };
}

/**
 * A routing key as a service (see mapper.ts: an incident's service is its routing key):
 * its teams from the targets' team URLs (…/team/<slug>), its escalation policy the first
 * target's. Splunk On-Call says nothing of what kind of thing is behind a routing key, so
 * each is a digital service, the console's default kind.
 */
export function toService(soc: SocRoutingKey): Service {
  const targets = soc.targets ?? [];
  const teamIds = [...new Set(targets.map((target) => teamSlugOfUrl(target._teamUrl)).filter((slug): slug is string => slug !== null))];
  return {
    id: soc.routingKey,
    name: soc.routingKey,
    kind: 'digital-service',
    teamIds,
    escalationPolicyId: targets.find((target) => target.policySlug?.trim())?.policySlug?.trim() ?? null,
  };
}

/** Everyone on call now, once per policy they are on call for. */
export function toOnCalls(soc: SocOnCallNow, userNames: ReadonlyMap<string, string>): OnCall[] {
  const onCalls: OnCall[] = [];
  const seen = new Set<string>();
  for (const team of soc.teamsOnCall ?? []) {
    for (const now of team.onCallNow ?? []) {
      const policySlug = now.escalationPolicy?.slug?.trim();
      if (!policySlug) continue;
      for (const entry of now.users ?? []) {
        const username = entry.onCallUser?.username?.trim();
        if (!username || seen.has(`${policySlug}\n${username}`)) continue;
        seen.add(`${policySlug}\n${username}`);
        onCalls.push({
          user: { id: username, name: userNames.get(username) || username },
          escalationPolicy: { id: policySlug, name: now.escalationPolicy?.name?.trim() || policySlug },
          level: 1,
          schedule: null,
          start: null,
          end: null,
        });
      }
    }
  }
  return onCalls;
}

/** The team slug at the end of a team URL ("/api-public/v1/team/team-abc"), or null. */
function teamSlugOfUrl(url: string | null | undefined): string | null {
  const match = /\/team\/([^/?#]+)\/?(?:[?#].*)?$/.exec(url ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
