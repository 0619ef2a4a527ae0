/**
 * The registry's commands as the keyboard meets them, through the real key hook: `/` and
 * ↓ move focus through the elements the components registered (no lookup in the page),
 * j/x/Esc move and select, `g c` switches area, `?` lists every command with the keys
 * that run it, and the palette lists the commands that apply and runs them.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { useQueueShortcuts } from '../../../../../renderer/src/features/actions/use-queue-shortcuts';
import { useQueue } from '../../../../../renderer/src/features/incidents/use-queue';
import { useFocusTarget } from '../../../../../renderer/src/features/commands/focus-targets';
import { SearchInput } from '../../../../../renderer/src/features/queue/search-input';
import { ShortcutHelp } from '../../../../../renderer/src/features/actions/shortcut-help';
import { CommandPalette } from '../../../../../renderer/src/features/command-palette/command-palette';
import { COMMANDS } from '../../../../../renderer/src/features/commands/registry';
import { keyLabels } from '../../../../../renderer/src/features/commands/keys';
import { useConsoleArea } from '../../../../../renderer/src/features/catalogue/console-area';
import { useResolvedView } from '../../../../../renderer/src/features/incidents/resolved-view';
import { useUiStore } from '../../../../../renderer/src/state/ui-store';
import { renderInConsole } from '../../render-console';
import { incident, snapshot } from '../../fixtures';

/** The queue as the key hook sees it, drawn as plain rows; the grid registers itself as the "queue" focus target. */
function Console() {
  const queue = useQueue();
  useQueueShortcuts(queue);
  const gridRef = useFocusTarget('queue');
  const selected = useUiStore((state) => state.selectedIds);
  return (
    <>
      <SearchInput />
      <div ref={gridRef} role="grid" aria-label="Open incidents" tabIndex={0}>
        {queue.visibleIds.map((id) => (
          <div key={id} role="row" aria-current={id === queue.cursor.id || undefined} aria-selected={selected.includes(id)}>
            {id}
          </div>
        ))}
      </div>
      <CommandPalette />
      <ShortcutHelp />
    </>
  );
}

const incidents = [incident('Q1'), incident('Q2'), incident('Q3')];

function renderConsole() {
  return renderInConsole(<Console />, { snapshot: snapshot({ incidents }) });
}

/** Keys as the help says them to a screen reader: "Shift R", "g then c". */
const spokenKeys = (keys: string) =>
  keyLabels(keys)
    .map((labels) => labels.join(' '))
    .join(' then ');

const cursorRow = () => screen.getAllByRole('row').find((row) => row.getAttribute('aria-current') === 'true')?.textContent ?? null;

beforeEach(() => {
  useConsoleArea.setState(useConsoleArea.getInitialState(), true);
  useResolvedView.setState(useResolvedView.getInitialState(), true);
});

describe('keys through the registry', () => {
  test('/ focuses the search box and ↓ from it the queue, on its first row', async () => {
    const { user } = renderConsole();
    await user.keyboard('/');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search incidents' }));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('grid', { name: 'Open incidents' }));
    expect(cursorRow()).toBe('Q1');
  });

  test('j moves, x selects, Esc clears the selection', async () => {
    const { user } = renderConsole();
    await user.keyboard('jj');
    expect(cursorRow()).toBe('Q2');
    await user.keyboard('x');
    expect(useUiStore.getState().selectedIds).toEqual(['Q2']);
    await user.keyboard('{Escape}');
    expect(useUiStore.getState().selectedIds).toEqual([]);
  });

  test('g c goes to the catalogue; g then j still moves', async () => {
    const { user } = renderConsole();
    await user.keyboard('gj');
    expect(cursorRow()).toBe('Q1');
    await user.keyboard('gc');
    expect(useConsoleArea.getState().area).toBe('catalogue');
    await user.keyboard('gi');
    expect(useConsoleArea.getState().area).toBe('queue');
  });

  test('? lists every command of the registry with the keys that run it', async () => {
    const { user } = renderConsole();
    await user.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const rows = within(help).getAllByRole('row');
    for (const command of COMMANDS) {
      const row = rows.find((candidate) => candidate.textContent?.includes(`${command.title.replace(/…$/, '')} · ${command.description}`));
      expect(row, command.id).toBeDefined();
      const cell = within(row!).getAllByRole('cell')[0]!;
      for (const spoken of command.keys.length ? command.keys.map(spokenKeys) : ['palette']) {
        expect(within(cell).getAllByText(spoken).length, `${command.id}: ${spoken}`).toBeGreaterThan(0);
      }
    }
    const catalogue = rows.find((row) => row.textContent?.includes('Go to Catalogue'))!;
    expect(within(catalogue).getByText('g then c')).toBeDefined();
  });

  test('the palette lists the commands that apply now and runs them', async () => {
    const { user } = renderConsole();
    await user.keyboard('{Control>}k{/Control}');
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    // No cursor row yet: nothing to open.
    expect(within(palette).queryByRole('option', { name: /Open details/ })).toBeNull();
    const input = within(palette).getByRole('combobox', { name: 'Command' });
    await waitFor(() => expect(document.activeElement).toBe(input));
    await user.type(input, 'go to requests{Enter}');
    expect(useConsoleArea.getState().area).toBe('requests');
  });
});
