/**
 * The deployments the console has read, kept in its private SQLite database (beside the
 * outbox) so a restart, the command line and the desktop app start from what is known and
 * each source is read from its cursor on: nothing read is lost while a source is down.
 * Also keeps each feed's cursor and last read, and what each production deployment brought
 * (its commit range, read once). Columns hold what the metrics and the queries filter on;
 * the rest of a deployment is its JSON body.
 */
import type Database from 'libsql';
import { Deployment, DeploymentRange, type DeliverySourceName } from '../../../shared/domain/delivery';
import { openPrivateDatabase } from '../private-database';

/** A deployment as stored: the vendor's record, and the service and source it was read for. */
export interface StoredDeployment {
  key: string;
  service: string;
  source: DeliverySourceName;
  deployment: Deployment;
  range: DeploymentRange | null;
}

/** What the delivery metrics need of one production deployment, read without parsing bodies. */
export interface ProductionRow {
  key: string;
  service: string;
  ref: string;
  sha: string;
  state: Deployment['state'];
  createdAt: number;
  succeededAt: number | null;
  /** From its range, once read; null before or when untraceable. */
  firstCommitAt: number | null;
}

/** A feed's cursor and when it was last read. */
interface FeedRecord {
  cursor: string;
  readAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS delivery_deployments (
  key TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  service TEXT NOT NULL,
  environment TEXT NOT NULL,
  production INTEGER NOT NULL,
  ref TEXT NOT NULL,
  sha TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  succeeded_at INTEGER,
  first_commit_at INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_deployments_by_service ON delivery_deployments (service, created_at);

CREATE TABLE IF NOT EXISTS delivery_ranges (
  key TEXT PRIMARY KEY,
  first_commit_at INTEGER,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS delivery_feeds (
  id TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  read_at INTEGER NOT NULL
);
`;

interface DeploymentRow {
  key: string;
  source: string;
  service: string;
  body: string;
  range_body: string | null;
}

const SELECT_STORED = `SELECT d.key, d.source, d.service, d.body, r.body AS range_body
  FROM delivery_deployments d LEFT JOIN delivery_ranges r ON r.key = d.key`;

export class DeliveryStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openPrivateDatabase(path);
    this.db.exec(SCHEMA);
    // A store from before first_commit_at was copied onto deployments (the metrics read it without a join).
    const columns = this.db.prepare('PRAGMA table_info(delivery_deployments)').all() as { name: string }[];
    if (!columns.some((column) => column.name === 'first_commit_at'))
      this.db.exec(`ALTER TABLE delivery_deployments ADD COLUMN first_commit_at INTEGER;
        UPDATE delivery_deployments SET first_commit_at = (SELECT r.first_commit_at FROM delivery_ranges r WHERE r.key = delivery_deployments.key);`);
    // Covers the metrics' read: months of production deployments come from the index alone.
    this.db.exec(`DROP INDEX IF EXISTS delivery_deployments_by_time;
      CREATE INDEX IF NOT EXISTS delivery_deployments_for_metrics
      ON delivery_deployments (production, created_at, key, service, ref, sha, state, succeeded_at, first_commit_at);`);
  }

  close(): void {
    this.db.close();
  }

  /** Adds new deployments and replaces changed ones (a new status), in one transaction. */
  upsert(service: string, source: DeliverySourceName, deployments: readonly Deployment[]): void {
    if (deployments.length === 0) return;
    const statement = this.db.prepare(
      `INSERT INTO delivery_deployments (key, source, service, environment, production, ref, sha, state, created_at, succeeded_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET service = excluded.service, environment = excluded.environment, production = excluded.production,
         ref = excluded.ref, sha = excluded.sha, state = excluded.state, created_at = excluded.created_at,
         succeeded_at = excluded.succeeded_at, body = excluded.body`,
    );
    this.db.transaction(() => {
      for (const deployment of deployments) {
        statement.run(
          deploymentKey(source, deployment.id),
          source,
          service,
          deployment.environment,
          deployment.production ? 1 : 0,
          deployment.ref,
          deployment.sha,
          deployment.state,
          Date.parse(deployment.createdAt),
          deployment.succeededAt === null ? null : Date.parse(deployment.succeededAt),
          JSON.stringify(deployment),
        );
      }
    })();
  }

  saveRange(key: string, range: DeploymentRange): void {
    const firstCommitAt = range.firstCommitAt === null ? null : Date.parse(range.firstCommitAt);
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO delivery_ranges (key, first_commit_at, body) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET first_commit_at = excluded.first_commit_at, body = excluded.body',
        )
        .run(key, firstCommitAt, JSON.stringify(range));
      this.db.prepare('UPDATE delivery_deployments SET first_commit_at = ? WHERE key = ?').run(firstCommitAt, key);
    })();
  }

  feed(id: string): FeedRecord | null {
    const row = this.db.prepare('SELECT cursor, read_at FROM delivery_feeds WHERE id = ?').get(id) as
      { cursor: string; read_at: number } | undefined;
    return row ? { cursor: row.cursor, readAt: row.read_at } : null;
  }

  saveFeed(id: string, cursor: string, readAt: number): void {
    this.db
      .prepare(
        'INSERT INTO delivery_feeds (id, cursor, read_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET cursor = excluded.cursor, read_at = excluded.read_at',
      )
      .run(id, cursor, readAt);
  }

  /** One service's deployments created in [fromMs, toMs], newest first; `limit` at most. */
  deploymentsOf(
    service: string,
    options: { fromMs?: number; toMs?: number; limit?: number; productionOnly?: boolean } = {},
  ): StoredDeployment[] {
    const rows = this.db
      .prepare(
        `${SELECT_STORED} WHERE d.service = ? AND d.created_at >= ? AND d.created_at <= ? ${options.productionOnly ? 'AND d.production = 1' : ''}
         ORDER BY d.created_at DESC, d.key DESC LIMIT ?`,
      )
      .all(service, options.fromMs ?? 0, options.toMs ?? Number.MAX_SAFE_INTEGER, options.limit ?? -1) as DeploymentRow[];
    return rows.map(readStored);
  }

  /** Production deployments of every service created in [fromMs, toMs], newest first. */
  productionDeployments(fromMs: number, toMs: number): StoredDeployment[] {
    const rows = this.db
      .prepare(`${SELECT_STORED} WHERE d.production = 1 AND d.created_at >= ? AND d.created_at <= ? ORDER BY d.created_at DESC, d.key DESC`)
      .all(fromMs, toMs) as DeploymentRow[];
    return rows.map(readStored);
  }

  /** The metrics' view of production deployments since `fromMs`, oldest first (columns only: cheap for many). */
  productionRows(fromMs: number): ProductionRow[] {
    const rows = this.db
      .prepare(
        `SELECT key, service, ref, sha, state, created_at, succeeded_at, first_commit_at
         FROM delivery_deployments INDEXED BY delivery_deployments_for_metrics
         WHERE production = 1 AND created_at >= ? ORDER BY created_at, key`,
      )
      .raw(true)
      .all(fromMs) as [string, string, string, string, Deployment['state'], number, number | null, number | null][];
    return rows.map(([key, service, ref, sha, state, createdAt, succeededAt, firstCommitAt]) => ({
      key,
      service,
      ref,
      sha,
      state,
      createdAt,
      succeededAt,
      firstCommitAt,
    }));
  }

  /** Production deployments that succeeded and whose range was not read yet, oldest first. */
  withoutRange(limit: number): StoredDeployment[] {
    const rows = this.db
      .prepare(`${SELECT_STORED} WHERE d.production = 1 AND d.succeeded_at IS NOT NULL AND r.key IS NULL ORDER BY d.created_at LIMIT ?`)
      .all(limit) as DeploymentRow[];
    return rows.map(readStored);
  }

  /** The service's last production deployment that succeeded before this one (by time), or null. */
  previousProduction(service: string, beforeMs: number, key: string): StoredDeployment | null {
    const row = this.db
      .prepare(
        `${SELECT_STORED} WHERE d.service = ? AND d.production = 1 AND d.succeeded_at IS NOT NULL AND d.key <> ?
         AND (d.created_at < ? OR (d.created_at = ? AND d.key < ?)) ORDER BY d.created_at DESC, d.key DESC LIMIT 1`,
      )
      .get(service, key, beforeMs, beforeMs, key) as DeploymentRow | undefined;
    return row ? readStored(row) : null;
  }

  /** The newest production deployment of a service created in [fromMs, toMs] that did not fail, or null. */
  latestProductionBefore(service: string, fromMs: number, toMs: number): StoredDeployment | null {
    const row = this.db
      .prepare(
        `${SELECT_STORED} WHERE lower(d.service) = lower(?) AND d.production = 1 AND d.state NOT IN ('failure', 'error')
         AND d.created_at >= ? AND d.created_at <= ? ORDER BY d.created_at DESC LIMIT 1`,
      )
      .get(service, fromMs, toMs) as DeploymentRow | undefined;
    return row ? readStored(row) : null;
  }

  /** The newest deployment of a service to an environment (only those that succeeded, when asked), or null. */
  latestIn(service: string, environment: string, succeeded: boolean): StoredDeployment | null {
    const row = this.db
      .prepare(
        `${SELECT_STORED} WHERE d.service = ? AND d.environment = ? ${succeeded ? 'AND d.succeeded_at IS NOT NULL' : ''}
         ORDER BY d.created_at DESC, d.key DESC LIMIT 1`,
      )
      .get(service, environment) as DeploymentRow | undefined;
    return row ? readStored(row) : null;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM delivery_deployments').get() as { n: number }).n;
  }
}

export function deploymentKey(source: DeliverySourceName, id: string): string {
  return `${source}:${id}`;
}

function readStored(row: DeploymentRow): StoredDeployment {
  return {
    key: row.key,
    service: row.service,
    source: row.source as DeliverySourceName,
    deployment: Deployment.parse(JSON.parse(row.body)),
    range: row.range_body === null ? null : DeploymentRange.parse(JSON.parse(row.range_body)),
  };
}
