/**
 * UI state that is nobody's business but this window's: the cursor row, the
 * multi-selection and whether the detail pane is open (the action dialogs are
 * features/actions/action-store.ts's).
 *
 * The cursor and the selection are kept by incident id (see selection.ts), so live
 * updates and filter changes never move them to another incident. Actions target
 * `actionTargets(selectedIds, cursor.id)`, captured when the user confirms.
 */
import { create } from 'zustand';
import { NO_SELECTION, addIds, cursorAt, moveSelection, resolveSelection, retainIds, toggleId, type Selection } from './selection';

export interface UiState {
  /** The focused row, by id; its index is where it was last seen (to fall back when it leaves). */
  cursor: Selection;
  /** The multi-selection, by id, in the order selected; empty = actions target the cursor row. */
  selectedIds: readonly string[];
  detailOpen: boolean;
  /** j/k, arrows: moves the cursor by `step` visible rows (from nothing, starts at the top). */
  moveCursor(step: number, visibleIds: readonly string[]): void;
  /** Click: puts the cursor on `id` (null clears it). */
  setCursor(id: string | null, visibleIds: readonly string[]): void;
  /** x: adds or removes `id` from the multi-selection. */
  toggleSelected(id: string): void;
  /** shift+j/k: moves the cursor and adds the rows it leaves and lands on to the selection. */
  extendSelection(step: number, visibleIds: readonly string[]): void;
  /** Replaces the multi-selection (select all visible, header checkbox). */
  setSelected(ids: readonly string[]): void;
  /** Esc when nothing else is open. */
  clearSelected(): void;
  /** Keeps where the cursor is now, after the rows moved or left; called by useQueue. */
  rememberCursor(cursor: Selection): void;
  /** Drops selected ids that left the queue (resolved); called by useQueue. */
  retainSelected(present: ReadonlySet<string>): void;
  openDetail(): void;
  closeDetail(): void;
}

function currentCursor(cursor: Selection, visibleIds: readonly string[]): Selection {
  return resolveSelection(visibleIds, cursor.id, cursor.index);
}

export const useUiStore = create<UiState>()((set) => ({
  cursor: NO_SELECTION,
  selectedIds: [],
  detailOpen: false,
  moveCursor: (step, visibleIds) => set((state) => ({ cursor: moveSelection(visibleIds, currentCursor(state.cursor, visibleIds), step) })),
  setCursor: (id, visibleIds) => set({ cursor: cursorAt(visibleIds, id) }),
  toggleSelected: (id) => set((state) => ({ selectedIds: toggleId(state.selectedIds, id) })),
  extendSelection: (step, visibleIds) =>
    set((state) => {
      const from = currentCursor(state.cursor, visibleIds);
      const to = moveSelection(visibleIds, from, step);
      if (to.id === null) return {};
      const passed = from.id === null ? [to.id] : [from.id, to.id];
      return { cursor: to, selectedIds: addIds(state.selectedIds, passed) };
    }),
  setSelected: (ids) => set({ selectedIds: [...new Set(ids)] }),
  clearSelected: () => set((state) => (state.selectedIds.length === 0 ? {} : { selectedIds: [] })),
  retainSelected: (present) =>
    set((state) => {
      const kept = retainIds(state.selectedIds, present);
      return kept === state.selectedIds ? {} : { selectedIds: kept };
    }),
  rememberCursor: (cursor) => set({ cursor }),
  openDetail: () => set({ detailOpen: true }),
  closeDetail: () => set({ detailOpen: false }),
}));
