/**
 * Where specialist requests live: SQLite tables in the same database file as the outbox
 * (one file per workspace), so requests, their comments, approvals, pipeline runs and
 * history survive restarts, and the desktop app and the CLI sharing a data directory see
 * the same ones. Rows hold JSON validated with zod on the way out; every change to a
 * request is one transaction.
 */
import type Database from 'libsql';
import { openPrivateDatabase } from '../private-database';
import { z } from 'zod';
import { StoredApproval, StoredComment, StoredHistoryEntry, StoredRequestCore, StoredRun, type StoredRequest } from './request-record';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS specialist_requests (
  id TEXT PRIMARY KEY,
  offering_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  team_id TEXT NOT NULL,
  state TEXT NOT NULL,
  requester_email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS specialist_requests_by_requester ON specialist_requests (requester_email, created_at);
CREATE INDEX IF NOT EXISTS specialist_requests_by_team ON specialist_requests (team_id, created_at);
CREATE INDEX IF NOT EXISTS specialist_requests_by_state ON specialist_requests (state);
CREATE TABLE IF NOT EXISTS specialist_request_comments (
  request_id TEXT NOT NULL REFERENCES specialist_requests (id),
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (request_id, seq)
);
CREATE TABLE IF NOT EXISTS specialist_request_approvals (
  request_id TEXT NOT NULL REFERENCES specialist_requests (id),
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (request_id, seq)
);
CREATE TABLE IF NOT EXISTS specialist_request_runs (
  request_id TEXT NOT NULL REFERENCES specialist_requests (id),
  run_number INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (request_id, run_number)
);
CREATE TABLE IF NOT EXISTS specialist_request_history (
  request_id TEXT NOT NULL REFERENCES specialist_requests (id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  state TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (request_id, seq)
);
CREATE TABLE IF NOT EXISTS specialist_ticket_entries_read (
  entry_id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS specialist_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * Columns added after the first release, for databases created before them (as the
 * outbox does it: add the column when it is missing).
 */
const MIGRATIONS: Array<{ table: string; column: string; sql: string }> = [
  {
    table: 'specialist_requests',
    column: 'incident_id',
    sql: 'ALTER TABLE specialist_requests ADD COLUMN incident_id TEXT; CREATE INDEX IF NOT EXISTS specialist_requests_by_incident ON specialist_requests (incident_id);',
  },
  {
    // Set in the same transaction as a change made here, cleared once the listeners had it (and shared it): a crash in between is caught up at the next start.
    table: 'specialist_requests',
    column: 'share_pending',
    // Requests from before the shared record: their open ones are shared whole at the first start.
    sql: "ALTER TABLE specialist_requests ADD COLUMN share_pending INTEGER NOT NULL DEFAULT 0; UPDATE specialist_requests SET share_pending = 1 WHERE state NOT IN ('resolved', 'cancelled', 'succeeded', 'rejected');",
  },
];

/** Which requests to list. */
export interface RequestFilter {
  requesterEmail?: string;
  teamIds?: readonly string[];
  offeringId?: string;
  states?: readonly string[];
  /** At most this many, newest first (default 500). */
  limit?: number;
}

const RecordText = z.string();

function parseRow<T extends z.ZodType>(schema: T, text: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(JSON.parse(RecordText.parse(text)));
  if (!parsed.success)
    throw new Error(`The specialist request store holds an unreadable ${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Told of every change made here (not of merges read from the ticket): what it was, what it is. */
export type RequestChangeListener = (before: StoredRequest | null, after: StoredRequest) => void;

export class SpecialistRequestStore {
  private readonly db: Database.Database;
  private readonly listeners = new Set<RequestChangeListener>();

  /** Opens (and creates if needed) the tables in the database at `path` (the outbox's file); ':memory:' for a throwaway one. */
  constructor(path: string) {
    this.db = openPrivateDatabase(path);
    this.db.exec(SCHEMA);
    for (const migration of MIGRATIONS) {
      const columns = new Set(
        (this.db.prepare(`PRAGMA table_info(${migration.table})`).all() as Array<{ name: string }>).map((column) => column.name),
      );
      if (!columns.has(migration.column)) this.db.exec(migration.sql);
    }
  }

  /** Calls `listener` after each insert and update made in this console; returns how to stop. */
  onChange(listener: RequestChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records a new request with everything it already has; durable when this returns.
   * `from: 'ticket'`: a request read from another console's notes (listeners are not told).
   */
  insert(request: StoredRequest, from: 'here' | 'ticket' = 'here'): void {
    this.db.transaction(() => this.write(request, null, from)).immediate();
    if (from === 'here') this.tell(null, request);
  }

  get(id: string): StoredRequest | null {
    const row = this.db.prepare('SELECT record FROM specialist_requests WHERE id = ?').get(id) as { record: string } | undefined;
    return row ? this.assemble(parseRow(StoredRequestCore, row.record, 'request')) : null;
  }

  /**
   * Changes a request in one transaction: `change` gets the current request and edits it
   * in place (appending comments, approvals and history; adding or updating runs).
   * Returns the request as stored, or null when there is no such request.
   */
  update(id: string, change: (request: StoredRequest) => void, from: 'here' | 'ticket' = 'here'): StoredRequest | null {
    let before: StoredRequest | null = null;
    const after = this.db
      .transaction((): StoredRequest | null => {
        before = this.get(id);
        if (!before) return null;
        const next = structuredClone(before);
        change(next);
        this.write(next, before, from);
        return next;
      })
      .immediate();
    if (after && from === 'here') this.tell(before, after);
    return after;
  }

  /** Requests changed here whose listeners never had the change (the process stopped in between). */
  sharePendingIds(): string[] {
    return (this.db.prepare('SELECT id FROM specialist_requests WHERE share_pending = 1').all() as Array<{ id: string }>).map(
      (row) => row.id,
    );
  }

  /** The listeners had the request's latest change made here. */
  markShared(id: string): void {
    this.db.prepare('UPDATE specialist_requests SET share_pending = 0 WHERE id = ?').run(id);
  }

  /** A small value the specialists module keeps (the shared record's read position), or null. */
  getSetting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM specialist_settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO specialist_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  /** Whether this ticket journal entry was read already (entries are read once). */
  wasRead(entryId: string): boolean {
    return this.db.prepare('SELECT 1 FROM specialist_ticket_entries_read WHERE entry_id = ?').get(entryId) !== undefined;
  }

  markRead(entryId: string, requestId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO specialist_ticket_entries_read (entry_id, request_id) VALUES (?, ?)').run(entryId, requestId);
  }

  list(filter: RequestFilter = {}): StoredRequest[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.requesterEmail !== undefined) {
      where.push('requester_email = ?');
      params.push(filter.requesterEmail.toLowerCase());
    }
    if (filter.teamIds !== undefined) {
      if (filter.teamIds.length === 0) return [];
      where.push(`team_id IN (${filter.teamIds.map(() => '?').join(', ')})`);
      params.push(...filter.teamIds);
    }
    if (filter.offeringId !== undefined) {
      where.push('offering_id = ?');
      params.push(filter.offeringId);
    }
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    const sql = `SELECT record FROM specialist_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, filter.limit ?? 500) as Array<{ record: string }>;
    return rows.map((row) => this.assemble(parseRow(StoredRequestCore, row.record, 'request')));
  }

  close(): void {
    this.listeners.clear();
    this.db.close();
  }

  /** Tells the listeners; the change stays marked to share when one of them fails (the next start catches up). */
  private tell(before: StoredRequest | null, after: StoredRequest): void {
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) listener(before, after);
    this.markShared(after.id);
  }

  private assemble(core: StoredRequestCore): StoredRequest {
    const rows = (table: string, order: string) =>
      (this.db.prepare(`SELECT record FROM ${table} WHERE request_id = ? ORDER BY ${order}`).all(core.id) as Array<{ record: string }>).map(
        (row) => row.record,
      );
    return {
      ...core,
      comments: rows('specialist_request_comments', 'seq').map((text) => parseRow(StoredComment, text, 'comment')),
      approvals: rows('specialist_request_approvals', 'seq').map((text) => parseRow(StoredApproval, text, 'approval')),
      runs: rows('specialist_request_runs', 'run_number').map((text) => parseRow(StoredRun, text, 'run')),
      history: rows('specialist_request_history', 'seq').map((text) => parseRow(StoredHistoryEntry, text, 'history entry')),
    };
  }

  /** Writes the request's row and what is new in its lists since `before` (null: everything); a change made here is marked to share. */
  private write(request: StoredRequest, before: StoredRequest | null, from: 'here' | 'ticket'): void {
    const { comments, approvals, runs, history, ...core } = request;
    const checked = StoredRequestCore.parse(core);
    this.db
      .prepare(
        `INSERT INTO specialist_requests (id, offering_id, kind, team_id, state, requester_email, incident_id, created_at, updated_at, record, share_pending)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, record = excluded.record, share_pending = max(share_pending, excluded.share_pending)`,
      )
      .run(
        checked.id,
        checked.offeringId,
        checked.kind,
        checked.teamId,
        checked.state,
        checked.requester.email.toLowerCase(),
        checked.incidentId,
        checked.createdAt,
        checked.updatedAt,
        JSON.stringify(checked),
        from === 'here' ? 1 : 0,
      );
    const append = (table: string, items: readonly unknown[], already: number) => {
      if (items.length < already) throw new Error(`A specialist request's ${table.replace('specialist_request_', '')} can only grow`);
      const insert = this.db.prepare(`INSERT INTO ${table} (request_id, seq, record) VALUES (?, ?, ?)`);
      items.slice(already).forEach((item, index) => insert.run(checked.id, already + index, JSON.stringify(item)));
    };
    append(
      'specialist_request_comments',
      comments.map((comment) => StoredComment.parse(comment)),
      before?.comments.length ?? 0,
    );
    append(
      'specialist_request_approvals',
      approvals.map((approval) => StoredApproval.parse(approval)),
      before?.approvals.length ?? 0,
    );
    const already = before?.history.length ?? 0;
    if (history.length < already) throw new Error("A specialist request's history can only grow");
    const insertHistory = this.db.prepare(
      'INSERT INTO specialist_request_history (request_id, seq, at, state, record) VALUES (?, ?, ?, ?, ?)',
    );
    history.slice(already).forEach((entry, index) => {
      const checkedEntry = StoredHistoryEntry.parse(entry);
      insertHistory.run(checked.id, already + index, checkedEntry.at, checkedEntry.state, JSON.stringify(checkedEntry));
    });
    const upsertRun = this.db.prepare(
      'INSERT INTO specialist_request_runs (request_id, run_number, record) VALUES (?, ?, ?) ON CONFLICT (request_id, run_number) DO UPDATE SET record = excluded.record',
    );
    for (const run of runs) {
      const previous = before?.runs.find((candidate) => candidate.number === run.number);
      if (previous && JSON.stringify(previous) === JSON.stringify(run)) continue;
      upsertRun.run(checked.id, run.number, JSON.stringify(StoredRun.parse(run)));
    }
  }
}
