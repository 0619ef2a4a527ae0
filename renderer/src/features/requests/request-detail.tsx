/**
 * One request as both sides see it: where it stands (state, SLA countdown, who holds it,
 * the ticket, the incident it came from), what can be done now, what went wrong if
 * anything, the inputs given, approvals, pipeline runs with live status and a link to
 * their logs, comments, and the history: who did what, when, and the outcome.
 */
import type { ReactNode } from 'react';
import { Alert, Anchor, Badge, Blockquote, Group, ScrollArea, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconMessageQuestion } from '@tabler/icons-react';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import type { PipelineRun } from '../../../../shared/domain/pipeline';
import type { ApprovalPolicy } from '../../../../shared/domain/catalogue';
import { describeApprovalPolicy } from '../catalogue/catalogue-model';
import { formatTimestamp } from '../incidents/format-time';
import { safeTicketUrl } from '../incidents/external-link';
import { useCatalogue } from '../catalogue/use-catalogue';
import { useConsoleArea } from '../catalogue/console-area';
import { useSnapshot } from '../../state/use-snapshot';
import { useUiStore } from '../../state/ui-store';
import { StateBadge, SlaCountdownText } from './request-badges';
import { RequestActions } from './request-actions';
import { STATE_LABEL, type Viewer } from './request-model';
import { describeInputs } from './request-inputs';
import { RunLogTail } from './run-log';
import { useRequests } from './use-requests';

export function RequestDetail({ request, viewer }: { request: SpecialistRequest; viewer: Viewer }) {
  const offering = useCatalogue().data?.catalogue.offerings.find((candidate) => candidate.id === request.offeringId);
  const ticketUrl = request.ticket ? safeTicketUrl(request.ticket.url) : null;
  const replacement = useRequests('mine').data?.requests.find((candidate) => candidate.retryOf === request.id);
  const last = request.runs.at(-1);
  const failedRun = last?.status === 'completed' && last.conclusion !== 'success' ? last : null;
  return (
    <ScrollArea style={{ flex: 1 }} type="auto">
      <Stack
        component="article"
        aria-label={`Request ${request.offeringTitle}`}
        data-request-id={request.id}
        data-state={request.state}
        p="lg"
        gap="md"
        maw={900}
      >
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            {request.teamName} · {request.kind === 'expertise' ? 'Expertise' : 'Self-service'} · {request.id}
          </Text>
          <Group gap="sm" align="center">
            <Title order={2} size="h3">
              {request.offeringTitle}
            </Title>
            <StateBadge state={request.state} />
            {request.urgent && (
              <Badge color="red" variant="filled" size="sm">
                Urgent
              </Badge>
            )}
          </Group>
          <SlaCountdownText request={request} size="sm" />
        </Stack>

        <RequestActions request={request} viewer={viewer} offering={offering} />
        {request.retryOf && <RequestLink before="Runs again, with changed inputs, the failed request" requestId={request.retryOf} />}
        {replacement && <RequestLink before="Run again with changed inputs as" requestId={replacement.id} />}

        {request.lastError && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} title="What went wrong" role="alert">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {request.lastError}
            </Text>
          </Alert>
        )}

        <dl className="detail-fields" aria-label="Request details">
          <dt>Requested by</dt>
          <dd>
            {request.requester.name} · {formatTimestamp(request.createdAt)}
          </dd>
          {request.kind === 'expertise' && (
            <>
              <dt>Held by</dt>
              <dd>{request.assignee?.name ?? 'Nobody yet'}</dd>
            </>
          )}
          {request.incidentId && (
            <>
              <dt>Incident</dt>
              <dd>
                <IncidentLink incidentId={request.incidentId} />
              </dd>
            </>
          )}
          {request.ticket && (
            <>
              <dt>Ticket</dt>
              <dd>
                {ticketUrl ? (
                  <Anchor href={ticketUrl} target="_blank" rel="noopener noreferrer" size="sm" underline="always">
                    {request.ticket.number} <IconExternalLink size={12} aria-hidden />
                  </Anchor>
                ) : (
                  request.ticket.number
                )}{' '}
                · {request.ticket.state}
              </dd>
            </>
          )}
          <dt>Last change</dt>
          <dd>{formatTimestamp(request.updatedAt)}</dd>
        </dl>

        <Section title="Inputs">
          <dl className="detail-fields" aria-label="Inputs">
            {describeInputs(request.inputs, offering?.form).map((entry) => (
              <FieldRow key={entry.name} label={entry.label} value={entry.value} />
            ))}
          </dl>
        </Section>

        {request.kind === 'self-service' && <Approvals request={request} policy={offering?.approval} />}
        {request.runs.length > 0 && <Runs runs={request.runs} />}
        {failedRun && <RunLogTail key={failedRun.id} requestId={request.id} run={failedRun} />}
        <Comments request={request} />
        <History request={request} />
      </Stack>
    </ScrollArea>
  );
}

/** The failed request this one runs again with changed inputs, or the one that replaced it. */
function RequestLink({ before, requestId }: { before: string; requestId: string }) {
  const selectRequest = useConsoleArea((state) => state.selectRequest);
  return (
    <Text size="sm">
      {before}{' '}
      <Anchor component="button" type="button" size="sm" underline="always" onClick={() => selectRequest(requestId)}>
        {requestId}
      </Anchor>
      .
    </Text>
  );
}

