/**
 * The command registry: one entry per command, ids and keys that do not clash, every key
 * the help shows bound by the keymap to its command, every palette command runs, and what
 * the commands do with the context they are given (a fake one here: the registry reaches
 * the app only through it).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  COMMANDS,
  COMMAND_GROUPS,
  SHORTCUT_HINTS,
  applies,
  commandById,
  commandKeysText,
  commandLabel,
  keyScope,
  noTargetMessage,
  runCommand,
  type CommandContext,
  type CommandId,
  type CommandState,
} from '../../../../../renderer/src/features/commands/registry';
import { BINDINGS, SEQUENCE_MS, createKeymap } from '../../../../../renderer/src/features/commands/keymap';
import { parseKeys, sameChord, type Chord, type KeyPress } from '../../../../../renderer/src/features/commands/keys';
import type { Incident } from '../../../../../shared/domain/incident';
import { action, incident } from '../../fixtures';

const STATE: CommandState = { targets: [], cursorId: null, selectedIds: [], detailOpen: false, rows: [] };

/** A context whose every effect is a spy; `incidents` is what lookup finds. */
function fakeContext(state: Partial<CommandState> = {}, incidents: readonly Incident[] = []) {
  const ui = {
    moveCursor: vi.fn(),
    setCursor: vi.fn(),
    extendSelection: vi.fn(),
    toggleSelected: vi.fn(),
    clearSelected: vi.fn(),
    openDetail: vi.fn(),
    closeDetail: vi.fn(),
  };
  const effects = {
    acknowledge: vi.fn(),
    openDialog: vi.fn(),
    showHelp: vi.fn(),
    showPalette: vi.fn(),
    toggleOnCall: vi.fn(),
    go: vi.fn(),
    goToAttention: vi.fn(() => true),
    focus: vi.fn(),
    tell: vi.fn(),
  };
  const context: CommandContext = {
    ...STATE,
    ...state,
    ui,
    lookup: (ids) => ({ incidents: incidents.filter((item) => ids.includes(item.id)), actions: [] }),
    ...effects,
  };
  /** Every effect called, by name. */
  const called = () =>
    Object.entries({ ...ui, ...effects })
      .filter(([, spy]) => spy.mock.calls.length > 0)
      .map(([name]) => name);
  return { context, ui, effects, called };
}

/** The key presses that type `keys` (each chord of a sequence in turn), at the body. */
function pressesFor(keys: string): KeyPress[] {
  return parseKeys(keys).map((chord: Chord) => ({
    key: chord.key,
    ctrlKey: chord.mod,
    metaKey: false,
    altKey: chord.alt,
    shiftKey: chord.shift === true,
    target: { tagName: 'BODY' },
  }));
}

