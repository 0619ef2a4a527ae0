/**
 * Demo only: whose eyes the console sees through (developer on call, DBA, network
 * engineer, incident manager). Switching refetches what depends on it and opens the
 * persona's own view: a specialist lands on Triage.
 */
import { NativeSelect, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserCircle } from '@tabler/icons-react';
import { useSnapshot } from '../../state/use-snapshot';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea } from '../catalogue/console-area';
import { usePersonas, useSwitchPersona } from './use-personas';

export function PersonaSwitcher() {
  const demo = useSnapshot().data?.workspace.demo ?? false;
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
  if (!demo || !personas.data || personas.data.personas.length === 0) return null;
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
