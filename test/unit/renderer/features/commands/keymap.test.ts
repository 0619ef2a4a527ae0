/**
 * The keymap and the keys: which command a key press (or a sequence such as `g c`) runs,
 * when keys are left alone (typing, a dialog, Enter on a button), and how keys are
 * written and printed.
 */
import { describe, expect, it } from 'vitest';
import { SEQUENCE_MS, createKeymap, type KeyOutcome } from '../../../../../renderer/src/features/commands/keymap';
import {
  chordLabels,
  isTypingTarget,
  keyLabels,
  keyPlatform,
  keysText,
  parseChord,
  parseKeys,
  type KeyPress,
} from '../../../../../renderer/src/features/commands/keys';

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

/** The command id an outcome runs, "sequence" for a held key, or null. */
function meaning(outcome: KeyOutcome | null): string | null {
  if (!outcome) return null;
  return outcome.type === 'command' ? outcome.command.id : 'sequence';
}

/** What a single key press means to a fresh keymap. */
function shortcutFor(key: KeyPress, state = noDialog): string | null {
  return meaning(createKeymap().press(key, state));
}

describe('the keymap', () => {
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
    ['i', {}, 'goToNew'],
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
    ['?', {}, 'showHelp'],
    ['k', { ctrlKey: true }, 'openPalette'],
    ['k', { metaKey: true }, 'openPalette'],
  ] as const)('maps %s %o to %s', (key, modifiers, command) => {
    expect(shortcutFor(press(key, modifiers))).toBe(command);
  });

  it('tells shift+r (reassign) from r (resolve), even with Caps Lock', () => {
    expect(shortcutFor(press('R'))).toBe('resolve');
    expect(shortcutFor(press('r', { shiftKey: true }))).toBe('reassign');
  });

  it('ignores unmapped keys and modifiers the chord does not have', () => {
    expect(shortcutFor(press('z'))).toBeNull();
    expect(shortcutFor(press('r', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('a', { metaKey: true }))).toBeNull();
    expect(shortcutFor(press('n', { altKey: true }))).toBeNull();
    expect(shortcutFor(press('Enter', { shiftKey: true }))).toBeNull();
    expect(shortcutFor(press('k', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(press('G', { shiftKey: true }))).toBeNull();
  });

  it('is off while typing in a field or an editable element, except Ctrl+K', () => {
    for (const target of [
      { tagName: 'INPUT' },
      { tagName: 'textarea' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      expect(shortcutFor(press('a', { target }))).toBeNull();
      expect(shortcutFor(press('/', { target }))).toBeNull();
      expect(shortcutFor(press('g', { target }))).toBeNull();
      expect(shortcutFor(press('?', { target, shiftKey: true }))).toBeNull();
      expect(shortcutFor(press('k', { target, ctrlKey: true }))).toBe('openPalette');
    }
  });

  it('is off while a dialog is open, the palette included', () => {
    expect(shortcutFor(press('j'), { dialogOpen: true })).toBeNull();
    expect(shortcutFor(press('k', { ctrlKey: true }), { dialogOpen: true })).toBeNull();
  });

  it('lets Enter activate a focused button or link', () => {
    expect(shortcutFor(press('Enter', { target: { tagName: 'BUTTON' } }))).toBeNull();
    expect(shortcutFor(press('Enter', { target: { tagName: 'A' } }))).toBeNull();
    expect(shortcutFor(press('j', { target: { tagName: 'BUTTON' } }))).toBe('cursorDown');
  });
});

describe('key sequences', () => {
  it('holds g, then runs g c, g r and g i (not resolve, not the incoming incident)', () => {
    for (const [second, command] of [
      ['c', 'goToCatalogue'],
      ['r', 'goToRequests'],
      ['i', 'goToIncidents'],
    ] as const) {
      const keymap = createKeymap();
      expect(meaning(keymap.press(press('g'), { ...noDialog, now: 1_000 }))).toBe('sequence');
      expect(meaning(keymap.press(press(second), { ...noDialog, now: 1_500 }))).toBe(command);
      // The sequence is spent: the same key again is its own command.
      expect(meaning(keymap.press(press(second), { ...noDialog, now: 1_600 }))).not.toBe(command);
    }
  });

  it('lets a key that continues no sequence count on its own', () => {
    const keymap = createKeymap();
    keymap.press(press('g'), { ...noDialog, now: 1_000 });
    expect(meaning(keymap.press(press('j'), { ...noDialog, now: 1_100 }))).toBe('cursorDown');
  });

  it('forgets the first key after a while, or when a dialog opens', () => {
    const keymap = createKeymap();
    keymap.press(press('g'), { ...noDialog, now: 1_000 });
    expect(meaning(keymap.press(press('r'), { ...noDialog, now: 1_000 + SEQUENCE_MS + 1 }))).toBe('resolve');
    keymap.press(press('g'), { ...noDialog, now: 5_000 });
    expect(keymap.press(press('c'), { dialogOpen: true, now: 5_100 })).toBeNull();
    expect(meaning(keymap.press(press('r'), { ...noDialog, now: 5_200 }))).toBe('resolve');
  });
});

describe('isTypingTarget', () => {
  it('recognises text roles on custom widgets', () => {
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: (name: string) => (name === 'role' ? 'textbox' : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: (name: string) => (name === 'role' ? 'combobox' : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: () => 'row' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('writing and printing keys', () => {
  it('rejects a chord with an unknown modifier, and keys with none', () => {
    expect(() => parseChord('ctl+k')).toThrow(/unknown modifier "ctl"/);
    expect(() => parseKeys(' ')).toThrow(/name no key/);
    expect(parseKeys('g c').map((chord) => chord.key)).toEqual(['g', 'c']);
  });

  it('prints chords per platform', () => {
    expect(chordLabels('mod+k')).toEqual(['Ctrl', 'K']);
    expect(chordLabels('mod+k', 'mac')).toEqual(['⌘', 'K']);
    expect(chordLabels('shift+r')).toEqual(['Shift', 'R']);
    expect(chordLabels('a')).toEqual(['a']);
    expect(chordLabels('Escape')).toEqual(['Esc']);
    expect(chordLabels('shift+ArrowDown')).toEqual(['Shift', '↓']);
    expect(chordLabels('?')).toEqual(['?']);
  });

  it('prints sequences chord by chord, and keys as text', () => {
    expect(keyLabels('g c')).toEqual([['g'], ['c']]);
    expect(keysText('g c')).toBe('g c');
    expect(keysText('shift+r')).toBe('Shift+R');
    expect(keysText('mod+k', 'mac')).toBe('⌘+K');
  });

  it('detects a Mac from the user agent', () => {
    expect(keyPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)')).toBe('mac');
    expect(keyPlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe('other');
  });
});
