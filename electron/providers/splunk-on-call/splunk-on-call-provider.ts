/**
 * Splunk On-Call as a paging platform, first increment: the reads and actions its public
 * API supports (current incidents, acknowledge, resolve and reroute by incident number as
 * the configured user, who the configured user is, the directory, who is on call now and
 * the reporting API's incident history for response metrics), mapped into the domain.
 *
 * Not yet the engine's PagingProvider. What is left, and why:
 * - changesSince: GET /api-public/v1/incidents takes no `since` (L346–L360), so an idle
 *   poll is one full read diffed against the last; that diff belongs with the engine wiring.
 * - listRecentlyResolved: the current list keeps "recently resolved" ones for a time it does
 *   not state (L349); the reporting API has them but allows one call a minute (L2818).
 * - getIncidentDetail: no notes or log routes; transitions and GET /alerts/{uuid} (L312) can
 *   make a partial detail.
 * - listNotes, addNote, updateNote, deleteNote: no public route for incident notes (the
 *   chat and notes routes some clients call are not in the published description).
 * - updateIncidents: reassigning is reroute (below); escalation level, urgency and priority
 *   have no equivalent (Splunk On-Call has neither urgency nor priority).
 * - snooze: the web app's only (no API route). addResponders: no equivalent (reroute
 *   replaces who is paged rather than adding to them). merge: no route. reopen: no route.
 * - acknowledge and resolve here report each incident's outcome instead of throwing; the
 *   engine wiring decides how a refusal shows.
 */
import type { Directory, EscalationPolicy, OnCall } from '../../../shared/domain/directory';
import type { Incident } from '../../../shared/domain/incident';
import type { IncidentTimes } from '../../../shared/rules/response-metrics';
import { ProviderError, type ProviderUser } from '../../engine/ports';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import type { FailedAnswer } from '../http/transport';
import { SPLUNK_ON_CALL_API_URL, SPLUNK_ON_CALL_WEB_URL, validateConfig, type SplunkOnCallConfig } from './config';
import { displayNameOf, toEscalationPolicy, toOnCalls, toService, toTeamRef, toUser } from './directory-mapper';
import { incidentIdOf, incidentNumberOf, SPLUNK_ON_CALL_PROVIDER_ID, toIncident, toIncidentTimes, type MappingContext } from './mapper';
import { SplunkOnCallClient } from './splunk-on-call-client';
import {
  SocAckOrResolveResponse,
  SocIncidentHistoryPage,
  SocIncidentList,
  SocOnCallNow,
  SocPolicyList,
  SocRerouteResponse,
  SocRoutingKeyList,
  SocTeamList,
  SocTeamMembers,
  SocUser,
  SocUserList,
  type SocIncident,
} from './schemas';

/** One incident's outcome in an acknowledge, resolve or reroute. */
interface IncidentOutcome {
  incidentId: string;
  /** Splunk On-Call accepted the command for this incident. */
  landed: boolean;
  /** Splunk On-Call's own words when it did not (an incident resolved meanwhile, say), else null. */
  refusal: string | null;
}

/** Where a reroute sends incidents: a user (by username) or an escalation policy (by slug). */
type RerouteTarget = { kind: 'user'; username: string } | { kind: 'escalation-policy'; slug: string };

interface SplunkOnCallProvider {
  readonly id: string;
  readonly label: string;
  /** The configured username's user record: proves the API ID, the key and the username together (there is no "whose key" route). */
  whoAmI(): Promise<ProviderUser>;
  /** The open (triggered or acknowledged) incidents: one read of the current incidents. */
  listOpenIncidents(): Promise<Incident[]>;
  /** These incidents as Splunk On-Call lists them now (open or recently resolved); others are missing from the map. */
  incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>>;
  /** Acknowledges incidents in one call, as the configured user, with an optional message. */
  acknowledge(incidentIds: string[], message?: string): Promise<IncidentOutcome[]>;
  /** Resolves incidents in one call, as the configured user, with an optional message. */
  resolve(incidentIds: string[], message?: string): Promise<IncidentOutcome[]>;
  /** Reroutes incidents to a user or an escalation policy in one call, as the configured user. */
  reroute(incidentIds: string[], target: RerouteTarget): Promise<IncidentOutcome[]>;
  /** Users (with their teams), teams, escalation policies and routing keys (as services). */
  getDirectory(): Promise<Directory>;
  listOnCalls(): Promise<OnCall[]>;
  /** Trigger, first acknowledge and resolve times of the incidents started since `sinceMs`, from the reporting API. */
  listIncidentTimes(sinceMs: number): Promise<IncidentTimes[]>;
}

