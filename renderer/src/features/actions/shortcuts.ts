/**
 * The one table of the console's commands: what each does, which keys run it, whether the
 * command palette lists it. The key handler, the `?` overlay and the palette are all
 * generated from COMMANDS, so a key shown anywhere is the key that works.
 *
 * Also the guard that decides when keys must be left alone: typing in a field, a dialog
 * open, a browser or OS shortcut, Enter on a button.
 */

export type CommandId =
  | 'cursorDown'
  | 'cursorUp'
  | 'cursorFirst'
  | 'cursorLast'
  | 'toggleSelected'
  | 'extendDown'
  | 'extendUp'
  | 'goToNew'
  | 'openDetail'
  | 'close'
  | 'focusSearch'
  | 'showHelp'
  | 'openPalette'
  | 'toggleOnCall'
  | 'acknowledge'
  | 'resolve'
  | 'addNote'
  | 'reassign'
  | 'escalate'
  | 'setPriority'
  | 'setUrgency'
  | 'snooze'
  | 'addResponders'
  | 'declareMajor'
  | 'merge';

export type CommandGroup = 'Move and select' | 'Act on incidents' | 'Panels';

export interface CommandDefinition {
  id: CommandId;
  /** What the palette and the help show, e.g. "Acknowledge". */
  title: string;
  /** One line on what it does and to what. */
  description: string;
  group: CommandGroup;
  /** Key chords ("a", "shift+r", "mod+k", "?"); the first is the one shown. Empty = palette only. */
  keys: readonly string[];
  /** Listed in the command palette. */
  inPalette: boolean;
  /** Runs even while typing in a field (only for chords with a modifier). */
  whileTyping?: boolean;
  /** Acts on the targets (the selection, else the cursor row). */
  actsOnIncidents?: boolean;
}

