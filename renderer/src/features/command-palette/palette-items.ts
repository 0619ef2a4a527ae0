/**
 * What the command palette lists: every palette command of the command registry that
 * applies now (with its keys), one-step entries for values people set often (a priority,
 * an urgency), the saved views and an incident by number or title, and how a typed query
 * narrows and orders them.
 */
import { COMMANDS, applies, chooseKeys, type CommandId, type CommandState } from '../commands/registry';
import type { Priority } from '../../../../shared/domain/directory';
import type { Incident, Urgency } from '../../../../shared/domain/incident';

type PaletteRun =
  | { type: 'command'; command: CommandId }
  | { type: 'priority'; priorityId: string | null; name: string }
  | { type: 'urgency'; urgency: Urgency }
  | { type: 'incident'; incidentId: string }
  | { type: 'view'; viewId: string };

export interface PaletteItem {
  id: string;
  title: string;
  description: string;
  group: string;
  /** Keys from the command registry (first one shown). */
  keys: readonly string[];
  run: PaletteRun;
}

/** The commands (those that apply in `state`) and the priority and urgency entries. */
export function paletteItems(priorities: readonly Priority[], state: CommandState): PaletteItem[] {
  const commands: PaletteItem[] = COMMANDS.filter((command) => command.inPalette && applies(command, state)).map((command) => ({
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
            description: "Remove the incidents' priority",
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

/** The saved and built-in views, to switch to by name. */
export function viewItems(views: readonly { id: string; name: string }[]): PaletteItem[] {
  return views.map((view) => ({
    id: `view:${view.id}`,
    title: `View: ${view.name}`,
    description: 'Show the queue through this view',
    group: 'Views',
    keys: [],
    run: { type: 'view', viewId: view.id },
  }));
}

/**
 * Incidents to go to for the query: by number ("#123", "123") first, then (unless the
 * query starts with #) those whose title has every word, at most `limit`.
 */
export function incidentItems(incidents: readonly Incident[], query: string, limit = 5): PaletteItem[] {
  const q = query.trim().toLowerCase();
  if (q.length < 2 && !/^#?\d+$/.test(q)) return [];
  const number = /^#?(\d+)$/.exec(q)?.[1];
  const words = q.replace(/^#/, '').split(/\s+/).filter(Boolean);
  const byNumber = number ? incidents.filter((incident) => String(incident.number) === number) : [];
  // "#12" asks for a number only; "12" also finds titles that mention it.
  const byTitle = q.startsWith('#')
    ? []
    : incidents.filter((incident) => !byNumber.includes(incident) && words.every((word) => incident.title.toLowerCase().includes(word)));
  return [...byNumber, ...byTitle].slice(0, limit).map((incident) => ({
    id: `incident:${incident.id}`,
    title: `Go to #${incident.number} ${incident.title}`,
    description: `${incident.status} · ${incident.service.name}`,
    group: 'Incidents',
    keys: [],
    run: { type: 'incident', incidentId: incident.id },
  }));
}

/** "#123 Checkout 5xx", "#12, #15 and #20": what an action chosen now would act on. */
export function describeTargets(targetIds: readonly string[], incidents: readonly Incident[]): string {
  if (targetIds.length === 0) {
    const keys = chooseKeys();
    return `No incident under the cursor: actions need one (${keys.move} to move, ${keys.select} to select).`;
  }
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  if (targetIds.length === 1) {
    const incident = byId.get(targetIds[0]!);
    return incident ? `Actions act on #${incident.number} ${incident.title}` : 'Actions act on the incident under the cursor.';
  }
  const numbers = targetIds
    .map((id) => byId.get(id))
    .filter((incident): incident is Incident => incident !== undefined)
    .map((incident) => `#${incident.number}`);
  const shown =
    numbers.length > 4
      ? `${numbers.slice(0, 4).join(', ')} and ${numbers.length - 4} more`
      : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
  return `Actions act on the ${targetIds.length} selected incidents: ${shown}`;
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

/**
 * What the palette shows for a query: a number ("#12", "12") lists that incident first;
 * words list the commands and places first, then the incidents whose title has them.
 */
export function paletteMatches(items: readonly PaletteItem[], incidents: readonly Incident[], query: string): PaletteItem[] {
  const ranked = rankPaletteItems(items, query);
  const found = incidentItems(incidents, query);
  return /^#?\d+$/.test(query.trim()) ? [...found, ...ranked] : [...ranked, ...found];
}
