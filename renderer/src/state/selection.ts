/**
 * Which row has the cursor and which rows are selected, by incident id, so live updates
 * that reorder or remove rows do not move the user's place. When the cursor's incident
 * leaves the queue (resolved), the row that took its place gets the cursor, ready for the
 * next action. Pure functions: the zustand store (ui-store.ts) calls them.
 */
import { positionOf } from './id-index';

export interface Selection {
  id: string | null;
  index: number;
}

export const NO_SELECTION: Selection = { id: null, index: -1 };

/** The effective selection in `ids`, given the id chosen last and the index it had. */
export function resolveSelection(ids: readonly string[], selectedId: string | null, lastIndex: number): Selection {
  if (selectedId === null || ids.length === 0) return NO_SELECTION;
  const index = positionOf(ids, selectedId);
  if (index !== -1) return { id: selectedId, index };
  const fallback = Math.min(Math.max(lastIndex, 0), ids.length - 1);
  return { id: ids[fallback]!, index: fallback };
}

/** Moves by `step` rows (negative is up), staying inside the list; from nothing, starts at the top. */
export function moveSelection(ids: readonly string[], current: Selection, step: number): Selection {
  if (ids.length === 0) return NO_SELECTION;
  const index = current.index === -1 ? 0 : Math.min(Math.max(current.index + step, 0), ids.length - 1);
  return { id: ids[index]!, index };
}

/** Selects the row at `index` (clamped), e.g. Home and End. */
export function selectIndex(ids: readonly string[], index: number): Selection {
  if (ids.length === 0) return NO_SELECTION;
  const clamped = Math.min(Math.max(index, 0), ids.length - 1);
  return { id: ids[clamped]!, index: clamped };
}

/** The cursor placed on `id` in `ids` (index -1 when the row is not visible; null clears it). */
export function cursorAt(ids: readonly string[], id: string | null): Selection {
  if (id === null) return NO_SELECTION;
  return { id, index: positionOf(ids, id) };
}

/**
 * The incidents an action acts on: the multi-selection if there is one, else the cursor
 * row, else nothing. Capture it when the user confirms, so later changes cannot move it.
 */
export function actionTargets(selectedIds: readonly string[], cursorId: string | null): string[] {
  if (selectedIds.length > 0) return [...selectedIds];
  return cursorId === null ? [] : [cursorId];
}

/** Adds or removes `id`, keeping the order in which ids were selected. */
export function toggleId(selectedIds: readonly string[], id: string): string[] {
  return selectedIds.includes(id) ? selectedIds.filter((selected) => selected !== id) : [...selectedIds, id];
}

/** Adds the ids not yet selected, in the order given. */
export function addIds(selectedIds: readonly string[], ids: readonly string[]): string[] {
  const result = [...selectedIds];
  for (const id of ids) if (!result.includes(id)) result.push(id);
  return result;
}

/** Drops the selected ids that are no longer in the queue; returns the same array when nothing left. */
export function retainIds(selectedIds: readonly string[], present: ReadonlySet<string>): readonly string[] {
  const kept = selectedIds.filter((id) => present.has(id));
  return kept.length === selectedIds.length ? selectedIds : kept;
}
