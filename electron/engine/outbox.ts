/**
 * The durable outbox: every write to an outside system is recorded here before it is
 * sent, so a crash, a restart or a network cut loses nothing.
 *
 * Rows live in SQLite (libsql, an N-API binding with better-sqlite3's API that loads in
 * Node and Electron alike), in a file only its user can read. What it promises:
 * - In order per incident. Each action is in the lanes of what it touches (lanesOf): an
 *   action waits while an earlier one of its lanes is still pending, retries and retry
 *   waits included. Only the paging half is held back by an earlier paging half: once an
 *   action's paging half has landed (its ticket half still retrying), later actions may
 *   send their paging halves, and their ticket halves then wait their turn.
 * - A change replaced before it went out is not sent: a field change (priority, urgency,
 *   escalation, reassignment) on the same incidents as a later one of its kind, never
 *   sent and not being sent, is marked superseded when the later one is recorded.
 * - At most once per action. A row is claimed with a lease before it is sent; the lease is
 *   renewed while the send lasts (the runner), so two processes sharing a data directory
 *   (the desktop app and the CLI) never send it twice, however slow the vendor. A lease
 *   left behind by a killed process expires (at once, when the process was on this
 *   machine) and the row is replayed; executors make replays safe (action-executor.ts).
 */
import type Database from 'libsql';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ActionRecord, ActionRequest, type ActionState } from '../../shared/domain/action';
import type { Clock } from './ports';
import { openPrivateDatabase } from './private-database';

interface ActionRow {
  id: string;
  request: string;
  state: ActionState;
  attempts: number;
  created_at: number;
  updated_at: number;
  next_attempt_at: number | null;
  last_error: string | null;
  progress: string;
  dismissed: number;
}

/** Steps of an action already done, so that a replay skips them. */
type ActionProgress = Record<string, true>;

export interface ClaimedAction {
  record: ActionRecord;
  progress: ActionProgress;
}

/** The step an action records once its paging half has landed (action-executor.ts). */
export const PAGING_DONE_STEP = 'paging-done';

/** The prefix of the steps an action records for each incident it left out because someone else changed it first (action-executor.ts). */
export const REFUSED_STEP = 'refused:';

/** Schema version 2: the superseded state and the lanes table. */
const SCHEMA_VERSION = 2;

const ACTIONS_TABLE = `
CREATE TABLE IF NOT EXISTS actions (
  id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'superseded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_error TEXT,
  progress TEXT NOT NULL DEFAULT '{}',
  lease_owner TEXT,
  lease_until INTEGER,
  dismissed INTEGER NOT NULL DEFAULT 0,
  dedupe_key TEXT
);`;

const INDEXES = `
CREATE INDEX IF NOT EXISTS actions_by_state ON actions (state, next_attempt_at);
CREATE UNIQUE INDEX IF NOT EXISTS actions_by_dedupe_key ON actions (dedupe_key);
CREATE TABLE IF NOT EXISTS action_lanes (
  lane TEXT NOT NULL,
  action_id TEXT NOT NULL,
  PRIMARY KEY (lane, action_id)
);
CREATE INDEX IF NOT EXISTS action_lanes_by_action ON action_lanes (action_id);`;

/** How long a claimed row stays reserved for the process that claimed it (renewed while it is being sent). */
const DEFAULT_LEASE_MS = 60_000;

/** Field changes where a later one of the same kind on the same incidents makes an unsent earlier one pointless. */
const SUPERSEDABLE_KINDS: ReadonlySet<ActionRequest['kind']> = new Set(['setPriority', 'setUrgency', 'escalate', 'reassign']);

export interface OutboxOptions {
  /** How long a claim holds before another process may take the row (default 60 s). */
  leaseMs?: number;
}

export class Outbox {
  private readonly db: Database.Database;
  /** Who holds a lease: this machine and process, so a restart can release a killed process's leases. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  /** Ids superseded by recent enqueues, until takeSuperseded() hands them out. */
  private readonly superseded: string[] = [];
  readonly leaseMs: number;