export const COMMANDS: readonly CommandDefinition[] = [
  {
    id: 'cursorDown',
    title: 'Next incident',
    description: 'Move the cursor down',
    group: 'Move and select',
    keys: ['j', 'ArrowDown'],
    inPalette: false,
  },
  {
    id: 'cursorUp',
    title: 'Previous incident',
    description: 'Move the cursor up',
    group: 'Move and select',
    keys: ['k', 'ArrowUp'],
    inPalette: false,
  },
  {
    id: 'cursorFirst',
    title: 'First incident',
    description: 'Jump to the top of the queue',
    group: 'Move and select',
    keys: ['Home'],
    inPalette: false,
  },
  {
    id: 'cursorLast',
    title: 'Last incident',
    description: 'Jump to the bottom of the queue',
    group: 'Move and select',
    keys: ['End'],
    inPalette: false,
  },
  {
    id: 'toggleSelected',
    title: 'Select',
    description: 'Add or remove the cursor row from the selection',
    group: 'Move and select',
    keys: ['x'],
    inPalette: false,
  },
  {
    id: 'extendDown',
    title: 'Extend selection down',
    description: 'Select this row and the next',
    group: 'Move and select',
    keys: ['shift+j', 'shift+ArrowDown'],
    inPalette: false,
  },
  {
    id: 'extendUp',
    title: 'Extend selection up',
    description: 'Select this row and the previous',
    group: 'Move and select',
    keys: ['shift+k', 'shift+ArrowUp'],
    inPalette: false,
  },
  {
    id: 'goToNew',
    title: 'Go to the incoming incident',
    description: 'Jump to the newest incident announced for you, and open it',
    group: 'Move and select',
    keys: ['i'],
    inPalette: true,
  },
  {
    id: 'openDetail',
    title: 'Open details',
    description: 'Show the cursor incident in the detail pane',
    group: 'Move and select',
    keys: ['Enter'],
    inPalette: true,
  },
  {
    id: 'close',
    title: 'Close',
    description: 'Close the detail pane, then clear the selection',
    group: 'Move and select',
    keys: ['Escape'],
    inPalette: false,
  },

  {
    id: 'acknowledge',
    title: 'Acknowledge',
    description: 'Acknowledge the selected incidents',
    group: 'Act on incidents',
    keys: ['a'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'resolve',
    title: 'Resolve…',
    description: 'Resolve with a resolution note',
    group: 'Act on incidents',
    keys: ['r'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'addNote',
    title: 'Add note…',
    description: 'Add a note to the timeline',
    group: 'Act on incidents',
    keys: ['n'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'reassign',
    title: 'Reassign…',
    description: "To a person or another service's escalation policy",
    group: 'Act on incidents',
    keys: ['shift+r'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'escalate',
    title: 'Escalate…',
    description: 'Escalate to a level of the escalation policy',
    group: 'Act on incidents',
    keys: ['e'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'setPriority',
    title: 'Change priority…',
    description: 'Set P1 to P5, or no priority',
    group: 'Act on incidents',
    keys: ['p'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'setUrgency',
    title: 'Change urgency…',
    description: 'High or low urgency',
    group: 'Act on incidents',
    keys: ['u'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'snooze',
    title: 'Snooze…',
    description: 'Snooze acknowledged incidents for a while',
    group: 'Act on incidents',
    keys: ['s'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'addResponders',
    title: 'Add responders…',
    description: 'Ask people or teams to help',
    group: 'Act on incidents',
    keys: [],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'declareMajor',
    title: 'Declare major incident…',
    description: 'P1 in both systems; the incident managers join and are told',
    group: 'Act on incidents',
    keys: ['m'],
    inPalette: true,
    actsOnIncidents: true,
  },
  {
    id: 'merge',
    title: 'Merge incidents…',
    description: 'Merge incidents into one',
    group: 'Act on incidents',
    keys: [],
    inPalette: true,
    actsOnIncidents: true,
  },

  { id: 'focusSearch', title: 'Search', description: 'Focus the search box', group: 'Panels', keys: ['/'], inPalette: true },
  {
    id: 'toggleOnCall',
    title: 'Who is on call',
    description: 'Show or hide the on-call panel',
    group: 'Panels',
    keys: ['o'],
    inPalette: true,
  },
  {
    id: 'openPalette',
    title: 'Command palette',
    description: 'Run any command by name',
    group: 'Panels',
    keys: ['mod+k'],
    inPalette: false,
    whileTyping: true,
  },
  { id: 'showHelp', title: 'Keyboard shortcuts', description: 'List every shortcut', group: 'Panels', keys: ['?'], inPalette: true },
];

export const COMMAND_GROUPS: readonly CommandGroup[] = ['Move and select', 'Act on incidents', 'Panels'];

const BY_ID = new Map(COMMANDS.map((command) => [command.id, command]));

export function commandById(id: CommandId): CommandDefinition {
  const command = BY_ID.get(id);
  if (!command) throw new Error(`Unknown command "${id}"`);
  return command;
}

/** A parsed key chord. `shift` null means "either" (symbols such as ? that need Shift on some layouts). */
export interface Chord {
  key: string;
  mod: boolean;
  shift: boolean | null;
  alt: boolean;
}

const MODIFIERS = new Set(['mod', 'shift', 'alt']);

/** "shift+j" -> { key: 'j', shift: true, ... }; throws on a chord the table should not hold. */
export function parseChord(text: string): Chord {
  const parts = text.split('+');
  // "+" itself would be the key after a trailing separator; the table holds none.
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

/** A printable character that is not a letter or digit, e.g. "?" or "/". */
function isSymbol(key: string): boolean {
  return key.length === 1 && !/[\p{L}\p{N}]/u.test(key);
}

/** The parts of a KeyboardEvent the mapping needs. */
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

function matchesChord(chord: Chord, press: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (key !== chord.key) return false;
  if (chord.mod !== (press.ctrlKey || press.metaKey)) return false;
  if (chord.alt !== press.altKey) return false;
  return chord.shift === null || chord.shift === press.shiftKey;
}

const BINDINGS: readonly { chord: Chord; command: CommandDefinition }[] = COMMANDS.flatMap((command) =>
  command.keys.map((key) => ({ chord: parseChord(key), command })),
);

/** The command a chord runs regardless of context, or null. */
export function commandForKeys(press: Pick<KeyPress, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): CommandDefinition | null {
  return BINDINGS.find((binding) => matchesChord(binding.chord, press))?.command ?? null;
}

export interface ShortcutContext {
  /** A dialog (or the palette, which handles its own keys) is open. */
  dialogOpen: boolean;
}

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

/** The command a key press means here, or null to let the page and the browser have it. */
export function shortcutFor(press: KeyPress, context: ShortcutContext): CommandId | null {
  if (context.dialogOpen) return null;
  const command = commandForKeys(press);
  if (!command) return null;
  if (isTypingTarget(press.target) && !command.whileTyping) return null;
  // Enter on a button or link activates it, as everywhere else.
  if (press.key === 'Enter' && press.target?.tagName && ACTIVATABLE_TAGS.has(press.target.tagName.toUpperCase())) return null;
  return command.id;
}

/** How a chord is printed: one label per key, e.g. ["Shift", "R"] or ["⌘", "K"]. */
export function chordLabels(text: string, platform: 'mac' | 'other' = 'other'): string[] {
  const chord = parseChord(text);
  const labels: string[] = [];
  if (chord.mod) labels.push(platform === 'mac' ? '⌘' : 'Ctrl');
  if (chord.alt) labels.push(platform === 'mac' ? '⌥' : 'Alt');
  if (chord.shift) labels.push('Shift');
  labels.push(KEY_LABELS[chord.key] ?? (chord.key.length === 1 && (chord.mod || chord.shift) ? chord.key.toUpperCase() : chord.key));
  return labels;
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
export function keyPlatform(userAgent: string): 'mac' | 'other' {
  return /Mac|iPhone|iPad/.test(userAgent) ? 'mac' : 'other';
}

/** The footer's short list of the most used commands, derived from the table (never a copy of its keys). */
const HINTS: readonly [readonly CommandId[], string][] = [
  [['cursorDown', 'cursorUp'], 'move'],
  [['toggleSelected'], 'select'],
  [['openDetail'], 'details'],
  [['acknowledge'], 'acknowledge'],
  [['resolve'], 'resolve'],
  [['openPalette'], 'commands'],
  [['showHelp'], 'all shortcuts'],
];

export const SHORTCUT_HINTS: { keys: string[]; does: string }[] = HINTS.map(([ids, does]) => ({
  keys: ids.map((id) => chordLabels(commandById(id).keys[0] ?? '').join(' ')),
  does,
}));
