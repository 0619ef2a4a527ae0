import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor, type KeyPress } from '../../../../renderer/src/features/actions/shortcuts';

const press = (key: string, overrides: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' },
  ...overrides,
});
const noDialog = { dialogOpen: false };

describe('shortcutFor', () => {
  it.each([
    ['j', 'next'],
    ['ArrowDown', 'next'],
    ['k', 'previous'],
    ['ArrowUp', 'previous'],
    ['Enter', 'open'],
    ['Escape', 'close'],
    ['a', 'acknowledge'],
    ['r', 'resolve'],
    ['n', 'note'],
    ['Home', 'first'],
    ['End', 'last'],
  ])('maps %s to %s', (key, command) => {
    expect(shortcutFor(press(key), noDialog)).toBe(command);
  });

  it('ignores unmapped keys', () => {
    expect(shortcutFor(press('x'), noDialog)).toBeNull();
    expect(shortcutFor(press('A'), noDialog)).toBeNull();
  });

  it('is off while typing in a field or an editable element', () => {
    for (const target of [{ tagName: 'INPUT' }, { tagName: 'textarea' }, { tagName: 'SELECT' }, { tagName: 'DIV', isContentEditable: true }]) {
      expect(shortcutFor(press('a', { target }), noDialog)).toBeNull();
    }
  });

  it('is off while a dialog is open', () => {
    expect(shortcutFor(press('j'), { dialogOpen: true })).toBeNull();
  });

  it('leaves browser and OS shortcuts alone', () => {
    expect(shortcutFor(press('r', { ctrlKey: true }), noDialog)).toBeNull();
    expect(shortcutFor(press('a', { metaKey: true }), noDialog)).toBeNull();
    expect(shortcutFor(press('n', { altKey: true }), noDialog)).toBeNull();
  });

  it('lets Enter activate a focused button or link', () => {
    expect(shortcutFor(press('Enter', { target: { tagName: 'BUTTON' } }), noDialog)).toBeNull();
    expect(shortcutFor(press('Enter', { target: { tagName: 'A' } }), noDialog)).toBeNull();
    expect(shortcutFor(press('j', { target: { tagName: 'BUTTON' } }), noDialog)).toBe('next');
  });
});

describe('isTypingTarget', () => {
  it('recognises text roles on custom widgets', () => {
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: (name) => (name === 'role' ? 'textbox' : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: () => 'row' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
