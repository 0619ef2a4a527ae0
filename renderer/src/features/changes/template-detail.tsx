/**
 * One change template: the service, what it covers, its risk and plans, its approval
 * state (who proposed and who decided, a rejection's reason) and, for a change manager
 * looking at a proposal, Approve and Reject with a comment (sent through the outbox).
 */
import { Alert, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { ChangeTemplate } from '../../../../shared/domain/change';
import { useSnapshot } from '../../state/use-snapshot';
import { safeExternalUrl } from '../incidents/external-link';
import { useDecideTemplate } from './use-changes';
import { DecisionForm } from './decision-form';

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
      <dl className="detail-fields">
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

/** Approve or reject a proposed template, through the outbox. */
function TemplateDecision({ template, asked }: { template: ChangeTemplate; asked: 'rejected' | null }) {
  const decide = useDecideTemplate();
  const action =
    useSnapshot()
      .data?.actions.filter((record) => record.request.kind === 'decideChangeTemplate' && record.request.templateId === template.id)
      .at(-1) ?? null;
  return (
    <DecisionForm
      what={`the template "${template.name}"`}
      approveLabel="Approve template"
      reasonReadBy="the product team"
      action={action}
      mine
      rejectAsked={asked === 'rejected'}
      pending={decide.isPending}
      error={decide.isError ? decide.error : null}
      send={(decision, comment) => decide.mutate({ templateId: template.id, decision, comment })}
    />
  );
}
