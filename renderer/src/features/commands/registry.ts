/**
 * The console's commands, each defined once: its id, title, keys, its line in the `?`
 * overlay, whether the palette lists it, when it applies and what it does. The keymap
 * (keymap.ts, bound by use-queue-shortcuts.ts), the command palette, the `?` overlay, the
 * footer's hints and the buttons (detail pane, bulk bar, area tabs, on-call) all read this
 * table, so a key shown anywhere is the key that works and a button does what its key does.
 *
 * A command reaches the app only through the CommandContext it is given (built from the
 * stores by use-command-runner.ts): this module imports no store and no React, so the unit
 * tests run every command against a fake context, and the e2e specs can read the table.
 */
import type { ActionRecord } from '../../../../shared/domain/action';
import type { Incident } from '../../../../shared/domain/incident';
import type { UiState } from '../../state/ui-store';
import type { DialogKind } from '../actions/action-store';
import { activityByIncident } from '../actions/incident-activity';
import { chordLabels, keysText } from './keys';

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
  | 'merge'
  | 'goToIncidents'
  | 'goToResolved'
  | 'goToCatalogue'
  | 'goToRequests'
  | 'goToChanges'
  | 'goToDelivery'
  | 'openMetrics'
  | 'openSettings'
  | 'focusSearch'
  | 'toggleOnCall'
  | 'openPalette'
  | 'showHelp';

export type CommandGroup = 'Move and select' | 'Act on incidents' | 'Go to' | 'Panels';

/** The help overlay's sections, in order. */
export const COMMAND_GROUPS: readonly CommandGroup[] = ['Move and select', 'Act on incidents', 'Go to', 'Panels'];

/**
 * Where a command's keys work: `queue` while the incident queue shows (the catalogue, the
 * requests and the Resolved view stop them, see queue-keys-guard.ts), `app` everywhere.
 */
export type KeyScope = 'queue' | 'app';

/** Where a "go to" command takes you: an area, the Resolved view, a header panel. */
export type Destination = 'queue' | 'resolved' | 'catalogue' | 'requests' | 'changes' | 'delivery' | 'metrics' | 'settings';

/** Where focus can be sent by a command; the components register the elements (focus-targets.ts). */
export type FocusTargetName = 'search' | 'queue';

/** What `when` looks at: the state when the command is chosen. */
export interface CommandState {
  /** What an action acts on, captured when the user chose it: the selection, else the cursor row; a button's own incidents. */
  targets: readonly string[];
  /** The cursor row (resolved against the visible rows where those are known). */
  cursorId: string | null;
  selectedIds: readonly string[];
  detailOpen: boolean;
  /** The queue's visible rows, in order: the keymap knows them (navigation); elsewhere empty. */
  rows: readonly string[];
}

/** What a command may do: the state, and the app's effects. */
export interface CommandContext extends CommandState {
  /** The cursor, the selection and the detail pane. */
  ui: Pick<UiState, 'moveCursor' | 'setCursor' | 'extendSelection' | 'toggleSelected' | 'clearSelected' | 'openDetail' | 'closeDetail'>;
  /** The incidents with these ids (those in the latest snapshot) and every action record. */
  lookup(ids: readonly string[]): { incidents: readonly Incident[]; actions: readonly ActionRecord[] };
  acknowledge(ids: readonly string[]): void;
  openDialog(kind: DialogKind, ids: readonly string[]): void;
  showHelp(): void;
  showPalette(): void;
  toggleOnCall(): void;
  go(to: Destination): void;
  /** Goes to the newest incident announced for me; false when there is none. */
  goToAttention(): boolean;
  focus(target: FocusTargetName): void;
  /** A short notice to the user. */
  tell(message: string): void;
}

