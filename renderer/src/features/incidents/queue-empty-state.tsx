/**
 * What the queue says when it lists nothing: loading, nothing matching the filters, the
 * platform out of sight (why, since when and what the console is doing about it), or,
 * only when the console really sees the platform, that nothing is open.
 */
import { Button, Stack, Text } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { clockTime } from '../../../../shared/rules/connection-trouble';
import { queueSight } from '../../../../shared/rules/queue-sight';
import { useSnapshot } from '../../state/use-snapshot';
import { useNow } from '../../state/use-now';

interface QueueEmptyStateProps {
  loading: boolean;
  /** Incidents are open but the filters or the search hide them all. */
  nothingMatches: boolean;
  filtered: boolean;
  onClearFilters(): void;
}

export function QueueEmptyState({ loading, nothingMatches, filtered, onClearFilters }: QueueEmptyStateProps) {
  const { data } = useSnapshot();
  const now = useNow(1_000);
  if (nothingMatches) {
    return (
      <>
        No incidents match {filtered ? 'these filters' : 'this view'}.{' '}
        <Button size="compact-sm" variant="subtle" onClick={onClearFilters}>
          Clear filters and search
        </Button>
      </>
    );
  }
  if (loading || !data) return <>Loading incidents…</>;
  const sight = queueSight(
    { connections: data.connections, lastSyncAt: data.lastSyncAt, pollIntervalMs: data.workspace.pollIntervalMs },
    now,
    clockTime,
  );
  if (sight.kind === 'loading') return <>Loading incidents from {sight.label}…</>;
  if (sight.kind === 'blind') {
    return (
      <Stack gap={4} align="center" data-testid="queue-blind">
        <Text fw={600} size="sm">
          <IconEyeOff size={16} aria-hidden style={{ verticalAlign: 'text-bottom', marginRight: 6 }} />
          {sight.headline}
        </Text>
        <Text size="sm">{sight.detail}</Text>
      </Stack>
    );
  }
  return <>No open incidents. All quiet.</>;
}
