/**
 * The PagerDuty implementation of the engine's PagingProvider port: full loads of the
 * open incidents in scope, incremental changes from the log entries, incident detail
 * (with responders and the escalation path), replay-safe writes (acknowledge, resolve,
 * notes, bulk field changes, snooze, responder requests, merge) and the directory and
 * on-call reads behind the console's pickers and on-call panel.
 */
import { z, type ZodType } from 'zod';
import type { Directory, OnCall } from '../../../shared/domain/directory';
import type { EscalationPath, Incident, IncidentDetail, Note, Ref } from '../../../shared/domain/incident';
import type { IncidentTimes } from '../../../shared/rules/response-metrics';
import {
  ProviderError,
  type ChangeSet,
  type IncidentChange,
  type IncidentDetailHints,
  type OpenIncidentsPage,
  type PagingProvider,
  type ProviderUser,
  type SyncCursor,
} from '../../engine/ports';
import { chunk, mapWithConcurrency } from '../http/bounded-concurrency';
import { validateConfig, type PagerDutyConfig } from './config';
import { toEscalationPolicy, toOnCall, toPriorities, toResponder, toService, toTeamRef, toUser } from './directory-mapper';
import { buildEscalationPath } from './escalation-path';
import { describeChange, incidentUpdateFields } from './incident-change';
import { loadAllIncidents } from './incident-loader';
import { PAGE_LIMIT } from './offset-pages';
import { loadIncidentTimes } from './incident-times';
import { toAlert, toIncident, toLogEntry, toNote, toRef, tenantOfDetails, tenantOfIncident, PAGERDUTY_PROVIDER_ID } from './mapper';
import type { QueryParams } from '../http/transport';
import { PagerDutyClient } from './pagerduty-client';
import {
  PdAlertPage,
  PdEscalationPolicyEnvelope,
  PdEscalationPolicyPage,
  PdIncidentEnvelope,
  PdIncidentPage,
  PdIncidentUpdateResult,
  PdLogEntryPage,
  PdMergeResult,
  PdNoteEnvelope,
  PdNoteList,
  PdOnCallPage,
  PdPriorityPage,
  PdResponderRequestEnvelope,
  PdServicePage,
  PdTeamPage,
  PdUserEnvelope,
  PdUserPage,
  type PdIncident,
  type PdLogEntry,
} from './schemas';
import { isInScope, scopeQuery } from './scope';
import { advanceCursor, cursorAt, decodeCursor, encodeCursor, unseenEntries } from './sync-cursor';

/** Includes that give the domain fields (and the tenant) without a request per incident. */
const INCIDENT_LIST_INCLUDES = ['first_trigger_log_entries'] as const;
/** PUT /incidents takes at most this many incidents (413 beyond). */
const MAX_INCIDENTS_PER_UPDATE = 250;
/** A full load's cursor starts this long before the load, to cover clock skew and changes during the load. */
const CURSOR_SAFETY_MARGIN_MS = 60_000;
/** An incremental poll reads at most this many pages of log entries; a full reconcile covers the rest. */
const MAX_LOG_ENTRY_PAGES = 50;
/** Any other paginated read stops after this many pages (10,000 records, the offset cap). */
const MAX_LIST_PAGES = 100;
/** A 204's empty body. */
const PdEmpty = z.object({}).passthrough();

/** Log entry types that end a snooze (the incident's status changed otherwise). */
const STATUS_CHANGES = [
  'acknowledge_log_entry',
  'unacknowledge_log_entry',
  'resolve_log_entry',
  'trigger_log_entry',
  'assign_log_entry',
  'escalate_log_entry',
];

/** Up to this many incidents are read one by one; more, in one listing of the open ones. */
const FEW_TO_READ_ONE_BY_ONE = 5;
/** Among many, at most this many that are not open are read one by one to tell who closed them (what a refusal names). */
const MAX_CLOSED_TO_EXPLAIN = 5;

interface PagerDutyService {
  id: string;
  name: string;
  status: string | null;
  htmlUrl: string | null;
  teams: Ref[];
  escalationPolicy: Ref | null;
}

interface OnCallFilter {
  userIds?: string[];
  escalationPolicyIds?: string[];
  scheduleIds?: string[];
  /** Only the earliest on-call for each combination of policy, level and user. */
  earliest?: boolean;
}

