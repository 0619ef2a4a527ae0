/**
 * The incident detail's "Changes" section: what changed on the incident's service, from
 * 24 hours before it opened until now, newest first, each with when it happened relative
 * to the incident ("deployed 12m before it opened"). A click opens the change in the
 * Changes area. Absent when the workspace has no change system.
 */
import { Badge, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { CHANGE_STATE_LABEL } from '../../../../shared/domain/change';
import type { Incident } from '../../../../shared/domain/incident';
import { formatAge } from '../incidents/format-time';
import { useConsoleArea } from '../catalogue/console-area';
import { changesAroundIncident, stateColor } from './change-model';
import { useChanges } from './use-changes';

/** "12m before it opened", "3h 05m after it opened". */
function relativeToIncident(at: string, openedAt: string): string {
  const before = Date.parse(at) <= Date.parse(openedAt);
  return `${before ? formatAge(at, Date.parse(openedAt)) : formatAge(openedAt, Date.parse(at))} ${before ? 'before' : 'after'} it opened`;
}

export function IncidentChanges({ incident }: { incident: Pick<Incident, 'service' | 'createdAt'> }) {
  const changes = useChanges(7);
  const openChanges = useConsoleArea((state) => state.openChanges);
  if (!changes.data || changes.data.system === null) return null;
  const around = changesAroundIncident(changes.data.changes, incident);
  return (
    <Stack gap="xs" component="section" aria-label="Changes">
      <Group gap={6}>
        <Title order={3} size="h6" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
          Changes
        </Title>
        <Badge size="xs" variant="default" circle={around.length < 10}>
          {around.length}
        </Badge>
      </Group>
      {around.length === 0 ? (
        <Text size="sm" c="dimmed">
          No changes to {incident.service.name} in the 24 hours before this incident, or since.
        </Text>
      ) : (
        around.map((change) => (
          <UnstyledButton
            key={change.id}
            onClick={() => openChanges('changes', change.id)}
            aria-label={`Open change ${change.record.number}`}
            className="incident-change"
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" truncate>
                <Text span fw={500}>
                  {change.record.number}
                </Text>{' '}
                {change.type} · {change.service.name} {change.deployment.version} · <code>{change.deployment.commit.slice(0, 7)}</code>
              </Text>
              <Badge size="xs" variant="light" color={stateColor(change)} style={{ flexShrink: 0 }}>
                {change.vendorState || CHANGE_STATE_LABEL[change.state]}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              raised {relativeToIncident(change.createdAt, incident.createdAt)}
              {change.closeCode ? ` · closed ${change.closeCode.replace('_', ' ')}` : ''}
            </Text>
          </UnstyledButton>
        ))
      )}
    </Stack>
  );
}
