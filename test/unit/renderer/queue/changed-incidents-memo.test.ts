import { describe, expect, it } from 'vitest';
import { baselineSeen, changedIncidents, createChangedIncidents } from '../../../../renderer/src/features/queue/changed-marker';
import { incident } from '../fixtures';

const a = incident('A');
const b = incident('B', { title: 'Disk full' });
const c = incident('C', { title: 'Latency' });

describe('createChangedIncidents (the queue keeps one across live updates)', () => {
  it('answers as changedIncidents does, and hands back the same map when nothing changed kind', () => {
    const changedFor = createChangedIncidents();
    const seen = baselineSeen([a, b, c]);
    const first = changedFor([a, b, c], seen);
    expect(first.size).toBe(0);
    // B replaced in place by an equal copy: still unchanged, same map.
    expect(changedFor([a, { ...b }, c], seen)).toBe(first);
  });

  it('marks an incident replaced in place as updated, and unmarks it when it is back as seen', () => {
    const changedFor = createChangedIncidents();
    const seen = baselineSeen([a, b, c]);
    changedFor([a, b, c], seen);
    const acked = { ...b, status: 'acknowledged' as const };
    const updated = changedFor([a, acked, c], seen);
    expect([...updated]).toEqual([['B', 'updated']]);
    expect(updated).toEqual(changedIncidents([a, acked, c], seen));
    expect(changedFor([a, { ...b }, c], seen).size).toBe(0);
  });

  it('works it out afresh when the ids moved or the seen map changed', () => {
    const changedFor = createChangedIncidents();
    const seen = baselineSeen([a, b]);
    changedFor([a, b], seen);
    expect([...changedFor([c, b], seen)]).toEqual([['C', 'new']]);
    expect([...changedFor([a, b, c], seen)]).toEqual([['C', 'new']]);
    expect(changedFor([a, b, c], baselineSeen([a, b, c])).size).toBe(0);
    expect(changedFor([a, b, c], null).size).toBe(0);
  });
});
