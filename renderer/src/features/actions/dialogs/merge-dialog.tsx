/**
 * Merge incidents: pick the one to keep, among the selection or by searching the open
 * queue; the others are merged into it (their alerts move, they resolve).
 */
import { useMemo, useState } from 'react';
import { Alert, Radio, Select, Stack, Text } from '@mantine/core';
import { useSnapshot } from '../../../state/use-snapshot';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { TargetSummary } from './target-summary';
import { DialogFooter } from './dialog-footer';
import type { DialogBodyProps } from './dialog-props';
import { submitOnCtrlEnter } from './submit-on-ctrl-enter';

export function MergeDialog({ incidentIds, onDone }: DialogBodyProps) {
  const actions = useIncidentActions();
  const { data } = useSnapshot();
  const targets = useTargetIncidents(incidentIds);
  const several = targets.incidents.length > 1;
  const [keep, setKeep] = useState<string | null>(several ? (targets.incidents[0]?.id ?? null) : null);
  const [submitting, setSubmitting] = useState(false);
  const searchable = useMemo(
    () =>
      (data?.incidents ?? [])
        .filter((incident) => several || !incidentIds.includes(incident.id))
        .map((incident) => ({ value: incident.id, label: `#${incident.number} ${incident.title}` })),
    [data?.incidents, incidentIds, several],
  );
  const sources = incidentIds.filter((id) => id !== keep);
  const canSubmit = !submitting && keep !== null && sources.length > 0;

  async function submit() {
    if (!canSubmit || keep === null) return;
    setSubmitting(true);
    const ok = await actions.submit({ kind: 'merge', incidentIds: sources, targetIncidentId: keep });
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
        {several && (
          <Radio.Group label="Keep this incident" value={keep} onChange={setKeep}>
            <Stack gap={4} mt="xs">
              {targets.incidents.map((incident, index) => (
                <Radio
                  key={incident.id}
                  value={incident.id}
                  label={`#${incident.number} ${incident.title}`}
                  data-autofocus={index === 0 ? true : undefined}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Select
          label={several ? 'Or merge them all into another incident' : 'Merge into'}
          placeholder="Search open incidents by number or title"
          data={searchable}
          value={keep !== null && !(several && incidentIds.includes(keep)) ? keep : null}
          onChange={(value) => setKeep(value ?? (several ? (targets.incidents[0]?.id ?? null) : null))}
          searchable
          selectFirstOptionOnChange
          allowDeselect={false}
          limit={50}
          nothingFoundMessage="No open incident matches"
          data-autofocus={several ? undefined : true}
        />
        {keep && sources.length > 0 && (
          <Alert color="blue" variant="light">
            <Text size="sm">
              {sources.length === 1 ? '1 incident' : `${sources.length} incidents`} will be merged into{' '}
              {searchable.find((option) => option.value === keep)?.label ?? keep} and resolved; their alerts move with them.
            </Text>
          </Alert>
        )}
        <DialogFooter submitLabel="Merge" submitting={submitting} canSubmit={canSubmit} onCancel={onDone} />
      </Stack>
    </form>
  );
}
