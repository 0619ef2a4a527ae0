/**
 * Maps Splunk On-Call incidents (as validated by schemas.ts) into the console's domain
 * model: the queue's Incident and the response metrics' IncidentTimes. Pure functions, no I/O.
 *
 * - Id: "splunk-on-call:<incident number>". Splunk On-Call numbers its incidents per
 *   organisation (a string of digits, "4"); PagerDuty's ids are letters and digits
 *   only, so the prefix keeps the two apart in one queue. `provider` marks the platform.
 * - Status: the phase, in either spelling (live UNACKED/ACKED/RESOLVED, the document's
 *   triggered/acknowledged/resolved, L2955), case aside. A phase the console does not
 *   know reads as triggered, so the incident still shows and still asks for someone.
 * - Urgency: Splunk On-Call has none (every incident pages; an alert's CRITICAL or
 *   WARNING only decides whether there is an incident at all), so every incident is high.
 *   Priority: none either.
 * - Title: entityDisplayName (sent live, not in the document), else the entity id.
 * - Service: the routing key the alert came in by, which decides the escalation policies
 *   paged (the nearest thing to a PagerDuty service; the directory lists routing keys as
 *   services), else the alert's `service` field, else "Splunk On-Call".
 * - Team and escalation policy: the first paged policy and its team, else the first paged
 *   team. Assignees: the paged users. Acknowledged by: who acknowledged it, while it is.
 * - Link: the incident's page in the web app. ASSUMPTION: the pattern
 *   <web URL>/ui/<organisation slug>/incident/<number>/details is what the web app's own
 *   links look like (as seen in links people share); the API documents no web URL and
 *   names no organisation slug in its answers, so without `orgSlug` configured the link is ''.
 * - Tenant: the incident list does not carry the alert's fields, so none.
 */
import type { Incident, IncidentStatus, Ref } from '../../../shared/domain/incident';
import type { IncidentTimes } from '../../../shared/rules/response-metrics';
import type { SocIncident, SocPolicyInfo, SocTransition } from './schemas';

export const SPLUNK_ON_CALL_PROVIDER_ID = 'splunk-on-call';
const ID_PREFIX = `${SPLUNK_ON_CALL_PROVIDER_ID}:`;

/** What mapping needs beyond the record: display names from the directory, and where the web app is. */
export interface MappingContext {
  /** Username -> full name, team slug -> name; slugs and usernames show as they are when missing. */
  userNames: ReadonlyMap<string, string>;
  teamNames: ReadonlyMap<string, string>;
  /** The web app's origin, e.g. https://portal.victorops.com. */
  webUrl: string;
  orgSlug: string | null;
}

/** "splunk-on-call:42" for incident number "42". */
export function incidentIdOf(incidentNumber: string): string {
  return `${ID_PREFIX}${incidentNumber}`;
}

/** The incident number in a Splunk On-Call incident id, or null when the id is not one. */
export function incidentNumberOf(incidentId: string): string | null {
  if (!incidentId.startsWith(ID_PREFIX)) return null;
  const number = incidentId.slice(ID_PREFIX.length);
  return /^\d{1,18}$/.test(number) ? number : null;
}

/** The status a phase (or a transition's name) stands for; null for one the console does not know. */
export function statusOfPhase(phase: string | null | undefined): IncidentStatus | null {
  switch ((phase ?? '').trim().toLowerCase()) {
    case 'unacked':
    case 'triggered':
      return 'triggered';
    case 'acked':
    case 'acknowledged':
      return 'acknowledged';
    case 'resolved':
      return 'resolved';
    default:
      return null;
  }
}

/** The incident's page in the web app (see the module comment), or '' without an organisation slug. */
export function incidentPageUrl(incidentNumber: string, context: Pick<MappingContext, 'webUrl' | 'orgSlug'>): string {
  if (!context.orgSlug) return '';
  return `${context.webUrl.replace(/\/+$/, '')}/ui/${encodeURIComponent(context.orgSlug)}/incident/${incidentNumber}/details`;
}