export interface CommandDefinition {
  id: CommandId;
  /** What the palette and the help show, e.g. "Acknowledge", "Resolve…" (… = asks for more). */
  title: string;
  /** The shorter name on a button, e.g. "Note"; when absent, the title without its "…". */
  label?: string;
  /** One line on what it does and to what. */
  description: string;
  /** Its section in the help overlay. */
  group: CommandGroup;
  /** Keys ("a", "shift+r", "mod+k", "?", the sequence "g c"); the first is the one shown. Empty = palette (or button) only. */
  keys: readonly string[];
  /** Where the keys work; `queue` when absent. */
  scope?: KeyScope;
  /** Listed in the command palette. */
  inPalette: boolean;
  /** Its keys work even while typing in a field (only for chords with a modifier). */
  whileTyping?: boolean;
  /** Acts on the targets: with none, the user is told how to choose some instead. */
  actsOnIncidents?: boolean;
  /** Whether it applies now; when not, its key goes on to the page and the palette leaves it out. Always when absent. */
  when?(state: CommandState): boolean;
  run(context: CommandContext): void;
}

const hasCursor = (state: CommandState) => state.cursorId !== null;

/** An action that asks for more in a dialog, on the targets. */
function dialog(kind: DialogKind): (context: CommandContext) => void {
  return (context) => context.openDialog(kind, context.targets);
}

