import { describe, expect, it } from 'vitest';
import { sortIncidents, toggleSort, DEFAULT_SORT, type QueueSort } from '../../../../renderer/src/features/queue/queue-sort';
import { COLUMN_IDS } from '../../../../renderer/src/features/queue/columns';
import { incident } from '../fixtures';

const a = incident('A', {
  title: 'beta',
  number: 2,
  status: 'acknowledged',
  urgency: 'low',
  priority: { id: 'p2', name: 'P2' },
  team: { id: 'T1', name: 'Zeta' },
  assignees: [{ id: 'U1', name: 'ada' }],
  tenant: null,
  createdAt: '2025-01-01T10:00:00Z',
});
const b = incident('B', {
  title: 'Alpha',
  number: 10,
  status: 'triggered',
  urgency: 'high',
  priority: null,
  team: null,
  assignees: [],
  tenant: 'acme',
  createdAt: '2025-01-01T12:00:00Z',
});
const c = incident('C', {
  title: 'gamma',
  number: 1,
  status: 'triggered',
  urgency: 'low',
  priority: { id: 'p1', name: 'P1' },
  team: { id: 'T2', name: 'alpha team' },
  assignees: [{ id: 'U2', name: 'Zed' }],
  tenant: 'zenith',
  createdAt: '2025-01-01T11:00:00Z',
});
const all = [a, b, c];
const order = (sort: QueueSort) => sortIncidents(all, sort).map((i) => i.id);

describe('sortIncidents', () => {
  it('sorts newest first by default', () => {
    expect(order(DEFAULT_SORT)).toEqual(['B', 'C', 'A']);
  });
  it('sorts text case-insensitively and numbers numerically', () => {
    expect(order({ column: 'title', direction: 'asc' })).toEqual(['B', 'A', 'C']);
    expect(order({ column: 'title', direction: 'desc' })).toEqual(['C', 'A', 'B']);
    expect(order({ column: 'number', direction: 'asc' })).toEqual(['C', 'A', 'B']);
  });
  it('puts triggered before acknowledged and high before low when ascending', () => {
    // Ties (B and C both triggered) fall back to newest first.
    expect(order({ column: 'status', direction: 'asc' })).toEqual(['B', 'C', 'A']);
    expect(order({ column: 'urgency', direction: 'asc' })).toEqual(['B', 'C', 'A']);
    expect(order({ column: 'urgency', direction: 'desc' })).toEqual(['C', 'A', 'B']);
  });
  it('keeps empty values last in both directions', () => {
    expect(order({ column: 'priority', direction: 'asc' })).toEqual(['C', 'A', 'B']);
    expect(order({ column: 'priority', direction: 'desc' })).toEqual(['A', 'C', 'B']);
    expect(order({ column: 'team', direction: 'asc' })).toEqual(['C', 'A', 'B']);
    expect(order({ column: 'tenant', direction: 'desc' })).toEqual(['C', 'B', 'A']);
    expect(order({ column: 'assignees', direction: 'asc' })).toEqual(['A', 'C', 'B']);
  });
  it('uses the directory’s priority order when given', () => {
    const rank = new Map([
      ['p1', 5],
      ['p2', 1],
    ]);
    expect(sortIncidents(all, { column: 'priority', direction: 'asc' }, { priorityRank: rank }).map((i) => i.id)).toEqual(['A', 'C', 'B']);
  });
  it('age ascending is youngest first', () => {
    expect(order({ column: 'age', direction: 'asc' })).toEqual(['B', 'C', 'A']);
  });
  it('sorts by every column without throwing, and does not change its input', () => {
    const input = [...all];
    for (const column of COLUMN_IDS) {
      for (const direction of ['asc', 'desc'] as const) expect(sortIncidents(input, { column, direction })).toHaveLength(3);
    }
    expect(input).toEqual(all);
  });
  it('sorts 5,000 incidents quickly and correctly', () => {
    const many = Array.from({ length: 5_000 }, (_, i) =>
      incident(`I${i}`, {
        title: `Incident ${(i * 7919) % 5000} on host-${i % 97}`,
        number: i,
        createdAt: new Date(Date.UTC(2025, 0, 1) + ((i * 104729) % 86_400_000)).toISOString(),
      }),
    );
    const started = performance.now();
    const sorted = sortIncidents(many, { column: 'title', direction: 'asc' });
    const elapsed = performance.now() - started;
    expect(sorted).toHaveLength(5_000);
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    let outOfOrder = 0;
    for (let i = 1; i < sorted.length; i++) if (collator.compare(sorted[i - 1]!.title, sorted[i]!.title) > 0) outOfOrder++;
    expect(outOfOrder).toBe(0);
    // Generous for a shared CI machine; it takes a few ms on a laptop.
    expect(elapsed).toBeLessThan(250);
  });
});

describe('toggleSort', () => {
  it('flips the direction on the same column, and starts a new column in its natural direction', () => {
    expect(toggleSort({ column: 'title', direction: 'asc' }, 'title')).toEqual({ column: 'title', direction: 'desc' });
    expect(toggleSort({ column: 'title', direction: 'desc' }, 'created')).toEqual({ column: 'created', direction: 'desc' });
    expect(toggleSort({ column: 'created', direction: 'desc' }, 'service')).toEqual({ column: 'service', direction: 'asc' });
  });
});
