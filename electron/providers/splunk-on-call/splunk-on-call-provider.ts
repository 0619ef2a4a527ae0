/**
 * Splunk On-Call as a paging platform, the engine's PagingProvider over its public REST API
 * (../shared/specs/splunk-on-call-api-v1.swagger.yaml, "L123" = its line): current incidents
 * and an incremental poll of them, the Resolved view, an incident's detail, acknowledge,
 * resolve and reroute by incident number as the configured user, who that user is, the
 * directory, who is on call now and the reporting API's incident history for response
 * metrics, mapped into the domain.
 *
 * What the API has no equivalent for is refused before anything is sent, with a
 * ProviderError('rejected') whose words start with the reason the page shows for it
 * (shared/rules/platform-capabilities.ts): incident notes (listNotes is empty; the chat and
 * notes routes some clients call are not in the published description), snooze, merge,
 * responder requests, reopening, escalation levels, urgency and priority.
 *
 * Acknowledge, resolve and reroute send every incident in one call and get one result per
 * incident back, so an incident refused (resolved meanwhile, say) is reported in Splunk
 * On-Call's words while the others land; the refusal reads as the engine's own report of
 * incidents changed by someone else: "Not acknowledged: #12: Incident 12 is already
 * resolved. The other 2 were acknowledged."
 */
