import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  NONE,
  NO_CONTEXT,
  activeFilterCount,
  clearedFilters,
  filterIncidents,
  filtersEqual,
  isEmptyFilter,
  type FilterContext,
  type QueueFilter,
} from '../../../../renderer/src/features/queue/queue-filter';
import { incident } from '../fixtures';
import { ticket } from './ticket-fixture';

const incidents = [
  incident('P1', {
    title: 'Checkout latency above SLO',
    number: 101,
    status: 'triggered',
    urgency: 'high',
    priority: { id: 'PR1', name: 'P1' },
    service: { id: 'S1', name: 'Checkout API' },
    team: { id: 'T1', name: 'Payments' },
    assignees: [{ id: 'U1', name: 'Dana Developer' }],
    tenant: 'acme',
  }),
  incident('P2', {
    title: 'Disk almost full on db-7',
    number: 102,
    status: 'acknowledged',
    urgency: 'low',
    priority: null,
    service: { id: 'S2', name: 'Orders DB' },
    team: { id: 'T2', name: 'Data' },
    assignees: [{ id: 'U2', name: 'Priya Patel' }],
    acknowledgedBy: [{ id: 'U2', name: 'Priya Patel' }],
    tenant: null,
  }),
  incident('P3', {
    title: 'Crème brûlée service timeouts',
    number: 203,
    status: 'triggered',
    urgency: 'low',
    priority: { id: 'PR3', name: 'P3' },
    service: { id: 'S3', name: 'Dessert' },
    team: null,
    assignees: [],
    tenant: 'globex',
  }),
];

const me: FilterContext = { meId: 'U1', myTeamIds: new Set(['T2']), myServiceIds: new Set(['S3']) };
const ids = (filter: Partial<QueueFilter>, context: FilterContext = me) =>
  filterIncidents(incidents, { ...EMPTY_FILTER, ...filter }, context).map((i) => i.id);

describe('filterIncidents', () => {
  it('keeps everything with no filter', () => {
    expect(ids({})).toEqual(['P1', 'P2', 'P3']);
  });
  it('filters by status, urgency, priority (and none), service, team (and none), tenant (and none)', () => {
    expect(ids({ statuses: ['acknowledged'] })).toEqual(['P2']);
    expect(ids({ urgencies: ['high'] })).toEqual(['P1']);
    expect(ids({ priorityIds: ['PR3', NONE] })).toEqual(['P2', 'P3']);
    expect(ids({ serviceIds: ['S1', 'S3'] })).toEqual(['P1', 'P3']);
    expect(ids({ teamIds: [NONE] })).toEqual(['P3']);
    expect(ids({ tenants: ['acme', NONE] })).toEqual(['P1', 'P2']);
  });
  it('combines filters with AND', () => {
    expect(ids({ statuses: ['triggered'], urgencies: ['low'] })).toEqual(['P3']);
  });
  it('assigned to me uses the workspace user, and matches nothing when nobody is "me"', () => {
    expect(ids({ assignedToMe: true })).toEqual(['P1']);
    expect(ids({ assignedToMe: true }, NO_CONTEXT)).toEqual([]);
  });
  it('my teams matches by team, or by service when the incident has no team', () => {
    expect(ids({ myTeams: true })).toEqual(['P2', 'P3']);
    expect(ids({ myTeams: true }, { ...me, myTeamIds: null, myServiceIds: null })).toEqual([]);
  });
});

describe('search', () => {
  it('finds by title words in any order, case-insensitively', () => {
    expect(ids({ search: 'slo CHECKOUT' })).toEqual(['P1']);
  });
  it('finds by number, service, assignee, acknowledger and tenant', () => {
    expect(ids({ search: '#102' })).toEqual(['P2']);
    expect(ids({ search: '203' })).toEqual(['P3']);
    expect(ids({ search: 'orders db' })).toEqual(['P2']);
    expect(ids({ search: 'dana' })).toEqual(['P1']);
    expect(ids({ search: 'priya' })).toEqual(['P2']);
    expect(ids({ search: 'globex' })).toEqual(['P3']);
  });
  it('folds accents and ignores surrounding spaces', () => {
    expect(ids({ search: '  creme brulee ' })).toEqual(['P3']);
  });
  it('matches nothing when one word is missing', () => {
    expect(ids({ search: 'checkout orders' })).toEqual([]);
  });
  it('sees an incident’s new version (the cache follows object identity)', () => {
    const before = incident('X', { title: 'Old title' });
    expect(filterIncidents([before], { ...EMPTY_FILTER, search: 'new' }, me)).toEqual([]);
    const after = { ...before, title: 'New title' };
    expect(filterIncidents([after], { ...EMPTY_FILTER, search: 'new' }, me)).toEqual([after]);
  });
});

