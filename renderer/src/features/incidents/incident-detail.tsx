/**
 * The detail pane for the selected incident: its fields, the actions (with pending and
 * failed state), alerts with their details and links, notes and the log timeline. The
 * detail is refetched whenever the incident changes (see SnapshotSync).
 */
import { ActionIcon, Anchor, Badge, Box, Button, Group, Loader, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconCheck, IconExternalLink, IconNote, IconUserCheck, IconX } from '@tabler/icons-react';
import type { Incident } from '../../../../shared/domain/incident';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { incidentDetailKey } from '../../state/snapshot-sync';
import { useUiStore } from '../../state/ui-store';
import { pendingLabel, type IncidentActivity } from '../actions/incident-activity';
import { useIncidentActions } from '../actions/use-incident-actions';
import { FailedActionNotice } from '../actions/failed-action-notice';
import { StatusBadge, UrgencyLabel } from './status-label';
import { AgeText } from './age-text';
import { formatTimestamp } from './format-time';
import { AlertList } from './alert-list';
import { IncidentTimeline } from './incident-timeline';
import { NoteList } from './note-list';
import { safeExternalUrl } from './external-link';

export function IncidentDetailPane({ incident, activity }: { incident: Incident; activity: IncidentActivity }) {
  const { client } = useConsole();
  const closeDetail = useUiStore((state) => state.closeDetail);
  const openDialog = useUiStore((state) => state.openDialog);
  const actions = useIncidentActions();
  // Moving through the queue with the pane open should not fire a request per key press.
  const [settledId] = useDebouncedValue(incident.id, 200);
  const detail = useQuery({
    queryKey: incidentDetailKey(incident.id),
    queryFn: () => client.call('getIncidentDetail', { incidentId: incident.id }),
    enabled: settledId === incident.id,
    staleTime: 30_000,
    retry: 1,
  });
  const busy = activity.pending !== null;
  const vendorUrl = safeExternalUrl(incident.htmlUrl);

  return (
    <Box component="aside" aria-label={`Incident ${incident.number}: ${incident.title}`} className="detail-pane">
      <Group justify="space-between" align="flex-start" wrap="nowrap" p="md" pb="xs" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            #{incident.number} · {incident.service.name}
          </Text>
          <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
            {incident.title}
          </Title>
        </Stack>
        <Tooltip label="Close (Esc)">
          <ActionIcon variant="subtle" color="gray" onClick={closeDetail} aria-label="Close details">
            <IconX size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>

      <Group gap="xs" px="md" pb="sm">
        <Button
          size="xs"
          leftSection={<IconUserCheck size={14} />}
          disabled={busy || incident.status !== 'triggered'}
          onClick={() => void actions.acknowledge(incident.id)}
        >
          Acknowledge <Kbd>a</Kbd>
        </Button>
        <Button
          size="xs"
          color="green"
          variant="light"
          leftSection={<IconCheck size={14} />}
          disabled={busy}
          onClick={() => openDialog({ kind: 'resolve', incidentId: incident.id })}
        >
          Resolve <Kbd>r</Kbd>
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconNote size={14} />}
          onClick={() => openDialog({ kind: 'note', incidentId: incident.id })}
        >
          Add note <Kbd>n</Kbd>
        </Button>
        {busy && (
          <Group gap={6} role="status">
            <Loader size={14} />
            <Text size="sm">{pendingLabel(activity.pending!.request.kind)}</Text>
          </Group>
        )}
      </Group>
      {activity.failed && (
        <Box px="md" pb="sm">
          <FailedActionNotice action={activity.failed} onRetry={actions.retry} onDismiss={actions.dismiss} />
        </Box>
      )}

      <ScrollArea style={{ flex: 1 }} px="md" type="auto">
        <Stack gap="lg" pb="md">
          <dl className="detail-fields">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={incident.status} />
            </dd>
            <dt>Urgency</dt>
            <dd>
              <UrgencyLabel urgency={incident.urgency} />
            </dd>
            <dt>Priority</dt>
            <dd>{incident.priority?.name ?? '–'}</dd>
            <dt>Assigned to</dt>
            <dd>{incident.assignees.map((a) => a.name).join(', ') || 'Unassigned'}</dd>
            {incident.acknowledgedBy.length > 0 && (
              <>
                <dt>Acknowledged by</dt>
                <dd>{incident.acknowledgedBy.map((a) => a.name).join(', ')}</dd>
              </>
            )}
            <dt>Service</dt>
            <dd>{incident.service.name}</dd>
            {incident.team && (
              <>
                <dt>Team</dt>
                <dd>{incident.team.name}</dd>
              </>
            )}
            {incident.escalationPolicy && (
              <>
                <dt>Escalation</dt>
                <dd>{incident.escalationPolicy.name}</dd>
              </>
            )}
            {incident.tenant && (
              <>
                <dt>Tenant</dt>
                <dd>{incident.tenant}</dd>
              </>
            )}
            <dt>Opened</dt>
            <dd>
              {formatTimestamp(incident.createdAt)} (<AgeText since={incident.createdAt} /> ago)
            </dd>
            {vendorUrl && (
              <>
                <dt>Source</dt>
                <dd>
                  <Anchor href={vendorUrl} target="_blank" rel="noopener noreferrer" size="sm">
                    Open in {incident.provider === 'pagerduty' ? 'PagerDuty' : incident.provider}{' '}
                    <IconExternalLink size={12} aria-hidden />
                  </Anchor>
                </dd>
              </>
            )}
          </dl>

          {detail.isPending && (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Loading alerts, notes and timeline…
              </Text>
            </Group>
          )}
          {detail.isError && (
            <Group gap="xs">
              <Text size="sm" c="red">
                Could not load the details: {errorMessage(detail.error)}
              </Text>
              <Button size="compact-xs" variant="default" onClick={() => void detail.refetch()}>
                Try again
              </Button>
            </Group>
          )}
          {detail.data && (
            <>
              <Section title="Alerts" count={detail.data.alerts.length}>
                <AlertList alerts={detail.data.alerts} />
              </Section>
              <Section title="Notes" count={detail.data.notes.length}>
                <NoteList notes={detail.data.notes} />
              </Section>
              <Section title="Timeline" count={detail.data.logEntries.length}>
                <IncidentTimeline entries={detail.data.logEntries} />
              </Section>
            </>
          )}
        </Stack>
      </ScrollArea>
    </Box>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group gap={6}>
        <Title order={3} size="h6" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
          {title}
        </Title>
        <Badge size="xs" variant="default" circle={count < 10}>
          {count}
        </Badge>
      </Group>
      {children}
    </Stack>
  );
}

function Kbd({ children }: { children: ReactNode }) {
  return (
    <Text span size="xs" ml={6} opacity={0.7} ff="monospace" aria-hidden>
      {children}
    </Text>
  );
}
