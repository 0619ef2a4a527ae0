/**
 * The detail pane for the incident under the cursor: its fields, every action as a button
 * (with pending, done and failed state, and which half is still pending when the paging
 * platform took an action but the ticketing system has not yet), the major incident mark,
 * the linked ticket, what changed before it (deployments and changes, with a rollback where
 * the catalogue offers one), the alerts with their details and links, the escalation policy with
 * who is on call at each level, responders, notes and the timeline. The detail is
 * refetched whenever the incident changes (see SnapshotSync).
 *
 * Mounted by the app as `<IncidentDetailPane/>`: it shows itself while the detail is open
 * and the cursor is on an incident. (The props of the first version still work.)
 */
import { ActionIcon, Anchor, Badge, Box, Button, Group, Loader, Menu, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import {
  IconArrowBackUp,
  IconArrowsExchange,
  IconArrowUpRight,
  IconCheck,
  IconDots,
  IconCircleCheck,
  IconClockPause,
  IconExternalLink,
  IconFlag,
  IconGitMerge,
  IconSpeakerphone,
  IconUsersPlus,
  IconNote,
  IconUrgent,
  IconUserCheck,
  IconX,
} from '@tabler/icons-react';
import type { Incident } from '../../../../shared/domain/incident';
import type { ActionKind, ActionRecord } from '../../../../shared/domain/action';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { incidentDetailKey } from '../../state/snapshot-sync';
import { useUiStore } from '../../state/ui-store';
import { useSnapshot } from '../../state/use-snapshot';
import { useNow } from '../../state/use-now';
import { activityByIncident, activityFor, doneLabel, isRecentlyDone, type IncidentActivity } from '../actions/incident-activity';
import { describeAction } from '../../../../shared/domain/action';
import { useIncidentActions } from '../actions/use-incident-actions';
import { useCommandRunner } from '../actions/use-command-runner';
import { FailedActionNotice } from '../actions/failed-action-notice';
import { commandById, commandKeysText, commandLabel, type CommandId } from '../commands/registry';
import { keyLabels } from '../commands/keys';
import { failedTitle, pagingSystemName, pendingProgress, ticketingConnection, type ActionProgress } from '../actions/action-progress';
import { majorIncidentState, useMajorIncidents, type MajorIncidentState } from '../actions/major-incidents';
import { ticketsByIncident } from '../queue/ticket-index';
import { DETAIL_LABEL_COLUMN, TicketSection } from './ticket-section';
import { StatusBadge, UrgencyLabel } from './status-label';
import { AgeText } from './age-text';
import { formatTimestamp } from './format-time';
import { AlertList } from './alert-list';
import { IncidentTimeline } from './incident-timeline';
import { NoteList } from './note-list';
import { EscalationSection } from './escalation-section';
import { IncidentWhatChanged } from '../delivery/incident-what-changed';
import '../changes/changes-area.css';
import { AskSpecialistButton } from '../catalogue/ask-specialist-button';
import { ResponderList } from './responder-list';
import { safeExternalUrl } from './external-link';
import { agoText } from '../../../../shared/rules/stale-action';
import { platformLook } from '../queue/platforms';
import { PlatformMark } from './incident-row';
import { actionCapability, type ActionCapability } from '../../../../shared/rules/platform-capabilities';
import { hasTicketing } from '../actions/platform-offer';

export function IncidentDetailPane(props: { incident?: Incident; activity?: IncidentActivity; onClose?: () => void }) {
  const detailOpen = useUiStore((state) => state.detailOpen);
  const cursorId = useUiStore((state) => state.cursor.id);
  const closeDetail = useUiStore((state) => state.closeDetail);
  const { data } = useSnapshot();
  const incident = props.incident ?? (detailOpen && cursorId ? data?.incidents.find((i) => i.id === cursorId) : undefined);
  const activities = useMemo(() => activityByIncident(data?.actions ?? []), [data?.actions]);
  if (!incident) return null;
  return <DetailPane incident={incident} activity={activityFor(activities, incident.id)} onClose={props.onClose ?? closeDetail} />;
}

const NO_ACTIONS: readonly ActionRecord[] = [];
const NO_CONNECTIONS: readonly ConnectionStatus[] = [];

function DetailPane({ incident, activity, onClose }: { incident: Incident; activity: IncidentActivity; onClose(): void }) {
  const { client } = useConsole();
  const now = useNow(10_000);
  const actions = useIncidentActions();
  const { data: snapshot } = useSnapshot();
  const connections = snapshot?.connections ?? NO_CONNECTIONS;
  const snapshotActions = snapshot?.actions ?? NO_ACTIONS;
  const pagingName = pagingSystemName(incident.provider, connections);
  const ticket = ticketsByIncident(snapshot?.tickets).get(incident.id) ?? null;
  const ticketing = ticketingConnection(connections);
  const primary = connections.find((connection) => connection.paging)?.provider ?? 'pagerduty';
  const platformMark = incident.provider === primary ? null : platformLook(incident.provider, connections);
  const declared = useMajorIncidents((state) => state.declared);
  // Moving through the queue with the pane open should not fire a request per key press.
  const [settledId] = useDebouncedValue(incident.id, 200);
  const detail = useQuery({
    queryKey: incidentDetailKey(incident.id),
    queryFn: () => client.call('getIncidentDetail', { incidentId: incident.id }),
    enabled: settledId === incident.id,
    staleTime: 30_000,
    retry: 1,
  });
  const vendorUrl = safeExternalUrl(incident.htmlUrl);
  const major = majorIncidentState(incident.id, {
    actions: snapshotActions,
    declared,
    ticketMajor: ticket?.majorIncident,
    responders: detail.data?.responders,
    declaredInPaging: incident.declaredMajor,
  });
  // Busy while the paging platform has not taken an action yet; a waiting ticket half does not block.
  const busy = activity.pending !== null;

  return (
    <Box component="aside" aria-label={`Incident ${incident.number}: ${incident.title}`} className="detail-pane">
      <Group justify="space-between" align="flex-start" wrap="nowrap" p="md" pb="xs" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            {platformMark && <PlatformMark name={platformMark.name} compact={platformMark.compact} />}
            <Text size="xs" c="dimmed">
              #{incident.number} · {incident.service.name}
            </Text>
          </Group>
          <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
            {incident.title}
          </Title>
          <MajorIncidentMark major={major} />
        </Stack>
        <Tooltip label={`Close (${commandKeysText('close')})`}>
          <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label="Close details">
            <IconX size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>

      {incident.status === 'resolved' ? (
        <Group px="md" pb="sm" gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconArrowBackUp size={14} aria-hidden />}
            loading={activity.pendingAll.some((action) => action.request.kind === 'reopen')}
            onClick={() => void actions.submit({ kind: 'reopen', incidentIds: [incident.id] })}
          >
            Reopen
          </Button>
          <Text size="xs" c="dimmed">
            Back to acknowledged, assigned to you
          </Text>
        </Group>
      ) : (
        <DetailActions
          incident={incident}
          busy={busy}
          acknowledging={activity.pendingAll.some((action) => action.request.kind === 'acknowledge')}
        />
      )}
      <AskSpecialistButton incident={incident} major={major.kind !== 'none'} />
      <ActivityStatus activity={activity} pagingName={pagingName} connections={connections} onRetryNow={actions.retry} />
      {activity.failed && (
        <Box px="md" pb="sm">
          <FailedActionNotice
            action={activity.failed}
            headline={failedTitle(activity.failed, describeAction(activity.failed.request), { pagingName, connections })}
            onRetry={actions.retry}
            onDismiss={actions.dismiss}
          />
        </Box>
      )}

      <ScrollArea style={{ flex: 1 }} px="md" type="auto">
        <Stack gap="lg" pb="md">
          <dl className="detail-fields" style={DETAIL_LABEL_COLUMN}>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={incident.status} snoozedUntil={incident.snoozedUntil} />
            </dd>
            {incident.status === 'resolved' && (
              <>
                <dt>Resolved</dt>
                <dd>
                  {agoText(now - Date.parse(incident.updatedAt))}
                  {incident.statusChangedBy ? ` by ${incident.statusChangedBy.name}` : ''} · {formatTimestamp(incident.updatedAt)}
                </dd>
              </>
            )}
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
            {incident.tenant && (
              <>
                <dt>Tenant</dt>
                <dd>{incident.tenant}</dd>
              </>
            )}
            <dt>Opened</dt>
            <dd>
              <AgeText since={incident.createdAt} /> ago · {formatTimestamp(incident.createdAt)}
            </dd>
            {vendorUrl && (
              <>
                <dt>Source</dt>
                <dd>
                  <Anchor href={vendorUrl} target="_blank" rel="noopener noreferrer" size="sm">
                    Open in {incident.provider === 'pagerduty' ? 'PagerDuty' : incident.provider} <IconExternalLink size={12} aria-hidden />
                  </Anchor>
                </dd>
              </>
            )}
          </dl>

          <TicketSection incidentId={incident.id} ticket={ticket} ticketing={ticketing} actions={snapshotActions} />
          <IncidentWhatChanged incident={incident} major={major.kind !== 'none'} />

          {detail.isPending && (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Loading alerts, escalation, notes and timeline…
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
              <Section title="Escalation" count={detail.data.escalation?.levels.length ?? 0}>
                <EscalationSection escalation={detail.data.escalation} />
              </Section>
              <Section title="Responders" count={detail.data.responders.length}>
                <ResponderList responders={detail.data.responders} />
              </Section>
              <Section title="Notes" count={detail.data.notes.length}>
                <NoteList notes={detail.data.notes} />
              </Section>
              <Section title="Timeline" count={detail.data.logEntries.length}>
                <IncidentTimeline entries={detail.data.logEntries} notes={detail.data.notes} />
              </Section>
            </>
          )}
        </Stack>
      </ScrollArea>
    </Box>
  );
}

