/**
 * The requests area: "My requests" (what I asked for or ran) and "Triage" (the requests
 * for the teams I work in, soonest due first, and the approvals waiting for me). A list
 * on the left, the chosen request on the right; both live through
 * specialistRequestChanged.
 */
import { useMemo } from 'react';
import { Alert, Badge, Button, Group, Loader, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea, type RequestsTab } from '../catalogue/console-area';
import { useViewer } from '../personas/use-personas';
import { useRequests } from './use-requests';
import { requestActions, sortByDue, sortNewestFirst, type Viewer } from './request-model';
import { SlaCountdownText, StateBadge } from './request-badges';
import { RequestDetail } from './request-detail';

export function RequestsView() {
  const tab = useConsoleArea((state) => state.requestsTab);
  const openRequests = useConsoleArea((state) => state.openRequests);
  return (
    <Tabs
      value={tab}
      onChange={(value) => value && openRequests(value as RequestsTab, null)}
      keepMounted={false}
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0, minHeight: 0 }}
    >
      <Tabs.List px="sm">
        <Tabs.Tab value="mine">My requests</Tabs.Tab>
        <Tabs.Tab value="triage">Triage</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="mine" style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <MyRequests />
      </Tabs.Panel>
      <Tabs.Panel value="triage" style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Triage />
      </Tabs.Panel>
    </Tabs>
  );
}

function MyRequests() {
  const viewer = useViewer();
  const requests = useRequests('mine');
  const list = useMemo(() => (requests.data ? sortNewestFirst(requests.data.requests) : []), [requests.data]);
  return (
    <RequestsSplit
      query={requests}
      groups={[{ title: null, requests: list }]}
      viewer={viewer}
      empty="You have not asked for anything yet. Find what specialist teams offer in the Catalogue."
      listLabel="My requests"
    />
  );
}

function Triage() {
  const viewer = useViewer();
  const requests = useRequests('my-teams');
  const groups = useMemo(() => {
    const sorted = requests.data ? sortByDue(requests.data.requests) : [];
    const approvals = sorted.filter(
      (request) => request.state === 'awaiting-approval' && requestActions(request, viewer).includes('approve'),
    );
    const rest = sorted.filter((request) => !approvals.includes(request));
    return [
      { title: 'Approvals waiting for me', requests: approvals },
      { title: 'For my teams', requests: rest },
    ].filter((group) => group.requests.length > 0);
  }, [requests.data, viewer]);
  return (
    <RequestsSplit
      query={requests}
      groups={groups}
      viewer={viewer}
      empty="Nothing to triage: no requests for your teams."
      listLabel="Requests to triage"
    />
  );
}

interface RequestsSplitProps {
  query: ReturnType<typeof useRequests>;
  groups: { title: string | null; requests: SpecialistRequest[] }[];
  viewer: Viewer;
  empty: string;
  listLabel: string;
}

function RequestsSplit({ query, groups, viewer, empty, listLabel }: RequestsSplitProps) {
  const requestId = useConsoleArea((state) => state.requestId);
  const selectRequest = useConsoleArea((state) => state.selectRequest);
  const all = groups.flatMap((group) => group.requests);
  const selected = all.find((request) => request.id === requestId) ?? null;
  return (
    <>
      <div className="specialists-sidebar">
        <ScrollArea style={{ flex: 1 }} type="auto">
          {query.isPending && (
            <Group gap="xs" p="sm">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Loading requests…
              </Text>
            </Group>
          )}
          {query.isError && (
            <Alert m="sm" color="red" icon={<IconAlertCircle size={16} />} title="Could not load the requests" role="alert">
              <Text size="sm">{errorMessage(query.error)}</Text>
              <Button mt="xs" size="compact-xs" variant="default" onClick={() => void query.refetch()}>
                Try again
              </Button>
            </Alert>
          )}
          {query.data && all.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              {empty}
            </Text>
          )}
          <nav aria-label={listLabel}>
            {groups.map((group) => (
              <section key={group.title ?? 'all'}>
                {group.title && (
                  <Group gap={6} px="sm" pt="sm" pb={4}>
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                      {group.title}
                    </Text>
                    <Badge size="xs" variant="light" color="gray">
                      {group.requests.length}
                    </Badge>
                  </Group>
                )}
                {group.requests.map((request) => (
                  <button
                    key={request.id}
                    type="button"
                    className="specialists-list-item"
                    data-request-id={request.id}
                    aria-current={request.id === requestId ? 'true' : undefined}
                    onClick={() => selectRequest(request.id)}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" fw={500} truncate>
                        {request.offeringTitle}
                      </Text>
                      <StateBadge state={request.state} />
                    </Group>
                    <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
                      <Text size="xs" c="dimmed" truncate>
                        {request.requester.name}
                        {request.assignee ? ` → ${request.assignee.name}` : ''}
                        {request.urgent ? ' · urgent' : ''}
                      </Text>
                      <span style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                        <SlaCountdownText request={request} />
                      </span>
                    </Group>
                  </button>
                ))}
              </section>
            ))}
          </nav>
        </ScrollArea>
      </div>
      <div className="specialists-main">
        {selected ? (
          <RequestDetail key={selected.id} request={selected} viewer={viewer} />
        ) : (
          <Stack p="xl" gap="xs" maw={520}>
            <Title order={2} size="h4">
              {all.length ? 'Choose a request' : 'No requests here'}
            </Title>
            <Text size="sm" c="dimmed">
              {all.length ? 'Its status, SLA, comments, approvals, runs and history show here.' : empty}
            </Text>
          </Stack>
        )}
      </div>
    </>
  );
}
