/**
 * Whose eyes the console sees through. In the demo, a switch (developer on call, DBA,
 * network engineer, incident manager): switching refetches what depends on it and opens
 * the persona's own view, a specialist lands on Triage. Outside the demo, who the console
 * acts as: the person the PagerDuty token belongs to.
 */
import { Group, NativeSelect, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserCircle } from '@tabler/icons-react';
import { useSnapshotPart } from '../../state/use-snapshot';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea } from '../catalogue/console-area';
import { usePersonas, useSwitchPersona } from './use-personas';

export function PersonaSwitcher() {
  const workspace = useSnapshotPart((snapshot) => snapshot.workspace);
  const demo = workspace?.demo ?? false;
  const me = workspace?.me ?? null;
  const personas = usePersonas(demo);
  const switchPersona = useSwitchPersona((persona) => {
    if (!persona) return;
    if (persona.triagesTeamIds.length > 0) useConsoleArea.getState().openRequests('triage', null);
    else if (useConsoleArea.getState().area === 'requests') useConsoleArea.getState().openRequests('mine', null);
    notifications.show({
      color: 'grape',
      title: `Now acting as ${persona.label}`,
      message: persona.triagesTeamIds.length ? 'Triage shows the requests for your teams.' : 'My requests shows what you asked for.',
      autoClose: 2_500,
    });
  });
  if (!demo) {
    if (!me) return null;
    return (
      <Tooltip label={`The console acts as the owner of the PagerDuty token: ${me.email}`}>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          <IconUserCircle size={14} aria-hidden />
          <Text size="xs">
            Signed in as <strong>{me.name}</strong>
          </Text>
        </Group>
      </Tooltip>
    );
  }
  if (!personas.data || personas.data.personas.length === 0) return null;
  return (
    <Tooltip label="Demo: see the console as another person">
      <NativeSelect
        size="xs"
        aria-label="Persona"
        leftSection={<IconUserCircle size={14} aria-hidden />}
        value={personas.data.current ?? ''}
        disabled={switchPersona.isPending}
        onChange={(event) =>
          switchPersona.mutate(event.currentTarget.value, {
            onError: (error) => notifications.show({ color: 'red', title: 'Could not switch persona', message: errorMessage(error) }),
          })
        }
        data={[
          ...(personas.data.current ? [] : [{ value: '', label: 'Choose a persona…' }]),
          ...personas.data.personas.map((persona) => ({ value: persona.id, label: persona.label })),
        ]}
        style={{ flexShrink: 0 }}
      />
    </Tooltip>
  );
}
