/**
 * The snapshot query (server state), fed by SnapshotSync and patched by pushed events.
 *
 * `useSnapshot` re-renders on every change (a live update replaces the incidents);
 * `useSnapshotPart` re-renders only when the part it selects changes identity, so the
 * header, the toolbar and the areas stay out of a live update's frame.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Snapshot } from '../../../shared/contract';
import { useConsole } from '../client/console-context';
import { ConsoleClientError } from '../client/console-client-error';
import { snapshotKey, type SnapshotSync } from './snapshot-sync';

/** The snapshot query's options: the page's entry prefetches with them before React renders. */
export function snapshotQueryOptions(sync: SnapshotSync) {
  return queryOptions({
    queryKey: snapshotKey,
    queryFn: sync.fetchSnapshot,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    // Events are folded immutably and refetches share unchanged records (snapshot-sync.ts).
    structuralSharing: false,
    retry: (failures, error) =>
      failures < 5 && !(error instanceof ConsoleClientError && (error.code === 'unauthorized' || error.code === 'invalid_response')),
    retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 10_000),
  });
}

export function useSnapshot() {
  const { sync } = useConsole();
  return useQuery(snapshotQueryOptions(sync));
}

/**
 * One part of the snapshot (undefined until it has loaded). `select` must return a part
 * of the snapshot or a primitive (not a new object each time), or every update re-renders.
 */
export function useSnapshotPart<T>(select: (snapshot: Snapshot) => T): T | undefined {
  const { sync } = useConsole();
  return useQuery({ ...snapshotQueryOptions(sync), select }).data;
}
