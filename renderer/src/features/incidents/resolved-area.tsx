/**
 * The Resolved view: the incidents resolved most recently (the engine's
 * listResolvedIncidents), filterable by words and by service, each with who resolved it
 * and when, and two ways on: Review (its details, notes and timeline, read in the pane
 * beside) and Reopen (back to acknowledged, by me, through the outbox like any action).
 * Drawn in place of the queue, like the catalogue and requests areas.
 */
import { useMemo, useState } from 'react';
import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconArrowBackUp, IconEye, IconRefresh, IconSearch, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Incident } from '../../../../shared/domain/incident';
import { agoText } from '../../../../shared/rules/stale-action';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { useNow } from '../../state/use-now';
import { useSnapshotPart } from '../../state/use-snapshot';
import { useQueueKeysGuard } from '../actions/queue-keys-guard';
import { activityByIncident, activityFor } from '../actions/incident-activity';
import { useIncidentActions } from '../actions/use-incident-actions';
import { formatAge, formatTimestamp } from './format-time';
import { IncidentDetailPane } from './incident-detail';
import { useConsoleArea } from '../catalogue/console-area';
import { useResolvedView } from './resolved-view';
import './resolved-area.css';

const resolvedIncidentsKey = ['resolvedIncidents'] as const;
const ESCAPE = ['Escape'];

export function ResolvedArea() {
  const open = useResolvedView((state) => state.open);
  // Part of the incidents area: the catalogue and requests areas take its place too.
  const area = useConsoleArea((state) => state.area);
  useQueueKeysGuard(open && area === 'queue', ESCAPE);
  if (!open || area !== 'queue') return null;
  return <ResolvedList />;
}

function ResolvedList() {
  const { client } = useConsole();
  const now = useNow(10_000);
  const { show, review, reviewId } = useResolvedView();
  const actions = useIncidentActions();
  const actionRecords = useSnapshotPart((snapshot) => snapshot.actions);
  const [search, setSearch] = useState('');
  const [serviceId, setServiceId] = useState<string | null>(null);
  const resolved = useQuery({
    queryKey: resolvedIncidentsKey,
    queryFn: () => client.call('listResolvedIncidents', {}),
    refetchInterval: 30_000,
    retry: 1,
  });
  const incidents = useMemo(() => resolved.data?.incidents ?? [], [resolved.data]);
  const services = useMemo(() => {
    const byId = new Map(incidents.map((incident) => [incident.service.id, incident.service.name]));
    return [...byId].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [incidents]);
  const shown = useMemo(() => incidents.filter((incident) => matches(incident, search, serviceId)), [incidents, search, serviceId]);
  const reviewed = incidents.find((incident) => incident.id === reviewId) ?? null;
  const activity = useMemo(() => activityByIncident(actionRecords ?? []), [actionRecords]);

  async function reopen(incident: Incident) {
    if (await actions.submit({ kind: 'reopen', incidentIds: [incident.id] })) void resolved.refetch();
  }

  return (
    <main
      className="resolved-area"
      aria-label="Recently resolved incidents"
      onKeyDown={(event) => event.key === 'Escape' && !reviewId && show(false)}
    >
      <Stack gap="sm" className="resolved-list">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4">
            Recently resolved
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label="Read again">
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label="Read the resolved incidents again"
                onClick={() => void resolved.refetch()}
              >
                <IconRefresh size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Button size="xs" variant="default" leftSection={<IconX size={14} aria-hidden />} onClick={() => show(false)}>
              Back to open incidents
            </Button>
          </Group>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            placeholder="Search title, #, service, who resolved it"
            aria-label="Search resolved incidents"
            leftSection={<IconSearch size={14} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Select
            size="xs"
            placeholder="Every service"
            aria-label="Service"
            data={services}
            value={serviceId}
            onChange={setServiceId}
            clearable
            searchable
            w={220}
          />
        </Group>
        {resolved.isError && (
          <Text size="sm" c="red" role="alert">
            Could not read the resolved incidents: {errorMessage(resolved.error)}
          </Text>
        )}
        <div className="resolved-table-wrap">
          <Table highlightOnHover stickyHeader verticalSpacing={6} aria-label="Recently resolved incidents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">Title</Table.Th>
                <Table.Th scope="col">Service</Table.Th>
                <Table.Th scope="col">Resolved</Table.Th>
                <Table.Th scope="col">Open for</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((incident) => (
                <Table.Tr key={incident.id} data-incident-id={incident.id} aria-selected={incident.id === reviewId}>
                  <Table.Td>{incident.number}</Table.Td>
                  <Table.Td className="resolved-title">
                    <Text size="sm" truncate="end" title={incident.title}>
                      {incident.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate="end" title={incident.service.name}>
                      {incident.service.name}
                    </Text>
                  </Table.Td>
                  <Table.Td title={formatTimestamp(incident.updatedAt)}>
                    <Text size="sm">
                      {agoText(now - Date.parse(incident.updatedAt))}
                      {incident.statusChangedBy ? ` by ${incident.statusChangedBy.name}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatAge(incident.createdAt, Date.parse(incident.updatedAt))}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-xs"
                        variant="default"
                        leftSection={<IconEye size={12} aria-hidden />}
                        onClick={() => review(incident.id)}
                        aria-label={`Review #${incident.number}`}
                      >
                        Review
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconArrowBackUp size={12} aria-hidden />}
                        onClick={() => void reopen(incident)}
                        aria-label={`Reopen #${incident.number}`}
                      >
                        Reopen
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {!resolved.isPending && shown.length === 0 && (
            <Text size="sm" c="dimmed" p="md">
              {incidents.length === 0 ? 'No incident was resolved recently.' : 'No resolved incident matches.'}
            </Text>
          )}
          {resolved.isPending && (
            <Text size="sm" c="dimmed" p="md">
              Loading the resolved incidents…
            </Text>
          )}
        </div>
      </Stack>
      {reviewed && <IncidentDetailPane incident={reviewed} activity={activityFor(activity, reviewed.id)} onClose={() => review(null)} />}
    </main>
  );
}

/** The words and the service the list is narrowed to. */
function matches(incident: Incident, search: string, serviceId: string | null): boolean {
  if (serviceId && incident.service.id !== serviceId) return false;
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [`#${incident.number}`, String(incident.number), incident.title, incident.service.name, incident.statusChangedBy?.name ?? '']
    .join(' ')
    .toLowerCase();
  return words.every((word) => text.includes(word));
}