/** The incident the request came from: its number and title when it is in the queue, a link back to it. */
function IncidentLink({ incidentId }: { incidentId: string }) {
  const incident = useSnapshot().data?.incidents.find((candidate) => candidate.id === incidentId);
  if (!incident) return <>{incidentId} (not in the open queue)</>;
  const show = () => {
    useUiStore.getState().setCursor(incident.id, [incident.id]);
    useUiStore.getState().openDetail();
    useConsoleArea.getState().show('queue');
  };
  return (
    <Anchor component="button" type="button" size="sm" underline="always" onClick={show} style={{ textAlign: 'left' }}>
      #{incident.number} {incident.title}
    </Anchor>
  );
}

function FieldRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd style={{ whiteSpace: 'pre-wrap' }}>{value}</dd>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `request-section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Stack component="section" aria-labelledby={id} gap={6}>
      <Title id={id} order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Approvals({ request, policy }: { request: SpecialistRequest; policy: ApprovalPolicy | undefined }) {
  const needed = policy === undefined ? null : describeApprovalPolicy(policy);
  return (
    <Section title="Approvals">
      {policy === 'none' && (
        <Text size="sm" c="dimmed">
          No approval needed.
        </Text>
      )}
      {needed && policy !== 'none' && request.approvalStillNeeded.length === 0 && (
        <Text size="sm" c="dimmed">
          Needs: {needed.charAt(0).toLowerCase() + needed.slice(1)}
        </Text>
      )}
      {request.approvals.map((approval) => (
        <Stack key={`${approval.approver.email}:${approval.at}`} gap={2}>
          <Group gap="xs">
            <Badge size="sm" color={approval.decision === 'approve' ? 'teal' : 'red'} variant="light">
              {approval.decision === 'approve' ? 'Approved' : 'Rejected'}
            </Badge>
            <Text size="sm">
              by {approval.approver.name} · {formatTimestamp(approval.at)}
            </Text>
          </Group>
          {approval.comment && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              “{approval.comment}”
            </Text>
          )}
        </Stack>
      ))}
      {request.approvalStillNeeded.length > 0 && request.state === 'awaiting-approval' && (
        <Text size="sm">Still needed: {request.approvalStillNeeded.join(', ')}</Text>
      )}
      {request.state === 'awaiting-approval' && request.approvals.length === 0 && request.approvalStillNeeded.length === 0 && (
        <Text size="sm">Waiting for a decision.</Text>
      )}
    </Section>
  );
}

const RUN_COLOR: Record<string, string> = { success: 'teal', failure: 'red', cancelled: 'gray', timed_out: 'orange' };

/** "Queued", "In progress", "Success", "Failure" ... */
function runStatusText(run: Pick<PipelineRun, 'status' | 'conclusion'>): string {
  if (run.status !== 'completed') return run.status === 'queued' ? 'Queued' : 'In progress';
  const conclusion = run.conclusion ?? 'completed';
  return conclusion.charAt(0).toUpperCase() + conclusion.slice(1).replace('_', ' ');
}

function Runs({ runs }: { runs: readonly PipelineRun[] }) {
  return (
    <Section title="Runs">
      <Table fz="sm" verticalSpacing={4} aria-label="Pipeline runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Finished</Table.Th>
            <Table.Th>Logs</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const url = safeTicketUrl(run.url);
            return (
              <Table.Tr key={run.id} data-run-id={run.id}>
                <Table.Td>{run.id}</Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    variant="light"
                    color={run.conclusion ? (RUN_COLOR[run.conclusion] ?? 'gray') : 'cyan'}
                    title={run.vendorStatus}
                  >
                    {runStatusText(run)}
                  </Badge>
                </Table.Td>
                <Table.Td>{run.startedAt ? formatTimestamp(run.startedAt) : '–'}</Table.Td>
                <Table.Td>{run.finishedAt ? formatTimestamp(run.finishedAt) : '–'}</Table.Td>
                <Table.Td>
                  {url ? (
                    <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">
                      Run logs <IconExternalLink size={12} aria-hidden />
                    </Anchor>
                  ) : (
                    '–'
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function Comments({ request }: { request: SpecialistRequest }) {
  return (
    <Section title="Comments">
      {request.comments.length === 0 && (
        <Text size="sm" c="dimmed">
          No comments yet.
        </Text>
      )}
      {request.comments.map((comment) => (
        <Blockquote
          key={comment.id}
          p="xs"
          pl="sm"
          color={comment.asksRequester ? 'yellow' : 'gray'}
          icon={comment.asksRequester ? <IconMessageQuestion size={14} /> : undefined}
          iconSize={22}
        >
          <Text size="xs" c="dimmed">
            {comment.author.name} · {formatTimestamp(comment.at)}
            {comment.asksRequester ? ' · question to the requester' : ''}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {comment.text}
          </Text>
        </Blockquote>
      ))}
    </Section>
  );
}

function History({ request }: { request: SpecialistRequest }) {
  return (
    <Section title="History">
      <Timeline bulletSize={12} lineWidth={2} active={request.history.length - 1} className="request-history" aria-label="History">
        {request.history.map((entry, index) => (
          <Timeline.Item key={`${entry.at}:${index}`} title={entry.summary}>
            <Text size="xs" c="dimmed">
              {formatTimestamp(entry.at)}
              {entry.actor ? ` · ${entry.actor.name}` : ''} · {STATE_LABEL[entry.state]}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Section>
  );
}
