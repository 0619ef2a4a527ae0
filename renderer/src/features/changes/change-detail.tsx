/**
 * One change as a change manager or developer reads it: what it deploys (version, commit,
 * pipeline run), its state in the change system, the gate's decision now, the window, the
 * approvals with who and when, the service's open incidents (the evidence a change manager
 * weighs), and, when it waits for me, Approve and Reject with a comment (keys a and r).
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCheck, IconExternalLink, IconX } from '@tabler/icons-react';
import { CHANGE_STATE_LABEL, type ChangeRequest } from '../../../../shared/domain/change';
import type { Incident } from '../../../../shared/domain/incident';
import type { ActionRecord } from '../../../../shared/domain/action';
import type { GateDecision } from '../../../../shared/rules/change-gate';
import { errorMessage } from '../../client/console-client-error';
import { safeExternalUrl } from '../incidents/external-link';
import { formatRelative, formatTimestamp } from '../incidents/format-time';
import { OUTCOME_COLOR, OUTCOME_LABEL, stateColor } from './change-model';
import { useDecideChange } from './use-changes';

interface ChangeDetailProps {
  change: ChangeRequest;
  gate: GateDecision | null;
  /** The service's open incidents: evidence for the decision. */
  openIncidents: readonly Incident[];
  /** True when the change waits for my approval. */
  mine: boolean;
  /** My decision on its way through the outbox (or failed there), if any. */
  action: ActionRecord | null;
  now: number;
  /** A decision asked for by key from the list (a: approve, r: reject), consumed once shown. */
  asked: 'approved' | 'rejected' | null;
}

