/**
 * UI state that is nobody's business but this window's: the selected incident, whether
 * the detail pane is open, and which action dialog is up.
 */
import { create } from 'zustand';
import { NO_SELECTION, type Selection } from './selection';

export type ActionDialog = { kind: 'resolve' | 'note'; incidentId: string };

interface UiState {
  selection: Selection;
  detailOpen: boolean;
  dialog: ActionDialog | null;
  select(selection: Selection): void;
  openDetail(): void;
  closeDetail(): void;
  openDialog(dialog: ActionDialog): void;
  closeDialog(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  selection: NO_SELECTION,
  detailOpen: false,
  dialog: null,
  select: (selection) => set({ selection }),
  openDetail: () => set({ detailOpen: true }),
  closeDetail: () => set({ detailOpen: false }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
}));
