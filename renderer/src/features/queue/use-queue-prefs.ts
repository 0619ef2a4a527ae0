/**
 * The window's queue preferences store, saved to localStorage, as a React hook.
 * Pending writes are flushed when the page is hidden or unloaded.
 */
import { useStore } from 'zustand';
import { browserStorage } from './persisted-storage';
import { createQueuePrefsStore, type QueuePrefsState } from './queue-prefs-store';

export const queuePrefsStore = createQueuePrefsStore({ storage: browserStorage() });

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => queuePrefsStore.getState().flush());
  window.addEventListener('beforeunload', () => queuePrefsStore.getState().flush());
}

export function useQueuePrefs<T>(selector: (state: QueuePrefsState) => T): T {
  return useStore(queuePrefsStore, selector);
}