/** The policy list may be read once a minute (L978): a read is kept this long, twice that, for a 2x margin. */
const POLICY_CACHE_MS = 120_000;
/** The incident history may be read once a minute (L2818): a read serves narrower asks for this long. */
const HISTORY_CACHE_MS = 120_000;
/** The reporting API's largest page (L188–L195). */
const HISTORY_PAGE_LIMIT = 100;
/** The reporting API returns resolved incidents only unless asked for others (L2827); metrics need all three. */
const ALL_PHASES = 'triggered,acknowledged,resolved';

export function createSplunkOnCallProvider(config: SplunkOnCallConfig): SplunkOnCallProvider {
  validateConfig(config);
  const client = new SplunkOnCallClient({ ...config, apiUrl: config.apiUrl ?? SPLUNK_ON_CALL_API_URL });
  return new SplunkOnCallPlatform(client, config);
}

class SplunkOnCallPlatform implements SplunkOnCallProvider {
  readonly id = SPLUNK_ON_CALL_PROVIDER_ID;
  readonly label = 'Splunk On-Call';
  private readonly now: () => number;
  private me: Promise<ProviderUser> | null = null;
  /** Display names from the latest directory read, for incidents and on-calls. */
  private userNames = new Map<string, string>();
  private teamNames = new Map<string, string>();
  private policies: { at: number; value: EscalationPolicy[] } | null = null;
  private history: { at: number; sinceMs: number; value: IncidentTimes[] } | null = null;

  constructor(
    private readonly client: SplunkOnCallClient,
    private readonly config: SplunkOnCallConfig,
  ) {
    this.now = config.now ?? Date.now;
  }

  whoAmI(): Promise<ProviderUser> {
    if (!this.me) {
      const { username } = this.config;
      this.me = this.client
        .request({
          route: 'GET /api-public/v1/user/{user}',
          path: `/api-public/v1/user/${encodeURIComponent(username)}`,
          schema: SocUser,
          idempotent: true,
          refusal: (answer) => this.unknownUser(answer),
        })
        .then((user) => ({ id: user.username, name: displayNameOf(user), email: user.email?.trim() ?? '' }));
      // A failed lookup is not kept: the next call asks again.
      this.me.catch(() => {
        this.me = null;
      });
    }
    return this.me;
  }

  async listOpenIncidents(): Promise<Incident[]> {
    return (await this.currentIncidents()).filter((incident) => incident.status !== 'resolved');
  }

  async incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>> {
    const wanted = new Set(incidentIds);
    const found = new Map<string, Incident>();
    if (wanted.size === 0) return found;
    for (const incident of await this.currentIncidents()) if (wanted.has(incident.id)) found.set(incident.id, incident);
    return found;
  }

  acknowledge(incidentIds: string[], message?: string): Promise<IncidentOutcome[]> {
    return this.ackOrResolve('ack', incidentIds, message);
  }

  resolve(incidentIds: string[], message?: string): Promise<IncidentOutcome[]> {
    return this.ackOrResolve('resolve', incidentIds, message);
  }

  /**
   * POST /api-public/v1/incidents/reroute (L502) with every incident in one call. Not
   * repeated after an unclear failure (a second reroute pages the targets again); a
   * rate-limit answer, which the API gives before acting, is.
   */
  async reroute(incidentIds: string[], target: RerouteTarget): Promise<IncidentOutcome[]> {
    const numbers = this.numbersOf(incidentIds);
    if (numbers.length === 0) return [];
    const slug = target.kind === 'user' ? target.username.trim() : target.slug.trim();
    if (!slug)
      throw new ProviderError(
        'rejected',
        `A reroute needs a ${target.kind === 'user' ? 'username' : 'policy slug'} to send the incidents to`,
      );
    const type = target.kind === 'user' ? 'User' : 'EscalationPolicy';
    const { statuses } = await this.client.request({
      route: 'POST /api-public/v1/incidents/reroute',
      path: '/api-public/v1/incidents/reroute',
      body: { userName: this.config.username, reroutes: numbers.map((incidentNumber) => ({ incidentNumber, targets: [{ type, slug }] })) },
      schema: SocRerouteResponse,
      idempotent: false,
      refusal: (answer) => this.unknownUser(answer),
    });
    const byNumber = new Map((statuses ?? []).map((status) => [status.incidentNumber, status]));
    return numbers.map((number) => {
      const status = byNumber.get(number);
      if (!status) return refused(number, 'Splunk On-Call gave no status for this incident');
      const failedTargets = status.targetStatus.filter((each) => !each.success);
      if (status.success && failedTargets.length === 0) return { incidentId: incidentIdOf(number), landed: true, refusal: null };
      const words = [status.message, ...failedTargets.map((each) => (each.message ? `${each.slug}: ${each.message}` : null))];
      return refused(
        number,
        words.filter((word): word is string => !!word?.trim()).join('; ') || 'Splunk On-Call did not reroute it (no reason given)',
      );
    });
  }