/**
 * "Acknowledging…" while an action is on its way, then "Acknowledged" for a few seconds.
 * An action whose paging half landed but whose ticket half waits reads "Acknowledged in
 * PagerDuty · ServiceNow pending: <reason> (retrying in 12s)", with Retry now.
 */
function ActivityStatus({
  activity,
  pagingName,
  connections,
  onRetryNow,
}: {
  activity: IncidentActivity;
  pagingName: string;
  connections: readonly ConnectionStatus[];
  onRetryNow(actionId: string): void;
}) {
  const now = useNow(1_000);
  const progress = activity.pendingAll.map((record) => ({
    record,
    progress: pendingProgress(record, { pagingName, connections, nowMs: now }),
  }));
  const justDone = isRecentlyDone(activity.done, now) ? activity.done : null;
  return (
    <Box px="md" pb="xs" role="status" aria-live="polite" aria-label="Action status">
      <Stack gap={4}>
        {progress.map(({ record, progress: p }) => (
          <PendingLine key={record.id} record={record} progress={p} onRetryNow={onRetryNow} />
        ))}
        {progress.length === 0 && justDone && (
          <Group gap={6}>
            <IconCircleCheck size={16} color="var(--mantine-color-green-filled)" aria-hidden />
            <Text size="sm">{doneLabel(justDone.request.kind)}</Text>
          </Group>
        )}
      </Stack>
    </Box>
  );
}

