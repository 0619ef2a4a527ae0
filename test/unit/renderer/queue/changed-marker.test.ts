import { describe, expect, it } from 'vitest';
import {
  baselineSeen,
  changeKind,
  changedIncidents,
  fingerprint,
  markSeen,
  pruneSeen,
  rowsDueAsSeen,
} from '../../../../renderer/src/features/queue/changed-marker';
import { createSeenStore, SEEN_KEY } from '../../../../renderer/src/features/queue/seen-store';
import { memoryStorage } from '../../../../renderer/src/features/queue/persisted-storage';
import { incident } from '../fixtures';

const a = incident('A');
const b = incident('B', { title: 'Disk full' });

describe('fingerprint', () => {
  it('changes with what the row shows, not with the clock', () => {
    expect(fingerprint({ ...a })).toBe(fingerprint(a));
    expect(fingerprint({ ...a, status: 'acknowledged' })).not.toBe(fingerprint(a));
    expect(fingerprint({ ...a, assignees: [{ id: 'U9', name: 'Other' }] })).not.toBe(fingerprint(a));
    expect(fingerprint({ ...a, priority: { id: 'P1', name: 'P1' } })).not.toBe(fingerprint(a));
    expect(fingerprint({ ...a, updatedAt: '2030-01-01T00:00:00Z' })).toBe(fingerprint(a));
  });
});

describe('changed marker', () => {
  it('marks nothing on the first run (everything is the baseline)', () => {
    const seen = baselineSeen([a, b]);
    expect(changedIncidents([a, b], seen).size).toBe(0);
    expect(changedIncidents([a, b], null).size).toBe(0);
  });
  it('marks new incidents and updated ones until they are seen', () => {
    const seen = baselineSeen([a]);
    const acked = { ...a, status: 'acknowledged' as const };
    expect(changeKind(b, seen)).toBe('new');
    expect(changeKind(acked, seen)).toBe('updated');
    const after = markSeen(seen, [acked, b]);
    expect(changedIncidents([acked, b], after).size).toBe(0);
    expect(markSeen(after, [acked, b])).toBe(after);
  });
  it('forgets incidents that left the queue', () => {
    const seen = baselineSeen([a, b]);
    expect([...pruneSeen(seen, new Set(['A'])).keys()]).toEqual(['A']);
    expect(pruneSeen(seen, new Set(['A', 'B']))).toBe(seen);
  });
});

describe('rowsDueAsSeen', () => {
  it('counts a row as viewed after it stayed in view for the dwell time while focused', () => {
    const since = new Map<string, number>();
    expect(rowsDueAsSeen(since, ['A', 'B'], true, 0, 1_000)).toEqual([]);
    expect(rowsDueAsSeen(since, ['A', 'B'], true, 600, 1_000)).toEqual([]);
    // B scrolled out and back in: its clock starts again.
    expect(rowsDueAsSeen(since, ['A'], true, 800, 1_000)).toEqual([]);
    expect(rowsDueAsSeen(since, ['A', 'B'], true, 1_000, 1_000)).toEqual(['A']);
    expect(rowsDueAsSeen(since, ['B'], true, 1_900, 1_000)).toEqual([]);
    expect(rowsDueAsSeen(since, ['B'], true, 2_000, 1_000)).toEqual(['B']);
  });
  it('counts nothing while the window is not focused, and restarts the clock after', () => {
    const since = new Map<string, number>();
    rowsDueAsSeen(since, ['A'], true, 0, 1_000);
    expect(rowsDueAsSeen(since, ['A'], false, 5_000, 1_000)).toEqual([]);
    expect(rowsDueAsSeen(since, ['A'], true, 5_100, 1_000)).toEqual([]);
    expect(rowsDueAsSeen(since, ['A'], true, 6_100, 1_000)).toEqual(['A']);
  });
});

describe('seen store', () => {
  it('baselines the first queue it sees, then remembers what was seen across restarts', () => {
    const storage = memoryStorage();
    const store = createSeenStore({ storage, writeDelayMs: 10_000 });
    store.getState().sync([a]);
    expect(changedIncidents([a, b], store.getState().seen).get('B')).toBe('new');
    store.getState().markSeen([b]);
    store.getState().flush();

    const restarted = createSeenStore({ storage });
    const acked = { ...a, status: 'acknowledged' as const };
    restarted.getState().sync([acked, b]);
    expect([...changedIncidents([acked, b], restarted.getState().seen)]).toEqual([['A', 'updated']]);
  });
  it('treats corrupt stored data as a first run', () => {
    for (const text of ['{', '{"version":2,"seen":{}}', '{"version":1,"seen":{"A":5}}']) {
      const storage = memoryStorage();
      storage.setItem(SEEN_KEY, text);
      const store = createSeenStore({ storage });
      expect(store.getState().seen).toBeNull();
      store.getState().sync([a, b]);
      expect(changedIncidents([a, b], store.getState().seen).size).toBe(0);
    }
  });
  it('prunes resolved incidents when the queue changes', () => {
    const store = createSeenStore({ storage: memoryStorage() });
    store.getState().sync([a, b]);
    store.getState().sync([a]);
    expect([...store.getState().seen!.keys()]).toEqual(['A']);
  });
  it('keeps the same map when the queue changed but no seen incident left it', () => {
    const store = createSeenStore({ storage: memoryStorage() });
    store.getState().sync([a, b]);
    const seen = store.getState().seen;
    const c = { ...a, id: 'C' };
    store.getState().sync([{ ...a, status: 'acknowledged' as const }, b, c]); // changed and new, none gone
    expect(store.getState().seen).toBe(seen);
    store.getState().sync([b, c]); // A left: pruned, even though as many incidents are open as were seen
    expect([...store.getState().seen!.keys()]).toEqual(['B']);
  });
});