describe('the registry', () => {
  it('has one entry per id, each in a help section', () => {
    expect(new Set(COMMANDS.map((command) => command.id)).size).toBe(COMMANDS.length);
    for (const command of COMMANDS) {
      expect(COMMAND_GROUPS, command.id).toContain(command.group);
      expect(commandById(command.id)).toBe(command);
    }
    for (const group of COMMAND_GROUPS)
      expect(
        COMMANDS.some((command) => command.group === group),
        group,
      ).toBe(true);
    expect(() => commandById('nope' as CommandId)).toThrow(/Unknown command/);
  });

  it('reaches every command by a key, the palette or both; every incident action through the palette', () => {
    for (const command of COMMANDS) expect(command.keys.length > 0 || command.inPalette, command.id).toBe(true);
    for (const command of COMMANDS.filter((c) => c.actsOnIncidents)) expect(command.inPalette, command.id).toBe(true);
  });

  it('binds no keys twice, and no key that starts a sequence to a command of its own', () => {
    // Both listeners hear every key (the queue's only while the queue shows), so keys must be unique across scopes too.
    for (const [index, a] of BINDINGS.entries()) {
      for (const b of BINDINGS.slice(index + 1)) {
        const shared = Math.min(a.chords.length, b.chords.length);
        const clash = a.chords.slice(0, shared).every((chord, i) => sameChord(chord, b.chords[i]!));
        expect(clash, `"${a.keys}" (${a.command.id}) and "${b.keys}" (${b.command.id})`).toBe(false);
      }
    }
  });

  it('allows typing only for chords with a modifier', () => {
    for (const binding of BINDINGS.filter((b) => b.command.whileTyping)) {
      expect(
        binding.chords.every((chord) => chord.mod || chord.alt),
        binding.keys,
      ).toBe(true);
    }
  });

  it('binds every key the help lists to its command, in its scope', () => {
    for (const group of COMMAND_GROUPS) {
      for (const command of COMMANDS.filter((c) => c.group === group)) {
        for (const keys of command.keys) {
          const keymap = createKeymap();
          const presses = pressesFor(keys);
          let now = 1_000;
          const outcomes = presses.map((press) => keymap.press(press, { dialogOpen: false, now: (now += SEQUENCE_MS / 2) }));
          expect(
            outcomes.slice(0, -1).every((outcome) => outcome?.type === 'sequence'),
            keys,
          ).toBe(true);
          const last = outcomes.at(-1);
          expect(last?.type === 'command' ? last.command.id : null, keys).toBe(command.id);
        }
      }
    }
    // The commands whose keys work in every area: the palette, the help and the area switch.
    expect(COMMANDS.filter((command) => keyScope(command) === 'app').map((command) => command.id)).toEqual([
      'goToIncidents',
      'goToCatalogue',
      'goToRequests',
      'goToChanges',
      'goToDelivery',
      'openPalette',
      'showHelp',
    ]);
  });

  it('runs every palette command with a target, each doing something', () => {
    const target = incident('Q1');
    for (const command of COMMANDS.filter((c) => c.inPalette)) {
      const { context, effects, called } = fakeContext({ targets: ['Q1'], cursorId: 'Q1', rows: ['Q1'] }, [target]);
      expect(runCommand(command.id, context), command.id).toBe(true);
      expect(called().length, `${command.id} did nothing`).toBeGreaterThan(0);
      expect(effects.tell, command.id).not.toHaveBeenCalled();
    }
  });

  it('tells how to choose incidents when an action has none, in the keys of the table', () => {
    expect(noTargetMessage()).toBe('No incident to act on: move to one with j/k or select some with x.');
    for (const command of COMMANDS.filter((c) => c.actsOnIncidents)) {
      const { context, effects, called } = fakeContext();
      expect(runCommand(command.id, context)).toBe(true);
      expect(called(), command.id).toEqual(['tell']);
      expect(effects.tell).toHaveBeenCalledWith(noTargetMessage());
    }
  });
});

describe('when a command applies', () => {
  it('closes the detail pane, then clears the selection, and with neither lets Esc go on', () => {
    const close = commandById('close');
    expect(applies(close, STATE)).toBe(false);
    const withDetail = fakeContext({ detailOpen: true, selectedIds: ['Q1'] });
    expect(runCommand('close', withDetail.context)).toBe(true);
    expect(withDetail.called()).toEqual(['closeDetail']);
    const withSelection = fakeContext({ selectedIds: ['Q1'] });
    expect(runCommand('close', withSelection.context)).toBe(true);
    expect(withSelection.called()).toEqual(['clearSelected']);
    expect(runCommand('close', fakeContext().context)).toBe(false);
  });

  it('opens details and selects only with a cursor row', () => {
    expect(applies(commandById('openDetail'), STATE)).toBe(false);
    expect(applies(commandById('toggleSelected'), STATE)).toBe(false);
    const { context, ui } = fakeContext({ cursorId: 'Q2' });
    expect(runCommand('toggleSelected', context)).toBe(true);
    expect(ui.toggleSelected).toHaveBeenCalledWith('Q2');
  });

  it('moves through the rows it is given', () => {
    const rows = ['Q1', 'Q2', 'Q3'];
    const { context, ui } = fakeContext({ rows });
    for (const id of ['cursorDown', 'cursorUp', 'cursorFirst', 'cursorLast', 'extendDown', 'extendUp'] as const) runCommand(id, context);
    expect(ui.moveCursor.mock.calls).toEqual([
      [1, rows],
      [-1, rows],
    ]);
    expect(ui.setCursor.mock.calls).toEqual([
      ['Q1', rows],
      ['Q3', rows],
    ]);
    expect(ui.extendSelection.mock.calls).toEqual([
      [1, rows],
      [-1, rows],
    ]);
  });
});

