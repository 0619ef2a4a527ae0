/**
 * The bar that appears when several incidents are selected: bulk acknowledge, resolve,
 * reassign and snooze (and the rest through the palette), on exactly the selected ids.
 * Each button is a registry command: its label, its key in the tooltip, its run.
 */
import { ActionBar, Button, Text, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconCheck, IconClockPause, IconUserCheck } from '@tabler/icons-react';
import { useUiStore } from '../../state/ui-store';
import { commandKeysText, commandLabel, type CommandId } from '../commands/registry';
import { useCommandRunner } from './use-command-runner';
import { useActionUi } from './action-store';

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
  return (
    <ActionBar opened={selectedIds.length > 1 && !dialogUp} onClose={clearSelected} aria-label="Bulk actions" shadow="md" p={6}>
      <Text size="sm" fw={600} px="xs" role="status">
        {selectedIds.length} selected
      </Text>
      <ActionBar.Divider />
      {BULK.map(({ command, icon: Icon }) => {
        const label = commandLabel(command);
        const keys = commandKeysText(command);
        return (
          <Tooltip key={command} label={keys ? `${label} (${keys})` : label}>
            <Button size="compact-sm" variant="subtle" leftSection={<Icon size={16} />} onClick={() => runner.run(command, selectedIds)}>
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
