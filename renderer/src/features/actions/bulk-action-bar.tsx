/**
 * The bar that appears when several incidents are selected: bulk acknowledge, resolve,
 * reassign and snooze (and the rest through the palette), on exactly the selected ids.
 * Each button is a registry command: its label, its key in the tooltip, its run. On a
 * selection spanning platforms, a button whose action some incidents' platform does not
 * offer says so in its tooltip (it acts on the others, and says how many), and is disabled
 * with the reason when none of them takes it.
 */
import { useMemo } from 'react';
import { ActionBar, Button, Text, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconCheck, IconClockPause, IconUserCheck } from '@tabler/icons-react';
import { useUiStore } from '../../state/ui-store';
import { commandKeysText, commandLabel, type CommandId } from '../commands/registry';
import { useCommandRunner } from './use-command-runner';
import { useActionUi } from './action-store';
import { useSnapshotPart } from '../../state/use-snapshot';
import { hasTicketing, isActionCommand, platformOffer, refusalMessage } from './platform-offer';

const BULK: readonly { command: CommandId; icon: typeof IconCheck }[] = [
  { command: 'acknowledge', icon: IconUserCheck },
  { command: 'resolve', icon: IconCheck },
  { command: 'reassign', icon: IconArrowsExchange },
  { command: 'snooze', icon: IconClockPause },
];

export function BulkActionBar() {
  const selectedIds = useUiStore((state) => state.selectedIds);
  const clearSelected = useUiStore((state) => state.clearSelected);
  const runner = useCommandRunner();
  // Out of the way while a dialog asks about the same incidents.
  const dialogUp = useActionUi((state) => state.dialog !== null || state.paletteOpen || state.helpOpen);
  // The incidents matter only while the bar shows: a live update leaves a hidden bar alone.
  const incidents = useSnapshotPart((snapshot) => (selectedIds.length > 1 ? snapshot.incidents : null)) ?? null;
  const connections = useSnapshotPart((snapshot) => snapshot.connections);
  const selectedIncidents = useMemo(() => {
    const chosen = new Set(selectedIds);
    return (incidents ?? []).filter((incident) => chosen.has(incident.id));
  }, [incidents, selectedIds]);
  const ticketing = hasTicketing(connections ?? []);
  return (
    <ActionBar opened={selectedIds.length > 1 && !dialogUp} onClose={clearSelected} aria-label="Bulk actions" shadow="md" p={6}>
      <Text size="sm" fw={600} px="xs" role="status">
        {selectedIds.length} selected
      </Text>
      <ActionBar.Divider />
      {BULK.map(({ command, icon: Icon }) => {
        const label = commandLabel(command);
        const keys = commandKeysText(command);
        const offer = isActionCommand(command) ? platformOffer(command, selectedIncidents, { ticketing }) : null;
        const refusal = offer ? refusalMessage(label, offer) : null;
        const none = offer !== null && offer.offered.length === 0 && offer.refused.length > 0;
        const tip = [keys ? `${label} (${keys})` : label, refusal].filter(Boolean).join(' · ');
        return (
          <Tooltip key={command} label={tip} multiline maw={360}>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<Icon size={16} />}
              // aria-disabled (not disabled) keeps the tooltip and the reason reachable.
              data-disabled={none || undefined}
              aria-disabled={none || undefined}
              aria-description={refusal ?? undefined}
              onClick={(event) => (none ? event.preventDefault() : runner.run(command, selectedIds))}
            >
              {label}
            </Button>
          </Tooltip>
        );
      })}
      <ActionBar.Divider />
      <Tooltip label={`Clear the selection (${commandKeysText('close')})`}>
        <ActionBar.CloseButton aria-label="Clear selection" />
      </Tooltip>
    </ActionBar>
  );
}
