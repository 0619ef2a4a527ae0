/**
 * UI state that is nobody's business but this window's: the cursor row, the
 * multi-selection, whether the detail pane is open, and which action dialog is up.
 *
 * The cursor and the selection are kept by incident id (see selection.ts), so live
 * updates and filter changes never move them to another incident. Actions target
 * `actionTargets(selectedIds, cursor.id)`, captured when the user confirms.
 */
import { create } from 'zustand';
import { NO_SELECTION, addIds, cursorAt, moveSelection, resolveSelection, retainIds, toggleId, type Selection } from './selection';

export type ActionDialog = { kind: 'resolve' | 'note'; incidentId: string };

export interface UiState {
  /** The focused row, by id; its index is where it was last seen (to fall back when it leaves). */
  cursor: Selection;
  /** The multi-selection, by id, in the order selected; empty = actions target the cursor row. */
  selectedIds: readonly string[];
  detailOpen: boolean;
  dialog: ActionDialog | null;
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
  /** Drops selected ids that left the queue (resolved); called by useQueue. */
  retainSelected(present: ReadonlySet<string>): void;
  /** @deprecated use setCursor/moveCursor; kept while callers move over. */
  select(selection: Selection): void;
  openDetail(): void;
  closeDetail(): void;
  openDialog(dialog: ActionDialog): void;
  closeDialog(): void;
}

function currentCursor(cursor: Selection, visibleIds: readonly string[]): Selection {
  return resolveSelection(visibleIds, cursor.id, cursor.index);
}

export const useUiStore = create<UiState>()((set) => ({
  cursor: NO_SELECTION,
  selectedIds: [],
  detailOpen: false,
  dialog: null,
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
  select: (selection) => set({ cursor: selection }),
  openDetail: () => set({ detailOpen: true }),
  closeDetail: () => set({ detailOpen: false }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
}));