export const COMMANDS: readonly CommandDefinition[] = [
  {
    id: 'cursorDown',
    title: 'Next incident',
    description: 'Move the cursor down',
    group: 'Move and select',
    keys: ['j', 'ArrowDown'],
    inPalette: false,
    run: (context) => context.ui.moveCursor(1, context.rows),
  },
  {
    id: 'cursorUp',
    title: 'Previous incident',
    description: 'Move the cursor up',
    group: 'Move and select',
    keys: ['k', 'ArrowUp'],
    inPalette: false,
    run: (context) => context.ui.moveCursor(-1, context.rows),
  },
  {
    id: 'cursorFirst',
    title: 'First incident',
    description: 'Jump to the top of the queue',
    group: 'Move and select',
    keys: ['Home'],
    inPalette: false,
    run: (context) => context.ui.setCursor(context.rows[0] ?? null, context.rows),
  },
  {
    id: 'cursorLast',
    title: 'Last incident',
    description: 'Jump to the bottom of the queue',
    group: 'Move and select',
    keys: ['End'],
    inPalette: false,
    run: (context) => context.ui.setCursor(context.rows[context.rows.length - 1] ?? null, context.rows),
  },
  {
    id: 'toggleSelected',
    title: 'Select',
    description: 'Add or remove the cursor row from the selection',
    group: 'Move and select',
    keys: ['x'],
    inPalette: false,
    when: hasCursor,
    run: (context) => {
      if (context.cursorId) context.ui.toggleSelected(context.cursorId);
    },
  },
  {
    id: 'extendDown',
    title: 'Extend selection down',
    description: 'Select this row and the next',
    group: 'Move and select',
    keys: ['shift+j', 'shift+ArrowDown'],
    inPalette: false,
    run: (context) => context.ui.extendSelection(1, context.rows),
  },
  {
    id: 'extendUp',
    title: 'Extend selection up',
    description: 'Select this row and the previous',
    group: 'Move and select',
    keys: ['shift+k', 'shift+ArrowUp'],
    inPalette: false,
    run: (context) => context.ui.extendSelection(-1, context.rows),
  },
  {
    id: 'goToNew',
    title: 'Go to the incoming incident',
    description: 'Jump to the newest incident announced for you, and open it',
    group: 'Move and select',
    keys: ['i'],
    inPalette: true,
    run: (context) => {
      if (!context.goToAttention()) context.tell('Nothing new needs you right now.');
    },
  },
  {
    id: 'openDetail',
    title: 'Open details',
    description: 'Show the cursor incident in the detail pane',
    group: 'Move and select',
    keys: ['Enter'],
    inPalette: true,
    when: hasCursor,
    run: (context) => context.ui.openDetail(),
  },
  {
    id: 'close',
    title: 'Close',
    description: 'Close the detail pane, then clear the selection',
    group: 'Move and select',
    keys: ['Escape'],
    inPalette: false,
    // With nothing to close, Esc goes on to whatever else wants it.
    when: (state) => state.detailOpen || state.selectedIds.length > 0,
    run: (context) => (context.detailOpen ? context.ui.closeDetail() : context.ui.clearSelected()),
  },

  {
    id: 'acknowledge',
    title: 'Acknowledge',
    description: 'Acknowledge the selected incidents',
    group: 'Act on incidents',
    keys: ['a'],
    inPalette: true,
    actsOnIncidents: true,
    run: (context) => {
      const { incidents, actions } = context.lookup(context.targets);
      const busy = activityByIncident(actions);
      const toAck = incidents.filter(
        // Not again while one is on its way (its ticket half may still wait after PagerDuty took it).
        (incident) =>
          incident.status === 'triggered' && !busy.get(incident.id)?.pendingAll.some((action) => action.request.kind === 'acknowledge'),
      );
      if (toAck.length === 0) {
        context.tell(
          incidents.length === 1 ? `#${incidents[0]!.number} is already acknowledged.` : 'These incidents are already acknowledged.',
        );
        return;
      }
      context.acknowledge(toAck.map((incident) => incident.id));
    },
  },
  {
    id: 'resolve',
    title: 'Resolve…',
    description: 'Resolve with a resolution note',
    group: 'Act on incidents',
    keys: ['r'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('resolve'),
  },
  {
    id: 'addNote',
    title: 'Add note…',
    label: 'Note',
    description: 'Add a note to the timeline',
    group: 'Act on incidents',
    keys: ['n'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('addNote'),
  },
  {
    id: 'reassign',
    title: 'Reassign…',
    description: "To a person or another service's escalation policy",
    group: 'Act on incidents',
    keys: ['shift+r'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('reassign'),
  },
  {
    id: 'escalate',
    title: 'Escalate…',
    description: 'Escalate to a level of the escalation policy',
    group: 'Act on incidents',
    keys: ['e'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('escalate'),
  },
  {
    id: 'setPriority',
    title: 'Change priority…',
    description: 'Set P1 to P5, or no priority',
    group: 'Act on incidents',
    keys: ['p'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('setPriority'),
  },
  {
    id: 'setUrgency',
    title: 'Change urgency…',
    description: 'High or low urgency',
    group: 'Act on incidents',
    keys: ['u'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('setUrgency'),
  },
  {
    id: 'snooze',
    title: 'Snooze…',
    description: 'Snooze acknowledged incidents for a while',
    group: 'Act on incidents',
    keys: ['s'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('snooze'),
  },
  {
    id: 'addResponders',
    title: 'Add responders…',
    description: 'Ask people or teams to help',
    group: 'Act on incidents',
    keys: [],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('addResponders'),
  },
  {
    id: 'declareMajor',
    title: 'Declare major incident…',
    description: 'P1 in both systems; the incident managers join and are told',
    group: 'Act on incidents',
    keys: ['m'],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('declareMajor'),
  },
  {
    id: 'merge',
    title: 'Merge incidents…',
    description: 'Merge incidents into one',
    group: 'Act on incidents',
    keys: [],
    inPalette: true,
    actsOnIncidents: true,
    run: dialog('merge'),
  },

  {
    id: 'goToIncidents',
    title: 'Go to Incidents',
    label: 'Incidents',
    description: 'The open incidents queue',
    group: 'Go to',
    keys: ['g i'],
    scope: 'app',
    inPalette: true,
    run: (context) => context.go('queue'),
  },
  {
    id: 'goToResolved',
    title: 'Go to Recently resolved',
    description: 'Incidents resolved lately, to review or reopen',
    group: 'Go to',
    keys: [],
    inPalette: true,
    run: (context) => context.go('resolved'),
  },
  {
    id: 'goToCatalogue',
    title: 'Go to Catalogue',
    label: 'Catalogue',
    description: 'What the specialist teams offer',
    group: 'Go to',
    keys: ['g c'],
    scope: 'app',
    inPalette: true,
    run: (context) => context.go('catalogue'),
  },
  {
    id: 'goToRequests',
    title: 'Go to Requests',
    label: 'Requests',
    description: 'Your requests, and those for your teams',
    group: 'Go to',
    keys: ['g r'],
    scope: 'app',
    inPalette: true,
    run: (context) => context.go('requests'),
  },
  {
    id: 'goToChanges',
    title: 'Go to Changes',
    label: 'Changes',
    description: 'Changes waiting for your approval, changes per service, templates',
    group: 'Go to',
    keys: ['g h'],
    scope: 'app',
    inPalette: true,
    run: (context) => context.go('changes'),
  },
  {
    id: 'goToDelivery',
    title: 'Go to Delivery',
    label: 'Delivery',
    description: 'What runs where, deployments and versions compared, delivery metrics, the change audit',
    group: 'Go to',
    keys: ['g d'],
    scope: 'app',
    inPalette: true,
    run: (context) => context.go('delivery'),
  },
  {
    id: 'openMetrics',
    title: 'Open Response metrics',
    description: 'Time to acknowledge and resolve per service and team',
    group: 'Go to',
    keys: [],
    inPalette: true,
    run: (context) => context.go('metrics'),
  },
  {
    id: 'openSettings',
    title: 'Open Settings',
    description: 'Connections, notifications, workspace',
    group: 'Go to',
    keys: [],
    inPalette: true,
    run: (context) => context.go('settings'),
  },

  {
    id: 'focusSearch',
    title: 'Search',
    description: 'Focus the search box',
    group: 'Panels',
    keys: ['/'],
    inPalette: true,
    run: (context) => context.focus('search'),
  },
  {
    id: 'toggleOnCall',
    title: 'Who is on call',
    description: 'Show or hide the on-call panel',
    group: 'Panels',
    keys: ['o'],
    inPalette: true,
    run: (context) => context.toggleOnCall(),
  },
  {
    id: 'openPalette',
    title: 'Command palette',
    description: 'Run any command by name',
    group: 'Panels',
    keys: ['mod+k'],
    scope: 'app',
    inPalette: false,
    whileTyping: true,
    run: (context) => context.showPalette(),
  },
  {
    id: 'showHelp',
    title: 'Keyboard shortcuts',
    description: 'List every shortcut',
    group: 'Panels',
    keys: ['?'],
    scope: 'app',
    inPalette: true,
    run: (context) => context.showHelp(),
  },
];

const BY_ID = new Map(COMMANDS.map((command) => [command.id, command]));

export function commandById(id: CommandId): CommandDefinition {
  const command = BY_ID.get(id);
  if (!command) throw new Error(`Unknown command "${id}"`);
  return command;
}

export function keyScope(command: CommandDefinition): KeyScope {
  return command.scope ?? 'queue';
}

/** Whether the command applies in this state. */
export function applies(command: CommandDefinition, state: CommandState): boolean {
  return command.when?.(state) ?? true;
}

/** The text on the command's button: its label, else its title without the "…". */
export function commandLabel(id: CommandId): string {
  const command = commandById(id);
  return command.label ?? command.title.replace(/…$/, '');
}

/** The command's first keys as text ("Shift+R", "Esc", "g c"), or null for a palette-only command. */
export function commandKeysText(id: CommandId): string | null {
  const keys = commandById(id).keys[0];
  return keys ? keysText(keys) : null;
}

/** "j/k" and "x": how to choose incidents to act on, in the keys of the table. */
export function chooseKeys(): { move: string; select: string } {
  return {
    move: `${commandKeysText('cursorDown')}/${commandKeysText('cursorUp')}`,
    select: commandKeysText('toggleSelected') ?? '',
  };
}

/** What an action with nothing to act on tells the user. */
export function noTargetMessage(): string {
  const keys = chooseKeys();
  return `No incident to act on: move to one with ${keys.move} or select some with ${keys.select}.`;
}

/**
 * Runs the command on the context when it applies now (an action with no incidents to act
 * on says how to choose some). False when it does not apply, so its key goes on to the page.
 */
export function runCommand(id: CommandId, context: CommandContext): boolean {
  const command = commandById(id);
  if (!applies(command, context)) return false;
  if (command.actsOnIncidents && context.targets.length === 0) {
    context.tell(noTargetMessage());
    return true;
  }
  command.run(context);
  return true;
}

/** The footer's short list of the most used commands, from the table (never a copy of its keys). */
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
