/**
 * What the queue's rows need to mark their platform: the workspace's first platform (no
 * mark), the connections (names) and the stale platforms' notes, recomputed only when
 * the connections, the incidents' platforms or the half-minute tick change.
 */
import { useMemo } from 'react';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { clockTime } from '../../../../shared/rules/connection-trouble';
import { useSnapshotPart } from '../../state/use-snapshot';
import { useNow } from '../../state/use-now';
import { stalePlatforms, staleText } from './platforms';

interface PlatformMarks {
  primary: string | null;
  connections: readonly ConnectionStatus[];
  /** Provider -> "stale: … could not be read since …". */
  stale: ReadonlyMap<string, string>;
}

const NONE: readonly ConnectionStatus[] = [];

export function usePlatformMarks(): PlatformMarks {
  const now = useNow(30_000);
  const connections = useSnapshotPart((snapshot) => snapshot.connections) ?? NONE;
  const firstProvider = useSnapshotPart((snapshot) => snapshot.incidents[0]?.provider ?? null) ?? null;
  const pollIntervalMs = useSnapshotPart((snapshot) => snapshot.workspace.pollIntervalMs) ?? 5_000;
  return useMemo(() => {
    const stale = new Map<string, string>();
    for (const [provider, platform] of stalePlatforms(connections, now, pollIntervalMs))
      stale.set(provider, staleText(platform, clockTime));
    const primary = connections.find((connection) => connection.paging)?.provider ?? firstProvider;
    return { primary, connections, stale };
  }, [connections, now, pollIntervalMs, firstProvider]);
}
