import { describe, expect, it } from 'vitest';
import {
  createQueueSorter,
  createdMs,
  sortIncidents,
  toggleSort,
  DEFAULT_SORT,
  type QueueSort,
} from '../../../../renderer/src/features/queue/queue-sort';
import { COLUMN_IDS } from '../../../../renderer/src/features/queue/columns';
import { incident } from '../fixtures';
import { ticket } from './ticket-fixture';

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

describe('sorting by ticket', () => {
  it('sorts by the linked ticket’s number, numerically, incidents without one last', () => {
    const tickets = new Map([
      ['A', ticket('INC10', 'A')],
      ['C', ticket('INC9', 'C')],
    ]);
    expect(sortIncidents(all, { column: 'ticket', direction: 'asc' }, { tickets }).map((i) => i.id)).toEqual(['C', 'A', 'B']);
    expect(sortIncidents(all, { column: 'ticket', direction: 'desc' }, { tickets }).map((i) => i.id)).toEqual(['A', 'C', 'B']);
  });
});

describe('text keys', () => {
  it('treats values the collator holds equal as a tie (newest first decides)', () => {
    const older = incident('X', { title: 'alpha', createdAt: '2025-01-01T09:00:00Z' });
    const newer = incident('Y', { title: 'Alpha', createdAt: '2025-01-01T10:00:00Z' });
    for (const direction of ['asc', 'desc'] as const) {
      expect(sortIncidents([older, newer], { column: 'title', direction }).map((i) => i.id)).toEqual(['Y', 'X']);
    }
  });
});

describe('createdMs', () => {
  it('parses the creation time, 0 when unreadable', () => {
    expect(createdMs(incident('A', { createdAt: '2025-01-01T10:00:00Z' }))).toBe(Date.UTC(2025, 0, 1, 10));
    expect(createdMs(incident('A', { createdAt: 'soon' }))).toBe(0);
  });
});

describe('createQueueSorter', () => {
  const many = Array.from({ length: 40 }, (_, i) =>
    incident(`I${i}`, { createdAt: new Date(Date.UTC(2025, 0, 1) + ((i * 37) % 40) * 60_000).toISOString() }),
  );
  const ids = (incidents: readonly { id: string }[]) => incidents.map((i) => i.id);

  it('gives what sortIncidents gives, for any column, as incidents change', () => {
    const sorter = createQueueSorter();
    let current = many;
    for (const sort of [
      DEFAULT_SORT,
      { column: 'status', direction: 'asc' } as QueueSort,
      { column: 'title', direction: 'desc' } as QueueSort,
    ]) {
      for (let step = 0; step < 6; step++) {
        // Change a few incidents (status, title), in place, as live updates do.
        current = current.map((item, i) =>
          (i + step) % 7 === 0
            ? {
                ...item,
                status: item.status === 'triggered' ? ('acknowledged' as const) : ('triggered' as const),
                title: `T${(i * step) % 5}`,
              }
            : item,
        );
        expect(ids(sorter(current, sort))).toEqual(ids(sortIncidents(current, sort)));
      }
    }
  });

  it('puts changed incidents in their old places when their sort key did not change', () => {
    const sorter = createQueueSorter();
    const first = sorter(many, DEFAULT_SORT);
    const changed = many.map((item, i) => (i % 3 === 0 ? { ...item, status: 'acknowledged' as const } : item));
    const second = sorter(changed, DEFAULT_SORT);
    expect(ids(second)).toEqual(ids(first));
    // The rows hold the new objects, not the ones sorted last time.
    const latest = new Map(changed.map((item) => [item.id, item]));
    for (const item of second) expect(item).toBe(latest.get(item.id));
  });

  it('sorts again when an incident arrives, leaves, or the sort or its context changes', () => {
    const sorter = createQueueSorter();
    sorter(many, DEFAULT_SORT);
    const newest = incident('NEW', { createdAt: '2030-01-01T00:00:00Z' });
    expect(sorter([...many, newest], DEFAULT_SORT)[0]!.id).toBe('NEW');
    expect(sorter(many.slice(1), DEFAULT_SORT)).toHaveLength(39);
    expect(ids(sorter(many, { column: 'created', direction: 'asc' }))).toEqual(
      ids(sortIncidents(many, { column: 'created', direction: 'asc' })),
    );
    const withTickets = { tickets: new Map([['I5', ticket('INC1', 'I5')]]) };
    expect(sorter(many, { column: 'ticket', direction: 'asc' }, withTickets)[0]!.id).toBe('I5');
    const moved = { tickets: new Map([['I7', ticket('INC1', 'I7')]]) };
    expect(sorter(many, { column: 'ticket', direction: 'asc' }, moved)[0]!.id).toBe('I7');
  });
});
