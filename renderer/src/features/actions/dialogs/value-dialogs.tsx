/**
 * Change priority and change urgency: one button per value (the current one marked),
 * digits pick a priority by its position. One action for all the incidents.
 */
import { Alert, Button, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Urgency } from '../../../../../shared/domain/incident';
import { errorMessage } from '../../../client/console-client-error';
import { useDirectory } from '../../queue/use-directory';
import { useCommandRunner } from '../use-command-runner';
import { useTargetIncidents } from '../use-target-incidents';
import { TargetSummary } from './target-summary';
import type { DialogBodyProps } from './dialog-props';

export function PriorityDialog({ incidentIds, onDone }: DialogBodyProps) {
  const directory = useDirectory();
  const runner = useCommandRunner();
  const targets = useTargetIncidents(incidentIds);
  const current = new Set(targets.incidents.map((incident) => incident.priority?.id ?? null));
  const priorities = [...(directory.data?.priorities ?? [])].sort((a, b) => a.order - b.order);
  const choose = (priorityId: string | null) => {
    runner.setPriority(priorityId, incidentIds);
    onDone();
  };
  return (
    <Stack
      gap="sm"
      onKeyDown={(event) => {
        const index = Number(event.key) - 1;
        const priority = priorities[index];
        if (priority && !event.ctrlKey && !event.metaKey && !event.altKey) {
          event.preventDefault();
          choose(priority.id);
        }
      }}
    >
      <TargetSummary targets={targets} />
      {directory.isPending && <Loader size="xs" />}
      {directory.isError && <Alert color="red">{errorMessage(directory.error)}</Alert>}
      {directory.data && priorities.length === 0 && <Text size="sm">This account has no priorities set up.</Text>}
      <SimpleGrid cols={3} spacing="xs">
        {priorities.map((priority, index) => (
          <Button
            key={priority.id}
            variant={current.size === 1 && current.has(priority.id) ? 'filled' : 'default'}
            onClick={() => choose(priority.id)}
            data-autofocus={index === 0 ? true : undefined}
            rightSection={
              <Text span size="xs" c="dimmed" aria-hidden>
                {index + 1}
              </Text>
            }
          >
            {priority.name}
          </Button>
        ))}
        {priorities.length > 0 && (
          <Button variant={current.size === 1 && current.has(null) ? 'filled' : 'subtle'} color="gray" onClick={() => choose(null)}>
            No priority
          </Button>
        )}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Press 1–{Math.max(priorities.length, 1)} to pick, Esc to cancel
      </Text>
    </Stack>
  );
}

export function UrgencyDialog({ incidentIds, onDone }: DialogBodyProps) {
  const runner = useCommandRunner();
  const targets = useTargetIncidents(incidentIds);
  const choose = (urgency: Urgency) => {
    runner.setUrgency(urgency, incidentIds);
    onDone();
  };
  const allHigh = targets.incidents.every((incident) => incident.urgency === 'high');
  return (
    <Stack gap="sm">
      <TargetSummary targets={targets} />
      <Group grow>
        <Button color="red" variant={allHigh ? 'filled' : 'light'} onClick={() => choose('high')} data-autofocus>
          High urgency
        </Button>
        <Button color="gray" variant={allHigh ? 'default' : 'filled'} onClick={() => choose('low')}>
          Low urgency
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        High urgency pages the on-call people; low urgency notifies them quietly.
      </Text>
    </Stack>
  );
}
