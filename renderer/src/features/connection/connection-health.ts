/**
 * Is the data on screen trustworthy? Stale when no provider has synced for more than
 * three poll intervals (the queue's own rule, shared/rules/queue-sight.ts); failing when
 * a provider is degraded or offline.
 */
import type { Snapshot } from '../../../../shared/contract';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { isStaleSince } from '../../../../shared/rules/queue-sight';

/** The most recent successful sync across providers, in ms, or null if none yet. */
export function lastSuccessfulSync(snapshot: Pick<Snapshot, 'lastSyncAt' | 'connections'>): number | null {
  const times = [snapshot.lastSyncAt, ...snapshot.connections.map((c) => c.lastSuccessAt)]
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : null;
}

/** True when nothing has synced for more than three poll intervals (and something should have). */
export function isStale(snapshot: Pick<Snapshot, 'lastSyncAt' | 'connections' | 'workspace'>, nowMs: number): boolean {
  const last = lastSuccessfulSync(snapshot);
  if (last === null) return snapshot.connections.some((c) => c.state !== 'connecting');
  return isStaleSince(last, nowMs, snapshot.workspace.pollIntervalMs);
}

export function failingConnections(connections: readonly ConnectionStatus[]): ConnectionStatus[] {
  return connections.filter((c) => c.state === 'degraded' || c.state === 'offline');
}
