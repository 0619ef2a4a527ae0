/**
 * Add responders: people and escalation policies to ask for help, with a message saying
 * why. The API takes one incident per request, so several incidents are several actions.
 */
import { useMemo, useState } from 'react';
import { Alert, Loader, MultiSelect, Stack, Textarea } from '@mantine/core';
import { errorMessage } from '../../../client/console-client-error';
import { useDirectory } from '../../queue/use-directory';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { TargetSummary } from './target-summary';
import { DialogFooter } from './dialog-footer';
import type { DialogBodyProps } from './dialog-props';
import { submitOnCtrlEnter } from './submit-on-ctrl-enter';

export function RespondersDialog({ incidentIds, onDone }: DialogBodyProps) {
  const directory = useDirectory();
  const actions = useIncidentActions();
  const targets = useTargetIncidents(incidentIds);
  const [userIds, setUserIds] = useState<string[]>([]);
  const [policyIds, setPolicyIds] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const users = useMemo(
    () =>
      [...(directory.data?.users ?? [])].sort((a, b) => a.name.localeCompare(b.name)).map((user) => ({ value: user.id, label: user.name })),
    [directory.data],
  );
  const policies = useMemo(
    () =>
      [...(directory.data?.escalationPolicies ?? [])]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((policy) => ({ value: policy.id, label: policy.name })),
    [directory.data],
  );
  const canSubmit = !submitting && userIds.length + policyIds.length > 0 && message.trim().length > 0;

  async function submit() {
    if (!canSubmit) return;
    setSubmitting(true);
    let ok = true;
    for (const id of incidentIds) {
      ok =
        (await actions.submit({
          kind: 'addResponders',
          incidentIds: [id],
          userIds,
          escalationPolicyIds: policyIds,
          message: message.trim(),
        })) && ok;
    }
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
        {directory.isPending && <Loader size="xs" />}
        {directory.isError && <Alert color="red">{errorMessage(directory.error)}</Alert>}
        <MultiSelect
          label="People"
          placeholder="Search people"
          data={users}
          value={userIds}
          onChange={setUserIds}
          searchable
          selectFirstOptionOnChange
          data-autofocus
          autoFocus
          limit={100}
        />
        <MultiSelect
          label="Teams (escalation policies)"
          placeholder="Search policies"
          data={policies}
          value={policyIds}
          onChange={setPolicyIds}
          searchable
          selectFirstOptionOnChange
          limit={100}
        />
        <Textarea
          label="Message"
          placeholder="Why do you need them?"
          autosize
          minRows={2}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
        />
        <DialogFooter submitLabel="Request help" submitting={submitting} canSubmit={canSubmit} onCancel={onDone} />
      </Stack>
    </form>
  );
}