export interface PagerDutyProvider extends PagingProvider {
  /** Resolves incidents; `resolution` (optional) goes into each Resolve log entry. */
  resolve(incidentIds: string[], resolution?: string): Promise<void>;
  listServices(): Promise<PagerDutyService[]>;
  /** The services named exactly this (case aside), in one request: the change gate's freeze is by name. */
  findServicesNamed(name: string): Promise<Ref[]>;
  /** Who is on call now (GET /oncalls, every page); the filter narrows it. */
  listOnCalls(filter?: OnCallFilter): Promise<OnCall[]>;
}

export function createPagerDutyProvider(config: PagerDutyConfig): PagerDutyProvider {
  validateConfig(config);
  const now = config.now ?? Date.now;
  const client = new PagerDutyClient(config);
  return new PagerDutyPagingProvider(client, config, now);
}

class PagerDutyPagingProvider implements PagerDutyProvider {
  readonly id = PAGERDUTY_PROVIDER_ID;
  readonly label = 'PagerDuty';
  private me: Promise<ProviderUser> | null = null;
  /** Last known status per incident, from every read; lets acknowledge skip resolved ones. */
  private readonly knownStatus = new Map<string, Incident['status']>();
  /** Tenants learnt from trigger entries and details, for incidents whose list record lacks it. */
  private readonly knownTenant = new Map<string, string>();
  /**
   * Incidents as our own field changes left them (from the PUT answers), reported by the
   * next changesSince. PagerDuty writes no log entry for a priority change, so the log
   * alone would not show it until the next full reconcile; changes made by others (in the
   * web app) still wait for that reconcile.
   */
  private readonly writtenSinceLastPoll = new Map<string, PdIncident>();
  /** Incidents snoozed now, as far as the log (snooze entries, then any other status change) and our own snoozes tell. */
  private readonly snoozed = new Set<string>();
  private readonly concurrency: number;

  constructor(
    private readonly client: PagerDutyClient,
    private readonly config: PagerDutyConfig,
    private readonly now: () => number,
  ) {
    this.concurrency = config.concurrency ?? 5;
  }

  whoAmI(): Promise<ProviderUser> {
    if (!this.me) {
      this.me = this.client
        .request({ method: 'GET', path: '/users/me', schema: PdUserEnvelope })
        .then(({ user }) => ({ id: user.id, name: user.name, email: user.email }));
      // A failed lookup is not cached: the next call asks again.
      this.me.catch(() => {
        this.me = null;
      });
    }
    return this.me;
  }

  /** Newest first, so the first page handed to `onPage` is the top of a newest-first queue and the later pages go below it. */
  async listOpenIncidents(onPage?: (page: OpenIncidentsPage) => void): Promise<{ incidents: Incident[]; cursor: SyncCursor }> {
    const startedAt = this.now();
    const meId = this.config.scope.assignedToMe ? (await this.whoAmI()).id : null;
    const baseQuery: QueryParams = [
      ['statuses[]', 'triggered'],
      ['statuses[]', 'acknowledged'],
      ...scopeQuery(this.config.scope, meId),
      ['sort_by', 'created_at:desc'],
      ...INCIDENT_LIST_INCLUDES.map((name): [string, string] => ['include[]', name]),
    ];
    // Each record mapped once: as its page arrives, kept for the whole list.
    const heard = new Map<PdIncident, Incident>();
    const pdIncidents = await loadAllIncidents(baseQuery, {
      concurrency: this.concurrency,
      now: this.now,
      onPage:
        onPage &&
        ((page, total) => {
          const incidents = page.map((pd) => this.remember(pd));
          page.forEach((pd, index) => heard.set(pd, incidents[index]!));
          onPage({ incidents, total });
        }),
      fetchPage: (query, offset, withTotal) =>
        this.client.request({
          method: 'GET',
          path: '/incidents',
          query: [...query, ['limit', PAGE_LIMIT], ['offset', offset], ...(withTotal ? [['total', 'true'] as [string, string]] : [])],
          schema: PdIncidentPage,
        }),
    });
    // A full load is the truth: forget statuses of incidents it no longer lists.
    this.knownStatus.clear();
    const incidents = pdIncidents.map((pd) => {
      const mapped = heard.get(pd);
      if (!mapped) return this.remember(pd);
      this.knownStatus.set(pd.id, pd.status);
      return mapped;
    });
    return { incidents, cursor: encodeCursor(cursorAt(startedAt - CURSOR_SAFETY_MARGIN_MS)) };
  }

