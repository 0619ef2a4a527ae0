/**
 * The user's column layout (order, hidden columns, widths) and the pure edits on it:
 * show/hide, move left/right, drop-to-reorder, resize. Stored data is repaired on load:
 * unknown columns are dropped, new ones added, widths clamped.
 */
import { z } from 'zod';
import { COLUMNS, COLUMN_IDS, ColumnId, KEPT_COLUMNS, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, REQUIRED_COLUMNS } from './columns';

export interface ColumnLayout {
  /** Every column, in display order. */
  order: readonly ColumnId[];
  hidden: readonly ColumnId[];
  /** Width in px per column; missing = the column's default. */
  widths: Partial<Record<ColumnId, number>>;
}

export const DEFAULT_LAYOUT: ColumnLayout = {
  order: COLUMN_IDS,
  hidden: COLUMN_IDS.filter((id) => !COLUMNS[id].visibleByDefault),
  widths: {},
};

/** What stored layouts may look like; normaliseLayout repairs the rest. */
export const StoredColumnLayout = z.object({
  order: z.array(z.string()),
  hidden: z.array(z.string()),
  widths: z.record(z.string(), z.number()),
});

const isColumnId = (value: string): value is ColumnId => ColumnId.safeParse(value).success;

/** Repairs a stored layout: known columns only, each once, all present, widths in range. */
export function normaliseLayout(stored: z.infer<typeof StoredColumnLayout>): ColumnLayout {
  const order = [...new Set(stored.order.filter(isColumnId))];
  // A column added in a newer version goes where it sits in the default order.
  for (const id of COLUMN_IDS) {
    if (order.includes(id)) continue;
    const defaultIndex = COLUMN_IDS.indexOf(id);
    const before = COLUMN_IDS.slice(0, defaultIndex).findLast((other) => order.includes(other));
    order.splice(before === undefined ? 0 : order.indexOf(before) + 1, 0, id);
  }
  const hidden = [...new Set(stored.hidden.filter(isColumnId))].filter((id) => !REQUIRED_COLUMNS.includes(id));
  const widths: Partial<Record<ColumnId, number>> = {};
  for (const [key, width] of Object.entries(stored.widths)) {
    if (isColumnId(key) && Number.isFinite(width)) widths[key] = clampWidth(width);
  }
  return { order, hidden, widths };
}

function clampWidth(width: number): number {
  return Math.round(Math.min(Math.max(width, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH));
}

export function columnWidth(layout: ColumnLayout, id: ColumnId): number {
  return layout.widths[id] ?? COLUMNS[id].width;
}

/** The visible columns, in display order. */
export function visibleColumns(layout: ColumnLayout): ColumnId[] {
  return layout.order.filter((id) => !layout.hidden.includes(id));
}

export function setColumnHidden(layout: ColumnLayout, id: ColumnId, hidden: boolean): ColumnLayout {
  if (REQUIRED_COLUMNS.includes(id)) return layout;
  const isHidden = layout.hidden.includes(id);
  if (isHidden === hidden) return layout;
  return { ...layout, hidden: hidden ? [...layout.hidden, id] : layout.hidden.filter((other) => other !== id) };
}

/**
 * Moves a column past `step` visible neighbours (negative is left); hidden columns keep
 * their place relative to the others.
 */
export function moveColumn(layout: ColumnLayout, id: ColumnId, step: number): ColumnLayout {
  const visible = visibleColumns(layout);
  const from = visible.indexOf(id);
  if (from === -1 || step === 0) return layout;
  const to = Math.min(Math.max(from + step, 0), visible.length - 1);
  if (to === from) return layout;
  const target = visible[to]!;
  return placeColumn(layout, id, target, step > 0 ? 'after' : 'before');
}

/** Puts `id` just before or after `target` (drag and drop). */
export function placeColumn(layout: ColumnLayout, id: ColumnId, target: ColumnId, side: 'before' | 'after'): ColumnLayout {
  if (id === target) return layout;
  const order = layout.order.filter((other) => other !== id);
  const at = order.indexOf(target);
  if (at === -1) return layout;
  order.splice(side === 'before' ? at : at + 1, 0, id);
  return { ...layout, order };
}

export function resizeColumn(layout: ColumnLayout, id: ColumnId, width: number): ColumnLayout {
  const clamped = clampWidth(width);
  if (columnWidth(layout, id) === clamped) return layout;
  return { ...layout, widths: { ...layout.widths, [id]: clamped } };
}

export function layoutsEqual(a: ColumnLayout, b: ColumnLayout): boolean {
  if (a.order.join() !== b.order.join()) return false;
  if ([...a.hidden].sort().join() !== [...b.hidden].sort().join()) return false;
  return COLUMN_IDS.every((id) => columnWidth(a, id) === columnWidth(b, id));
}

/**
 * The columns that fit in `availablePx`: when the chosen ones are too wide (a small
 * window, the detail pane open), the lowest-ranked are left out of view until the rest
 * fit; the title and status always stay. Returns what to show and what was left out.
 */
export function fitColumns(
  columns: readonly ColumnId[],
  widthOf: (id: ColumnId) => number,
  availablePx: number,
  gapPx: number,
): { shown: ColumnId[]; dropped: ColumnId[] } {
  const total = (ids: readonly ColumnId[]) => ids.reduce((sum, id) => sum + widthOf(id) + gapPx, 0);
  const shown = [...columns];
  const dropped: ColumnId[] = [];
  const candidates = columns.filter((id) => !KEPT_COLUMNS.includes(id)).sort((a, b) => COLUMNS[a].keepRank - COLUMNS[b].keepRank);
  for (const id of candidates) {
    if (total(shown) <= availablePx) break;
    shown.splice(shown.indexOf(id), 1);
    dropped.push(id);
  }
  return { shown, dropped };
}
