/**
 * The durable outbox: every write to an outside system is recorded here before it is
 * sent, so a crash, a restart or a network cut loses nothing.
 *
 * Rows live in SQLite (libsql, an N-API binding with better-sqlite3's API that loads in
 * Node and Electron alike). A row is claimed with a lease before it is sent, so two
 * processes sharing a data directory (the desktop app and the CLI) never send it twice
 * at once; a lease left behind by a killed process simply expires and the row is replayed.
 * Executors make replays safe (see action-executor.ts).
 */
import Database from 'libsql';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ActionRecord, ActionRequest, type ActionState } from '../../shared/domain/action';
import type { Clock } from './ports';

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
export type ActionProgress = Record<string, true>;

export interface ClaimedAction {
  record: ActionRecord;
  progress: ActionProgress;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS actions (
  id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_error TEXT,
  progress TEXT NOT NULL DEFAULT '{}',
  lease_owner TEXT,
  lease_until INTEGER,
  dismissed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS actions_by_state ON actions (state, next_attempt_at);
`;

/** Columns added after the first release, for outboxes created before them. */
const MIGRATIONS: Array<{ column: string; sql: string }> = [
  {
    column: 'dedupe_key',
    sql: 'ALTER TABLE actions ADD COLUMN dedupe_key TEXT; CREATE UNIQUE INDEX IF NOT EXISTS actions_by_dedupe_key ON actions (dedupe_key);',
  },
];

/** How long a claimed row stays reserved for the process that claimed it. */
const LEASE_MS = 60_000;

export class Outbox {
  private readonly db: Database.Database;
  /** Who holds a lease: this machine and process, so a restart can release a killed process's leases. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;

  /** Opens (and creates if needed) the outbox at `path`; ':memory:' for a throwaway one. */
  constructor(
    path: string,
    private readonly clock: Clock,
  ) {
    this.db = new Database(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;');
    this.db.exec(SCHEMA);
    const columns = new Set((this.db.prepare('PRAGMA table_info(actions)').all() as Array<{ name: string }>).map((c) => c.name));
    for (const migration of MIGRATIONS) if (!columns.has(migration.column)) this.db.exec(migration.sql);
    this.releaseLeasesOfDeadProcesses();
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

  /** Records a new action; it is durable when this returns. */
  enqueue(request: ActionRequest): ActionRecord {
    const now = this.clock.now();
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO actions (id, request, state, attempts, created_at, updated_at, next_attempt_at)
         VALUES (?, ?, 'pending', 0, ?, ?, ?)`,
      )
      .run(id, JSON.stringify(request), now, now, now);
    return this.get(id)!;
  }

  /**
   * Records an action unless one with the same key was ever recorded (automations: one
   * ticket opening per incident, one copy of each ticket note). Returns null for a repeat.
   */
  enqueueOnce(request: ActionRequest, dedupeKey: string): ActionRecord | null {
    const now = this.clock.now();
    const id = randomUUID();
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO actions (id, request, state, attempts, created_at, updated_at, next_attempt_at, dedupe_key)
         VALUES (?, ?, 'pending', 0, ?, ?, ?, ?)`,
      )
      .run(id, JSON.stringify(request), now, now, now, dedupeKey);
    return result.changes ? this.get(id) : null;
  }

  get(id: string): ActionRecord | null {
    const row = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Claims the oldest pending action that is due, not leased by anyone and not blocked
   * (the runner blocks actions on incidents it is already acting on), or null. Actions in
   * a lane (orderedLaneOf) go strictly in the order recorded: one waits while an earlier
   * one of its lane is pending, even one waiting to be retried. The claim counts as an
   * attempt, so a crash mid-send is visible on replay.
   */
  claimNextDue(isBlocked: (request: ActionRequest) => boolean = () => false): ClaimedAction | null {
    const now = this.clock.now();
    const claim = this.db.transaction((): ActionRow | undefined => {
      const due = this.db
        .prepare(
          `SELECT * FROM actions
           WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
           ORDER BY created_at LIMIT 100`,
        )
        .all(now, now) as ActionRow[];
      const row = due.find((candidate) => {
        const request = ActionRequest.parse(JSON.parse(candidate.request));
        return !isBlocked(request) && this.isFirstOfItsLane(candidate.id, request);
      });
      if (!row) return undefined;
      this.db
        .prepare('UPDATE actions SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?')
        .run(this.owner, now + LEASE_MS, now, row.id);
      return { ...row, attempts: row.attempts + 1, updated_at: now };
    });
    const row = claim.immediate();
    return row ? { record: toRecord(row), progress: JSON.parse(row.progress) as ActionProgress } : null;
  }


  /** True when the action is in no ordered lane, or is the oldest pending action of its lane. */
  private isFirstOfItsLane(id: string, request: ActionRequest): boolean {
    if (orderedLaneOf(request) === null || !('requestId' in request)) return true;
    const first = this.db
      .prepare(
        `SELECT id FROM actions
         WHERE state = 'pending' AND json_extract(request, '$.kind') IN (${TICKET_WRITE_KINDS.map(() => '?').join(', ')}) AND json_extract(request, '$.requestId') = ?
         ORDER BY created_at, rowid LIMIT 1`,
      )
      .get(...TICKET_WRITE_KINDS, request.requestId) as { id: string } | undefined;
    return first?.id === id;
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

  /** Puts a failed (or waiting) action back in line to be sent now. */
  retry(id: string): ActionRecord | null {
    const now = this.clock.now();
    const result = this.db
      .prepare(
        `UPDATE actions SET state = 'pending', next_attempt_at = ?, updated_at = ?, dismissed = 0
         WHERE id = ? AND state != 'done'`,
      )
      .run(now, now, id);
    return result.changes ? this.get(id) : null;
  }

  /** Hides a failed or done action from the UI; a pending one is cancelled (marked failed) first. */
  dismiss(id: string): ActionRecord | null {
    const now = this.clock.now();
    this.db
      .prepare(
        `UPDATE actions SET state = CASE state WHEN 'pending' THEN 'failed' ELSE state END,
           last_error = CASE state WHEN 'pending' THEN 'Cancelled before it was sent' ELSE last_error END,
           dismissed = 1, updated_at = ?
         WHERE id = ? AND (lease_until IS NULL OR lease_until < ? OR state != 'pending')`,
      )
      .run(now, id, now);
    return this.get(id);
  }

  /**
   * Pending and failed actions not dismissed, and those people took (not automations')
   * done within `recentMs`.
   */
  listVisible(recentMs: number): ActionRecord[] {
    const since = this.clock.now() - recentMs;
    const rows = this.db
      .prepare(
        `SELECT * FROM actions
         WHERE dismissed = 0 AND (state != 'done' OR (updated_at >= ? AND dedupe_key IS NULL))
         ORDER BY created_at`,
      )
      .all(since) as ActionRow[];
    return rows.map(toRecord);
  }

  /** When the next pending action becomes due, or null if none is pending. */
  nextDueAt(): number | null {
    const row = this.db
      .prepare(
        `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS due FROM actions WHERE state = 'pending'`,
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
      .prepare(
        `UPDATE actions SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ?,
           lease_owner = NULL, lease_until = NULL
         WHERE id = ?`,
      )
      .run(state, error, retryAt, now, id);
    return this.get(id)!;
  }
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

/**
 * The lane an action is sent in strict order within, or null. A specialist request's
 * ticket writes (raise, comments, claim, close, shared notes) form one: the note that says
 * what changed must land before the close that follows it (a closed item takes no more
 * notes). Its pipeline dispatches are not in it, so a ticketing outage never holds a run back.
 */
export function orderedLaneOf(request: ActionRequest): string | null {
  return (TICKET_WRITE_KINDS as readonly string[]).includes(request.kind) && 'requestId' in request ? `specialist-ticket:${request.requestId}` : null;
}

/** The kinds of a specialist request's ticket writes: the one ordered lane (orderedLaneOf). */
const TICKET_WRITE_KINDS: ReadonlyArray<ActionRequest['kind']> = ['raiseSpecialistTicket', 'updateSpecialistTicket'];
