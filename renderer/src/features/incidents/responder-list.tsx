/** People asked to help with the incident, with the state of each request. */
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Responder } from '../../../../shared/domain/incident';
import { useNow } from '../../state/use-now';
import { formatRelative } from './format-time';

const STATE_COLOR: Record<string, string> = { joined: 'green', accepted: 'green', pending: 'yellow', declined: 'red' };

export function ResponderList({ responders }: { responders: Responder[] }) {
  const now = useNow(30_000);
  if (responders.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No responders requested.
      </Text>
    );
  return (
    <Stack gap={6}>
      {responders.map((responder, index) => (
        <div key={`${responder.user.id}-${index}`}>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" fw={500}>
              {responder.user.name}
            </Text>
            <Badge size="xs" variant="light" color={STATE_COLOR[responder.state.toLowerCase()] ?? 'gray'}>
              {responder.state}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {[
              responder.requester ? `asked by ${responder.requester.name}` : null,
              responder.requestedAt ? formatRelative(responder.requestedAt, now) : null,
              responder.message ? `“${responder.message}”` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
      ))}
    </Stack>
  );
}
