/**
 * One badge per provider connection (ok / degraded / offline / connecting) with the last
 * success, next retry and last error in its tooltip, plus the live-updates indicator. A
 * paging platform's badge also says when its incidents on screen are stale: its connection
 * reports OK but nothing has been read from it for three poll intervals (with several
 * paging platforms, one can fall silent while the other carries on).
 */
import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconLoader2, IconPlugConnectedX, IconAlertTriangle } from '@tabler/icons-react';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import type { LiveState } from '../../client/console-client';
import { useNow } from '../../state/use-now';
import { formatRelative, formatTimestamp } from '../incidents/format-time';
import { retryText } from '../../../../shared/rules/connection-trouble';
import { isStaleSince } from '../../../../shared/rules/queue-sight';
import { useSnapshotPart } from '../../state/use-snapshot';

const LOOK = {
  ok: { color: 'green', word: 'OK', Icon: IconCheck },
  degraded: { color: 'orange', word: 'Degraded', Icon: IconAlertTriangle },
  offline: { color: 'red', word: 'Offline', Icon: IconPlugConnectedX },
  connecting: { color: 'gray', word: 'Connecting', Icon: IconLoader2 },
  stale: { color: 'orange', word: 'Stale', Icon: IconAlertTriangle },
} as const;

export function ConnectionBadge({ connection }: { connection: ConnectionStatus }) {
  const now = useNow(1_000);
  const pollIntervalMs = useSnapshotPart((snapshot) => snapshot.workspace.pollIntervalMs) ?? null;
  const silent =
    connection.paging === true &&
    connection.state === 'ok' &&
    connection.lastSuccessAt !== null &&
    pollIntervalMs !== null &&
    isStaleSince(Date.parse(connection.lastSuccessAt), now, pollIntervalMs);
  const { color, word, Icon } = LOOK[silent ? 'stale' : connection.state];
  return (
    <Tooltip
      multiline
      maw={360}
      label={
        <Stack gap={2}>
          <Text size="xs" fw={600}>
            {connection.label}: {word}
          </Text>
          <Text size="xs">
            Last success:{' '}
            {connection.lastSuccessAt
              ? `${formatRelative(connection.lastSuccessAt, now)} (${formatTimestamp(connection.lastSuccessAt)})`
              : 'never'}
          </Text>
          {connection.message && <Text size="xs">{connection.message}</Text>}
          {connection.paging && (silent || connection.state === 'degraded' || connection.state === 'offline') && (
            <Text size="xs">Its incidents stay in the queue, marked stale, as they were last read.</Text>
          )}
          {connection.nextRetryAt && connection.state !== 'ok' && <Text size="xs">{retryText(connection.nextRetryAt, now)}</Text>}
        </Stack>
      }
    >
      <Badge
        variant="light"
        color={color}
        leftSection={<Icon size={12} aria-hidden />}
        styles={{ label: { textTransform: 'none' } }}
        style={{ flexShrink: 0 }}
        aria-label={`${connection.label} connection: ${word}`}
        tabIndex={0}
      >
        {connection.label}: {word}
      </Badge>
    </Tooltip>
  );
}

export function LiveBadge({ state }: { state: LiveState }) {
  if (state === 'live') return null;
  return (
    <Badge variant="outline" color="orange" styles={{ label: { textTransform: 'none' } }}>
      {state === 'connecting' ? 'Connecting to console…' : 'Live updates paused, reconnecting…'}
    </Badge>
  );
}
