/**
 * One offering: what it is (its description), who owns it and who is on call for it now,
 * its SLA, risk and approval, the pipeline it runs, the form to ask or run it, and its
 * recent requests.
 */
import { useMemo } from 'react';
import { Badge, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { Catalogue, Offering } from '../../../../shared/domain/catalogue';
import { pipelineRefOf, teamOf } from '../../../../shared/domain/catalogue';
import { describePipeline } from '../../../../shared/domain/pipeline';
import type { Ref } from '../../../../shared/domain/incident';
import { useDirectory } from '../queue/use-directory';
import { KIND_LABEL, RISK_COLOR, RISK_LABEL, describeApprovalPolicy, describeSla } from './catalogue-model';
import { MarkdownText } from './markdown-text';
import { OfferingForm } from './offering-form';
import { RecentRequests } from '../requests/recent-requests';

export function OfferingPage({ offering, catalogue, onCall }: { offering: Offering; catalogue: Catalogue; onCall: readonly Ref[] }) {
  const team = teamOf(catalogue, offering);
  const users = useDirectory().data?.users;
  const nameOf = useMemo(() => {
    const byEmail = new Map((users ?? []).map((user) => [user.email.toLowerCase(), user.name]));
    return (email: string) => byEmail.get(email.toLowerCase());
  }, [users]);

  return (
    <ScrollArea style={{ flex: 1 }} type="auto">
      <Stack component="article" aria-label={offering.title} p="lg" gap="lg" maw={880}>
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            {team.name}
          </Text>
          <Title order={2} size="h3">
            {offering.title}
          </Title>
          <Group gap={6}>
            <Badge variant="light" color={offering.kind === 'expertise' ? 'indigo' : 'grape'}>
              {KIND_LABEL[offering.kind]}
            </Badge>
            <Badge variant="dot" color={RISK_COLOR[offering.risk]}>
              {RISK_LABEL[offering.risk]}
            </Badge>
          </Group>
        </Stack>

        <MarkdownText source={offering.description} />

        <dl className="detail-fields" aria-label="About this offering">
          <dt>Owning team</dt>
          <dd>
            {team.name}
            {team.assignmentGroup !== team.name ? ` (queue: ${team.assignmentGroup})` : ''}
          </dd>
          <dt>On call now</dt>
          <dd>{onCall.length ? onCall.map((person) => person.name).join(', ') : 'Nobody on call (urgent asks are not paged)'}</dd>
          <dt>SLA</dt>
          <dd>{describeSla(offering.sla)}</dd>
          <dt>Risk</dt>
          <dd>{RISK_LABEL[offering.risk]}</dd>
          <dt>Approval</dt>
          <dd>{describeApprovalPolicy(offering.approval, nameOf)}</dd>
          {offering.pipeline && (
            <>
              <dt>Runs</dt>
              <dd>{describePipeline(pipelineRefOf(offering.pipeline))}</dd>
            </>
          )}
        </dl>

        <OfferingForm offering={offering} />

        <RecentRequests offeringId={offering.id} />
      </Stack>
    </ScrollArea>
  );
}
