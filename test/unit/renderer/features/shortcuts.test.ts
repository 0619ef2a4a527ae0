import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  COMMAND_GROUPS,
  SHORTCUT_HINTS,
  chordLabels,
  commandById,
  commandForKeys,
  isTypingTarget,
  keyPlatform,
  parseChord,
  shortcutFor,
  type KeyPress,
} from '../../../../renderer/src/features/actions/shortcuts';

const press = (key: string, overrides: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target: { tagName: 'BODY' },
  ...overrides,
});
const noDialog = { dialogOpen: false };

describe('the command table', () => {
  it('binds every chord to one command only', () => {
    const seen = new Map<string, string>();
    for (const command of COMMANDS) {
      for (const key of command.keys) {
        const chord = JSON.stringify(parseChord(key));
        expect(seen.get(chord), `${key} is bound to ${seen.get(chord)} and ${command.id}`).toBeUndefined();
        seen.set(chord, command.id);
      }
    }
  });

  it('gives every command a key or a place in the palette, and a known group', () => {
    for (const command of COMMANDS) {
      expect(command.keys.length > 0 || command.inPalette, command.id).toBe(true);
      expect(COMMAND_GROUPS).toContain(command.group);
    }
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
  });

  it('lists every incident action in the palette', () => {
    for (const command of COMMANDS.filter((c) => c.actsOnIncidents)) expect(command.inPalette, command.id).toBe(true);
  });

  it('derives the footer hints from the table', () => {
    expect(SHORTCUT_HINTS.find((hint) => hint.does === 'acknowledge')?.keys).toEqual(['a']);
    expect(SHORTCUT_HINTS.find((hint) => hint.does === 'commands')?.keys).toEqual(['Ctrl K']);
  });

  it('rejects a chord with an unknown modifier', () => {
    expect(() => parseChord('ctl+k')).toThrow(/unknown modifier "ctl"/);
    expect(() => commandById('nope' as never)).toThrow(/Unknown command/);
  });
});

describe('shortcutFor', () => {
  it.each([
    ['j', {}, 'cursorDown'],
    ['ArrowDown', {}, 'cursorDown'],
    ['k', {}, 'cursorUp'],
    ['ArrowUp', {}, 'cursorUp'],
    ['Home', {}, 'cursorFirst'],
    ['End', {}, 'cursorLast'],
    ['x', {}, 'toggleSelected'],
    ['J', { shiftKey: true }, 'extendDown'],
    ['K', { shiftKey: true }, 'extendUp'],
    ['ArrowDown', { shiftKey: true }, 'extendDown'],
    ['Enter', {}, 'openDetail'],
    ['Escape', {}, 'close'],
    ['a', {}, 'acknowledge'],
    ['r', {}, 'resolve'],
    ['R', { shiftKey: true }, 'reassign'],
    ['n', {}, 'addNote'],
    ['e', {}, 'escalate'],
    ['s', {}, 'snooze'],
    ['p', {}, 'setPriority'],
    ['u', {}, 'setUrgency'],
    ['o', {}, 'toggleOnCall'],
    ['m', {}, 'declareMajor'],
    ['/', {}, 'focusSearch'],
    ['?', { shiftKey: true }, 'showHelp'],
    ['k', { ctrlKey: true }, 'openPalette'],
    ['k', { metaKey: true }, 'openPalette'],
  ] as const)('maps %s %o to %s', (key, modifiers, command) => {
    expect(shortcutFor(press(key, modifiers), noDialog)).toBe(command);
  });

  it('tells shift+r (reassign) from r (resolve), even with Caps Lock', () => {
    expect(shortcutFor(press('R'), noDialog)).toBe('resolve');
    expect(shortcutFor(press('r', { shiftKey: true }), noDialog)).toBe('reassign');
  });

  it('ignores unmapped keys and modifiers the chord does not have', () => {
    expect(shortcutFor(press('z'), noDialog)).toBeNull();
    expect(shortcutFor(press('r', { ctrlKey: true }), noDialog)).toBeNull();
    expect(shortcutFor(press('a', { metaKey: true }), noDialog)).toBeNull();
    expect(shortcutFor(press('n', { altKey: true }), noDialog)).toBeNull();
    expect(shortcutFor(press('Enter', { shiftKey: true }), noDialog)).toBeNull();
    expect(shortcutFor(press('k', { ctrlKey: true, altKey: true }), noDialog)).toBeNull();
  });

  it('is off while typing in a field or an editable element, except Ctrl+K', () => {
    for (const target of [
      { tagName: 'INPUT' },
      { tagName: 'textarea' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      expect(shortcutFor(press('a', { target }), noDialog)).toBeNull();
      expect(shortcutFor(press('/', { target }), noDialog)).toBeNull();
      expect(shortcutFor(press('?', { target, shiftKey: true }), noDialog)).toBeNull();
      expect(shortcutFor(press('k', { target, ctrlKey: true }), noDialog)).toBe('openPalette');
    }
  });

  it('is off while a dialog is open, the palette included', () => {
    expect(shortcutFor(press('j'), { dialogOpen: true })).toBeNull();
    expect(shortcutFor(press('k', { ctrlKey: true }), { dialogOpen: true })).toBeNull();
  });

  it('lets Enter activate a focused button or link', () => {
    expect(shortcutFor(press('Enter', { target: { tagName: 'BUTTON' } }), noDialog)).toBeNull();
    expect(shortcutFor(press('Enter', { target: { tagName: 'A' } }), noDialog)).toBeNull();
    expect(shortcutFor(press('j', { target: { tagName: 'BUTTON' } }), noDialog)).toBe('cursorDown');
  });
});

describe('commandForKeys', () => {
  it('accepts ? typed with or without Shift (keyboard layouts differ)', () => {
    expect(commandForKeys(press('?'))?.id).toBe('showHelp');
    expect(commandForKeys(press('?', { shiftKey: true }))?.id).toBe('showHelp');
  });
});

describe('isTypingTarget', () => {
  it('recognises text roles on custom widgets', () => {
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: (name) => (name === 'role' ? 'textbox' : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: (name) => (name === 'role' ? 'combobox' : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: () => 'row' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('chordLabels', () => {
  it('prints chords per platform', () => {
    expect(chordLabels('mod+k')).toEqual(['Ctrl', 'K']);
    expect(chordLabels('mod+k', 'mac')).toEqual(['⌘', 'K']);
    expect(chordLabels('shift+r')).toEqual(['Shift', 'R']);
    expect(chordLabels('a')).toEqual(['a']);
    expect(chordLabels('Escape')).toEqual(['Esc']);
    expect(chordLabels('shift+ArrowDown')).toEqual(['Shift', '↓']);
    expect(chordLabels('?')).toEqual(['?']);
  });

  it('detects a Mac from the user agent', () => {
    expect(keyPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)')).toBe('mac');
    expect(keyPlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe('other');
  });
});
