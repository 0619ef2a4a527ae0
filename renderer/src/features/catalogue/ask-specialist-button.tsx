/**
 * "Ask a specialist": opens the catalogue from an incident, on the offerings that fit the
 * incident's service (not the last offering viewed); the request is linked to it, its form
 * filled from it where the catalogue says how, and urgent is offered for a major one.
 */
import { Button, Group } from '@mantine/core';
import { IconBook2 } from '@tabler/icons-react';
import type { Incident } from '../../../../shared/domain/incident';
import { useConsoleArea } from './console-area';

export type AskableIncident = Pick<Incident, 'id' | 'number' | 'title' | 'service' | 'createdAt' | 'htmlUrl'>;

/** The incident a request is raised from, as the catalogue's forms fill themselves in from it. */
export function raisedFrom(incident: AskableIncident, major: boolean) {
  return {
    incidentId: incident.id,
    number: incident.number,
    title: incident.title,
    major,
    facts: {
      id: incident.id,
      number: incident.number,
      title: incident.title,
      service: { id: incident.service.id, name: incident.service.name },
      createdAt: incident.createdAt,
      htmlUrl: incident.htmlUrl,
    },
  };
}

export function AskSpecialistButton({ incident, major }: { incident: AskableIncident; major: boolean }) {
  const openCatalogue = useConsoleArea((state) => state.openCatalogue);
  const ask = () => openCatalogue({ offeringId: null, raiseFrom: raisedFrom(incident, major) });
  return (
    <Group px="md" pb="xs">
      <Button size="compact-sm" variant="light" leftSection={<IconBook2 size={14} aria-hidden />} onClick={ask}>
        Ask a specialist…
      </Button>
    </Group>
  );
}
