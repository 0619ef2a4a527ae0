/**
 * What the user has seen of each open incident, remembered across restarts (versioned
 * key, validated with zod on load; bad data counts as a first run, which marks nothing).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { z } from 'zod';
import type { Incident } from '../../../../shared/domain/incident';
import { baselineSeen, markSeen, pruneSeen, type SeenMap } from './changed-marker';
import { debouncedWriter, readStored, writeStored, type KeyValueStorage } from './persisted-storage';

export const SEEN_KEY = 'oncall-console.queue-seen.v1';

const StoredSeen = z.object({ version: z.literal(1), seen: z.record(z.string(), z.string()) });

export interface SeenState {
  /** null until the first snapshot arrives (and nothing was stored). */
  seen: SeenMap | null;
  /** Called with the open queue whenever it changes: first run baselines, later ones prune. */
  sync(openIncidents: readonly Incident[]): void;
  markSeen(incidents: readonly Incident[]): void;
  flush(): void;
}

function loadSeen(storage: KeyValueStorage): SeenMap | null {
  return readStored(storage, SEEN_KEY, (raw) => {
    const parsed = StoredSeen.safeParse(raw);
    return parsed.success ? new Map(Object.entries(parsed.data.seen)) : null;
  });
}

export function createSeenStore({
  storage,
  writeDelayMs = 1_000,
}: {
  storage: KeyValueStorage;
  writeDelayMs?: number;
}): StoreApi<SeenState> {
  let store: StoreApi<SeenState> | null = null;
  const writer = debouncedWriter(() => {
    const seen = store?.getState().seen;
    if (seen) writeStored(storage, SEEN_KEY, { version: 1, seen: Object.fromEntries(seen) });
  }, writeDelayMs);
  store = createStore<SeenState>()((set, get) => ({
    seen: loadSeen(storage),
    sync: (openIncidents) => {
      const seen = get().seen;
      if (seen === null) {
        set({ seen: baselineSeen(openIncidents) });
        return;
      }
      // Cheap check first (no allocation): live updates rarely remove a seen incident.
      let stillOpen = 0;
      for (const incident of openIncidents) if (seen.has(incident.id)) stillOpen++;
      if (stillOpen === seen.size) return;
      const pruned = pruneSeen(seen, new Set(openIncidents.map((incident) => incident.id)));
      if (pruned !== seen) set({ seen: pruned });
    },
    markSeen: (incidents) => {
      const seen = get().seen;
      if (seen === null) return;
      const next = markSeen(seen, incidents);
      if (next !== seen) set({ seen: next });
    },
    flush: () => writer.flush(),
  }));
  store.subscribe((state, previous) => {
    if (state.seen !== previous.seen) writer.schedule();
  });
  return store;
}
