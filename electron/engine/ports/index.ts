/**
 * The ports the engine is built from: everything it needs from the outside world is
 * handed in through its constructor as one of these, so the Electron shell, the headless
 * host and the tests can each pass their own (real clients, simulators or fakes).
 */
import type { Directory, EscalationPolicy, OnCall } from '../../../shared/domain/directory';
import type { EscalationPath, Incident, IncidentDetail, Note, Urgency } from '../../../shared/domain/incident';
import type { IncidentTimes } from '../../../shared/rules/response-metrics';

/** Time, injectable so tests can move it. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Who the provider acts as (the token's owner). */
export interface ProviderUser {
  id: string;
  name: string;
  email: string;
}

/** Where an incremental sync left off; opaque to the engine, persisted between polls. */
export type SyncCursor = string;

/** The result of one incremental poll. */
export interface ChangeSet {
  /** Incidents in scope that changed since the cursor, in their current state (resolved ones included). */
  changed: Incident[];
  /** Ids of incidents that changed but are now outside the scope (reassigned away, say). */
  leftScope: string[];
  /** Where the next poll starts. */
  cursor: SyncCursor;
}

/** One page of a full load of the open incidents, handed over as it arrives. */
export interface OpenIncidentsPage {
  incidents: Incident[];
  /** How many open incidents the platform said the list holds when the load began (it may change meanwhile), or null when it did not say. */
  total: number | null;
}

/**
 * A paging platform (PagerDuty first). Reads are plain calls; writes are called by the
 * outbox only, and must be safe to repeat: the outbox may replay them after a crash.
 */
export interface PagingProvider {
  readonly id: string;
  readonly label: string;
  /** Checks the credentials and returns the user they belong to. */
  whoAmI(): Promise<ProviderUser>;
  /** The incidents in scope resolved most recently (newest first, at most `limit`): the Resolved view. */
  listRecentlyResolved(limit: number): Promise<Incident[]>;
  /** Reopens resolved incidents on purpose (a Resolved view's Reopen): they go back to acknowledged. */
  reopen(incidentIds: string[]): Promise<void>;
  /**
   * Every open (triggered or acknowledged) incident in scope, and a cursor for changesSince.
   * `onPage`, when given, hears the pages as they arrive (a platform that reads one list may
   * not call it): the first rows can show before the whole list is read. Pages may repeat
   * an incident; only the whole list tells which incidents are gone.
   */
  listOpenIncidents(onPage?: (page: OpenIncidentsPage) => void): Promise<{ incidents: Incident[]; cursor: SyncCursor }>;
  /** What changed since the cursor: about one request when nothing did. */
  changesSince(cursor: SyncCursor): Promise<ChangeSet>;
  /** An incident's detail; `hints` (engine/incident-detail-cache.ts) lets a provider skip what it already knows is current. */
  getIncidentDetail(incidentId: string, hints?: IncidentDetailHints): Promise<IncidentDetail>;
  /**
   * These incidents as the platform has them right now (open or resolved), read fresh for
   * an action about to be sent; an id the platform does not know (or, among many, does not
   * have open) is missing from the map.
   */
  incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>>;
  listNotes(incidentId: string): Promise<Note[]>;
  /** Acknowledges incidents, in as few calls as the API allows. */
  acknowledge(incidentIds: string[]): Promise<void>;
  /**
   * Resolves incidents, in as few calls as the API allows. `note`: the resolution note, for a
   * platform that takes it with the resolve (Splunk On-Call's message); one with incident notes
   * gets it as a note before (the executor adds it) and ignores it here.
   */
  resolve(incidentIds: string[], note?: string): Promise<void>;
  addNote(incidentId: string, content: string): Promise<Note>;
  /** Rewrites a note this user wrote (the ticket claim becomes the ticket's number). */
  updateNote(incidentId: string, noteId: string, content: string): Promise<void>;
  /** Removes a note this user wrote (a claim another host's beat); one already gone counts as removed. */
  deleteNote(incidentId: string, noteId: string): Promise<void>;
  /** Changes several incidents the same way, in as few calls as the API allows (PUT /incidents, 250 a call). */
  updateIncidents(incidentIds: string[], change: IncidentChange): Promise<void>;
  /** Snoozes an acknowledged incident (it re-triggers when the time is up). */
  snooze(incidentId: string, durationSeconds: number): Promise<void>;
  addResponders(incidentId: string, request: { userIds: string[]; escalationPolicyIds: string[]; message: string }): Promise<void>;
  /** Merges the source incidents into the target (their alerts move; they resolve). */
  merge(targetIncidentId: string, sourceIncidentIds: string[]): Promise<void>;
  getDirectory(): Promise<Directory>;
  /** Who is on call now, for every escalation policy the token can see. */
  listOnCalls(): Promise<OnCall[]>;
  /**
   * When each incident in scope triggered since `sinceMs` was triggered, first acknowledged
   * and resolved, read from the platform's records (for the response metrics).
   */
  listIncidentTimes(sinceMs: number): Promise<IncidentTimes[]>;
}

/**
 * What the engine already holds for an incident's detail, handed to the provider so it
 * reads only what may have changed. A provider may ignore all of it (it is never wrong to
 * read everything again); the incident itself and its timeline are always read.
 */
export interface IncidentDetailHints {
  /** The detail as last read, when the engine still keeps it. */
  known?: IncidentDetail;
  /** Parts of `known` that an action since may have changed (read them again); the rest is current as far as the engine knows. */
  stale?: { notes?: boolean; alerts?: boolean };
  /** Escalation paths read within the on-call cache time (for this or other incidents): who is on call per policy level. */
  recentEscalations?: readonly EscalationPath[];
  /** The engine's shared directory read, when fresh: escalation policies with their levels. */
  escalationPolicies?: readonly EscalationPolicy[];
  /**
   * Who is on call now by escalation policy id, from the engine's shared on-call read (the
   * on-call panel's and the notification center's), for the policies that read still answers
   * for (shared/rules/on-call-currency.ts); not loaded for the detail's sake: a full read can
   * take many pages, where the provider reads the incident's policy's on-calls in one request.
   */
  oncalls?: ReadonlyMap<string, readonly OnCall[]>;
}

/** One change applied to many incidents; fields left out stay as they are. */
export interface IncidentChange {
  assignTo?: { userIds: string[] } | { escalationPolicyId: string };
  escalationLevel?: number;
  urgency?: Urgency;
  /** null clears the priority. */
  priorityId?: string | null;
}

/**
 * An error from a provider, classified so the engine knows whether to retry.
 *
 * transient: worth retrying (network, timeouts, 429, 5xx); auth: the credentials were
 * refused (401/403), retrying will not help until they change; rejected: the request
 * itself was refused (400/404/409), retrying will not help.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'transient' | 'auth' | 'rejected',
    message: string,
    readonly status?: number,
    /** When the vendor told us to come back (Retry-After, ratelimit-reset), in ms since the epoch. */
    readonly retryAt?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
