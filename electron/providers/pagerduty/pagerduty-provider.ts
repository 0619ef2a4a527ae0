/**
 * The PagerDuty implementation of the engine's PagingProvider port: full loads of the
 * open incidents in scope, incremental changes from the log entries, incident detail,
 * and replay-safe acknowledge / resolve / note writes. Plus the extra reads the console
 * needs (services, on-calls).
 */
import type { ZodType } from 'zod';
import type { Incident, IncidentDetail, Note, Ref } from '../../../shared/domain/incident';
import { ProviderError, type ChangeSet, type PagingProvider, type ProviderUser, type SyncCursor } from '../../engine/ports';
import { chunk, mapWithConcurrency } from '../http/bounded-concurrency';
import { validateConfig, type PagerDutyConfig } from './config';
import { loadAllIncidents, PAGE_LIMIT } from './incident-loader';
import { toAlert, toIncident, toLogEntry, toNote, toRef, tenantOfDetails, tenantOfIncident, PAGERDUTY_PROVIDER_ID } from './mapper';
import { PagerDutyClient, type QueryParams } from './pagerduty-client';
import {
  PdAlertPage,
  PdIncidentEnvelope,
  PdIncidentPage,
  PdIncidentUpdateResult,
  PdLogEntryPage,
  PdNoteEnvelope,
  PdNoteList,
  PdOnCallPage,
  PdServicePage,
  PdUserEnvelope,
  type PdIncident,
  type PdLogEntry,
} from './schemas';
import { isInScope, scopeQuery } from './scope';
import { advanceCursor, cursorAt, decodeCursor, encodeCursor, unseenEntries } from './sync-cursor';

/** Includes that give the domain fields (and the tenant) without a request per incident. */
export const INCIDENT_LIST_INCLUDES = ['first_trigger_log_entries'] as const;
/** PUT /incidents takes at most this many incidents (413 beyond). */
export const MAX_INCIDENTS_PER_UPDATE = 250;
/** A full load's cursor starts this long before the load, to cover clock skew and changes during the load. */
export const CURSOR_SAFETY_MARGIN_MS = 60_000;
/** An incremental poll reads at most this many pages of log entries; a full reconcile covers the rest. */
export const MAX_LOG_ENTRY_PAGES = 50;
/** Any other paginated read stops after this many pages (10,000 records, the offset cap). */
const MAX_LIST_PAGES = 100;

export interface PagerDutyService {
  id: string;
  name: string;
  status: string | null;
  htmlUrl: string | null;
  teams: Ref[];
  escalationPolicy: Ref | null;
}

export interface PagerDutyOnCall {
  user: Ref;
  schedule: Ref | null;
  escalationPolicy: Ref;
  escalationLevel: number;
  /** Null for a permanent on-call (no schedule). */
  start: string | null;
  end: string | null;
}

export interface OnCallFilter {
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
  listOnCalls(filter?: OnCallFilter): Promise<PagerDutyOnCall[]>;
}