  /** GET /incidents by resolved status, newest resolution first (sort_by=resolved_at:desc), in scope: one request per 100. */
  async listRecentlyResolved(limit: number): Promise<Incident[]> {
    const meId = this.config.scope.assignedToMe ? (await this.whoAmI()).id : null;
    const found: PdIncident[] = [];
    for (let offset = 0; offset < limit; offset += PAGE_LIMIT) {
      const page = await this.client.request({
        method: 'GET',
        path: '/incidents',
        query: [
          ['statuses[]', 'resolved'],
          ['date_range', 'all'],
          ['sort_by', 'resolved_at:desc'],
          ...scopeQuery(this.config.scope, meId),
          ...INCIDENT_LIST_INCLUDES.map((name): [string, string] => ['include[]', name]),
          ['limit', Math.min(PAGE_LIMIT, limit - offset)],
          ['offset', offset],
        ],
        schema: PdIncidentPage,
      });
      found.push(...page.incidents);
      if (!page.more || page.incidents.length === 0) break;
    }
    return found.map((pd) => toIncident(pd));
  }

  /** Acknowledging a resolved incident reopens it (PUT /incidents): here that is the point. */
  async reopen(incidentIds: string[]): Promise<void> {
    await this.updateStatus(unique(incidentIds), 'acknowledged');
  }

  async changesSince(cursorText: SyncCursor): Promise<ChangeSet> {
    const cursor = decodeCursor(cursorText);
    const entries: PdLogEntry[] = [];
    for (let page = 0; page < MAX_LOG_ENTRY_PAGES; page++) {
      const result = await this.client.request({
        method: 'GET',
        path: '/log_entries',
        query: [
          ['since', cursor.since],
          ['is_overview', 'true'],
          ['include[]', 'incidents'],
          ['limit', PAGE_LIMIT],
          ...(page > 0 ? [['offset', page * PAGE_LIMIT] as [string, number]] : []),
        ],
        schema: PdLogEntryPage,
      });
      entries.push(...result.log_entries);
      if (!result.more || result.log_entries.length === 0) break;
    }
    const fresh = unseenEntries(cursor, entries);
    const next = encodeCursor(advanceCursor(cursor, entries));
    // Reassignments, escalations, urgency changes and snoozes write overview log entries and
    // come through the log; priority changes do not (see writtenSinceLastPoll).
    const written = [...this.writtenSinceLastPoll.values()];
    this.writtenSinceLastPoll.clear();
    if (fresh.length === 0 && written.length === 0) return { changed: [], leftScope: [], cursor: next };

    for (const entry of [...fresh].sort((a, b) => a.created_at.localeCompare(b.created_at))) {
      const snoozedId = entry.incident?.id;
      if (snoozedId && entry.type.startsWith('snooze_log_entry')) this.snoozed.add(snoozedId);
      else if (snoozedId && STATUS_CHANGES.some((type) => entry.type.startsWith(type))) this.snoozed.delete(snoozedId);
    }
    for (const entry of fresh) {
      const tenant = tenantOfDetails(entry.channel?.details) ?? tenantOfDetails(entry.channel?.cef_details?.details);
      const incidentId = entry.incident?.id;
      if (tenant && incidentId && entry.type.startsWith('trigger_log_entry')) this.knownTenant.set(incidentId, tenant);
    }
    const fromLog = await this.currentIncidents(fresh);
    const logged = new Set(fromLog.map((pd) => pd.id));
    const current = [...fromLog, ...written.filter((pd) => !logged.has(pd.id))];
    const meId = this.config.scope.assignedToMe ? (await this.whoAmI()).id : null;
    const changed: Incident[] = [];
    const leftScope: string[] = [];
    for (const pd of current) {
      if (isInScope(pd, this.config.scope, meId)) changed.push(this.remember(pd));
      else {
        this.knownStatus.set(pd.id, pd.status);
        leftScope.push(pd.id);
      }
    }
    return { changed, leftScope, cursor: next };
  }

  /** The incidents the log entries touch, as they are now: embedded ones, else fetched (rare). */
  private async currentIncidents(entries: PdLogEntry[]): Promise<PdIncident[]> {
    const embedded = new Map<string, PdIncident>();
    const missing = new Set<string>();
    for (const entry of entries) {
      const incident = entry.incident;
      if (!incident) continue;
      if ('incident_number' in incident) embedded.set(incident.id, incident);
      else missing.add(incident.id);
    }
    for (const id of embedded.keys()) missing.delete(id);
    const fetched = await mapWithConcurrency([...missing], this.concurrency, (id) => this.fetchIncident(id).catch(rethrowUnlessGone));
    return [...embedded.values(), ...fetched.filter((pd): pd is PdIncident => pd !== null)];
  }

