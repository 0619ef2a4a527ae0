/**
 * One change template: the service, what it covers, its risk and plans, its approval
 * state (who proposed and who decided, a rejection's reason) and, for a change manager
 * looking at a proposal, Approve and Reject with a comment (sent through the outbox).
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCheck, IconExternalLink, IconX } from '@tabler/icons-react';
import type { ChangeTemplate } from '../../../../shared/domain/change';
import { errorMessage } from '../../client/console-client-error';
import { useSnapshot } from '../../state/use-snapshot';
import { safeExternalUrl } from '../incidents/external-link';
import { useDecideTemplate } from './use-changes';

export function TemplateStateBadge({ template }: { template: ChangeTemplate }) {
  const color = { approved: 'green', proposed: 'yellow', rejected: 'red', retired: 'gray' }[template.state];
  return (
    <Badge size="xs" variant="light" color={color} style={{ flexShrink: 0 }}>
      {template.state}
    </Badge>
  );
}

interface TemplateDetailProps {
  template: ChangeTemplate;
  /** Shown in the approval queue: the decision buttons are offered. */
  decidable: boolean;
  asked: 'rejected' | null;
}

export function TemplateDetail({ template, decidable, asked }: TemplateDetailProps) {
  const link = template.record ? safeExternalUrl(template.record.url) : null;
  return (
    <Stack p="md" gap="sm" component="article" aria-label={`Template ${template.name}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2} size="h4">
            {template.name}
          </Title>
          <Text size="sm" c="dimmed">
            {template.service.name} · risk {template.risk}
            {template.proposedBy ? ` · proposed by ${template.proposedBy.name}` : ''}
            {template.decidedBy ? ` · ${template.state} by ${template.decidedBy.name}` : ''}
          </Text>
        </div>
        <TemplateStateBadge template={template} />
      </Group>
      {template.state === 'rejected' && template.decisionComment && (
        <Alert color="red" variant="light" p="xs" title="Why it was rejected">
          {template.decisionComment}
        </Alert>
      )}
      <dl className="change-facts">
        <dt>Covers</dt>
        <dd>{template.scope}</dd>
        <dt>Implementation</dt>
        <dd className="change-plan">{template.implementationPlan || '—'}</dd>
        <dt>Backout</dt>
        <dd className="change-plan">{template.backoutPlan || '—'}</dd>
        <dt>Test</dt>
        <dd className="change-plan">{template.testPlan || '—'}</dd>
        {link && (
          <>
            <dt>Record</dt>
            <dd>
              <Anchor href={link} target="_blank" rel="noopener noreferrer" size="sm">
                {template.record?.number} <IconExternalLink size={12} aria-hidden />
              </Anchor>
            </dd>
          </>
        )}
      </dl>
      {decidable && template.state === 'proposed' && <TemplateDecision template={template} asked={asked} />}
    </Stack>
  );
}

function TemplateDecision({ template, asked }: { template: ChangeTemplate; asked: 'rejected' | null }) {
  const decide = useDecideTemplate();
  const [rejecting, setRejecting] = useState(asked === 'rejected');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action =
    useSnapshot()
      .data?.actions.filter((record) => record.request.kind === 'decideChangeTemplate' && record.request.templateId === template.id)
      .at(-1) ?? null;
  const send = (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) {
      setProblem('Say why you reject the template: the product team reads it');
      return;
    }
    setProblem(null);
    decide.mutate({ templateId: template.id, decision, comment: comment.trim() });
  };
  if (action?.state === 'pending')
    return (
      <Alert color="blue" variant="light" p="xs" role="status">
        Sending your decision on “{template.name}”…{action.lastError ? ` (retrying: ${action.lastError})` : ''}
      </Alert>
    );
  return (
    <Stack gap="xs" component="section" aria-label="Your decision">
      {action?.state === 'failed' && (
        <Alert color="red" variant="light" p="xs" role="alert" title="Your decision did not reach the change system">
          {action.lastError}
        </Alert>
      )}
      {rejecting && (
        <Textarea
          label="Why you reject it"
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
        >
          Approve template
        </Button>
        <Button
          size="compact-sm"
          color="red"
          variant={rejecting ? 'filled' : 'light'}
          leftSection={<IconX size={14} aria-hidden />}
          loading={decide.isPending}
          onClick={() => (rejecting ? send('rejected') : setRejecting(true))}
        >
          {rejecting ? 'Reject with this comment' : 'Reject…'}
        </Button>
      </Group>
      {decide.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(decide.error)}
        </Text>
      )}
    </Stack>
  );
}
