/**
 * Which action dialog, palette or panel is up, and for which incidents. A dialog holds the
 * incident ids captured when the user chose the action (commands/registry.ts runCommand), so live
 * updates or filter changes while it is open cannot change what it acts on.
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

export type DialogKind =
  'resolve' | 'addNote' | 'reassign' | 'escalate' | 'setPriority' | 'setUrgency' | 'snooze' | 'addResponders' | 'declareMajor' | 'merge';

interface OpenDialog {
  kind: DialogKind;
  incidentIds: readonly string[];
}

interface ActionUiState {
  dialog: OpenDialog | null;
  paletteOpen: boolean;
  helpOpen: boolean;
  onCallOpen: boolean;
  /**
   * Characters typed after a key opened the palette or a text dialog but before its field
   * had focus; the field takes them (see useTypeahead), so a fast typist loses nothing.
   */
  typeahead: string;
  appendTypeahead(text: string): void;
  takeTypeahead(): string;
  openDialog(kind: DialogKind, incidentIds: readonly string[]): void;
  closeDialog(): void;
  setPaletteOpen(open: boolean): void;
  setHelpOpen(open: boolean): void;
  setOnCallOpen(open: boolean): void;
  toggleOnCall(): void;
}

export const useActionUi = create<ActionUiState>()((set, get) => ({
  dialog: null,
  paletteOpen: false,
  helpOpen: false,
  onCallOpen: false,
  typeahead: '',
  appendTypeahead: (text) => set((state) => ({ typeahead: state.typeahead + text })),
  takeTypeahead: () => {
    const text = get().typeahead;
    if (text) set({ typeahead: '' });
    return text;
  },
  openDialog: (kind, incidentIds) =>
    set({ dialog: { kind, incidentIds: [...incidentIds] }, paletteOpen: false, helpOpen: false, typeahead: '' }),
  closeDialog: () => set({ dialog: null, typeahead: '' }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen, typeahead: '' }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setOnCallOpen: (onCallOpen) => set({ onCallOpen }),
  toggleOnCall: () => set((state) => ({ onCallOpen: !state.onCallOpen })),
}));

/** True while the palette or a dialog that is mostly typing (resolve, note, major incident reason) is open. */
export function isTypingSurfaceOpen(state: Pick<ActionUiState, 'paletteOpen' | 'dialog'>): boolean {
  const kind = state.dialog?.kind;
  return state.paletteOpen || kind === 'resolve' || kind === 'addNote' || kind === 'declareMajor';
}

/** Hands characters typed before the field had focus to `onText`, once each. */
export function useTypeahead(onText: (text: string) => void): void {
  const pending = useActionUi((state) => state.typeahead);
  // The latest callback, without making callers memoise it.
  const latest = useRef(onText);
  useEffect(() => {
    latest.current = onText;
  });
  useEffect(() => {
    if (!pending) return;
    const text = useActionUi.getState().takeTypeahead();
    if (text) latest.current(text);
  }, [pending]);
}