  private async fetchIncident(id: string): Promise<PdIncident> {
    const { incident } = await this.client.request({
      method: 'GET',
      path: `/incidents/${encodeURIComponent(id)}`,
      query: INCIDENT_LIST_INCLUDES.map((name): [string, string] => ['include[]', name]),
      schema: PdIncidentEnvelope,
    });
    return incident;
  }

  /**
   * The incident with its timeline (GET /incidents/{id}/log_entries with include[]=incidents,
   * which embeds the incident as it is now: one request for both), its alerts, its notes
   * (only when the timeline has note entries: adding a note writes an annotate log entry)
   * and its escalation path. `hints` (from the engine's detail cache) let it skip what is
   * known current: the alerts when no action touched them, the notes when no action touched
   * them and the timeline holds no more note entries than when they were read, the
   * escalation policy and who is on call when a fresh shared read or a recent path has them.
   */
  async getIncidentDetail(incidentId: string, hints: IncidentDetailHints = {}): Promise<IncidentDetail> {
    const path = `/incidents/${encodeURIComponent(incidentId)}`;
    const { known, stale = {} } = hints;
    const timeline = this.pageThrough(
      `${path}/log_entries`,
      [
        ['is_overview', 'false'],
        ['include[]', 'incidents'],
      ],
      PdLogEntryPage,
      (page) => page.log_entries,
    );
    const incident = timeline.then(async (entries) => embeddedIncident(entries) ?? (await this.fetchIncident(incidentId)));
    const notesAgain = (entries: PdLogEntry[]): boolean => {
      const noteEntries = entries.filter((entry) => entry.type.startsWith('annotate_log_entry')).length;
      if (!known || stale.notes) return noteEntries > 0;
      return noteEntries !== known.logEntries.filter((entry) => entry.type === 'annotate').length;
    };
    const [pd, pdEntries, escalation, notes, alerts] = await Promise.all([
      incident,
      timeline,
      incident.then((found) => this.escalationPath(found, hints)),
      timeline.then((entries) => (notesAgain(entries) ? this.listNotes(incidentId) : (known?.notes ?? []))),
      known && !stale.alerts
        ? known.alerts
        : this.pageThrough(`${path}/alerts`, [], PdAlertPage, (page) => page.alerts).then((found) =>
            found.map(toAlert).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
          ),
    ]);
    const tenant =
      tenantOfIncident(pd) ??
      firstTenant(pdEntries.filter((entry) => entry.type.startsWith('trigger_log_entry')).map((entry) => entry.channel?.details)) ??
      firstTenant(alerts.map((alert) => alert.details)) ??
      this.knownTenant.get(pd.id) ??
      null;
    if (tenant) this.knownTenant.set(pd.id, tenant);
    return {
      incident: this.remember(pd, tenant),
      notes,
      logEntries: pdEntries.map(toLogEntry),
      alerts,
      responders: (pd.incidents_responders ?? []).map(toResponder),
      escalation,
    };
  }

  /**
   * The incident's escalation policy level by level with who is on call at each now. The
   * policy's levels come from the engine's fresh directory read, else GET
   * /escalation_policies/{id}; who is on call from a path read recently for the same policy,
   * else the engine's fresh shared on-call read, else GET /oncalls for the policy. Null when the
   * incident has no policy or the token may not read it (the rest of the detail still shows).
   */
  private async escalationPath(pd: PdIncident, hints: IncidentDetailHints): Promise<EscalationPath | null> {
    const policyRef = pd.escalation_policy;
    if (!policyRef) return null;
    const build = (policy: { id: string; name: string; levelCount: number }, oncalls: readonly OnCall[]) =>
      buildEscalationPath({ incident: toIncident(pd), policy, oncalls, reportedLevel: pd.escalation_level ?? null });
    const recent = hints.recentEscalations?.find((path) => path.policy.id === policyRef.id);
    if (recent) return build({ ...recent.policy, levelCount: recent.levels.length }, onCallsOfPath(recent));
    const sharedPolicy = hints.escalationPolicies?.find((policy) => policy.id === policyRef.id);
    try {
      const [policy, oncalls] = await Promise.all([
        sharedPolicy
          ? { id: sharedPolicy.id, name: sharedPolicy.name, levelCount: sharedPolicy.levels.length }
          : this.client
              .request({
                method: 'GET',
                path: `/escalation_policies/${encodeURIComponent(policyRef.id)}`,
                schema: PdEscalationPolicyEnvelope,
              })
              .then(({ escalation_policy: found }) => ({
                id: found.id,
                name: found.name ?? toRef(policyRef).name,
                levelCount: found.escalation_rules.length,
              })),
        hints.oncalls?.get(policyRef.id) ?? this.listOnCalls({ escalationPolicyIds: [policyRef.id], earliest: true }),
      ]);
      return build(policy, oncalls);
    } catch (error) {
      if (error instanceof ProviderError && error.kind !== 'transient') return null;
      throw error;
    }
  }

