/**
 * What the command palette lists: every palette command of the shortcut table (with its
 * key), plus one-step entries for values people set often (a priority, an urgency), and
 * how a typed query narrows and orders them.
 */
import { COMMANDS, type CommandId } from '../actions/shortcuts';
import type { Priority } from '../../../../shared/domain/directory';
import type { Urgency } from '../../../../shared/domain/incident';

export type PaletteRun =
  | { type: 'command'; command: CommandId }
  | { type: 'priority'; priorityId: string | null; name: string }
  | { type: 'urgency'; urgency: Urgency };

export interface PaletteItem {
  id: string;
  title: string;
  description: string;
  group: string;
  /** Key chords from the shortcut table (first one shown). */
  keys: readonly string[];
  run: PaletteRun;
}

export function paletteItems(priorities: readonly Priority[]): PaletteItem[] {
  const commands: PaletteItem[] = COMMANDS.filter((command) => command.inPalette).map((command) => ({
    id: `command:${command.id}`,
    title: command.title,
    description: command.description,
    group: command.group,
    keys: command.keys,
    run: { type: 'command', command: command.id },
  }));
  const sorted = [...priorities].sort((a, b) => a.order - b.order);
  const priorityItems: PaletteItem[] = [
    ...sorted.map((priority) => ({
      id: `priority:${priority.id}`,
      title: `Set priority ${priority.name}`,
      description: `Give the incidents priority ${priority.name}`,
      group: 'Priority',
      keys: [],
      run: { type: 'priority' as const, priorityId: priority.id, name: priority.name },
    })),
    ...(sorted.length
      ? [
          {
            id: 'priority:none',
            title: 'Clear priority',
            description: 'Remove the incidents\' priority',
            group: 'Priority',
            keys: [],
            run: { type: 'priority' as const, priorityId: null, name: 'no priority' },
          },
        ]
      : []),
  ];
  const urgencyItems: PaletteItem[] = (['high', 'low'] as const).map((urgency) => ({
    id: `urgency:${urgency}`,
    title: `Set urgency ${urgency}`,
    description: `Make the incidents ${urgency} urgency`,
    group: 'Urgency',
    keys: [],
    run: { type: 'urgency', urgency },
  }));
  return [...commands, ...priorityItems, ...urgencyItems];
}

/**
 * The items matching every word of the query (in title, description or group), best
 * first: title starts with the query, then a title word starts with it, then the rest.
 */
export function rankPaletteItems(items: readonly PaletteItem[], query: string): PaletteItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items];
  const words = q.split(/\s+/);
  const scored: { item: PaletteItem; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const title = item.title.toLowerCase();
    const text = `${title} ${item.description.toLowerCase()} ${item.group.toLowerCase()}`;
    if (!words.every((word) => text.includes(word))) return;
    const titleWords = title.split(/[^\p{L}\p{N}]+/u);
    const score = title.startsWith(q) ? 0 : words.every((word) => titleWords.some((w) => w.startsWith(word))) ? 1 : 2;
    scored.push({ item, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((entry) => entry.item);
}