function PendingLine({
  record,
  progress,
  onRetryNow,
}: {
  record: ActionRecord;
  progress: ActionProgress;
  onRetryNow(actionId: string): void;
}) {
  const waiting = progress.reason !== null;
  return (
    <Group
      gap={6}
      wrap="nowrap"
      align="flex-start"
      data-pending-action={record.request.kind}
      data-ticketing-pending={progress.ticketingPending ?? undefined}
    >
      {waiting ? (
        <IconClockPause size={16} color="var(--mantine-color-orange-filled)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
      ) : (
        <Loader size={14} style={{ flexShrink: 0, marginTop: 3 }} aria-hidden />
      )}
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={waiting ? 500 : undefined} style={{ overflowWrap: 'anywhere' }}>
          {progress.headline}
          {progress.reason ? ':' : ''}
        </Text>
        {progress.reason && (
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {progress.reason}{' '}
            <Text span size="xs" c="dimmed">
              ({progress.retry})
            </Text>
          </Text>
        )}
      </Stack>
      {waiting && (
        <Button
          size="compact-xs"
          variant="default"
          onClick={() => onRetryNow(record.id)}
          aria-label={`Retry now: ${progress.headline}`}
          style={{ flexShrink: 0 }}
        >
          Retry now
        </Button>
      )}
    </Group>
  );
}

/** "Major incident" (with the reason) once declared, "Declaring major incident…" while it is sent. */
function MajorIncidentMark({ major }: { major: MajorIncidentState }) {
  if (major.kind === 'none') return null;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-major-incident={major.kind}>
      <Badge
        color="red"
        variant={major.kind === 'declared' ? 'filled' : 'outline'}
        leftSection={<IconUrgent size={12} aria-hidden />}
        style={{ flexShrink: 0 }}
      >
        {major.kind === 'declared' ? 'Major incident' : 'Declaring major incident'}
      </Badge>
      {major.reason && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} lineClamp={2} title={major.reason}>
          {major.reason}
        </Text>
      )}
    </Group>
  );
}

