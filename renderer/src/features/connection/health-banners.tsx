/**
 * Banners that say when the queue cannot be trusted: data is stale (no successful sync
 * for more than three poll intervals) or a provider is failing, with its own message.
 */
import { Alert, Stack } from '@mantine/core';
import { IconAlertTriangle, IconPlugConnectedX } from '@tabler/icons-react';
import type { Snapshot } from '../../../../shared/contract';
import { useNow } from '../../state/use-now';
import { formatRelative } from '../incidents/format-time';
import { failingConnections, isStale, lastSuccessfulSync } from './connection-health';

export function HealthBanners({ snapshot }: { snapshot: Snapshot }) {
  const now = useNow(1_000);
  const stale = isStale(snapshot, now);
  const failing = failingConnections(snapshot.connections);
  if (!stale && failing.length === 0) return null;
  const last = lastSuccessfulSync(snapshot);
  return (
    <Stack gap={0}>
      {stale && (
        <Alert color="orange" variant="filled" radius={0} py={6} icon={<IconAlertTriangle size={18} />} role="alert" title="Data may be out of date">
          {last === null
            ? 'The console has not synced with any provider yet.'
            : `No successful sync since ${formatRelative(new Date(last).toISOString(), now)}. The queue may be missing new incidents.`}
        </Alert>
      )}
      {failing.map((connection) => (
        <Alert
          key={connection.provider}
          color={connection.state === 'offline' ? 'red' : 'orange'}
          variant="light"
          radius={0}
          py={6}
          icon={<IconPlugConnectedX size={18} />}
          role="alert"
          title={`${connection.label} is ${connection.state}`}
        >
          {connection.message ?? 'Calls are failing.'}
          {connection.nextRetryAt ? ` Retrying ${formatRelative(connection.nextRetryAt, now)}.` : ''}
        </Alert>
      ))}
    </Stack>
  );
}
