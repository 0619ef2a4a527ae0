/**
 * The queue's keyboard shortcuts: which key does what, and when keys must be left alone
 * (typing in a field, a dialog open, a modifier held, Enter on a button).
 */

export type ShortcutCommand = 'next' | 'previous' | 'first' | 'last' | 'open' | 'close' | 'acknowledge' | 'resolve' | 'note';

/** The parts of a KeyboardEvent the mapping needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: ShortcutTarget | null;
}

/** The parts of the event's target the guard needs (an Element in the browser). */
export interface ShortcutTarget {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
}

export interface ShortcutContext {
  /** A dialog is open: its own keys win. */
  dialogOpen: boolean;
}

const KEY_COMMANDS: Record<string, ShortcutCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Home: 'first',
  End: 'last',
  Enter: 'open',
  Escape: 'close',
  a: 'acknowledge',
  r: 'resolve',
  n: 'note',
};

/** Human-readable list for the help line and tooltips. */
export const SHORTCUT_HINTS: { keys: string[]; does: string }[] = [
  { keys: ['j', 'k'], does: 'move' },
  { keys: ['Enter'], does: 'details' },
  { keys: ['a'], does: 'acknowledge' },
  { keys: ['r'], does: 'resolve' },
  { keys: ['n'], does: 'note' },
  { keys: ['Esc'], does: 'close' },
];

const TEXT_INPUT_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const ACTIVATABLE_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);
const TEXT_INPUT_ROLES = new Set(['textbox', 'combobox', 'searchbox', 'spinbutton']);

/** True when keys typed at `target` are text, not commands. */
export function isTypingTarget(target: ShortcutTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (target.tagName && TEXT_INPUT_TAGS.has(target.tagName.toUpperCase())) return true;
  const role = target.getAttribute?.('role');
  return role ? TEXT_INPUT_ROLES.has(role) : false;
}

/** The command a key press means here, or null to let the browser have it. */
export function shortcutFor(press: KeyPress, context: ShortcutContext): ShortcutCommand | null {
  if (context.dialogOpen) return null;
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (isTypingTarget(press.target)) return null;
  const command = KEY_COMMANDS[press.key] ?? null;
  // Enter on a button or link activates it, as everywhere else.
  if (command === 'open' && press.target?.tagName && ACTIVATABLE_TAGS.has(press.target.tagName.toUpperCase())) return null;
  return command;
}