/** The action buttons, registry commands each with its label and key; they act on this incident only. */
function DetailActions({ incident, busy, acknowledging }: { incident: Incident; busy: boolean; acknowledging: boolean }) {
  const runner = useCommandRunner();
  const run = (command: CommandId) => runner.run(command, [incident.id]);
  const { data: snapshot } = useSnapshot();
  const ticketing = hasTicketing(snapshot?.connections ?? NO_CONNECTIONS);
  const can = (kind: ActionKind): ActionCapability => actionCapability(incident.provider, kind, { ticketing });
  return (
    <Group gap={6} px="md" pb="xs" role="toolbar" aria-label="Incident actions">
      <Button
        size="compact-sm"
        leftSection={<IconUserCheck size={14} />}
        disabled={busy || acknowledging || incident.status !== 'triggered'}
        onClick={() => run('acknowledge')}
      >
        {commandLabel('acknowledge')} <KeyHint command="acknowledge" />
      </Button>
      <Button
        size="compact-sm"
        color="green"
        variant="light"
        leftSection={<IconCheck size={14} />}
        disabled={busy}
        onClick={() => run('resolve')}
      >
        {commandLabel('resolve')} <KeyHint command="resolve" />
      </Button>
      <ActionButton command="addNote" capability={can('addNote')} icon={<IconNote size={14} />} onRun={run} />
      <ActionButton command="reassign" capability={can('reassign')} icon={<IconArrowsExchange size={14} />} onRun={run} />
      <ActionButton command="escalate" capability={can('escalate')} icon={<IconArrowUpRight size={14} />} onRun={run} />
      <ActionButton command="snooze" capability={can('snooze')} icon={<IconClockPause size={14} />} onRun={run} />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="Priority, urgency, responders, major incident, merge">
            <ActionIcon variant="default" size={26} aria-label="More actions">
              <IconDots size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <MoreItem command="setPriority" capability={can('setPriority')} icon={<IconFlag size={14} />} onRun={run} />
          <MoreItem command="setUrgency" capability={can('setUrgency')} icon={<IconSpeakerphone size={14} />} onRun={run} />
          <MoreItem command="addResponders" capability={can('addResponders')} icon={<IconUsersPlus size={14} />} onRun={run} />
          <MoreItem command="declareMajor" capability={can('declareMajor')} icon={<IconUrgent size={14} />} color="red" onRun={run} />
          <MoreItem command="merge" capability={can('merge')} icon={<IconGitMerge size={14} />} onRun={run} />
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

interface ActionButtonProps {
  command: CommandId;
  /** What the incident's platform offers of it (shared/rules/platform-capabilities.ts). */
  capability: ActionCapability;
  icon: ReactNode;
  onRun(command: CommandId): void;
}

/** Not offered on this platform: disabled (aria-disabled, so the tooltip with the reason stays reachable). */
function ActionButton({ command, capability, icon, onRun }: ActionButtonProps) {
  const button = (
    <Button
      size="compact-sm"
      variant="default"
      leftSection={icon}
      data-disabled={!capability.offered || undefined}
      aria-disabled={!capability.offered || undefined}
      aria-description={capability.reason ?? undefined}
      onClick={(event) => (capability.offered ? onRun(command) : event.preventDefault())}
    >
      {commandLabel(command)} <KeyHint command={command} />
    </Button>
  );
  return capability.reason ? (
    <Tooltip label={capability.reason} multiline maw={320}>
      {button}
    </Tooltip>
  ) : (
    button
  );
}

function MoreItem({
  command,
  capability,
  icon,
  color,
  onRun,
}: {
  command: CommandId;
  capability: ActionCapability;
  icon?: ReactNode;
  color?: string;
  onRun(command: CommandId): void;
}) {
  const keys = commandKeysText(command);
  return (
    <Menu.Item
      color={color}
      leftSection={icon}
      disabled={!capability.offered}
      onClick={() => onRun(command)}
      rightSection={
        keys ? (
          <Text size="xs" c="dimmed">
            {keys}
          </Text>
        ) : undefined
      }
    >
      {commandById(command).title}
      {capability.reason && (
        <Text size="xs" c="dimmed" maw={260}>
          {capability.reason}
        </Text>
      )}
    </Menu.Item>
  );
}

function KeyHint({ command }: { command: CommandId }) {
  const key = commandById(command).keys[0];
  if (!key) return null;
  return (
    <Text span size="xs" ml={6} opacity={0.7} ff="monospace" aria-hidden>
      {keyLabels(key)
        .map((labels) => labels.map((label) => (label === 'Shift' ? '⇧' : label)).join(''))
        .join(' ')}
    </Text>
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
