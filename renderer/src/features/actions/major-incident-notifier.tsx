/**
 * Tells the people at the console when someone declares a major incident: the engine's
 * majorIncidentDeclared event raises a red notification that stays until closed, with the
 * reason and an "Open incident" button that puts the incident in the detail pane.
 *
 * Every console window shows it for now. Showing it only to the incident managers on call
 * belongs to the notifications work (who is told of what, and how).
 */
import { useEffect } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUrgent } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Snapshot } from '../../../../shared/contract';
import { useConsole } from '../../client/console-context';
import { snapshotKey } from '../../state/snapshot-sync';
import { useUiStore } from '../../state/ui-store';
import { useMajorIncidents, type MajorIncidentDeclared } from './major-incidents';

function majorIncidentNotificationId(incidentId: string): string {
  return `major-incident:${incidentId}`;
}

/** Puts the incident under the cursor and opens its details. */
export function openIncident(incidentId: string): void {
  const ui = useUiStore.getState();
  // The queue resolves the cursor against its visible rows by id.
  ui.setCursor(incidentId, []);
  ui.openDetail();
}

/** Mounted once by the app: listens for declarations and shows each one. */
export function MajorIncidentNotifier() {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name !== 'majorIncidentDeclared') return;
        if (!useMajorIncidents.getState().record(event.payload)) return;
        const number = queryClient
          .getQueryData<Snapshot>(snapshotKey)
          ?.incidents.find((incident) => incident.id === event.payload.incidentId)?.number;
        showMajorIncident(event.payload, number ?? null);
      }),
    [client, queryClient],
  );
  return null;
}

function showMajorIncident(event: MajorIncidentDeclared, number: number | null): void {
  const id = majorIncidentNotificationId(event.incidentId);
  const label = number === null ? event.title : `#${number} ${event.title}`;
  notifications.show({
    id,
    color: 'red',
    icon: <IconUrgent size={18} />,
    autoClose: false,
    withBorder: true,
    title: 'Major incident declared',
    styles: {
      root: { borderColor: 'var(--mantine-color-red-filled)', borderLeftWidth: 4 },
      title: { fontWeight: 700, color: 'var(--mantine-color-red-text)' },
      description: { color: 'var(--mantine-color-text)' },
    },
    message: (
      <Stack gap={6} mt={2}>
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {label}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {event.reason}
        </Text>
        <Group gap="xs">
          <Button
            size="compact-sm"
            color="red"
            onClick={() => {
              openIncident(event.incidentId);
              notifications.hide(id);
            }}
          >
            Open incident
          </Button>
          <Text size="xs" c="dimmed">
            {new Date(event.declaredAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
          </Text>
        </Group>
      </Stack>
    ),
  });
}