  /**
   * Users, teams, escalation policies and routing keys read in parallel, then each team's
   * members (for the users' teams). The policy list, allowed once a minute, is read at
   * most every two minutes.
   */
  async getDirectory(): Promise<Directory> {
    const [{ users }, teams, policies, { routingKeys }] = await Promise.all([
      this.client.request({ route: 'GET /api-public/v1/user', path: '/api-public/v1/user', schema: SocUserList, idempotent: true }),
      this.client.request({ route: 'GET /api-public/v1/team', path: '/api-public/v1/team', schema: SocTeamList, idempotent: true }),
      this.escalationPolicies(),
      this.client.request({
        route: 'GET /api-public/v1/org/routing-keys',
        path: '/api-public/v1/org/routing-keys',
        schema: SocRoutingKeyList,
        idempotent: true,
      }),
    ]);
    const memberLists = await mapWithConcurrency(teams, this.config.concurrency ?? 4, (team) =>
      this.client.request({
        route: 'GET /api-public/v1/team/{team}/members',
        path: `/api-public/v1/team/${encodeURIComponent(team.slug)}/members`,
        schema: SocTeamMembers,
        idempotent: true,
      }),
    );
    const teamsOf = new Map<string, string[]>();
    memberLists.forEach(({ members }, index) => {
      for (const member of members ?? []) teamsOf.set(member.username, [...(teamsOf.get(member.username) ?? []), teams[index]!.slug]);
    });
    const domainTeams = teams.map(toTeamRef);
    this.userNames = new Map(users.map((user) => [user.username, displayNameOf(user)]));
    this.teamNames = new Map(domainTeams.map((team) => [team.id, team.name]));
    return {
      users: users.map((user) => toUser(user, teamsOf.get(user.username) ?? [])),
      teams: domainTeams,
      services: (routingKeys ?? []).map(toService),
      escalationPolicies: policies,
      priorities: [],
    };
  }

  async listOnCalls(): Promise<OnCall[]> {
    const body = await this.client.request({
      route: 'GET /api-public/v1/oncall/current',
      path: '/api-public/v1/oncall/current',
      schema: SocOnCallNow,
      idempotent: true,
    });
    return toOnCalls(body, this.userNames);
  }

  /**
   * GET /api-reporting/v2/incidents (L2812) for incidents started since then, in every
   * phase, 100 a page. Each page counts against the route's once a minute (L2818), so a
   * second page waits for the next minute, and a read that would take more than
   * reportMaxPages pages is refused rather than cut short. A read serves asks for the same
   * or a shorter period for two minutes. The order of the results is not documented, so
   * an incident that moves between pages while they are read may be missed or repeated
   * (repeats are dropped).
   */
  async listIncidentTimes(sinceMs: number): Promise<IncidentTimes[]> {
    const now = this.now();
    if (sinceMs >= now) return [];
    const kept = this.history;
    if (kept && now - kept.at < HISTORY_CACHE_MS && kept.sinceMs <= sinceMs) {
      return kept.value.filter((times) => times.triggeredAt >= sinceMs);
    }
    const maxPages = this.config.reportMaxPages ?? 10;
    const read: SocIncident[] = [];
    for (let page = 0, offset = 0; ; page++) {
      if (page >= maxPages) {
        throw new ProviderError(
          'rejected',
          `Splunk On-Call's incident history since ${new Date(sinceMs).toISOString()} has more than ${read.length} incidents; the reporting API allows one page of 100 a minute, so the console reads at most ${maxPages} pages: raise reportMaxPages in the Splunk On-Call connection or ask for a shorter period`,
        );
      }
      const body = await this.client.request({
        route: 'GET /api-reporting/v2/incidents',
        path: '/api-reporting/v2/incidents',
        query: [
          ['offset', offset],
          ['limit', HISTORY_PAGE_LIMIT],
          ['startedAfter', new Date(sinceMs).toISOString()],
          ['currentPhase', ALL_PHASES],
        ],
        schema: SocIncidentHistoryPage,
        idempotent: true,
      });
      const incidents = body.incidents ?? [];
      read.push(...incidents);
      offset += incidents.length;
      if (incidents.length < HISTORY_PAGE_LIMIT || (body.total != null && offset >= body.total)) break;
    }
    const context = this.mappingContext();
    const byId = new Map<string, IncidentTimes>();
    for (const soc of read) {
      const times = toIncidentTimes(soc, context);
      if (times && times.triggeredAt >= sinceMs) byId.set(times.incidentId, times);
    }
    const value = [...byId.values()];
    this.history = { at: now, sinceMs, value };
    return value;
  }

