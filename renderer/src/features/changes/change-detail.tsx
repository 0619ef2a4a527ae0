/**
 * One change as a change manager or developer reads it: what it deploys (version, commit,
 * pipeline run), its state in the change system, the gate's decision now, the window, the
 * approvals with who and when, the service's open incidents (the evidence a change manager
 * weighs), and, when it waits for me, Approve and Reject with a comment (keys a and r).
 */
import { Alert, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { CHANGE_STATE_LABEL, type ChangeRequest } from '../../../../shared/domain/change';
import type { Incident } from '../../../../shared/domain/incident';
import type { ActionRecord } from '../../../../shared/domain/action';
import type { GateDecision } from '../../../../shared/rules/change-gate';
import { safeExternalUrl } from '../incidents/external-link';
import { formatRelative, formatTimestamp } from '../incidents/format-time';
import { OUTCOME_COLOR, OUTCOME_LABEL, stateColor } from './change-model';
import { useDecideChange } from './use-changes';
import { DecisionForm } from './decision-form';

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

      <dl className="detail-fields">
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

      {(change.conflictStatus === 'conflict' || (change.conflicts ?? []).length > 0) && (
        <section aria-label="Conflicts">
          <Title order={3} size="h6" tt="uppercase" c="dimmed">
            Conflicts
          </Title>
          {(change.conflicts ?? []).length === 0 ? (
            <Text size="sm">The change system found conflicts in its window: open the record for them.</Text>
          ) : (
            <ul className="change-approvals">
              {(change.conflicts ?? []).map((conflict, index) => (
                <li key={`${conflict.kind}-${index}`}>
                  <Badge size="xs" variant="light" color={conflict.kind === 'blackout' ? 'red' : 'yellow'}>
                    {conflict.kind}
                  </Badge>{' '}
                  <Text size="sm" span>
                    {conflict.description}
                  </Text>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

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

/** Approve or reject a change waiting for me, through the outbox. */
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
  return (
    <DecisionForm
      what={change.record.number}
      approveLabel="Approve"
      reasonReadBy="the team, in the pipeline's gate"
      action={action}
      mine={mine}
      rejectAsked={asked === 'rejected'}
      pending={decide.isPending}
      error={decide.isError ? decide.error : null}
      send={(decision, comment) => decide.mutate({ changeId: change.id, decision, comment })}
    />
  );
}
