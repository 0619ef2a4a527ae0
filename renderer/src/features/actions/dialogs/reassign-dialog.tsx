/**
 * Reassign to a person or to another service's escalation policy: one searchable picker,
 * grouped by kind of service (digital services, COTS applications, foundational systems),
 * then other policies and people. One action for all the incidents. Picking a service
 * sends `to: { type: 'service' }`, which moves the ticket too when a ticketing system is
 * configured; the dialog says so, and says what happens in each system before sending.
 */
import { useMemo, useState } from 'react';
import { Alert, Group, List, Loader, Select, Stack, Text, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useSnapshot } from '../../../state/use-snapshot';
import { pagingSystemName, ticketingConnection } from '../action-progress';
import { errorMessage } from '../../../client/console-client-error';
import { useDirectory } from '../../queue/use-directory';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { matchesQuery, reassignGroups, reassignOutcome, reassignTarget } from '../reassign-options';
import { TargetSummary } from './target-summary';
import { DialogFooter } from './dialog-footer';
import type { DialogBodyProps } from './dialog-props';
import { submitOnCtrlEnter } from './submit-on-ctrl-enter';

/** The open list's height, in px (the dialog makes room for it). */
const LIST_HEIGHT = 240;

export function ReassignDialog({ incidentIds, onDone }: DialogBodyProps) {
  const directory = useDirectory();
  const actions = useIncidentActions();
  const targets = useTargetIncidents(incidentIds);
  const [value, setValue] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  const { data: snapshot } = useSnapshot();
  const connections = snapshot?.connections ?? [];
  const names = {
    paging: pagingSystemName(targets.incidents[0]?.provider ?? 'pagerduty', connections),
    ticketing: ticketingConnection(connections)?.label ?? null,
  };
  const baseGroups = useMemo(() => (directory.data ? reassignGroups(directory.data) : []), [directory.data]);
  // With a ticketing system, the service groups say that the ticket follows.
  const groups = useMemo(
    () =>
      names.ticketing
        ? baseGroups.map((group) =>
            group.items.some((item) => item.value.startsWith('service:'))
              ? { ...group, group: `${group.group} · ${names.ticketing} ticket moves too` }
              : group,
          )
        : baseGroups,
    [baseGroups, names.ticketing],
  );
  const details = useMemo(() => {
    const map = new Map<string, { detail: string; search: string }>();
    for (const group of groups) for (const item of group.items) map.set(item.value, item);
    return map;
  }, [groups]);
  const data = useMemo(
    () => groups.map((group) => ({ group: group.group, items: group.items.map((item) => ({ value: item.value, label: item.label })) })),
    [groups],
  );
  const filter: OptionsFilter = ({ options, search }) =>
    options
      .map((option) =>
        'group' in option
          ? {
              ...option,
              items: option.items.filter((item) => matchesQuery(details.get(item.value)?.search ?? item.label.toLowerCase(), search)),
            }
          : option,
      )
      .filter((option) => !('group' in option) || option.items.length > 0);
  const to = value && directory.data ? reassignTarget(value, directory.data) : null;
  const canSubmit = !submitting && to !== null;

  async function submit() {
    if (!to || !canSubmit) return;
    setSubmitting(true);
    // What the user sees assigned now: one a colleague reassigns meanwhile is not taken from them (shared/rules/stale-action.ts).
    const seen = Object.fromEntries(
      targets.incidents.map((incident) => [
        incident.id,
        { assigneeIds: incident.assignees.map((assignee) => assignee.id), escalationPolicyId: incident.escalationPolicy?.id ?? null },
      ]),
    );
    const ok = await actions.submit({ kind: 'reassign', incidentIds: [...incidentIds], to, seen });
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
        {directory.isPending && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Loading services, policies and people…</Text>
          </Group>
        )}
        {directory.isError && (
          <Alert color="red" title="Could not load the directory">
            {errorMessage(directory.error)}
          </Alert>
        )}
        {directory.data && (
          <Select
            label="Reassign to"
            description={
              names.ticketing
                ? `A service (its escalation policy, and its ${names.ticketing} assignment group, business service and configuration item), a policy or a person`
                : "A service's team (its escalation policy) or a person"
            }
            placeholder="Search services, teams and people"
            data={data}
            value={value}
            onChange={setValue}
            searchable
            selectFirstOptionOnChange
            // Enter (or Ctrl+Enter to send) on the chosen option while the list is open keeps it chosen.
            allowDeselect={false}
            filter={filter}
            nothingFoundMessage="Nothing matches"
            maxDropdownHeight={LIST_HEIGHT}
            onDropdownOpen={() => setListOpen(true)}
            onDropdownClose={() => setListOpen(false)}
            limit={200}
            data-autofocus
            autoFocus
            comboboxProps={{ withinPortal: true }}
            renderOption={({ option }: { option: ComboboxItem }) => (
              <div>
                <Text size="sm">{option.label}</Text>
                <Text size="xs" c="dimmed">
                  {details.get(option.value)?.detail}
                </Text>
              </div>
            )}
          />
        )}
        {/* Room for the open list, so it never covers what follows (the outcome, the buttons). */}
        {listOpen && <div style={{ height: LIST_HEIGHT + 8 }} aria-hidden data-testid="reassign-list-room" />}
        {to && directory.data && (
          <Alert color="blue" variant="light" p="xs" aria-label="What happens">
            <List size="sm" spacing={2}>
              {reassignOutcome(to, directory.data, names).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <DialogFooter submitLabel="Reassign" submitting={submitting} canSubmit={canSubmit} onCancel={onDone} />
      </Stack>
    </form>
  );
}