export function createPagerDutyProvider(config: PagerDutyConfig): PagerDutyProvider {
  validateConfig(config);
  const now = config.now ?? Date.now;
  const client = new PagerDutyClient({
    baseUrl: config.baseUrl,
    token: config.token,
    from: config.from,
    timeoutMs: config.timeoutMs ?? 10_000,
    maxRetries: config.maxRetries ?? 4,
    fetch: config.fetch ?? globalThis.fetch,
    sleep: config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: config.random ?? Math.random,
    now,
    onRequest: config.onRequest,
  });
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

  async listOpenIncidents(): Promise<{ incidents: Incident[]; cursor: SyncCursor }> {
    const startedAt = this.now();
    const meId = this.config.scope.assignedToMe ? (await this.whoAmI()).id : null;
    const baseQuery: QueryParams = [
      ['statuses[]', 'triggered'],
      ['statuses[]', 'acknowledged'],
      ...scopeQuery(this.config.scope, meId),
      ['sort_by', 'created_at:asc'],
      ...INCIDENT_LIST_INCLUDES.map((name): [string, string] => ['include[]', name]),
    ];
    const pdIncidents = await loadAllIncidents(baseQuery, {
      concurrency: this.concurrency,
      now: this.now,
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
    const incidents = pdIncidents.map((pd) => this.remember(pd));
    return { incidents, cursor: encodeCursor(cursorAt(startedAt - CURSOR_SAFETY_MARGIN_MS)) };
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
    if (fresh.length === 0) return { changed: [], leftScope: [], cursor: next };

    for (const entry of fresh) {
      const tenant = tenantOfDetails(entry.channel?.details) ?? tenantOfDetails(entry.channel?.cef_details?.details);
      const incidentId = entry.incident?.id;
      if (tenant && incidentId && entry.type.startsWith('trigger_log_entry')) this.knownTenant.set(incidentId, tenant);
    }
    const current = await this.currentIncidents(fresh);
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

  async getIncidentDetail(incidentId: string): Promise<IncidentDetail> {
    const path = `/incidents/${encodeURIComponent(incidentId)}`;
    const [pd, notes, logEntries, alerts] = await Promise.all([
      this.fetchIncident(incidentId),
      this.listNotes(incidentId),
      this.pageThrough(`${path}/log_entries`, [['is_overview', 'false']], PdLogEntryPage, (page) => page.log_entries),
      this.pageThrough(`${path}/alerts`, [], PdAlertPage, (page) => page.alerts),
    ]);
    const domainAlerts = alerts.map(toAlert).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const tenant = tenantOfIncident(pd) ?? firstTenant(domainAlerts.map((alert) => alert.details)) ?? this.knownTenant.get(pd.id) ?? null;
    if (tenant) this.knownTenant.set(pd.id, tenant);
    return {
      incident: this.remember(pd, tenant),
      notes,
      logEntries: logEntries.map(toLogEntry),
      alerts: domainAlerts,
    };
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
   * reference), so a replayed acknowledge must skip resolved ones: incidents whose status
   * no read has told yet are looked up first (one GET each, rare: the queue knows them).
   */
  async acknowledge(incidentIds: string[]): Promise<void> {
    const wanted = unique(incidentIds);
    const unknown = wanted.filter((id) => !this.knownStatus.has(id));
    await mapWithConcurrency(unknown, this.concurrency, async (id) => {
      const pd = await this.fetchIncident(id).catch(rethrowUnlessGone);
      if (pd) this.knownStatus.set(pd.id, pd.status);
    });
    await this.updateStatus(
      wanted.filter((id) => this.knownStatus.get(id) !== 'resolved'),
      'acknowledged',
    );
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

  async listOnCalls(filter: OnCallFilter = {}): Promise<PagerDutyOnCall[]> {
    const query: QueryParams = [
      ...(filter.userIds ?? []).map((id): [string, string] => ['user_ids[]', id]),
      ...(filter.escalationPolicyIds ?? []).map((id): [string, string] => ['escalation_policy_ids[]', id]),
      ...(filter.scheduleIds ?? []).map((id): [string, string] => ['schedule_ids[]', id]),
      ...(filter.earliest ? [['earliest', 'true'] as [string, string]] : []),
    ];
    const oncalls = await this.pageThrough('/oncalls', query, PdOnCallPage, (page) => page.oncalls);
    return oncalls.map((oncall) => ({
      user: toRef(oncall.user),
      schedule: oncall.schedule ? toRef(oncall.schedule) : null,
      escalationPolicy: toRef(oncall.escalation_policy),
      escalationLevel: oncall.escalation_level,
      start: oncall.start ?? null,
      end: oncall.end ?? null,
    }));
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
            incidents: group.map((id) => ({ id, type: 'incident_reference', status, ...(resolution && status === 'resolved' ? { resolution } : {}) })),
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
    return toIncident(pd, known);
  }
}

/** True when PagerDuty refused a status change because the incident is already there (or past it). */
export function isAlreadyDone(message: string, status: 'acknowledged' | 'resolved'): boolean {
  if (/already resolved/i.test(message)) return true;
  return status === 'acknowledged' && /already acknowledged/i.test(message);
}

function rethrowUnlessGone(error: unknown): null {
  if (error instanceof ProviderError && error.status === 404) return null;
  throw error;
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
