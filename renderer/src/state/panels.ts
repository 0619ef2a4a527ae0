/**
 * The header's panels (settings, response metrics) as one small store, so that a button,
 * the command palette or a shortcut can open them the same way.
 */
import { create } from 'zustand';

type Panel = 'settings' | 'metrics';

interface PanelsState {
  open: Panel | null;
  show(panel: Panel): void;
  close(): void;
}

export const usePanels = create<PanelsState>()((set) => ({
  open: null,
  show: (panel) => set({ open: panel }),
  close: () => set({ open: null }),
}));