export function ChangeDetail({ change, gate, openIncidents, mine, action, now, asked }: ChangeDetailProps) {
  const run = safeExternalUrl(change.deployment.runUrl ?? '');
  const record = safeExternalUrl(change.record.url);
  return (
    <Stack p="md" gap="sm" component="article" aria-label={`Change ${change.record.number}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2} size="h4">
            {change.record.number}: {change.shortDescription}
          </Title>
          <Text size="sm" c="dimmed">
            {change.service.name} · {change.type} change · risk {change.risk} · raised {formatRelative(change.createdAt, now)}
          </Text>
        </div>
        <Badge color={stateColor(change)} variant="light" style={{ flexShrink: 0 }}>
          {change.vendorState || CHANGE_STATE_LABEL[change.state]}
        </Badge>
      </Group>

      {gate && (
        <Alert color={OUTCOME_COLOR[gate.outcome]} variant="light" title={OUTCOME_LABEL[gate.outcome]} p="xs">
          <Text size="sm">{gate.reason}</Text>
        </Alert>
      )}

      <dl className="change-facts">
        <dt>Deploys</dt>
        <dd>
          {change.service.name} {change.deployment.version}
        </dd>
        <dt>Commit</dt>
        <dd>
          <code>{change.deployment.commit.slice(0, 12)}</code>
        </dd>
        <dt>Pipeline run</dt>
        <dd>
          {run ? (
            <Anchor href={run} target="_blank" rel="noopener noreferrer" size="sm">
              {run} <IconExternalLink size={12} aria-hidden />
            </Anchor>
          ) : (
            'none named'
          )}
        </dd>
        <dt>Window</dt>
        <dd>
          {change.plannedStart || change.plannedEnd
            ? `${change.plannedStart ? formatTimestamp(change.plannedStart) : 'now'} to ${change.plannedEnd ? formatTimestamp(change.plannedEnd) : 'open'}`
            : 'none planned (any time once approved)'}
        </dd>
        {change.incidentId && (
          <>
            <dt>Incident</dt>
            <dd>{change.incidentId}</dd>
          </>
        )}
        {change.closeCode && (
          <>
            <dt>Closed</dt>
            <dd>
              {change.closeCode.replace('_', ' ')}
              {change.closeNotes ? `: ${change.closeNotes}` : ''}
            </dd>
          </>
        )}
        {record && (
          <>
            <dt>Record</dt>
            <dd>
              <Anchor href={record} target="_blank" rel="noopener noreferrer" size="sm">
                Open in {change.record.system === 'servicenow' ? 'ServiceNow' : 'Jira Service Management'}{' '}
                <IconExternalLink size={12} aria-hidden />
              </Anchor>
            </dd>
          </>
        )}
      </dl>

      <section aria-label="Approvals">
        <Title order={3} size="h6" tt="uppercase" c="dimmed">
          Approvals
        </Title>
        {change.approvals.length === 0 ? (
          <Text size="sm" c="dimmed">
            {change.type === 'standard' ? 'Pre-approved by its template.' : 'No approver asked yet.'}
          </Text>
        ) : (
          <ul className="change-approvals">
            {change.approvals.map((approval) => (
              <li key={`${approval.approver.id}-${approval.state}`}>
                <Text size="sm" span fw={500}>
                  {approval.approver.name}
                </Text>{' '}
                <Badge
                  size="xs"
                  variant="light"
                  color={approval.state === 'approved' ? 'green' : approval.state === 'rejected' ? 'red' : 'yellow'}
                >
                  {approval.state}
                </Badge>
                {approval.decidedAt && (
                  <Text size="xs" c="dimmed" span>
                    {' '}
                    {formatRelative(approval.decidedAt, now)}
                  </Text>
                )}
                {approval.comment && (
                  <Text size="sm" c="dimmed">
                    “{approval.comment}”
                  </Text>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-label={`Open incidents on ${change.service.name}`}>
        <Title order={3} size="h6" tt="uppercase" c="dimmed">
          Open incidents on {change.service.name}
        </Title>
        {openIncidents.length === 0 ? (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        ) : (
          <ul className="change-approvals">
            {openIncidents.map((incident) => (
              <li key={incident.id}>
                <Text size="sm">
                  #{incident.number} {incident.title} · {incident.urgency} urgency
                  {incident.declaredMajor != null ? ' · major incident' : ''}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </section>

      {(mine || action) && <DecisionPanel key={change.id} change={change} mine={mine} action={action} asked={asked} />}
    </Stack>
  );
}

function DecisionPanel({
  change,
  mine,
  action,
  asked,
}: {
  change: ChangeRequest;
  mine: boolean;
  action: ActionRecord | null;
  asked: 'approved' | 'rejected' | null;
}) {
  const decide = useDecideChange();
  const [rejecting, setRejecting] = useState(asked === 'rejected');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) {
      setProblem('Say why you reject the change: the team reads it in the pipeline log');
      return;
    }
    setProblem(null);
    decide.mutate({ changeId: change.id, decision, comment: comment.trim() });
  };
  if (action && action.state === 'pending')
    return (
      <Alert color="blue" variant="light" p="xs" role="status">
        {action.request.kind === 'decideChange' && action.request.decision === 'approved' ? 'Approving' : 'Rejecting'}{' '}
        {change.record.number}… (sent through the outbox{action.lastError ? `; retrying: ${action.lastError}` : ''})
      </Alert>
    );
  return (
    <Stack gap="xs" component="section" aria-label="Your decision">
      {action?.state === 'failed' && (
        <Alert color="red" variant="light" p="xs" role="alert" title="Your decision did not reach the change system">
          {action.lastError}
        </Alert>
      )}
      {mine && (
        <>
          <Title order={3} size="h6" tt="uppercase" c="dimmed">
            Your decision
          </Title>
          {rejecting && (
            <Textarea
              label="Why you reject it"
              description="The pipeline's gate shows this to the team"
              autosize
              minRows={2}
              autoFocus
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              error={problem}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send('rejected');
              }}
            />
          )}
          <Group gap="xs">
            <Button
              size="compact-sm"
              color="green"
              leftSection={<IconCheck size={14} aria-hidden />}
              loading={decide.isPending}
              onClick={() => send('approved')}
              title="Approve (a)"
            >
              Approve
            </Button>
            <Button
              size="compact-sm"
              color="red"
              variant={rejecting ? 'filled' : 'light'}
              leftSection={<IconX size={14} aria-hidden />}
              loading={decide.isPending}
              onClick={() => (rejecting ? send('rejected') : setRejecting(true))}
              title="Reject with a comment (r; Ctrl+Enter sends)"
            >
              {rejecting ? 'Reject with this comment' : 'Reject…'}
            </Button>
          </Group>
          {decide.isError && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(decide.error)}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