  async listNotes(incidentId: string): Promise<Note[]> {
    const { notes } = await this.client.request({
      method: 'GET',
      path: `/incidents/${encodeURIComponent(incidentId)}/notes`,
      schema: PdNoteList,
    });
    return notes.map(toNote);
  }

  /**
   * Acknowledging a resolved incident would reopen it (see PUT /incidents in the API
   * reference), so a replayed acknowledge skips the incidents last seen resolved; the
   * engine reads them fresh (incidentsNow) before it sends one.
   */
  async acknowledge(incidentIds: string[]): Promise<void> {
    await this.updateStatus(
      unique(incidentIds).filter((id) => this.knownStatus.get(id) !== 'resolved'),
      'acknowledged',
    );
  }

  /**
   * These incidents as PagerDuty has them now. A few are read one by one
   * (GET /incidents/{id}, which also tells who resolved one and when); more are looked for
   * in one listing of the open incidents (GET /incidents by status, a request per 100, since
   * PagerDuty has no read by a list of ids), and the few of those not open are then read one
   * by one. Ids PagerDuty does not know are left out.
   */
  async incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>> {
    const ids = unique(incidentIds);
    const found = new Map<string, Incident>();
    const readEach = (each: string[]) =>
      mapWithConcurrency(each, this.concurrency, async (id) => {
        const pd = await this.fetchIncident(id).catch(rethrowUnlessGone);
        if (pd) found.set(id, this.remember(pd));
      });
    if (ids.length <= FEW_TO_READ_ONE_BY_ONE) {
      await readEach(ids);
      return found;
    }
    const query: QueryParams = [
      ['statuses[]', 'triggered'],
      ['statuses[]', 'acknowledged'],
      ['date_range', 'all'],
      ...INCIDENT_LIST_INCLUDES.map((name): [string, string] => ['include[]', name]),
    ];
    const wanted = new Set(ids);
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await this.client.request({
        method: 'GET',
        path: '/incidents',
        query: [...query, ['limit', PAGE_LIMIT], ['offset', page * PAGE_LIMIT]],
        schema: PdIncidentPage,
      });
      for (const pd of result.incidents) if (wanted.has(pd.id)) found.set(pd.id, this.remember(pd));
      if (!result.more || result.incidents.length === 0) break;
    }
    // Who resolved the ones no longer open, and when: worth a request each for a few.
    await readEach(ids.filter((id) => !found.has(id)).slice(0, MAX_CLOSED_TO_EXPLAIN));
    return found;
  }

  async resolve(incidentIds: string[], resolution?: string): Promise<void> {
    await this.updateStatus(unique(incidentIds), 'resolved', resolution);
  }

  async addNote(incidentId: string, content: string): Promise<Note> {
    // Not retried after an ambiguous failure (it may have landed): the outbox checks the notes before replaying.
    const { note } = await this.client.request({
      method: 'POST',
      path: `/incidents/${encodeURIComponent(incidentId)}/notes`,
      body: { note: { content } },
      schema: PdNoteEnvelope,
    });
    return toNote(note);
  }

  async updateNote(incidentId: string, noteId: string, content: string): Promise<void> {
    await this.client.request({
      method: 'PUT',
      path: `/incidents/${encodeURIComponent(incidentId)}/notes/${encodeURIComponent(noteId)}`,
      body: { note: { content } },
      schema: PdNoteEnvelope,
    });
  }

  async deleteNote(incidentId: string, noteId: string): Promise<void> {
    await this.client
      .request({
        method: 'DELETE',
        path: `/incidents/${encodeURIComponent(incidentId)}/notes/${encodeURIComponent(noteId)}`,
        schema: PdEmpty,
      })
      .catch(rethrowUnlessGone);
  }

  /** The services named exactly `name` (case aside): GET /services?query=name, which matches names by substring. */
  async findServicesNamed(name: string): Promise<Ref[]> {
    const services = await this.pageThrough('/services', [['query', name.trim()]], PdServicePage, (page) => page.services);
    return services
      .filter((service) => service.name.trim().toLowerCase() === name.trim().toLowerCase())
      .map((service) => ({ id: service.id, name: service.name }));
  }

  async listServices(): Promise<PagerDutyService[]> {
    const services = await this.pageThrough('/services', [], PdServicePage, (page) => page.services);
    return services.map((service) => ({
      id: service.id,
      name: service.name,
      status: service.status ?? null,
      htmlUrl: service.html_url ?? null,
      teams: (service.teams ?? []).map(toRef),
      escalationPolicy: service.escalation_policy ? toRef(service.escalation_policy) : null,
    }));
  }

  async listOnCalls(filter: OnCallFilter = {}): Promise<OnCall[]> {
    const query: QueryParams = [
      ...(filter.userIds ?? []).map((id): [string, string] => ['user_ids[]', id]),
      ...(filter.escalationPolicyIds ?? []).map((id): [string, string] => ['escalation_policy_ids[]', id]),
      ...(filter.scheduleIds ?? []).map((id): [string, string] => ['schedule_ids[]', id]),
      ...(filter.earliest ? [['earliest', 'true'] as [string, string]] : []),
    ];
    const oncalls = await this.pageThrough('/oncalls', query, PdOnCallPage, (page) => page.oncalls);
    return oncalls.map(toOnCall);
  }

  /** Trigger, first acknowledge and resolve times of the incidents in scope since then (see incident-times.ts). */
  listIncidentTimes(sinceMs: number): Promise<IncidentTimes[]> {
    const page = (query: QueryParams, offset: number, withTotal: boolean): QueryParams => [
      ...query,
      ['limit', PAGE_LIMIT],
      ['offset', offset],
      ...(withTotal ? [['total', 'true'] as [string, string]] : []),
    ];
    return loadIncidentTimes(
      {
        fetchIncidentPage: (query, offset, withTotal) =>
          this.client.request({ method: 'GET', path: '/incidents', query: page(query, offset, withTotal), schema: PdIncidentPage }),
        fetchLogEntryPage: (query, offset, withTotal) =>
          this.client.request({ method: 'GET', path: '/log_entries', query: page(query, offset, withTotal), schema: PdLogEntryPage }),
        concurrency: this.concurrency,
        now: this.now,
      },
      this.config.scope,
      sinceMs,
    );
  }

  /**
   * Users (with contact methods), teams, services (with their kind, see directory-mapper),
   * escalation policies (with levels) and priorities: five paged reads in parallel.
   * Priorities need PagerDuty's priorities feature; without it the list is empty.
   */
  async getDirectory(): Promise<Directory> {
    const [users, teams, services, policies, priorities] = await Promise.all([
      this.pageThrough('/users', [['include[]', 'contact_methods']], PdUserPage, (page) => page.users),
      this.pageThrough('/teams', [], PdTeamPage, (page) => page.teams),
      this.pageThrough('/services', [], PdServicePage, (page) => page.services),
      this.pageThrough('/escalation_policies', [], PdEscalationPolicyPage, (page) => page.escalation_policies),
      this.pageThrough('/priorities', [], PdPriorityPage, (page) => page.priorities).catch((error: unknown) => {
        if (error instanceof ProviderError && error.kind === 'rejected') return [];
        throw error;
      }),
    ]);
    return {
      users: users.map(toUser),
      teams: teams.map(toTeamRef),
      services: services.map(toService),
      escalationPolicies: policies.map(toEscalationPolicy),
      priorities: toPriorities(priorities),
    };
  }

  /**
   * Applies one change to many incidents: PUT /incidents with up to 250 items a call
   * (`{id, type: "incident_reference", ...fields}`), so N <= 250 is one call. Setting a
   * field to a value is safe to repeat. When PagerDuty refuses a chunk (an incident was
   * resolved meanwhile, say), that chunk is retried one incident at a time so the others
   * still land, and the refused ones are reported together.
   */
  async updateIncidents(incidentIds: string[], change: IncidentChange): Promise<void> {
    const ids = unique(incidentIds);
    if (ids.length === 0) return;
    const fields = incidentUpdateFields(change);
    const failures: string[] = [];
    for (const group of chunk(ids, MAX_INCIDENTS_PER_UPDATE)) {
      try {
        const result = await this.client.request({
          method: 'PUT',
          path: '/incidents',
          body: { incidents: group.map((id) => ({ id, type: 'incident_reference', ...fields })) },
          schema: PdIncidentUpdateResult,
        });
        for (const pd of result.incidents) this.rememberWrite(pd);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.kind !== 'rejected') throw error;
        if (group.length === 1) {
          failures.push(`${group[0]}: ${error.message}`);
          continue;
        }
        const outcomes = await mapWithConcurrency(group, this.concurrency, async (id) => {
          try {
            const { incident } = await this.client.request({
              method: 'PUT',
              path: `/incidents/${encodeURIComponent(id)}`,
              body: { incident: { type: 'incident_reference', ...fields } },
              schema: PdIncidentEnvelope,
            });
            this.rememberWrite(incident);
            return null;
          } catch (single) {
            if (single instanceof ProviderError && single.kind === 'rejected') return `${id}: ${single.message}`;
            throw single;
          }
        });
        failures.push(...outcomes.filter((failure): failure is string => failure !== null));
      }
    }
    if (failures.length) {
      throw new ProviderError(
        'rejected',
        `PagerDuty would not ${describeChange(change)} ${failures.length} incident(s): ${failures.slice(0, 5).join('; ')}`,
      );
    }
  }

  /** POST /incidents/{id}/snooze (there is no bulk snooze). Only an acknowledged incident can be snoozed. */
  async snooze(incidentId: string, durationSeconds: number): Promise<void> {
    const { incident } = await this.client.request({
      method: 'POST',
      path: `/incidents/${encodeURIComponent(incidentId)}/snooze`,
      body: { duration: durationSeconds },
      schema: PdIncidentEnvelope,
    });
    this.snoozed.add(incident.id);
    this.rememberWrite(incident);
  }

  /** POST /incidents/{id}/responder_requests, as the token's owner, to users and escalation policies at once. */
  async addResponders(incidentId: string, request: { userIds: string[]; escalationPolicyIds: string[]; message: string }): Promise<void> {
    const targets = [
      ...unique(request.userIds).map((id) => ({ responder_request_target: { id, type: 'user_reference' } })),
      ...unique(request.escalationPolicyIds).map((id) => ({ responder_request_target: { id, type: 'escalation_policy_reference' } })),
    ];
    if (targets.length === 0) throw new ProviderError('rejected', 'A responder request needs at least one user or escalation policy');
    const me = await this.whoAmI();
    await this.client.request({
      method: 'POST',
      path: `/incidents/${encodeURIComponent(incidentId)}/responder_requests`,
      body: { requester_id: me.id, message: request.message, responder_request_targets: targets },
      schema: PdResponderRequestEnvelope,
    });
  }

  /**
   * PUT /incidents/{target}/merge. Safe to repeat: sources already resolved (merged by an
   * earlier attempt, or resolved meanwhile) are left out, and when none is left nothing is
   * sent; after a refusal the sources are read again and "all resolved now" counts as done.
   */
  async merge(targetIncidentId: string, sourceIncidentIds: string[]): Promise<void> {
    const wanted = unique(sourceIncidentIds).filter((id) => id !== targetIncidentId);
    const open = await this.stillOpen(wanted, { refresh: false });
    if (open.length === 0) return;
    try {
      await this.client.request({
        method: 'PUT',
        path: `/incidents/${encodeURIComponent(targetIncidentId)}/merge`,
        body: { source_incidents: open.map((id) => ({ id, type: 'incident_reference' })) },
        schema: PdMergeResult,
      });
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'rejected') throw error;
      if ((await this.stillOpen(open, { refresh: true })).length === 0) return;
      throw error;
    }
    for (const id of open) this.knownStatus.set(id, 'resolved');
  }

  /** The ids whose incident is not resolved; unknown ones (or all, with refresh) are read first. */
  private async stillOpen(ids: string[], { refresh }: { refresh: boolean }): Promise<string[]> {
    const toRead = refresh ? ids : ids.filter((id) => !this.knownStatus.has(id));
    await mapWithConcurrency(toRead, this.concurrency, async (id) => {
      const pd = await this.fetchIncident(id).catch(rethrowUnlessGone);
      if (pd) this.knownStatus.set(pd.id, pd.status);
    });
    return ids.filter((id) => this.knownStatus.get(id) !== 'resolved');
  }

  /** Remembers an incident as one of our writes left it, for the next changesSince. */
  private rememberWrite(pd: PdIncident): void {
    this.knownStatus.set(pd.id, pd.status);
    this.writtenSinceLastPoll.set(pd.id, pd);
  }

  /**
   * Sets a status on many incidents: PUT /incidents in chunks of 250 (PUT /incidents/{id}
   * for one). Replays are safe: "already resolved" counts as done, and when a bulk call is
   * refused the chunk is retried one incident at a time so one bad id cannot block the rest.
   */
  private async updateStatus(ids: string[], status: 'acknowledged' | 'resolved', resolution?: string): Promise<void> {
    if (ids.length === 0) return;
    const failures: string[] = [];
    for (const group of chunk(ids, MAX_INCIDENTS_PER_UPDATE)) {
      if (group.length === 1) {
        const failure = await this.updateOne(group[0]!, status, resolution);
        if (failure) failures.push(failure);
        continue;
      }
      try {
        const result = await this.client.request({
          method: 'PUT',
          path: '/incidents',
          body: {
            incidents: group.map((id) => ({
              id,
              type: 'incident_reference',
              status,
              ...(resolution && status === 'resolved' ? { resolution } : {}),
            })),
          },
          schema: PdIncidentUpdateResult,
        });
        for (const pd of result.incidents) this.knownStatus.set(pd.id, pd.status);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.kind !== 'rejected') throw error;
        const outcomes = await mapWithConcurrency(group, this.concurrency, (id) => this.updateOne(id, status, resolution));
        failures.push(...outcomes.filter((failure): failure is string => failure !== null));
      }
    }
    if (failures.length) {
      const verb = status === 'resolved' ? 'resolve' : 'acknowledge';
      throw new ProviderError('rejected', `PagerDuty would not ${verb} ${failures.length} incident(s): ${failures.slice(0, 5).join('; ')}`);
    }
  }

  /** Updates one incident; returns why it was refused, or null when it is done (or already was). */
  private async updateOne(id: string, status: 'acknowledged' | 'resolved', resolution?: string): Promise<string | null> {
    try {
      const { incident } = await this.client.request({
        method: 'PUT',
        path: `/incidents/${encodeURIComponent(id)}`,
        body: { incident: { type: 'incident_reference', status, ...(resolution && status === 'resolved' ? { resolution } : {}) } },
        schema: PdIncidentEnvelope,
      });
      this.knownStatus.set(incident.id, incident.status);
      return null;
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'rejected') throw error;
      if (isAlreadyDone(error.message, status)) {
        if (/already resolved/i.test(error.message)) this.knownStatus.set(id, 'resolved');
        return null;
      }
      return `${id}: ${error.message}`;
    }
  }

  /** Follows `more` through a paginated list, 100 at a time, up to a bound. */
  private async pageThrough<T, P extends { more?: boolean | null }>(
    path: string,
    query: QueryParams,
    schema: ZodType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await this.client.request({
        method: 'GET',
        path,
        query: [...query, ['limit', PAGE_LIMIT], ['offset', page * PAGE_LIMIT]],
        schema,
      });
      const got = items(result);
      all.push(...got);
      if (!result.more || got.length === 0) break;
    }
    return all;
  }

  /** Maps an incident, remembering its status and filling in a tenant learnt earlier. */
  private remember(pd: PdIncident, tenant: string | null = tenantOfIncident(pd)): Incident {
    this.knownStatus.set(pd.id, pd.status);
    const known = tenant ?? this.knownTenant.get(pd.id) ?? null;
    if (known) this.knownTenant.set(pd.id, known);
    if (pd.status === 'resolved') this.knownTenant.delete(pd.id);
    if (pd.status !== 'acknowledged') this.snoozed.delete(pd.id);
    return toIncident(pd, known, this.snoozed.has(pd.id));
  }
}

/** True when PagerDuty refused a status change because the incident is already there (or past it). */
function isAlreadyDone(message: string, status: 'acknowledged' | 'resolved'): boolean {
  if (/already resolved/i.test(message)) return true;
  return status === 'acknowledged' && /already acknowledged/i.test(message);
}

function rethrowUnlessGone(error: unknown): null {
  if (error instanceof ProviderError && error.status === 404) return null;
  throw error;
}

/** The incident a page of log entries read with include[]=incidents embeds (each entry carries it as it is now). */
function embeddedIncident(entries: PdLogEntry[]): PdIncident | null {
  for (const entry of entries) if (entry.incident && 'incident_number' in entry.incident) return entry.incident;
  return null;
}

/** Who a path says is on call, back as on-call records (for rebuilding it with an incident's current level). */
function onCallsOfPath(path: EscalationPath): OnCall[] {
  return path.levels.flatMap(({ level, onCall }) =>
    onCall.map(({ user, until }) => ({ user, escalationPolicy: path.policy, level, schedule: null, start: null, end: until })),
  );
}

function firstTenant(detailsList: unknown[]): string | null {
  for (const details of detailsList) {
    const tenant = tenantOfDetails(details);
    if (tenant) return tenant;
  }
  return null;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
