/** "Ask a specialist": opens the catalogue from an incident, so the request is linked to it (urgent is offered for a major one). */
import { Button, Group } from '@mantine/core';
import { IconBook2 } from '@tabler/icons-react';
import type { Incident } from '../../../../shared/domain/incident';
import { useConsoleArea } from './console-area';

export function AskSpecialistButton({ incident, major }: { incident: Pick<Incident, 'id' | 'number' | 'title'>; major: boolean }) {
  const openCatalogue = useConsoleArea((state) => state.openCatalogue);
  return (
    <Group px="md" pb="xs">
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconBook2 size={14} aria-hidden />}
        onClick={() => openCatalogue({ raiseFrom: { incidentId: incident.id, number: incident.number, title: incident.title, major } })}
      >
        Ask a specialist…
      </Button>
    </Group>
  );
}