  /** Opens (and creates if needed) the outbox at `path`, readable only by its user; ':memory:' for a throwaway one. */
  constructor(
    path: string,
    private readonly clock: Clock,
    options: OutboxOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.db = openPrivateDatabase(path);
    this.migrate();
    this.setAsideUnreadable();
    this.releaseLeasesOfDeadProcesses();
  }

  /**
   * An action an earlier version recorded in a form this one refuses (a selection above
   * today's cap, say) is never sent: it is marked failed with the reason and put out of
   * sight, so it cannot hold the outbox up or break what the page is sent.
   */
  private setAsideUnreadable(): void {
    const rows = this.db
      .prepare(`SELECT id, request, state FROM actions WHERE state IN ('pending', 'failed') AND dismissed = 0`)
      .all() as Array<{ id: string; request: string; state: ActionState }>;
    for (const row of rows) {
      const parsed = ActionRequest.safeParse(safeJson(row.request));
      if (parsed.success) continue;
      const why = parsed.error.issues[0]?.message ?? 'it does not read as an action';
      this.db
        .prepare(
          `UPDATE actions SET state = 'failed', last_error = ?, next_attempt_at = NULL, dismissed = 1, lease_owner = NULL, lease_until = NULL WHERE id = ?`,
        )
        .run(`Recorded by an earlier version in a form this one does not send (${why}); act again from the queue`, row.id);
      this.dropLanes(row.id);
    }
  }

