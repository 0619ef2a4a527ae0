/**
 * Declare a major incident: asks why (the reason goes to the incident managers, the
 * paging platform's responder request and the ticket), says what will happen in each
 * system, and sends one declareMajor action per incident. Ctrl+Enter submits.
 */
import { useState } from 'react';
import { List, Stack, Text, Textarea } from '@mantine/core';
import { useSnapshot } from '../../../state/use-snapshot';
import { useTypeahead } from '../action-store';
import { pagingSystemName, ticketingConnection } from '../action-progress';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { TargetSummary } from './target-summary';
import { DialogFooter } from './dialog-footer';
import type { DialogBodyProps } from './dialog-props';
import { submitOnCtrlEnter } from './submit-on-ctrl-enter';

export function DeclareMajorDialog({ incidentIds, onDone }: DialogBodyProps) {
  const [reason, setReason] = useState('');
  useTypeahead((typed) => setReason((current) => current + typed));
  const [submitting, setSubmitting] = useState(false);
  const actions = useIncidentActions();
  const targets = useTargetIncidents(incidentIds);
  const { data } = useSnapshot();
  const connections = data?.connections ?? [];
  const paging = pagingSystemName(targets.incidents[0]?.provider ?? 'pagerduty', connections);
  const ticketing = ticketingConnection(connections);
  const canSubmit = !submitting && reason.trim().length > 0;

  async function submit() {
    if (!canSubmit) return;
    setSubmitting(true);
    let ok = true;
    // The engine declares one incident at a time.
    for (const id of incidentIds) ok = (await actions.submit({ kind: 'declareMajor', incidentIds: [id], reason: reason.trim() })) && ok;
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
        <Textarea
          label="Why is this a major incident?"
          description="The incident managers see this with the notification and the responder request."
          placeholder="e.g. Checkout is down for all customers in the EU"
          autosize
          minRows={3}
          maxRows={10}
          data-autofocus
          autoFocus
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <div>
          <Text size="xs" fw={500} mb={2}>
            What happens
          </Text>
          <List size="xs" c="dimmed" spacing={2}>
            <List.Item>{paging}: priority P1, the incident managers on call added as responders</List.Item>
            {ticketing && (
              <List.Item>
                {ticketing.label}:{' '}
                {ticketing.provider === 'servicenow'
                  ? 'priority 1 - Critical, major incident state Accepted'
                  : 'priority Highest, marked a major incident'}
              </List.Item>
            )}
            <List.Item>Everyone at the console is told, with your reason</List.Item>
          </List>
        </div>
        <DialogFooter submitLabel="Declare major" submitColor="red" submitting={submitting} canSubmit={canSubmit} onCancel={onDone} />
      </Stack>
    </form>
  );
}