  /** GET /api-public/v1/incidents (L346): the open and recently resolved incidents, mapped. */
  private async currentIncidents(): Promise<Incident[]> {
    const { incidents } = await this.client.request({
      route: 'GET /api-public/v1/incidents',
      path: '/api-public/v1/incidents',
      schema: SocIncidentList,
      idempotent: true,
    });
    const context = this.mappingContext();
    return (incidents ?? []).map((soc) => toIncident(soc, context)).filter((incident): incident is Incident => incident !== null);
  }

  /**
   * PATCH /api-public/v1/incidents/ack or /resolve (L415, L521) with every incident in one
   * call. Each incident gets its own result (L2927), so one resolved meanwhile comes back
   * refused in Splunk On-Call's words while the others land. Safe to send again: a second
   * try leaves the incidents as the first did.
   */
  private async ackOrResolve(verb: 'ack' | 'resolve', incidentIds: string[], message: string | undefined): Promise<IncidentOutcome[]> {
    const numbers = this.numbersOf(incidentIds);
    if (numbers.length === 0) return [];
    const note = message?.trim();
    const { results } = await this.client.request({
      route: verb === 'ack' ? 'PATCH /api-public/v1/incidents/ack' : 'PATCH /api-public/v1/incidents/resolve',
      path: `/api-public/v1/incidents/${verb}`,
      body: { userName: this.config.username, incidentNames: numbers, ...(note ? { message: note } : {}) },
      schema: SocAckOrResolveResponse,
      idempotent: true,
      refusal: (answer) => this.unknownUser(answer),
    });
    const byNumber = new Map((results ?? []).filter((result) => result.incidentNumber).map((result) => [result.incidentNumber!, result]));
    const doing = verb === 'ack' ? 'acknowledge' : 'resolve';
    return numbers.map((number) => {
      const result = byNumber.get(number);
      if (!result) return refused(number, 'Splunk On-Call gave no result for this incident');
      if (result.cmdAccepted === true) return { incidentId: incidentIdOf(number), landed: true, refusal: null };
      return refused(number, result.message?.trim() || `Splunk On-Call did not ${doing} it (no reason given)`);
    });
  }

  /** The policy list, kept for two minutes (see POLICY_CACHE_MS). */
  private async escalationPolicies(): Promise<EscalationPolicy[]> {
    const kept = this.policies;
    if (kept && this.now() - kept.at < POLICY_CACHE_MS) return kept.value;
    const at = this.now();
    const { policies } = await this.client.request({
      route: 'GET /api-public/v1/policies',
      path: '/api-public/v1/policies',
      schema: SocPolicyList,
      idempotent: true,
    });
    const value = policies.map(toEscalationPolicy).filter((policy): policy is EscalationPolicy => policy !== null);
    this.policies = { at, value };
    return value;
  }

  /** The incident numbers of these ids, once each; an id that is not Splunk On-Call's is refused. */
  private numbersOf(incidentIds: string[]): string[] {
    const numbers = new Set<string>();
    for (const id of incidentIds) {
      const number = incidentNumberOf(id);
      if (number === null) throw new ProviderError('rejected', `"${id}" is not a Splunk On-Call incident id (splunk-on-call:<number>)`);
      numbers.add(number);
    }
    return [...numbers];
  }

  /** A 404 on a request naming the configured user: the username is not one of the organisation's (L438, L544, L1982). */
  private unknownUser(answer: FailedAnswer): Error | null {
    if (answer.status !== 404) return null;
    return new ProviderError(
      'rejected',
      `Splunk On-Call knows no user "${this.config.username}" (${answer.label} answered 404${answer.said}): set the username (SPLUNK_ONCALL_USER) in the Splunk On-Call connection to a Splunk On-Call username of your organisation`,
      404,
    );
  }

  private mappingContext(): MappingContext {
    return {
      userNames: this.userNames,
      teamNames: this.teamNames,
      webUrl: this.config.webUrl ?? SPLUNK_ON_CALL_WEB_URL,
      orgSlug: this.config.orgSlug ?? null,
    };
  }
}

function refused(number: string, refusal: string): IncidentOutcome {
  return { incidentId: incidentIdOf(number), landed: false, refusal };
}
