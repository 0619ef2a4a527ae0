/**
 * The window's "seen" store (what the user last saw of each incident), saved to
 * localStorage and flushed when the page goes away, as a React hook.
 */
import { useStore } from 'zustand';
import { browserStorage } from './persisted-storage';
import { createSeenStore, type SeenState } from './seen-store';

export const seenStore = createSeenStore({ storage: browserStorage() });

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => seenStore.getState().flush());
  window.addEventListener('beforeunload', () => seenStore.getState().flush());
}

export function useSeen<T>(selector: (state: SeenState) => T): T {
  return useStore(seenStore, selector);
}
