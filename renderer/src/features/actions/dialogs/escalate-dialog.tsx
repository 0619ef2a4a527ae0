/**
 * Escalate to a level of the escalation policy, each level shown with who is on call at it
 * right now (from the incident's escalation path, else the directory and /oncalls).
 */
import { useMemo, useState } from 'react';
import { Alert, Group, Loader, Radio, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useConsole } from '../../../client/console-context';
import { incidentDetailKey } from '../../../state/snapshot-sync';
import { useNow } from '../../../state/use-now';
import { useDirectory } from '../../queue/use-directory';
import { useOnCalls } from '../../oncall/use-on-calls';
import { formatShiftEnd } from '../../oncall/on-call-groups';
import { escalationChoices, suggestedLevel } from '../escalation-levels';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { TargetSummary } from './target-summary';
import { DialogFooter } from './dialog-footer';
import type { DialogBodyProps } from './dialog-props';
import { submitOnCtrlEnter } from './submit-on-ctrl-enter';

export function EscalateDialog({ incidentIds, onDone }: DialogBodyProps) {
  const { client } = useConsole();
  const actions = useIncidentActions();
  const targets = useTargetIncidents(incidentIds);
  const now = useNow(30_000);
  const first = targets.incidents[0] ?? null;
  const detail = useQuery({
    queryKey: incidentDetailKey(first?.id ?? ''),
    queryFn: () => client.call('getIncidentDetail', { incidentId: first!.id }),
    enabled: first !== null,
    staleTime: 30_000,
    retry: 1,
  });
  const directory = useDirectory();
  const oncalls = useOnCalls();
  const policyId = first?.escalationPolicy?.id ?? detail.data?.escalation?.policy.id ?? null;
  const policy = directory.data?.escalationPolicies.find((p) => p.id === policyId) ?? null;
  const choices = useMemo(
    () => escalationChoices(detail.data?.escalation ?? null, policy, oncalls.data?.oncalls ?? []),
    [detail.data?.escalation, policy, oncalls.data?.oncalls],
  );
  const otherPolicies = new Set(targets.incidents.map((incident) => incident.escalationPolicy?.id ?? '')).size > 1;
  const [picked, setPicked] = useState<string | null>(null);
  const level = picked ?? suggestedLevel(choices)?.toString() ?? null;
  const [submitting, setSubmitting] = useState(false);
  const loading = detail.isPending && first !== null && choices.length === 0;
  const canSubmit = !submitting && level !== null;

  async function submit() {
    if (!canSubmit || level === null) return;
    setSubmitting(true);
    const ok = await actions.submit({ kind: 'escalate', incidentIds: [...incidentIds], level: Number(level) });
    setSubmitting(false);
    if (ok) onDone();
  }

  return (
    <form
      onKeyDown={submitOnCtrlEnter}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <TargetSummary targets={targets} />
        {loading && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Loading the escalation policy…</Text>
          </Group>
        )}
        {!loading && choices.length === 0 && (
          <Alert color="yellow" title="No escalation levels known">
            The incident's escalation policy could not be read. Try again in a moment.
          </Alert>
        )}
        {choices.length > 0 && (
          <Radio.Group
            label={`Escalate to a level of ${detail.data?.escalation?.policy.name ?? policy?.name ?? first?.escalationPolicy?.name ?? 'the policy'}`}
            description={otherPolicies ? 'The incidents have different policies: each goes to this level of its own.' : undefined}
            value={level}
            onChange={setPicked}
          >
            <Stack gap={6} mt="xs">
              {choices.map((choice) => (
                <Radio
                  key={choice.level}
                  value={String(choice.level)}
                  data-autofocus={String(choice.level) === level ? true : undefined}
                  label={
                    <Text size="sm" fw={500} span>
                      Level {choice.level}
                      {choice.current ? ' (current)' : ''}
                    </Text>
                  }
                  description={
                    choice.people.length
                      ? choice.people.map((person) => `${person.user.name} (${formatShiftEnd(person.until, now)})`).join(', ')
                      : 'Nobody on call'
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <DialogFooter
          submitLabel={level ? `Escalate to level ${level}` : 'Escalate'}
          submitColor="orange"
          submitting={submitting}
          canSubmit={canSubmit}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
