/**
 * How the command registry writes its keys, and how a key press is matched and printed:
 * a chord is "a", "shift+r", "mod+k" or "?"; a key sequence is chords separated by a
 * space, pressed one after the other ("g c"). Also which targets take typed text, where
 * keys are never commands. Pure: no registry, no DOM.
 */

/** A parsed key chord. `shift` null means "either" (symbols such as ? that need Shift on some layouts). */
export interface Chord {
  key: string;
  mod: boolean;
  shift: boolean | null;
  alt: boolean;
}

const MODIFIERS = new Set(['mod', 'shift', 'alt']);

/** "shift+j" -> { key: 'j', shift: true, ... }; throws on a chord the registry should not hold. */
export function parseChord(text: string): Chord {
  const parts = text.split('+');
  // "+" itself would be the key after a trailing separator; the registry holds none.
  const key = parts.pop();
  if (!key) throw new Error(`Key chord "${text}" names no key`);
  const modifiers = new Set(parts);
  for (const modifier of modifiers) {
    if (!MODIFIERS.has(modifier)) throw new Error(`Key chord "${text}": unknown modifier "${modifier}"`);
  }
  const symbol = isSymbol(key);
  return {
    key: key.length === 1 ? key.toLowerCase() : key,
    mod: modifiers.has('mod'),
    shift: modifiers.has('shift') ? true : symbol ? null : false,
    alt: modifiers.has('alt'),
  };
}

/** "g c" -> the chords of a sequence, in order; "shift+r" -> one chord. */
export function parseKeys(text: string): Chord[] {
  const chords = text.split(' ').filter(Boolean);
  if (chords.length === 0) throw new Error(`Keys "${text}" name no key`);
  return chords.map(parseChord);
}

/** A printable character that is not a letter or digit, e.g. "?" or "/". */
function isSymbol(key: string): boolean {
  return key.length === 1 && !/[\p{L}\p{N}]/u.test(key);
}

/** The parts of a KeyboardEvent the matching needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: ShortcutTarget | null;
}

/** The parts of the event's target the guard needs (an Element in the browser). */
export interface ShortcutTarget {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
}

export type KeyChordPress = Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function matchesChord(chord: Chord, press: KeyChordPress): boolean {
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (key !== chord.key) return false;
  if (chord.mod !== (press.ctrlKey || press.metaKey)) return false;
  if (chord.alt !== press.altKey) return false;
  return chord.shift === null || chord.shift === press.shiftKey;
}

/** True when two chords are the same keys (Shift "either" overlaps both). */
export function sameChord(a: Chord, b: Chord): boolean {
  return a.key === b.key && a.mod === b.mod && a.alt === b.alt && (a.shift === null || b.shift === null || a.shift === b.shift);
}

const TEXT_INPUT_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const TEXT_INPUT_ROLES = new Set(['textbox', 'combobox', 'searchbox', 'spinbutton']);

/** True when keys typed at `target` are text, not commands. */
export function isTypingTarget(target: ShortcutTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (target.tagName && TEXT_INPUT_TAGS.has(target.tagName.toUpperCase())) return true;
  const role = target.getAttribute?.('role');
  return role ? TEXT_INPUT_ROLES.has(role) : false;
}

export type KeyPlatform = 'mac' | 'other';

/** How a chord is printed: one label per key, e.g. ["Shift", "R"] or ["⌘", "K"]. */
export function chordLabels(text: string, platform: KeyPlatform = 'other'): string[] {
  const chord = parseChord(text);
  const labels: string[] = [];
  if (chord.mod) labels.push(platform === 'mac' ? '⌘' : 'Ctrl');
  if (chord.alt) labels.push(platform === 'mac' ? '⌥' : 'Alt');
  if (chord.shift) labels.push('Shift');
  labels.push(KEY_LABELS[chord.key] ?? (chord.key.length === 1 && (chord.mod || chord.shift) ? chord.key.toUpperCase() : chord.key));
  return labels;
}

/** How keys are printed: one list of labels per chord of the sequence. */
export function keyLabels(text: string, platform: KeyPlatform = 'other'): string[][] {
  return text
    .split(' ')
    .filter(Boolean)
    .map((chord) => chordLabels(chord, platform));
}

/** Keys as plain text for a tooltip or a sentence: "Shift+R", "Esc", "g c". */
export function keysText(text: string, platform: KeyPlatform = 'other'): string {
  return keyLabels(text, platform)
    .map((labels) => labels.join('+'))
    .join(' ');
}

const KEY_LABELS: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  Escape: 'Esc',
  Enter: 'Enter',
  Home: 'Home',
  End: 'End',
};

/** The platform for key labels, from the browser's user agent. */
export function keyPlatform(userAgent: string): KeyPlatform {
  return /Mac|iPhone|iPad/.test(userAgent) ? 'mac' : 'other';
}
