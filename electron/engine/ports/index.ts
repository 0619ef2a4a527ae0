/**
 * The ports the engine is built from: everything it needs from the outside world is
 * handed in through its constructor as one of these, so the Electron shell, the headless
 * host and the tests can each pass their own (real clients, simulators or fakes).
 */
import type { Directory, OnCall } from '../../../shared/domain/directory';
import type { Incident, IncidentDetail, Note, Urgency } from '../../../shared/domain/incident';
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
  /** Every open (triggered or acknowledged) incident in scope, and a cursor for changesSince. */
  listOpenIncidents(): Promise<{ incidents: Incident[]; cursor: SyncCursor }>;
  /** What changed since the cursor: about one request when nothing did. */
  changesSince(cursor: SyncCursor): Promise<ChangeSet>;
  getIncidentDetail(incidentId: string): Promise<IncidentDetail>;
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
