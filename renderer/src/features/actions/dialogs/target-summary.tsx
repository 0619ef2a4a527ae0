/** Which incidents a dialog acts on: the title of one, or a short list of several. */
import { List, Text } from '@mantine/core';
import type { TargetIncidents } from '../use-target-incidents';

const SHOWN = 5;

export function TargetSummary({ targets }: { targets: TargetIncidents }) {
  const { incidents, missingIds } = targets;
  if (incidents.length === 1 && missingIds.length === 0) {
    const only = incidents[0]!;
    return (
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        #{only.number} · {only.title}
      </Text>
    );
  }
  const count = incidents.length + missingIds.length;
  return (
    <div>
      <Text size="sm" fw={500}>
        {count} incidents
      </Text>
      <List size="xs" c="dimmed" spacing={2} aria-label="Incidents this acts on">
        {incidents.slice(0, SHOWN).map((incident) => (
          <List.Item key={incident.id} style={{ overflowWrap: 'anywhere' }}>
            #{incident.number} · {incident.title}
          </List.Item>
        ))}
        {incidents.length > SHOWN && <List.Item>and {incidents.length - SHOWN} more</List.Item>}
        {missingIds.length > 0 && <List.Item>{missingIds.length} no longer open</List.Item>}
      </List>
    </div>
  );
}
