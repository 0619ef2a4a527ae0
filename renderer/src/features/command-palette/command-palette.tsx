/**
 * The command palette (Ctrl+K / Cmd+K): every palette command of the command registry
 * that applies now, with its keys (actions, the areas, the panels), quick priority and
 * urgency entries, the views and an incident by number or title, narrowed as you type.
 * It says which incidents an action would act on. Arrow keys move, Enter runs the
 * highlighted entry (an action on the current targets: the selection, else the cursor
 * row) through the command runner, Esc closes.
 */
import { useId, useMemo, useState } from 'react';
import { Group, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useUiStore } from '../../state/ui-store';
import { actionTargets } from '../../state/selection';
import { useActionUi, useTypeahead } from '../actions/action-store';
import { useDirectory } from '../queue/use-directory';
import { showDestination, useCommandRunner } from '../actions/use-command-runner';
import { KeyChord } from '../actions/shortcut-help';
import type { CommandState } from '../commands/registry';
import { describeTargets, paletteItems, paletteMatches, viewItems, type PaletteItem } from './palette-items';
import { useSnapshot } from '../../state/use-snapshot';
import { queuePrefsStore, useQueuePrefs } from '../queue/use-queue-prefs';
import { allViews } from '../queue/saved-views';
import { openIncident } from '../actions/major-incident-notifier';
import type { Incident } from '../../../../shared/domain/incident';
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
  const detailOpen = useUiStore((state) => state.detailOpen);
  const targets = actionTargets(selectedIds, cursorId);
  const views = useQueuePrefs((state) => state.views);
  const { data: snapshot } = useSnapshot();
  const incidents = snapshot?.incidents ?? NO_INCIDENTS;
  const items = useMemo(() => {
    // The commands that apply now (the palette has no queue rows of its own).
    const state: CommandState = { targets: actionTargets(selectedIds, cursorId), cursorId, selectedIds, detailOpen, rows: NO_ROWS };
    return [...paletteItems(directory.data?.priorities ?? [], state), ...viewItems(allViews(views))];
  }, [directory.data?.priorities, views, selectedIds, cursorId, detailOpen]);
  const shown = useMemo(() => paletteMatches(items, incidents, query), [items, incidents, query]);
  const activeIndex = Math.min(active, shown.length - 1);
  const optionId = (index: number) => `${listId}-option-${index}`;
  // Typed before the field had focus: add it to the query; an Enter in it runs the best match.
  useTypeahead((text) => {
    const [typed = '', ...rest] = text.split('\n');
    const next = query + typed;
    setQuery(next);
    setActive(0);
    const best = paletteMatches(items, incidents, next)[0];
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
      case 'incident':
        goToIncident(item.run.incidentId);
        break;
      case 'view':
        showDestination('queue');
        queuePrefsStore.getState().applyView(item.run.viewId);
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
      <Text size="xs" c="dimmed" truncate="end" data-testid="palette-targets">
        {describeTargets(targets, incidents)}
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

const NO_INCIDENTS: readonly Incident[] = [];
const NO_ROWS: readonly string[] = [];

/** Puts the incident under the cursor with its details open, showing the queue (without a view that hides it). */
function goToIncident(incidentId: string): void {
  showDestination('queue');
  queuePrefsStore.getState().clearFilters();
  openIncident(incidentId);
}