describe('what the commands do', () => {
  it('acknowledges only triggered incidents not already being acknowledged', () => {
    const triggered = incident('Q1');
    const acked = incident('Q2', { status: 'acknowledged' });
    const onItsWay = incident('Q3');
    const { context, effects } = fakeContext({ targets: ['Q1', 'Q2', 'Q3'] }, [triggered, acked, onItsWay]);
    context.lookup = (ids) => ({
      incidents: [triggered, acked, onItsWay].filter((item) => ids.includes(item.id)),
      actions: [action('A1', { kind: 'acknowledge', incidentIds: ['Q3'] })],
    });
    runCommand('acknowledge', context);
    expect(effects.acknowledge).toHaveBeenCalledWith(['Q1']);

    const again = fakeContext({ targets: ['Q2'] }, [acked]);
    runCommand('acknowledge', again.context);
    expect(again.effects.acknowledge).not.toHaveBeenCalled();
    expect(again.effects.tell).toHaveBeenCalledWith('#2 is already acknowledged.');
  });

  it('opens each dialog on the captured targets', () => {
    const { context, effects } = fakeContext({ targets: ['Q1', 'Q2'] });
    runCommand('reassign', context);
    runCommand('merge', context);
    expect(effects.openDialog.mock.calls).toEqual([
      ['reassign', ['Q1', 'Q2']],
      ['merge', ['Q1', 'Q2']],
    ]);
  });

  it('says when nothing new needs you', () => {
    const { context, effects } = fakeContext();
    effects.goToAttention.mockReturnValue(false);
    runCommand('goToNew', context);
    expect(effects.tell).toHaveBeenCalledWith('Nothing new needs you right now.');
  });

  it('goes to the areas and panels, and focuses the search box', () => {
    const { context, effects } = fakeContext();
    for (const id of [
      'goToIncidents',
      'goToResolved',
      'goToCatalogue',
      'goToRequests',
      'goToChanges',
      'goToDelivery',
      'openMetrics',
      'openSettings',
    ] as const) {
      runCommand(id, context);
    }
    expect(effects.go.mock.calls.map(([to]) => to)).toEqual([
      'queue',
      'resolved',
      'catalogue',
      'requests',
      'changes',
      'delivery',
      'metrics',
      'settings',
    ]);
    runCommand('focusSearch', context);
    expect(effects.focus).toHaveBeenCalledWith('search');
  });
});

describe('what buttons and hints show', () => {
  it('labels buttons from the registry', () => {
    expect(commandLabel('acknowledge')).toBe('Acknowledge');
    expect(commandLabel('resolve')).toBe('Resolve');
    expect(commandLabel('addNote')).toBe('Note');
    expect(commandLabel('goToCatalogue')).toBe('Catalogue');
    expect(commandKeysText('reassign')).toBe('Shift+R');
    expect(commandKeysText('close')).toBe('Esc');
    expect(commandKeysText('goToCatalogue')).toBe('g c');
    expect(commandKeysText('merge')).toBeNull();
  });

  it('derives the footer hints from the table', () => {
    expect(SHORTCUT_HINTS.find((hint) => hint.does === 'acknowledge')?.keys).toEqual(['a']);
    expect(SHORTCUT_HINTS.find((hint) => hint.does === 'commands')?.keys).toEqual(['Ctrl K']);
  });
});