/** The domain incident, or null for a record without a usable number or start time (nothing to show it by). */
export function toIncident(soc: SocIncident, context: MappingContext): Incident | null {
  const number = numberOf(soc);
  const createdAt = soc.startTime?.trim() || soc.lastAlertTime?.trim();
  if (number === null || !createdAt) return null;
  const status = statusOfPhase(soc.currentPhase) ?? 'triggered';
  const transitions = byTime(soc.transitions ?? []);
  const last = transitions.at(-1);
  const policy = firstPolicy(soc);
  return {
    id: incidentIdOf(number),
    provider: SPLUNK_ON_CALL_PROVIDER_ID,
    number: Number(number),
    title: titleOf(soc, number),
    status,
    urgency: 'high',
    priority: null,
    service: serviceOf(soc),
    team: teamOf(soc, context),
    escalationPolicy: policy?.policy.slug ? { id: policy.policy.slug, name: policy.policy.name || policy.policy.slug } : null,
    assignees: uniqueRefs((soc.pagedUsers ?? []).map((username) => userRef(username, context))),
    acknowledgedBy:
      status === 'acknowledged'
        ? uniqueRefs(
            transitions
              .filter((transition) => statusOfPhase(transition.name) === 'acknowledged' && transition.by)
              .map((transition) => userRef(transition.by!, context)),
          )
        : [],
    createdAt,
    updatedAt: last?.at?.trim() || (status === 'resolved' ? soc.endTime?.trim() : undefined) || createdAt,
    statusChangedBy: last?.by ? userRef(last.by, context) : null,
    htmlUrl: incidentPageUrl(number, context),
    tenant: null,
  };
}

/**
 * An incident of the reporting history as response times: triggered at its start, first
 * acknowledged at its earliest ACKED transition, resolved (when it is) at its latest
 * RESOLVED transition, else at `endTime` (live reporting items carry it, S8). Whether
 * reporting items carry transitions at all is not documented; without them an incident
 * counts as not acknowledged. Null for a record without a number or a readable start.
 */
export function toIncidentTimes(soc: SocIncident, context: MappingContext): IncidentTimes | null {
  const number = numberOf(soc);
  const triggeredAt = Date.parse(soc.startTime ?? '');
  if (number === null || Number.isNaN(triggeredAt)) return null;
  const timesOf = (status: IncidentStatus) =>
    (soc.transitions ?? [])
      .filter((transition) => statusOfPhase(transition.name) === status)
      .map((transition) => Date.parse(transition.at ?? ''))
      .filter((at) => !Number.isNaN(at));
  const acks = timesOf('acknowledged');
  const resolves = timesOf('resolved');
  const endTime = Date.parse(soc.endTime ?? '');
  const resolved = statusOfPhase(soc.currentPhase) === 'resolved';
  return {
    incidentId: incidentIdOf(number),
    number: Number(number),
    title: titleOf(soc, number),
    htmlUrl: incidentPageUrl(number, context),
    service: serviceOf(soc),
    team: teamOf(soc, context),
    triggeredAt,
    acknowledgedAt: acks.length ? Math.min(...acks) : null,
    resolvedAt: !resolved ? null : resolves.length ? Math.max(...resolves) : Number.isNaN(endTime) ? null : endTime,
  };
}

/** The incident number when it is one (digits), else null. */
function numberOf(soc: SocIncident): string | null {
  const number = soc.incidentNumber?.trim();
  return number && /^\d{1,18}$/.test(number) ? number : null;
}

function titleOf(soc: SocIncident, number: string): string {
  return soc.entityDisplayName?.trim() || soc.entityId?.trim() || `Incident ${number}`;
}

function serviceOf(soc: SocIncident): Ref {
  const name = soc.routingKey?.trim() || soc.service?.trim() || 'Splunk On-Call';
  return { id: name, name };
}

/** The first paged policy that names its slug. */
function firstPolicy(soc: SocIncident): SocPolicyInfo | undefined {
  return (soc.pagedPolicies ?? []).find((info) => info.policy.slug);
}

/** The first paged policy's team, else the first paged team. */
function teamOf(soc: SocIncident, context: MappingContext): Ref | null {
  const policy = firstPolicy(soc);
  const slug = policy?.team?.slug || soc.pagedTeams?.[0];
  if (!slug) return null;
  const named = policy?.team?.slug === slug ? policy?.team?.name : null;
  return { id: slug, name: named || context.teamNames.get(slug) || slug };
}

/** A user by username, named from the directory when it has been read. */
export function userRef(username: string, context: Pick<MappingContext, 'userNames'>): Ref {
  return { id: username, name: context.userNames.get(username) || username };
}

/** Transitions oldest first (those without a readable time first, as listed). */
function byTime(transitions: readonly SocTransition[]): SocTransition[] {
  const time = (transition: SocTransition) => {
    const at = Date.parse(transition.at ?? '');
    return Number.isNaN(at) ? -Infinity : at;
  };
  return [...transitions].sort((a, b) => time(a) - time(b));
}

function uniqueRefs(refs: Ref[]): Ref[] {
  const seen = new Set<string>();
  return refs.filter((ref) => (seen.has(ref.id) ? false : (seen.add(ref.id), true)));
}