  /**
   * Brings an outbox of any earlier version to this one: version 0 files (no user_version)
   * are rebuilt with the superseded state, and their pending actions get their lanes.
   */
  private migrate(): void {
    const version = (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version >= SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        const existing = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'actions'").get();
        if (existing) {
          const columns = new Set((this.db.prepare('PRAGMA table_info(actions)').all() as Array<{ name: string }>).map((c) => c.name));
          const dedupe = columns.has('dedupe_key') ? 'dedupe_key' : 'NULL';
          this.db.exec(
            'DROP INDEX IF EXISTS actions_by_state; DROP INDEX IF EXISTS actions_by_dedupe_key; ALTER TABLE actions RENAME TO actions_v1;',
          );
          this.db.exec(ACTIONS_TABLE);
          this.db.exec(
            `INSERT INTO actions (rowid, id, request, state, attempts, created_at, updated_at, next_attempt_at, last_error, progress, lease_owner, lease_until, dismissed, dedupe_key)
           SELECT rowid, id, request, state, attempts, created_at, updated_at, next_attempt_at, last_error, progress, lease_owner, lease_until, dismissed, ${dedupe} FROM actions_v1;
           DROP TABLE actions_v1;`,
          );
        } else {
          this.db.exec(ACTIONS_TABLE);
        }
        this.db.exec(INDEXES);
        const pending = this.db.prepare("SELECT id, request FROM actions WHERE state = 'pending'").all() as Array<{
          id: string;
          request: string;
        }>;
        for (const row of pending) {
          const parsed = ActionRequest.safeParse(safeJson(row.request));
          if (parsed.success) this.insertLanes(row.id, parsed.data);
        }
        this.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  /**
   * A process killed mid-send leaves its lease behind; when it ran on this machine and is
   * gone, the row is free at once instead of after the lease runs out.
   */
  private releaseLeasesOfDeadProcesses(): void {
    const owners = this.db
      .prepare(`SELECT DISTINCT lease_owner FROM actions WHERE state = 'pending' AND lease_owner IS NOT NULL`)
      .all() as Array<{ lease_owner: string }>;
    for (const { lease_owner: owner } of owners) {
      const [host, pid] = owner.split(':');
      if (host !== hostname() || !pid || Number(pid) === process.pid || isProcessAlive(Number(pid))) continue;
      this.db.prepare('UPDATE actions SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?').run(owner);
    }
  }

  /** Records a new action (and supersedes the unsent changes it replaces); it is durable when this returns. */
  enqueue(request: ActionRequest): ActionRecord {
    return this.record(request, null)!;
  }

  /**
   * Records an action unless one with the same key was ever recorded (automations: one
   * ticket opening per incident, one copy of each ticket note). Returns null for a repeat.
   */
  enqueueOnce(request: ActionRequest, dedupeKey: string): ActionRecord | null {
    return this.record(request, dedupeKey);
  }

  /** The actions `enqueue` marked superseded since the last call, for the engine to announce. */
  takeSuperseded(): ActionRecord[] {
    const ids = this.superseded.splice(0);
    return ids.map((id) => this.get(id)).filter((record): record is ActionRecord => record !== null);
  }

  private record(input: ActionRequest, dedupeKey: string | null): ActionRecord | null {
    const request = ActionRequest.parse(input);
    const now = this.clock.now();
    const id = randomUUID();
    const inserted = this.db
      .transaction((): boolean => {
        const result = this.db
          .prepare(
            `INSERT OR IGNORE INTO actions (id, request, state, attempts, created_at, updated_at, next_attempt_at, dedupe_key)
           VALUES (?, ?, 'pending', 0, ?, ?, ?, ?)`,
          )
          .run(id, JSON.stringify(request), now, now, now, dedupeKey);
        if (!result.changes) return false;
        this.insertLanes(id, request);
        this.supersedeReplacedBy(id, request, now);
        return true;
      })
      .immediate();
    return inserted ? this.get(id) : null;
  }

  private insertLanes(id: string, request: ActionRequest): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO action_lanes (lane, action_id) VALUES (?, ?)');
    for (const lane of lanesOf(request)) insert.run(lane, id);
  }

  /** Marks the earlier, unsent, not-in-flight changes of the same kind on the same incidents as superseded by `id`. */
  private supersedeReplacedBy(id: string, request: ActionRequest, now: number): void {
    if (!SUPERSEDABLE_KINDS.has(request.kind) || (request.kind === 'reassign' && request.to.type === 'service')) return;
    const wanted = sameIncidents(request.incidentIds);
    const candidates = this.db
      .prepare(
        `SELECT id, request FROM actions
         WHERE state = 'pending' AND id != ? AND progress = '{}' AND (lease_until IS NULL OR lease_until < ?)
           AND json_extract(request, '$.kind') = ?`,
      )
      .all(id, now, request.kind) as Array<{ id: string; request: string }>;
    const supersede = this.db.prepare(
      `UPDATE actions SET state = 'superseded', last_error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'pending'`,
    );
    for (const candidate of candidates) {
      const earlier = ActionRequest.parse(JSON.parse(candidate.request));
      if (earlier.kind === 'reassign' && earlier.to.type === 'service') continue;
      if (sameIncidents(earlier.incidentIds) !== wanted) continue;
      supersede.run('Replaced by a later change before it was sent', now, candidate.id);
      this.dropLanes(candidate.id);
      this.superseded.push(candidate.id);
    }
  }

  get(id: string): ActionRecord | null {
    const row = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Claims the oldest pending action that is due, not leased by anyone and not held back by
   * an earlier action of its lanes (see the module comment), or null. The claim counts as an
   * attempt, so a crash mid-send is visible on replay.
   */
  claimNextDue(): ClaimedAction | null {
    const now = this.clock.now();
    const claim = this.db.transaction((): ActionRow | undefined => {
      const row = this.db
        .prepare(
          `SELECT a.* FROM actions a
           WHERE a.state = 'pending' AND a.next_attempt_at <= ? AND (a.lease_until IS NULL OR a.lease_until < ?)
             AND NOT EXISTS (${EARLIER_IN_LANE_HOLDING('a')})
           ORDER BY a.created_at, a.rowid LIMIT 1`,
        )
        .get(now, now) as ActionRow | undefined;
      if (!row) return undefined;
      this.db
        .prepare('UPDATE actions SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?')
        .run(this.owner, now + this.leaseMs, now, row.id);
      return { ...row, attempts: row.attempts + 1, updated_at: now };
    });
    const row = claim.immediate();
    return row ? { record: toRecord(row), progress: JSON.parse(row.progress) as ActionProgress } : null;
  }

  /**
   * True while an earlier action of this one's lanes is still pending: its ticket half must
   * wait (the executor asks before the ticket half, once the paging half has landed).
   */
  hasEarlierPending(id: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM action_lanes mine
         JOIN action_lanes theirs ON theirs.lane = mine.lane AND theirs.action_id != mine.action_id
         JOIN actions e ON e.id = theirs.action_id
         JOIN actions a ON a.id = mine.action_id
         WHERE mine.action_id = ? AND e.state = 'pending' AND (e.created_at < a.created_at OR (e.created_at = a.created_at AND e.rowid < a.rowid))
         LIMIT 1`,
      )
      .get(id);
    return row !== undefined;
  }

  /**
   * Extends the leases this process holds on these rows while they are being sent; returns
   * the ids whose lease it no longer holds (another process took the row: stop sending it).
   */
  renewLeases(ids: readonly string[]): string[] {
    const until = this.clock.now() + this.leaseMs;
    const renew = this.db.prepare(`UPDATE actions SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'pending'`);
    const lost: string[] = [];
    this.db
      .transaction(() => {
        for (const id of ids) if (renew.run(until, id, this.owner).changes === 0) lost.push(id);
      })
      .immediate();
    return lost;
  }

  /** Remembers that one step of a claimed action is done. */
  recordProgress(id: string, step: string): void {
    const row = this.db.prepare('SELECT progress FROM actions WHERE id = ?').get(id) as { progress: string } | undefined;
    if (!row) return;
    const progress = { ...(JSON.parse(row.progress) as ActionProgress), [step]: true };
    this.db.prepare('UPDATE actions SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  markDone(id: string): ActionRecord {
    return this.settle(id, 'done', null, null);
  }

  /** The attempt failed but the action should be tried again at `retryAt`. */
  markRetry(id: string, error: string, retryAt: number): ActionRecord {
    return this.settle(id, 'pending', error, retryAt);
  }

  /** The action cannot succeed as it is; it stays visible as failed until retried or dismissed. */
  markFailed(id: string, error: string): ActionRecord {
    return this.settle(id, 'failed', error, null);
  }

  /** Gives a claimed action back unsent (the process is stopping): due again at once, for the next process that runs. */
  release(id: string): ActionRecord {
    const now = this.clock.now();
    this.db
      .prepare(
        `UPDATE actions SET next_attempt_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'pending'`,
      )
      .run(now, now, id);
    return this.get(id)!;
  }

  /** Puts a failed (or waiting) action back in line to be sent now, in its original place. */
  retry(id: string): ActionRecord | null {
    const now = this.clock.now();
    const retried = this.db
      .transaction((): boolean => {
        const row = this.db.prepare(`SELECT request, state FROM actions WHERE id = ? AND state IN ('pending', 'failed')`).get(id) as
          { request: string; state: ActionState } | undefined;
        if (!row) return false;
        this.db
          .prepare(`UPDATE actions SET state = 'pending', next_attempt_at = ?, updated_at = ?, dismissed = 0 WHERE id = ?`)
          .run(now, now, id);
        if (row.state === 'failed') this.insertLanes(id, ActionRequest.parse(JSON.parse(row.request)));
        return true;
      })
      .immediate();
    return retried ? this.get(id) : null;
  }

  /**
   * Hides a settled action from the UI; a pending one not being sent is cancelled (marked
   * failed) first. Returns null for an unknown id and 'in-flight' for an action some
   * process is sending right now (the runner stops its own sends first; see the engine).
   */
  dismiss(id: string, reason = 'Cancelled before it was sent'): ActionRecord | 'in-flight' | null {
    const now = this.clock.now();
    const changed = this.db
      .prepare(
        `UPDATE actions SET state = CASE state WHEN 'pending' THEN 'failed' ELSE state END,
           last_error = CASE state WHEN 'pending' THEN ? ELSE last_error END,
           next_attempt_at = CASE state WHEN 'pending' THEN NULL ELSE next_attempt_at END,
           dismissed = 1, updated_at = ?
         WHERE id = ? AND (lease_until IS NULL OR lease_until < ? OR state != 'pending')`,
      )
      .run(reason, now, id, now).changes;
    if (changed) this.dropLanes(id);
    const record = this.get(id);
    if (!record) return null;
    return changed ? record : 'in-flight';
  }

  /**
   * Pending and failed actions not dismissed, and those people took (not automations')
   * done or superseded within `recentMs`.
   */
  listVisible(recentMs: number): ActionRecord[] {
    const since = this.clock.now() - recentMs;
    const rows = this.db
      .prepare(
        `SELECT * FROM actions
         WHERE dismissed = 0 AND (state IN ('pending', 'failed') OR (updated_at >= ? AND dedupe_key IS NULL))
         ORDER BY created_at`,
      )
      .all(since) as ActionRow[];
    return rows.map(toRecord);
  }

  /**
   * When the next pending action that is not held back by an earlier one becomes due, or
   * null if none is pending (a held-back action is freed when the one before it settles,
   * whose own time counts here).
   */
  nextDueAt(): number | null {
    const row = this.db
      .prepare(
        `SELECT MIN(MAX(a.next_attempt_at, COALESCE(a.lease_until, 0))) AS due FROM actions a
         WHERE a.state = 'pending' AND NOT EXISTS (${EARLIER_IN_LANE_HOLDING('a')})`,
      )
      .get() as { due: number | null };
    return row.due;
  }

  close(): void {
    this.db.close();
  }

  private settle(id: string, state: ActionState, error: string | null, retryAt: number | null): ActionRecord {
    const now = this.clock.now();
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `UPDATE actions SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ?,
             lease_owner = NULL, lease_until = NULL
           WHERE id = ?`,
          )
          .run(state, error, retryAt, now, id);
        if (state !== 'pending') this.dropLanes(id);
      })
      .immediate();
    return this.get(id)!;
  }

  /** A settled action holds no lane back any more. */
  private dropLanes(id: string): void {
    this.db.prepare('DELETE FROM action_lanes WHERE action_id = ?').run(id);
  }
}

/**
 * SQL: an earlier pending action sharing a lane with `alias` that holds it back: any of
 * them once `alias`'s paging half has landed (only its ticket half is left, which goes in
 * order), otherwise one whose own paging half has not landed.
 */
function EARLIER_IN_LANE_HOLDING(alias: string): string {
  return `SELECT 1 FROM action_lanes mine
    JOIN action_lanes theirs ON theirs.lane = mine.lane AND theirs.action_id != mine.action_id
    JOIN actions e ON e.id = theirs.action_id
    WHERE mine.action_id = ${alias}.id AND e.state = 'pending'
      AND (e.created_at < ${alias}.created_at OR (e.created_at = ${alias}.created_at AND e.rowid < ${alias}.rowid))
      AND (json_extract(${alias}.progress, '$."${PAGING_DONE_STEP}"') IS NOT NULL OR json_extract(e.progress, '$."${PAGING_DONE_STEP}"') IS NULL)`;
}

/**
 * The lanes an action is sent in order within: one per incident it touches (a merge's
 * target too), or, for a specialist request's ticket writes (raise, comments, claim,
 * close, shared notes), the request's own lane, so the note that says what changed lands
 * before the close that follows it. A pipeline dispatch is in none, so a ticketing outage
 * never holds a run back.
 */
function lanesOf(request: ActionRequest): string[] {
  switch (request.kind) {
    case 'raiseSpecialistTicket':
    case 'updateSpecialistTicket':
      return [`specialist-ticket:${request.requestId}`];
    case 'dispatchSpecialistRun':
      return [];
    case 'merge':
      return [...new Set([...request.incidentIds, request.targetIncidentId])].map((id) => `incident:${id}`);
    default:
      return [...new Set(request.incidentIds)].map((id) => `incident:${id}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sameIncidents(ids: readonly string[]): string {
  return [...new Set(ids)].sort().join('\n');
}

function toRecord(row: ActionRow): ActionRecord {
  return ActionRecord.parse({
    id: row.id,
    request: ActionRequest.parse(JSON.parse(row.request)),
    state: row.state,
    attempts: row.attempts,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    lastError: row.last_error,
    dismissed: row.dismissed === 1,
    refused:
      row.state === 'failed' && Object.keys(JSON.parse(row.progress) as ActionProgress).some((step) => step.startsWith(REFUSED_STEP)),
  });
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
