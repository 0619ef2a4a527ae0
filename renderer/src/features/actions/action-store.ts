/**
 * Which action dialog, palette or panel is up, and for which incidents. A dialog holds the
 * incident ids captured when the user chose the action (see run-command.ts), so live
 * updates or filter changes while it is open cannot change what it acts on.
 */
import { create } from 'zustand';

export type DialogKind =
  | 'resolve'
  | 'addNote'
  | 'reassign'
  | 'escalate'
  | 'setPriority'
  | 'setUrgency'
  | 'snooze'
  | 'addResponders'
  | 'merge';

export interface OpenDialog {
  kind: DialogKind;
  incidentIds: readonly string[];
}

interface ActionUiState {
  dialog: OpenDialog | null;
  paletteOpen: boolean;
  helpOpen: boolean;
  onCallOpen: boolean;
  openDialog(kind: DialogKind, incidentIds: readonly string[]): void;
  closeDialog(): void;
  setPaletteOpen(open: boolean): void;
  setHelpOpen(open: boolean): void;
  setOnCallOpen(open: boolean): void;
  toggleOnCall(): void;
}

export const useActionUi = create<ActionUiState>()((set) => ({
  dialog: null,
  paletteOpen: false,
  helpOpen: false,
  onCallOpen: false,
  openDialog: (kind, incidentIds) => set({ dialog: { kind, incidentIds: [...incidentIds] }, paletteOpen: false, helpOpen: false }),
  closeDialog: () => set({ dialog: null }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setOnCallOpen: (onCallOpen) => set({ onCallOpen }),
  toggleOnCall: () => set((state) => ({ onCallOpen: !state.onCallOpen })),
}));
