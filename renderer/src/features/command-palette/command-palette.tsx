/**
 * The command palette (Ctrl+K / Cmd+K): every palette command of the shortcut table with
 * its key, plus quick priority and urgency entries, narrowed as you type. Arrow keys move,
 * Enter runs the highlighted command on the current targets (the selection, else the
 * cursor row), Esc closes.
 */
import { useId, useMemo, useState } from 'react';
import { Group, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useUiStore } from '../../state/ui-store';
import { actionTargets } from '../../state/selection';
import { useActionUi, useTypeahead } from '../actions/action-store';
import { useDirectory } from '../queue/use-directory';
import { useCommandRunner } from '../actions/use-command-runner';
import { KeyChord } from '../actions/shortcut-help';
import { paletteItems, rankPaletteItems, type PaletteItem } from './palette-items';
import './command-palette.css';

export function CommandPalette() {
  const open = useActionUi((state) => state.paletteOpen);
  const setOpen = useActionUi((state) => state.setPaletteOpen);
  return (
    <Modal
      opened={open}
      onClose={() => setOpen(false)}
      title="Command palette"
      size="lg"
      yOffset="12vh"
      returnFocus
      data-console-dialog="palette"
      closeButtonProps={{ 'aria-label': 'Close the command palette' }}
      styles={{ title: { fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' } }}
    >
      {open && <PaletteBody onClose={() => setOpen(false)} />}
    </Modal>
  );
}

function PaletteBody({ onClose }: { onClose(): void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const directory = useDirectory();
  const runner = useCommandRunner();
  const selectedIds = useUiStore((state) => state.selectedIds);
  const cursorId = useUiStore((state) => state.cursor.id);
  const targets = actionTargets(selectedIds, cursorId);
  const items = useMemo(() => paletteItems(directory.data?.priorities ?? []), [directory.data?.priorities]);
  const shown = useMemo(() => rankPaletteItems(items, query), [items, query]);
  const activeIndex = Math.min(active, shown.length - 1);
  const optionId = (index: number) => `${listId}-option-${index}`;
  // Typed before the field had focus: add it to the query; an Enter in it runs the best match.
  useTypeahead((text) => {
    const [typed = '', ...rest] = text.split('\n');
    const next = query + typed;
    setQuery(next);
    setActive(0);
    const best = rankPaletteItems(items, next)[0];
    if (rest.length > 0 && best) runItem(best);
  });

  function runItem(item: PaletteItem) {
    onClose();
    // Captured now, when the user chose: the targets of the action.
    const ids = actionTargets(useUiStore.getState().selectedIds, useUiStore.getState().cursor.id);
    switch (item.run.type) {
      case 'command':
        runner.run(item.run.command, ids);
        break;
      case 'priority':
        runner.setPriority(item.run.priorityId, ids);
        break;
      case 'urgency':
        runner.setUrgency(item.run.urgency, ids);
        break;
    }
  }

  return (
    <Stack gap="xs">
      <TextInput
        data-autofocus
        autoFocus
        placeholder="Type a command, e.g. acknowledge, priority, snooze"
        leftSection={<IconSearch size={16} />}
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        role="combobox"
        aria-label="Command"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown.length ? optionId(activeIndex) : undefined}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActive((activeIndex + step + shown.length) % Math.max(shown.length, 1));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            const item = shown[activeIndex];
            if (item) runItem(item);
          } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
            event.preventDefault();
            onClose();
          }
        }}
      />
      <Text size="xs" c="dimmed">
        {targets.length === 0
          ? 'No incident under the cursor: actions need one (j/k to move, x to select).'
          : targets.length === 1
            ? 'Acts on the incident under the cursor.'
            : `Acts on the ${targets.length} selected incidents.`}
      </Text>
      <ScrollArea.Autosize mah="50vh" type="auto">
        <div role="listbox" id={listId} aria-label="Commands" className="palette-list">
          {shown.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              No command matches “{query}”.
            </Text>
          )}
          {shown.map((item, index) => (
            <UnstyledButton
              component="div"
              key={item.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className="palette-option"
              data-active={index === activeIndex || undefined}
              onMouseMove={() => setActive(index)}
              onClick={() => runItem(item)}
              tabIndex={-1}
            >
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {item.title}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {item.group} · {item.description}
                  </Text>
                </div>
                {item.keys[0] && <KeyChord chord={item.keys[0]} />}
              </Group>
            </UnstyledButton>
          ))}
        </div>
      </ScrollArea.Autosize>
    </Stack>
  );
}
