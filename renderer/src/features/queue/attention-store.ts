/**
 * Incidents that concern me and changed (the engine's `attention` events: new for me or
 * my teams, escalated or reassigned to me, triggered again) that I have not looked at yet.
 * Looking means the cursor rested on the row with the window focused, its detail was
 * opened, or I acted on it; an incident acknowledged, resolved or gone is no longer news.
 * Until then the window announces it, counts it in its title, and keeps its row marked.
 */
import { create } from 'zustand';
import type { Attention } from '../../../../shared/domain/notification';
import type { Incident } from '../../../../shared/domain/incident';

export interface AttentionState {
  /** Unlooked items, by incident id, oldest first. */
  items: ReadonlyMap<string, Attention>;
  add(attention: Attention): void;
  lookedAt(incidentId: string): void;
  /**
   * Drops items whose incident the open queue shows no longer triggered, or no longer holds
   * (after a grace period: the announcement may come before the queue's own update).
   */
  prune(openById: ReadonlyMap<string, Incident>, nowMs: number): void;
}

/** An announced incident the queue has not held for this long has left it (resolved, merged, out of scope). */
const GONE_AFTER_MS = 15_000;

export const useAttention = create<AttentionState>()((set, get) => ({
  items: new Map(),
  add: (attention) => {
    const items = new Map(get().items);
    items.delete(attention.incidentId);
    items.set(attention.incidentId, attention);
    set({ items });
  },
  lookedAt: (incidentId) => {
    if (!get().items.has(incidentId)) return;
    const items = new Map(get().items);
    items.delete(incidentId);
    set({ items });
  },
  prune: (openById, nowMs) => {
    const stale = [...get().items.values()]
      .filter((item) => {
        const incident = openById.get(item.incidentId);
        return incident ? incident.status !== 'triggered' : nowMs - Date.parse(item.at) > GONE_AFTER_MS;
      })
      .map((item) => item.incidentId);
    if (stale.length === 0) return;
    const items = new Map(get().items);
    for (const id of stale) items.delete(id);
    set({ items });
  },
}));

/** The newest unlooked item (the one the announcement shows and `i` goes to), or null. */
export function newestAttention(items: ReadonlyMap<string, Attention>): Attention | null {
  let newest: Attention | null = null;
  for (const item of items.values()) if (!newest || item.at >= newest.at) newest = item;
  return newest;
}

/** "(2) Payments on-call · On-Call Console": the count of unlooked items first, so a tab or taskbar shows it. */
export function windowTitle(workspaceName: string, unlooked: number): string {
  const base = workspaceName === 'On-Call Console' ? workspaceName : `${workspaceName} · On-Call Console`;
  return unlooked > 0 ? `(${unlooked}) ${base}` : base;
}