describe('tickets', () => {
  const tickets = new Map([
    ['P1', ticket('INC0010042', 'P1')],
    ['P3', ticket('INC0010007', 'P3')],
  ]);
  const withTickets: FilterContext = { ...me, tickets };
  it('"has no ticket" keeps the incidents without a linked ticket', () => {
    expect(ids({ withoutTicket: true }, withTickets)).toEqual(['P2']);
    // No ticketing system linked: nothing has a ticket.
    expect(ids({ withoutTicket: true })).toEqual(['P1', 'P2', 'P3']);
    expect(activeFilterCount({ ...EMPTY_FILTER, withoutTicket: true })).toBe(1);
    expect(filtersEqual(EMPTY_FILTER, { ...EMPTY_FILTER, withoutTicket: true })).toBe(false);
  });
  it('finds an incident by its ticket’s number, with the other words anywhere', () => {
    expect(ids({ search: 'inc0010042' }, withTickets)).toEqual(['P1']);
    expect(ids({ search: '10007' }, withTickets)).toEqual(['P3']);
    expect(ids({ search: 'INC00100 checkout' }, withTickets)).toEqual(['P1']);
    expect(ids({ search: 'inc0010042' })).toEqual([]);
  });
});

describe('filter helpers', () => {
  it('counts filters in force, not the search', () => {
    expect(activeFilterCount({ ...EMPTY_FILTER, statuses: ['triggered'], myTeams: true, search: 'x' })).toBe(2);
    expect(isEmptyFilter({ ...EMPTY_FILTER, search: '  ' })).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, search: 'x' })).toBe(false);
  });
  it('clears every filter and keeps the search', () => {
    const narrowed: QueueFilter = { ...EMPTY_FILTER, statuses: ['triggered'], tenants: ['acme'], withoutTicket: true, search: 'payments' };
    const cleared = { ...narrowed, ...clearedFilters() };
    expect(activeFilterCount(cleared)).toBe(0);
    expect(cleared.search).toBe('payments');
  });
  it('compares filters ignoring value order', () => {
    expect(filtersEqual({ ...EMPTY_FILTER, serviceIds: ['a', 'b'] }, { ...EMPTY_FILTER, serviceIds: ['b', 'a'] })).toBe(true);
    expect(filtersEqual({ ...EMPTY_FILTER, serviceIds: ['a'] }, { ...EMPTY_FILTER, serviceIds: ['a', 'b'] })).toBe(false);
    expect(filtersEqual(EMPTY_FILTER, { ...EMPTY_FILTER, assignedToMe: true })).toBe(false);
  });
});

describe('at 5,000 incidents', () => {
  const many = Array.from({ length: 5_000 }, (_, i) =>
    incident(`I${i}`, {
      title: `Service ${i % 200} error rate ${i}`,
      number: i,
      urgency: i % 3 === 0 ? 'high' : 'low',
      service: { id: `S${i % 200}`, name: `Service ${i % 200}` },
      assignees: [{ id: `U${i % 50}`, name: `Ada${i % 50}x Lovelace` }],
    }),
  );
  it('filters and searches in a few milliseconds, with the right result', () => {
    filterIncidents(many, { ...EMPTY_FILTER, search: 'warm up' }, me);
    const started = performance.now();
    const found = filterIncidents(many, { ...EMPTY_FILTER, urgencies: ['high'], serviceIds: ['S3', 'S6'], search: 'ADA3X' }, me);
    const elapsed = performance.now() - started;
    const expected = many.filter(
      (i) => i.urgency === 'high' && (i.service.id === 'S3' || i.service.id === 'S6') && i.assignees[0]!.name.startsWith('Ada3x'),
    );
    expect(found.map((i) => i.id)).toEqual(expected.map((i) => i.id));
    expect(found.length).toBeGreaterThan(0);
    // Generous for a shared CI machine; a few ms on a laptop.
    expect(elapsed).toBeLessThan(100);
  });
});
