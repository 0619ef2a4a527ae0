/**
 * Snooze for a preset length or a typed one. PagerDuty snoozes acknowledged incidents
 * only: triggered ones are named and left out, and if none is acknowledged the dialog
 * says so instead of offering to snooze. One action for all the incidents.
 */
import { useState } from 'react';
import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useIncidentActions } from '../use-incident-actions';
import { useTargetIncidents } from '../use-target-incidents';
import { SNOOZE_PRESETS, formatDuration, parseDuration, snoozeable } from '../snooze-duration';
import { TargetSummary } from './target-summary';
import type { DialogBodyProps } from './dialog-props';

export function SnoozeDialog({ incidentIds, onDone }: DialogBodyProps) {
  const actions = useIncidentActions();
  const targets = useTargetIncidents(incidentIds);
  const { can, cannot } = snoozeable(targets.incidents);
  const [custom, setCustom] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const triggered = targets.incidents.filter((incident) => cannot.includes(incident.id));

  async function snooze(seconds: number) {
    if (submitting || can.length === 0) return;
    setSubmitting(true);
    const ok = await actions.submit({ kind: 'snooze', incidentIds: can, durationSeconds: seconds });
    setSubmitting(false);
    if (ok) onDone();
  }

  return (
    <Stack gap="sm">
      <TargetSummary targets={targets} />
      {triggered.length > 0 && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Only acknowledged incidents can be snoozed">
          {can.length === 0
            ? `${triggered.length === 1 ? `#${triggered[0]!.number} is` : 'These incidents are'} not acknowledged yet. Acknowledge first (a), then snooze.`
            : `${triggered.map((incident) => `#${incident.number}`).join(', ')} ${triggered.length === 1 ? 'is' : 'are'} not acknowledged and will not be snoozed.`}
        </Alert>
      )}
      {can.length > 0 && (
        <>
          <SimpleGrid cols={5} spacing="xs">
            {SNOOZE_PRESETS.map((preset, index) => (
              <Button
                key={preset.seconds}
                variant="default"
                disabled={submitting}
                onClick={() => void snooze(preset.seconds)}
                data-autofocus={index === 0 ? true : undefined}
              >
                {preset.label}
              </Button>
            ))}
          </SimpleGrid>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const parsed = parseDuration(custom);
              if (!parsed.ok) return setProblem(parsed.problem);
              setProblem(null);
              void snooze(parsed.seconds);
            }}
          >
            <Group align="flex-end" gap="xs">
              <TextInput
                label="Custom length"
                placeholder="e.g. 90m, 2h 30m, 3d"
                value={custom}
                onChange={(event) => {
                  setCustom(event.currentTarget.value);
                  setProblem(null);
                }}
                error={problem}
                description={(() => {
                  const parsed = custom.trim() ? parseDuration(custom) : null;
                  return parsed?.ok ? `Snooze for ${formatDuration(parsed.seconds)}` : 'Up to 7 days';
                })()}
                style={{ flex: 1 }}
              />
              <Button type="submit" loading={submitting} disabled={!custom.trim()}>
                Snooze
              </Button>
            </Group>
          </form>
        </>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          The incident comes back as triggered when the time is up. Esc to cancel.
        </Text>
        {can.length === 0 && (
          <Button variant="default" onClick={onDone} data-autofocus>
            Close
          </Button>
        )}
      </Group>
    </Stack>
  );
}
