/**
 * The action tray under the queue: every failed action with its error, Retry and
 * Dismiss, and a quiet count of what is still being sent.
 */
import { Group, Loader, Stack, Text } from '@mantine/core';
import type { Snapshot } from '../../../../shared/contract';
import { useIncidentActions } from './use-incident-actions';
import { FailedActionNotice } from './failed-action-notice';

export function ActionTray({ snapshot }: { snapshot: Snapshot }) {
  const actions = useIncidentActions();
  const failed = snapshot.actions.filter((action) => action.state === 'failed');
  const pending = snapshot.actions.filter((action) => action.state === 'pending');
  if (failed.length === 0 && pending.length === 0) return null;
  const titleOf = (id: string) => snapshot.incidents.find((incident) => incident.id === id)?.title ?? `incident ${id}`;
  return (
    <Stack gap="xs" p="xs" className="action-tray" aria-label="Actions" component="section">
      {pending.length > 0 && (
        <Group gap={6} role="status">
          <Loader size={12} />
          <Text size="xs" c="dimmed">
            Sending {pending.length} {pending.length === 1 ? 'action' : 'actions'}…
          </Text>
        </Group>
      )}
      {failed.map((action) => (
        <FailedActionNotice
          key={action.id}
          action={action}
          subject={action.request.incidentIds.map(titleOf).join(', ')}
          onRetry={(id) => void actions.retry(id)}
          onDismiss={(id) => void actions.dismiss(id)}
        />
      ))}
    </Stack>
  );
}
