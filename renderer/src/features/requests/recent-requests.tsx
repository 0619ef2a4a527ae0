/** An offering's recent requests (anyone's), newest first: who asked, when, and where it stands. */
import { Anchor, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { errorMessage } from '../../client/console-client-error';
import { formatTimestamp } from '../incidents/format-time';
import { useConsoleArea } from '../catalogue/console-area';
import { useRequests } from './use-requests';
import { isRequester, sortNewestFirst } from './request-model';
import { useViewer } from '../personas/use-personas';
import { StateBadge } from './request-badges';

const SHOWN = 8;

export function RecentRequests({ offeringId }: { offeringId: string }) {
  const requests = useRequests('all', offeringId);
  const openRequests = useConsoleArea((state) => state.openRequests);
  const viewer = useViewer();
  const list = requests.data ? sortNewestFirst(requests.data.requests).slice(0, SHOWN) : [];
  return (
    <Stack component="section" aria-labelledby="recent-requests-title" gap="xs">
      <Title id="recent-requests-title" order={3} size="h5">
        Recent requests
      </Title>
      {requests.isPending && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        </Group>
      )}
      {requests.isError && (
        <Text size="sm" c="red">
          Could not load the recent requests: {errorMessage(requests.error)}
        </Text>
      )}
      {requests.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          Nobody has asked for this yet.
        </Text>
      )}
      {list.length > 0 && (
        <Table fz="sm" verticalSpacing={4} aria-label="Recent requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Asked</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Ticket</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((request) => (
              <Table.Tr key={request.id}>
                <Table.Td>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => openRequests(isRequester(request, viewer) ? 'mine' : 'triage', request.id)}
                  >
                    {formatTimestamp(request.createdAt)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{request.requester.name}</Table.Td>
                <Table.Td>
                  <StateBadge state={request.state} />
                </Table.Td>
                <Table.Td>{request.ticket?.number ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