import type { Directory, EscalationPolicy, OnCall } from '../../../shared/domain/directory';
import type { Alert, Incident, IncidentDetail, Note } from '../../../shared/domain/incident';
import type { ActionKind } from '../../../shared/domain/action';
import { pagingGap } from '../../../shared/rules/platform-capabilities';
import type { IncidentTimes } from '../../../shared/rules/response-metrics';
import {
  ProviderError,
  type ChangeSet,
  type IncidentChange,
  type PagingProvider,
  type ProviderUser,
  type SyncCursor,
} from '../../engine/ports';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import type { FailedAnswer } from '../http/transport';
import { SPLUNK_ON_CALL_API_URL, SPLUNK_ON_CALL_WEB_URL, validateConfig, type SplunkOnCallConfig } from './config';
import { toAlert, toTimeline } from './detail-mapper';
import { displayNameOf, toEscalationPolicy, toOnCalls, toService, toTeamRef, toUser } from './directory-mapper';
import { incidentNumberOf, SPLUNK_ON_CALL_PROVIDER_ID, toIncident, toIncidentTimes, type MappingContext } from './mapper';
import { SplunkOnCallClient } from './splunk-on-call-client';
import {
  SocAckOrResolveResponse,
  SocAlert,
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
import { decodeCursor, diffAgainstCursor, encodeCursor } from './sync-cursor';

/** Where a reroute sends incidents (RerouteTarget, L3354): users by username, escalation policies by slug. */
type RerouteTarget = { type: 'User' | 'EscalationPolicy'; slug: string };

/** One incident Splunk On-Call did not take, in its words. */
interface Refusal {
  number: string;
  words: string;
}

/** Splunk On-Call as a PagingProvider; acknowledge and resolve also take the message the API records with them. */
interface SplunkOnCallProvider extends PagingProvider {
  /** The configured username's user record: proves the API ID, the key and the username together (there is no "whose key" route). */
  whoAmI(): Promise<ProviderUser>;
  /** Acknowledges incidents in one call, as the configured user, with an optional message. */
  acknowledge(incidentIds: string[], message?: string): Promise<void>;
  /** Resolves incidents in one call, as the configured user, with an optional message (where a resolution note goes: there are no notes). */
  resolve(incidentIds: string[], message?: string): Promise<void>;
}

/** The policy list may be read once a minute (L978): a read is kept this long, twice that, for a 2x margin. */
const POLICY_CACHE_MS = 120_000;
/** The incident history may be read once a minute (L2818): a read serves narrower asks for this long. */
const HISTORY_CACHE_MS = 120_000;
/**
 * The Resolved view's top-up from the incident history is kept this long. The current list
 * already has every incident resolved lately, so the older ones the history adds hardly
 * change, and the once-a-minute route stays free for the response metrics.
 */
const RESOLVED_HISTORY_CACHE_MS = 15 * 60_000;
/** An incident's detail waits at most this long for the once-a-minute history route (an incident no longer listed). */
const DETAIL_HISTORY_WAIT_MS = 5_000;
/** The reporting API's largest page (L188–L195). */
const HISTORY_PAGE_LIMIT = 100;
/** The reporting API returns resolved incidents only unless asked for others (L2827); metrics need all three. */
const ALL_PHASES = 'triggered,acknowledged,resolved';
/** A refusal listing names at most this many incidents. */
const MAX_REFUSALS_NAMED = 5;

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
  /** The user list being read for the names (knowUserNames), while it is. */
  private userList: Promise<void> | null = null;
  private teamNames = new Map<string, string>();
  private policies: { at: number; value: EscalationPolicy[] } | null = null;
  private history: { at: number; sinceMs: number; value: IncidentTimes[] } | null = null;
  private resolvedHistory: { at: number; limit: number; value: Incident[] } | null = null;

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

  // --- reads: the queue, its incremental poll, the Resolved view, the detail ---------------

  /**
   * The open (triggered or acknowledged) incidents from one read of the current list; the cursor remembers all of it.
   * One list, no pages: the port's `onPage` is left uncalled and the whole list comes at once.
   */
  async listOpenIncidents(): Promise<{ incidents: Incident[]; cursor: SyncCursor }> {
    const records = await this.currentRecords();
    // The first load names people as the directory does, read or not (the polls after it are one request).
    await this.knowUserNames();
    const current = this.mapAll(records);
    return { incidents: current.filter((incident) => incident.status !== 'resolved'), cursor: encodeCursor(current) };
  }

  /** One read of the current list (it takes no `since`, L346), diffed against the cursor's (sync-cursor.ts): one request, idle or not. */
  async changesSince(cursorText: SyncCursor): Promise<ChangeSet> {
    const seen = decodeCursor(cursorText);
    const current = await this.currentIncidents();
    const { changed, gone } = diffAgainstCursor(seen, current);
    return { changed, leftScope: gone, cursor: encodeCursor(current) };
  }

  /**
   * The resolved incidents of the current list (Splunk On-Call keeps "recently resolved"
   * ones there, L349, for a time it does not state), newest resolution first, topped up
   * with older ones from the reporting API's history when they are fewer than `limit`. The
   * history route allows one call a minute (L2818), which the response metrics need too,
   * so the top-up is read only when the route is free now (never waited for), and kept for
   * 15 minutes; until then, or when it fails, the view shows what the current list has.
   */
  async listRecentlyResolved(limit: number): Promise<Incident[]> {
    if (limit <= 0) return [];
    const current = await this.currentIncidents();
    const resolved = current.filter((incident) => incident.status === 'resolved');
    if (resolved.length < limit) {
      const listed = new Set(current.map((incident) => incident.id));
      resolved.push(...(await this.olderResolved(limit)).filter((incident) => !listed.has(incident.id)));
    }
    return resolved.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)).slice(0, limit);
  }

  /**
   * The incident from the current list (or, once no longer listed, from the history), its
   * start and transitions as the timeline (detail-mapper.ts) and its last alert as the
   * monitoring tool sent it (GET /api-public/v1/alerts/{uuid}, L312; the list names no
   * other alert of an incident but those that moved it). What the public API has no
   * equivalent for is empty: notes (no notes), responders (no responder requests) and the
   * escalation path (the API names a policy's on-call people, not its steps, nor the step
   * an incident is at; the on-call panel shows who is on call).
   */
  async getIncidentDetail(incidentId: string): Promise<IncidentDetail> {
    const [number] = this.numbersOf([incidentId]);
    const listed = (await this.currentRecords()).find((soc) => soc.incidentNumber?.trim() === number);
    const soc = listed ?? (await this.historyRecord(number!));
    const context = this.mappingContext();
    const incident = soc ? toIncident(soc, context) : null;
    if (!soc || !incident) throw new ProviderError('rejected', `Splunk On-Call has no incident ${number}`, 404);
    return {
      incident,
      notes: [],
      logEntries: toTimeline(soc, number!, context),
      alerts: await this.lastAlert(soc, incident),
      responders: [],
      escalation: null,
    };
  }

  async incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>> {
    const wanted = new Set(incidentIds);
    const found = new Map<string, Incident>();
    if (wanted.size === 0) return found;
    for (const incident of await this.currentIncidents()) if (wanted.has(incident.id)) found.set(incident.id, incident);
    return found;
  }

  /** Splunk On-Call has no incident notes in its public API: none to list. */
  listNotes(): Promise<Note[]> {
    return Promise.resolve([]);
  }

  // --- actions with an equivalent -------------------------------------------------------

  acknowledge(incidentIds: string[], message?: string): Promise<void> {
    return this.ackOrResolve('ack', incidentIds, message);
  }

  resolve(incidentIds: string[], message?: string): Promise<void> {
    return this.ackOrResolve('resolve', incidentIds, message);
  }

  /**
   * Reassigning is a reroute (POST /api-public/v1/incidents/reroute, L502) to the users or
   * the escalation policy. Escalation level, urgency and priority have no equivalent: a
   * change naming any of them is refused whole, before anything is sent.
   */
  async updateIncidents(incidentIds: string[], change: IncidentChange): Promise<void> {
    const lacking: ActionKind[] = [];
    if (change.escalationLevel !== undefined) lacking.push('escalate');
    if (change.urgency !== undefined) lacking.push('setUrgency');
    if (change.priorityId !== undefined) lacking.push('setPriority');
    if (lacking.length > 0) {
      throw new ProviderError('rejected', `${lacking.map(gap).join('; ')}: nothing was changed in Splunk On-Call`);
    }
    const to = change.assignTo;
    if (!to) return;
    const targets: RerouteTarget[] =
      'userIds' in to
        ? [...new Set(to.userIds.map((id) => id.trim()).filter(Boolean))].map((slug) => ({ type: 'User', slug }))
        : to.escalationPolicyId.trim()
          ? [{ type: 'EscalationPolicy', slug: to.escalationPolicyId.trim() }]
          : [];
    if (targets.length === 0) throw new ProviderError('rejected', 'A reassignment needs at least one user or an escalation policy');
    await this.reroute(incidentIds, targets);
  }

  // --- actions without an equivalent ----------------------------------------------------

  addNote(): Promise<Note> {
    return refuse(`${gap('addNote')}: the note was not sent to Splunk On-Call`);
  }

  updateNote(): Promise<void> {
    return refuse(`${gap('addNote')}: there is no note to change in Splunk On-Call`);
  }

  deleteNote(): Promise<void> {
    return refuse(`${gap('addNote')}: there is no note to remove in Splunk On-Call`);
  }

  snooze(): Promise<void> {
    return refuse(`${gap('snooze')}: the incident was not snoozed`);
  }

  merge(): Promise<void> {
    return refuse(`${gap('merge')}: nothing was merged`);
  }

  addResponders(): Promise<void> {
    return refuse(`${gap('addResponders')}: no one was added`);
  }

  reopen(): Promise<void> {
    return refuse(`${gap('reopen')}: it stays resolved`);
  }

  // --- the directory, who is on call, the incident history --------------------------------
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
    const [body] = await Promise.all([
      this.client.request({
        route: 'GET /api-public/v1/oncall/current',
        path: '/api-public/v1/oncall/current',
        schema: SocOnCallNow,
        idempotent: true,
      }),
      this.knowUserNames(),
    ]);
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

  /** GET /api-public/v1/incidents (L346): the open and recently resolved incidents, as Splunk On-Call sends them. */
  private async currentRecords(): Promise<SocIncident[]> {
    const { incidents } = await this.client.request({
      route: 'GET /api-public/v1/incidents',
      path: '/api-public/v1/incidents',
      schema: SocIncidentList,
      idempotent: true,
    });
    return incidents ?? [];
  }

  /** The current incidents, mapped. */
  private async currentIncidents(): Promise<Incident[]> {
    return this.mapAll(await this.currentRecords());
  }

  /**
   * Incidents and on-call entries name people by username: their display names come from
   * the user list, read here when the directory has not been read yet (the directory
   * refreshes them).
   */
  private async knowUserNames(): Promise<void> {
    if (this.userNames.size > 0) return;
    this.userList ??= this.client
      .request({ route: 'GET /api-public/v1/user', path: '/api-public/v1/user', schema: SocUserList, idempotent: true })
      .then(({ users }) => {
        if (this.userNames.size === 0) this.userNames = new Map(users.map((user) => [user.username, displayNameOf(user)]));
      })
      .finally(() => (this.userList = null));
    // Names are a nicety: without them the usernames show.
    await this.userList.catch(() => undefined);
  }

  private mapAll(records: readonly SocIncident[]): Incident[] {
    const context = this.mappingContext();
    return records.map((soc) => toIncident(soc, context)).filter((incident): incident is Incident => incident !== null);
  }

  /**
   * Resolved incidents from the history's first page (GET /api-reporting/v2/incidents,
   * resolved only, L2827), kept for RESOLVED_HISTORY_CACHE_MS; read only when the route is
   * free now. The history's order is not documented (the simulator's, like the reporting
   * consumers', is newest first): the caller sorts by resolution time. Any failure leaves
   * the last read (or none): the view still has the current list.
   */
  private async olderResolved(limit: number): Promise<Incident[]> {
    const wanted = Math.min(limit, HISTORY_PAGE_LIMIT);
    const kept = this.resolvedHistory;
    const now = this.now();
    if (kept && now - kept.at < RESOLVED_HISTORY_CACHE_MS && kept.limit >= wanted) return kept.value;
    try {
      const { incidents } = await this.client.request({
        route: 'GET /api-reporting/v2/incidents',
        path: '/api-reporting/v2/incidents',
        query: [
          ['offset', 0],
          ['limit', wanted],
          ['currentPhase', 'resolved'],
        ],
        schema: SocIncidentHistoryPage,
        idempotent: true,
        maxPaceWaitMs: 0,
      });
      const value = this.mapAll(incidents ?? []).filter((incident) => incident.status === 'resolved');
      this.resolvedHistory = { at: now, limit: wanted, value };
      return value;
    } catch (error) {
      if (error instanceof ProviderError) return kept?.value ?? [];
      throw error;
    }
  }

  /** One incident from the history, in any phase (for the detail of one no longer listed), or null. */
  private async historyRecord(number: string): Promise<SocIncident | null> {
    const { incidents } = await this.client.request({
      route: 'GET /api-reporting/v2/incidents',
      path: '/api-reporting/v2/incidents',
      query: [
        ['incidentNumber', number],
        ['currentPhase', ALL_PHASES],
        ['limit', 1],
      ],
      schema: SocIncidentHistoryPage,
      idempotent: true,
      maxPaceWaitMs: DETAIL_HISTORY_WAIT_MS,
    });
    return (incidents ?? []).find((soc) => soc.incidentNumber?.trim() === number) ?? null;
  }

  /** The incident's last alert; none when it names none or the alert is gone (a detail without it still shows). */
  private async lastAlert(soc: SocIncident, incident: Incident): Promise<Alert[]> {
    const uuid = soc.lastAlertId?.trim();
    if (!uuid) return [];
    try {
      const alert = await this.client.request({
        route: 'GET /api-public/v1/alerts/{uuid}',
        path: `/api-public/v1/alerts/${encodeURIComponent(uuid)}`,
        schema: SocAlert,
        idempotent: true,
      });
      return [toAlert(uuid, alert, soc.lastAlertTime?.trim() || incident.createdAt)];
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'rejected') return [];
      throw error;
    }
  }

  /**
   * PATCH /api-public/v1/incidents/ack or /resolve (L415, L521) with every incident in one
   * call, each with its own result (L2927). Safe to send again: acknowledging an
   * acknowledged incident is accepted, and a resolve refused because the incident is
   * already resolved counts as done (as PagerDuty's does; the words are not documented, so
   * other words are reported as a refusal, the safe side).
   */
  private async ackOrResolve(verb: 'ack' | 'resolve', incidentIds: string[], message: string | undefined): Promise<void> {
    const numbers = this.numbersOf(incidentIds);
    if (numbers.length === 0) return;
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
    const refusals: Refusal[] = [];
    for (const number of numbers) {
      const result = byNumber.get(number);
      if (result?.cmdAccepted === true) continue;
      const words = result
        ? result.message?.trim() || `Splunk On-Call did not ${doing} it (no reason given)`
        : 'Splunk On-Call gave no result for it';
      if (verb === 'resolve' && /already resolved/i.test(words)) continue;
      refusals.push({ number, words });
    }
    throwRefusals(verb === 'ack' ? 'acknowledged' : 'resolved', refusals, numbers.length);
  }

  /**
   * POST /api-public/v1/incidents/reroute (L502) with every incident in one call, each to
   * the same targets. Not repeated after an unclear failure (a second reroute pages the
   * targets again); a rate-limit answer, which the API gives before acting, is.
   */
  private async reroute(incidentIds: string[], targets: RerouteTarget[]): Promise<void> {
    const numbers = this.numbersOf(incidentIds);
    if (numbers.length === 0) return;
    const { statuses } = await this.client.request({
      route: 'POST /api-public/v1/incidents/reroute',
      path: '/api-public/v1/incidents/reroute',
      body: { userName: this.config.username, reroutes: numbers.map((incidentNumber) => ({ incidentNumber, targets })) },
      schema: SocRerouteResponse,
      idempotent: false,
      refusal: (answer) => this.unknownUser(answer),
    });
    const byNumber = new Map((statuses ?? []).map((status) => [status.incidentNumber, status]));
    const refusals: Refusal[] = [];
    for (const number of numbers) {
      const status = byNumber.get(number);
      if (!status) {
        refusals.push({ number, words: 'Splunk On-Call gave no status for it' });
        continue;
      }
      const failedTargets = status.targetStatus.filter((each) => !each.success);
      if (status.success && failedTargets.length === 0) continue;
      const words = [status.message, ...failedTargets.map((each) => (each.message ? `${each.slug}: ${each.message}` : null))];
      refusals.push({
        number,
        words:
          [...new Set(words.filter((word): word is string => !!word?.trim()))].join('; ') ||
          'Splunk On-Call did not reroute it (no reason given)',
      });
    }
    throwRefusals('reassigned', refusals, numbers.length);
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

/** What Splunk On-Call's public API lacks for this kind, in the words the page shows (shared/rules/platform-capabilities.ts). */
function gap(kind: ActionKind): string {
  return pagingGap(SPLUNK_ON_CALL_PROVIDER_ID, kind) ?? `Splunk On-Call's public API cannot do this (${kind})`;
}

function refuse(message: string): Promise<never> {
  return Promise.reject(new ProviderError('rejected', message));
}

/**
 * Throws the refusals, if any, in the shape the engine reports incidents someone else
 * changed first: "Not acknowledged: #12: Incident 12 is already resolved. The other 2 were
 * acknowledged." Splunk On-Call's own words for each.
 */
function throwRefusals(done: string, refusals: readonly Refusal[], sent: number): void {
  if (refusals.length === 0) return;
  const named = refusals.slice(0, MAX_REFUSALS_NAMED).map(({ number, words }) => `#${number}: ${words.replace(/[.\s]+$/, '')}`);
  if (refusals.length > MAX_REFUSALS_NAMED) named.push(`and ${refusals.length - MAX_REFUSALS_NAMED} more`);
  const rest = sent - refusals.length;
  const others = rest > 0 ? ` The other ${rest === 1 ? 'one was' : `${rest} were`} ${done}.` : '';
  throw new ProviderError('rejected', `Not ${done}: ${named.join('; ')}.${others}`);
}
