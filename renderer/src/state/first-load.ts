/**
 * The paging platforms' first load as the snapshot's connections tell it. The engine shows
 * the first page of incidents as soon as it arrives and the rest as they come, so until
 * every paging platform has read its whole list once the queue holds only part of the
 * truth: it says how far the load has got ("Loading 100 of ~5,000…"), and what depends on
 * the whole list (which incidents left, what the user has seen) waits for it.
 */
import type { ConnectionStatus } from '../../../shared/domain/connection';

interface FirstLoadProgress {
  /** Incidents in the queue so far, over the platforms still loading. */
  loaded: number;
  /** About how many there will be, or null when a platform did not say. */
  total: number | null;
}

/** The first load's progress over the paging platforms under way, or null when none is loading page by page. */
export function firstLoadProgress(connections: readonly ConnectionStatus[]): FirstLoadProgress | null {
  const loading = connections.filter((connection) => connection.paging && connection.loading);
  if (loading.length === 0) return null;
  let loaded = 0;
  let total: number | null = 0;
  for (const { loading: progress } of loading) {
    loaded += progress!.loaded;
    total = total === null || progress!.total === null ? null : total + progress!.total;
  }
  return { loaded, total };
}

/** Every paging platform has read its whole list at least once (its connection has succeeded). */
export function everyPagingListRead(connections: readonly ConnectionStatus[]): boolean {
  return connections.every((connection) => !connection.paging || connection.lastSuccessAt !== null);
}

/** "Loading 100 of ~5,000…" (or "Loading 100…" when the total is not known). */
export function firstLoadText({ loaded, total }: FirstLoadProgress): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return total === null ? `Loading ${count(loaded)}…` : `Loading ${count(loaded)} of ~${count(Math.max(total, loaded))}…`;
}
