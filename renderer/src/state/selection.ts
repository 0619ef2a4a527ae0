/**
 * Which row is selected, by incident id, so live updates that reorder or remove rows do
 * not move the user's place. When the selected incident leaves the queue (resolved), the
 * row that took its place is selected, ready for the next action.
 */

export interface Selection {
  id: string | null;
  index: number;
}

export const NO_SELECTION: Selection = { id: null, index: -1 };

/** The effective selection in `ids`, given the id chosen last and the index it had. */
export function resolveSelection(ids: readonly string[], selectedId: string | null, lastIndex: number): Selection {
  if (selectedId === null || ids.length === 0) return NO_SELECTION;
  const index = ids.indexOf(selectedId);
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
