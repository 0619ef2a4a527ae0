/**
 * The "Columns" button: a popover listing every column with a checkbox to show or hide
 * it and buttons to move it, plus a reset. The keyboard way to arrange the table.
 */
import { memo } from 'react';
import { ActionIcon, Button, Checkbox, Group, Popover, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns3 } from '@tabler/icons-react';
import { COLUMNS, REQUIRED_COLUMNS, columnName, type ColumnId } from './columns';
import { moveColumn, setColumnHidden, visibleColumns } from './column-layout';
import { queuePrefsStore, useQueuePrefs } from './use-queue-prefs';

export const ColumnsMenu = memo(function ColumnsMenu({ droppedForWidth }: { droppedForWidth: readonly ColumnId[] }) {
  const layout = useQueuePrefs((state) => state.layout);
  const visible = visibleColumns(layout);
  const update = queuePrefsStore.getState().updateLayout;

  return (
    <Popover position="bottom-end" width={260} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={<IconColumns3 size={14} aria-hidden />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={4} role="group" aria-label="Columns">
          {layout.order.map((column) => {
            const shown = visible.includes(column);
            const position = visible.indexOf(column);
            const name = columnName(column);
            return (
              <Group key={column} justify="space-between" wrap="nowrap" gap="xs">
                <Checkbox
                  size="xs"
                  label={COLUMNS[column].name ? `${COLUMNS[column].label} (${name})` : name}
                  checked={shown}
                  disabled={REQUIRED_COLUMNS.includes(column)}
                  onChange={(event) => update((l) => setColumnHidden(l, column, !event.currentTarget.checked))}
                />
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Move ${name} left`}
                    disabled={!shown || position === 0}
                    onClick={() => update((l) => moveColumn(l, column, -1))}
                  >
                    <IconArrowUp size={14} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Move ${name} right`}
                    disabled={!shown || position === visible.length - 1}
                    onClick={() => update((l) => moveColumn(l, column, 1))}
                  >
                    <IconArrowDown size={14} aria-hidden />
                  </ActionIcon>
                </Group>
              </Group>
            );
          })}
          {droppedForWidth.length > 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              Not enough room for {droppedForWidth.map(columnName).join(', ')}: widen the window or hide other columns.
            </Text>
          )}
          <Group justify="flex-end" mt={4}>
            <Button size="xs" variant="subtle" onClick={() => queuePrefsStore.getState().resetLayout()}>
              Reset columns
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
});
