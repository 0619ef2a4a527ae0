/**
 * What an approver approves (or rejects), repeated in the dialog: the offering and its
 * team, where it acts (the catalogue's environment field), its risk, and every input as
 * the form labels it.
 */
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Offering } from '../../../../shared/domain/catalogue';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { RISK_COLOR } from '../catalogue/catalogue-model';
import { approvalSummary } from './request-model';

export function ApprovalSummary({ request, offering }: { request: SpecialistRequest; offering: Offering | undefined }) {
  const summary = approvalSummary(request, offering);
  const production = summary.environment?.value.toLowerCase().includes('production') ?? false;
  return (
    <Stack gap={6} className="approval-summary" component="section" aria-label="What you decide on">
      <div>
        <Text size="sm" fw={600}>
          {summary.offering}
        </Text>
        <Text size="xs" c="dimmed">
          {summary.team} · asked by {request.requester.name}
        </Text>
      </div>
      <Group gap={6}>
        {summary.environment && (
          <Badge
            variant={production ? 'filled' : 'light'}
            color={production ? 'red' : 'gray'}
            styles={{ label: { textTransform: 'none' } }}
          >
            Environment: {summary.environment.value}
          </Badge>
        )}
        <Badge
          variant="dot"
          color={summary.riskLevel ? RISK_COLOR[summary.riskLevel] : 'gray'}
          styles={{ label: { textTransform: 'none' } }}
        >
          {summary.risk}
        </Badge>
      </Group>
      <dl className="detail-fields" aria-label="Inputs to approve">
        {summary.environment && (
          <>
            <dt>Environment</dt>
            <dd>
              {summary.environment.value} ({summary.environment.label})
            </dd>
          </>
        )}
        {summary.inputs.map((entry) => (
          <FieldRow key={entry.name} label={entry.label} value={entry.value} />
        ))}
      </dl>
    </Stack>
  );
}

function FieldRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{value}</dd>
    </>
  );
}
