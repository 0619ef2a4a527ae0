/**
 * Banners that say when the queue cannot be trusted: data is stale (no successful sync
 * for more than three poll intervals) or a connection is failing, in words: what is wrong
 * since when, and when the console tries again (shared/rules/connection-trouble.ts).
 */
import { Alert, Stack } from '@mantine/core';
import { IconAlertTriangle, IconPlugConnectedX } from '@tabler/icons-react';
import type { Snapshot } from '../../../../shared/contract';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { useNow } from '../../state/use-now';
import { agoText } from '../../../../shared/rules/stale-action';
import { clockTime, retryText } from '../../../../shared/rules/connection-trouble';
import { failingConnections, isStale, lastSuccessfulSync } from './connection-health';

export function HealthBanners({ snapshot }: { snapshot: Snapshot }) {
  const now = useNow(1_000);
  const stale = isStale(snapshot, now);
  const failing = failingConnections(snapshot.connections);
  const last = lastSuccessfulSync(snapshot);
  if (!(stale && last !== null) && failing.length === 0) return null;
  return (
    <Stack gap={0}>
      {/* Before any sync the failing connection's banner and the queue say it already. */}
      {stale && last !== null && (
        <Alert
          color="orange"
          variant="filled"
          radius={0}
          py={6}
          icon={<IconAlertTriangle size={18} />}
          role="alert"
          title="Data may be out of date"
        >
          {`No successful sync since ${clockTime(last).slice(0, 5)} (${agoText(now - last)}). The queue may be missing new incidents.`}
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
          title={troubleTitle(connection)}
        >
          {connection.message ? `${connection.message.replace(/\.$/, '')}. ` : ''}
          {retryText(connection.nextRetryAt, now)}
        </Alert>
      ))}
    </Stack>
  );
}

/** "PagerDuty: not syncing since 14:02", or "…: disconnected" once offline. */
function troubleTitle(connection: ConnectionStatus): string {
  const since = connection.failingSince ? ` since ${clockTime(Date.parse(connection.failingSince)).slice(0, 5)}` : '';
  return connection.state === 'offline' ? `${connection.label}: disconnected${since}` : `${connection.label}: not syncing${since}`;
}
