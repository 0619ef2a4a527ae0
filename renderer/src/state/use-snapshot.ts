/** The snapshot query (server state), fed by SnapshotSync and patched by pushed events. */
import { useQuery } from '@tanstack/react-query';
import { useConsole } from '../client/console-context';
import { ConsoleClientError } from '../client/console-client-error';
import { snapshotKey } from './snapshot-sync';

export function useSnapshot() {
  const { sync } = useConsole();
  return useQuery({
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
