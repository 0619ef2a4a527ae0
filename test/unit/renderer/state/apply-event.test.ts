import { describe, expect, it } from 'vitest';
import {
  applyActionChanged,
  applyConnectionChanged,
  applyEvent,
  applyEvents,
  applyIncidentsChanged,
  applyTicketChanged,
  jsonEqual,
  shareUnchanged,
} from '../../../../renderer/src/state/apply-event';
import type { ActionRequest } from '../../../../shared/domain/action';
import { action, connection, incident, snapshot } from '../fixtures';
import { ticket } from '../queue/ticket-fixture';

const ids = (s: { incidents: { id: string }[] }) => s.incidents.map((i) => i.id);

describe('applyIncidentsChanged', () => {
  it('upserts in place, appends new incidents and removes removedIds when seq follows on', () => {
    const before = snapshot({ seq: 4, incidents: [incident('A'), incident('B'), incident('C')] });
    const { snapshot: after, gap } = applyIncidentsChanged(before, {
      seq: 5,
      upserted: [incident('B', { status: 'acknowledged' }), incident('D')],
      removedIds: ['A'],
    });
    expect(gap).toBe(false);
    expect(after.seq).toBe(5);
    expect(ids(after)).toEqual(['B', 'C', 'D']);
    expect(after.incidents[0]!.status).toBe('acknowledged');
    expect(before.incidents[1]!.status).toBe('triggered'); // the input is not mutated
  });

  it('keeps every untouched incident object and the order across a run of in-place changes and additions', () => {
    const start = snapshot({ seq: 1, incidents: ['A', 'B', 'C', 'D'].map((id) => incident(id)) });
    const first = applyIncidentsChanged(start, { seq: 2, upserted: [incident('C', { status: 'acknowledged' })], removedIds: [] }).snapshot;
    const second = applyIncidentsChanged(first, {
      seq: 3,
      upserted: [incident('A', { title: 'renamed' }), incident('E')],
      removedIds: [],
    }).snapshot;
    const third = applyIncidentsChanged(second, {
      seq: 4,
      upserted: [incident('E', { status: 'acknowledged' }), incident('B', { urgency: 'low' })],
      removedIds: [],
    }).snapshot;
    expect(ids(third)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(third.incidents.map((i) => [i.title, i.status, i.urgency])).toEqual([
      ['renamed', 'triggered', 'high'],
      ['Incident B', 'triggered', 'low'],
      ['Incident C', 'acknowledged', 'high'],
      ['Incident D', 'triggered', 'high'],
      ['Incident E', 'acknowledged', 'high'],
    ]);
    expect(third.incidents[3]).toBe(start.incidents[3]);
    expect(third.incidents[2]).toBe(first.incidents[2]);
    expect(ids(second)).toEqual(['A', 'B', 'C', 'D', 'E']); // earlier snapshots are left as they were
    expect(ids(first)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('finds the right positions again after a removal shifted them', () => {
    const start = snapshot({ seq: 1, incidents: ['A', 'B', 'C'].map((id) => incident(id)) });
    const removed = applyIncidentsChanged(start, { seq: 2, upserted: [], removedIds: ['A'] }).snapshot;
    const changed = applyIncidentsChanged(removed, {
      seq: 3,
      upserted: [incident('C', { status: 'acknowledged' })],
      removedIds: [],
    }).snapshot;
    expect(changed.incidents.map((i) => `${i.id}:${i.status}`)).toEqual(['B:triggered', 'C:acknowledged']);
  });

  it('ignores removedIds it does not hold', () => {
    const before = snapshot({ seq: 1, incidents: [incident('A')] });
    const after = applyIncidentsChanged(before, {
      seq: 2,
      upserted: [incident('A', { status: 'acknowledged' })],
      removedIds: ['Z'],
    }).snapshot;
    expect(after.incidents.map((i) => `${i.id}:${i.status}`)).toEqual(['A:acknowledged']);
  });

  it('drops resolved incidents from the open queue', () => {
    const before = snapshot({ seq: 1, incidents: [incident('A'), incident('B')] });
    const { snapshot: after } = applyIncidentsChanged(before, {
      seq: 2,
      upserted: [incident('A', { status: 'resolved' })],
      removedIds: [],
    });
    expect(ids(after)).toEqual(['B']);
  });

  it('reports a gap when an event was skipped, and leaves the snapshot as it was', () => {
    const before = snapshot({ seq: 3, incidents: [incident('A')] });
    const result = applyIncidentsChanged(before, { seq: 5, upserted: [incident('Z')], removedIds: [] });
    expect(result.gap).toBe(true);
    expect(result.snapshot).toBe(before);
  });

  it('ignores events already folded into the snapshot', () => {
    const before = snapshot({ seq: 7, incidents: [incident('A')] });
    const result = applyIncidentsChanged(before, { seq: 7, upserted: [], removedIds: ['A'] });
    expect(result).toEqual({ snapshot: before, gap: false });
  });

  it('keeps an incident that is removed and upserted again in the same event', () => {
    const before = snapshot({ seq: 0, incidents: [] });
    const { snapshot: after } = applyIncidentsChanged(before, { seq: 1, upserted: [incident('A')], removedIds: ['A'] });
    expect(ids(after)).toEqual(['A']);
  });
});

describe('applyEvents', () => {
  it('folds a run of events and stops at the first gap', () => {
    const before = snapshot({ seq: 1 });
    const result = applyEvents(before, [
      { name: 'incidentsChanged', payload: { seq: 2, upserted: [incident('A')], removedIds: [] } },
      { name: 'incidentsChanged', payload: { seq: 4, upserted: [incident('B')], removedIds: [] } },
      { name: 'incidentsChanged', payload: { seq: 5, upserted: [incident('C')], removedIds: [] } },
    ]);
    expect(result.gap).toBe(true);
    expect(result.snapshot.seq).toBe(2);
    expect(ids(result.snapshot)).toEqual(['A']);
  });
});

describe('applyConnectionChanged', () => {
  it('replaces the provider status and moves lastSyncAt forward', () => {
    const before = snapshot({ lastSyncAt: '2025-01-01T10:00:00.000Z', connections: [connection()] });
    const after = applyConnectionChanged(before, connection({ lastSuccessAt: '2025-01-01T10:00:05.000Z' }));
    expect(after.connections).toHaveLength(1);
    expect(after.lastSyncAt).toBe('2025-01-01T10:00:05.000Z');
  });

  it('keeps lastSyncAt when the provider is failing', () => {
    const before = snapshot({ lastSyncAt: '2025-01-01T10:00:00.000Z' });
    const after = applyConnectionChanged(
      before,
      connection({ state: 'degraded', lastSuccessAt: '2025-01-01T09:59:00.000Z', message: '429' }),
    );
    expect(after.lastSyncAt).toBe('2025-01-01T10:00:00.000Z');
    expect(after.connections[0]!.state).toBe('degraded');
  });

  it('adds a provider it has not seen', () => {
    const after = applyConnectionChanged(snapshot(), connection({ provider: 'servicenow', label: 'ServiceNow' }));
    expect(after.connections.map((c) => c.provider)).toEqual(['pagerduty', 'servicenow']);
  });
});

describe('applyActionChanged', () => {
  const ack: ActionRequest = { kind: 'acknowledge', incidentIds: ['A'] };

  it('adds a new action and replaces it with later updates', () => {
    const added = applyActionChanged(snapshot(), action('X', ack));
    const done = applyActionChanged(added, action('X', ack, { state: 'done', updatedAt: '2025-01-01T10:00:02.000Z' }));
    expect(done.actions).toHaveLength(1);
    expect(done.actions[0]!.state).toBe('done');
  });

  it('ignores an update older than the one held', () => {
    const held = snapshot({ actions: [action('X', ack, { state: 'done', updatedAt: '2025-01-01T10:00:02.000Z' })] });
    const after = applyActionChanged(held, action('X', ack, { state: 'pending', updatedAt: '2025-01-01T10:00:01.000Z' }));
    expect(after.actions[0]!.state).toBe('done');
  });

  it("carries the engine's dismissed flag, and drops it when the action is retried", () => {
    const failed = applyActionChanged(snapshot(), action('X', ack, { state: 'failed', lastError: 'nope' }));
    const dismissed = applyActionChanged(
      failed,
      action('X', ack, { state: 'failed', lastError: 'nope', dismissed: true, updatedAt: '2025-01-01T10:00:01.000Z' }),
    );
    expect(dismissed.actions.map((a) => a.dismissed)).toEqual([true]);
    const retried = applyActionChanged(dismissed, action('X', ack, { state: 'pending', updatedAt: '2025-01-01T10:00:02.000Z' }));
    expect(retried.actions.map((a) => [a.state, a.dismissed])).toEqual([['pending', false]]);
  });
});

describe('applyEvent', () => {
  it('dispatches by event name', () => {
    const result = applyEvent(snapshot(), { name: 'actionChanged', payload: action('X', { kind: 'acknowledge', incidentIds: ['A'] }) });
    expect(result.gap).toBe(false);
    expect(result.snapshot.actions.map((a) => a.id)).toEqual(['X']);
  });
});

describe('shareUnchanged', () => {
  it('keeps the cached objects of incidents that did not change, takes the new ones that did', () => {
    const cached = snapshot({ seq: 3, incidents: [incident('A'), incident('B')] });
    const fetched = snapshot({ seq: 4, incidents: [incident('B', { status: 'acknowledged' }), incident('A'), incident('C')] });
    const shared = shareUnchanged(cached, fetched);
    expect(shared.seq).toBe(4);
    expect(ids(shared)).toEqual(['B', 'A', 'C']);
    expect(shared.incidents[1]).toBe(cached.incidents[0]);
    expect(shared.incidents[0]).toBe(fetched.incidents[0]);
    expect(shared.incidents[0]!.status).toBe('acknowledged');
  });
  it('hands back the cached snapshot itself when nothing changed', () => {
    const cached = snapshot({ seq: 3, incidents: [incident('A')] });
    expect(shareUnchanged(cached, snapshot({ seq: 3, incidents: [incident('A')] }))).toBe(cached);
    expect(shareUnchanged(cached, snapshot({ seq: 3, incidents: [incident('A')], lastSyncAt: '2025-01-02T00:00:00.000Z' }))).not.toBe(
      cached,
    );
    expect(shareUnchanged(undefined, cached)).toBe(cached);
  });
});

describe('jsonEqual', () => {
  it('compares JSON values deeply', () => {
    expect(jsonEqual({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});

describe('applyTicketChanged', () => {
  it('replaces the ticket of the same paging incident in place and adds a new one at the end', () => {
    const before = snapshot({ tickets: [ticket('INC1', 'PA'), ticket('INC2', 'PB')] });
    const updated = applyTicketChanged(before, ticket('INC1', 'PA', { state: 'In Progress', stage: 'in-progress' }));
    expect(updated.tickets.map((t) => `${t.number}:${t.stage}`)).toEqual(['INC1:in-progress', 'INC2:new']);
    expect(updated.tickets[1]).toBe(before.tickets[1]);
    expect(before.tickets[0]!.stage).toBe('new'); // the input is not mutated
    const added = applyTicketChanged(updated, ticket('INC3', 'PC'));
    expect(added.tickets.map((t) => t.number)).toEqual(['INC1', 'INC2', 'INC3']);
  });
  it('keeps tickets linked to no incident apart, by their own id', () => {
    const before = snapshot({ tickets: [ticket('INC1', null), ticket('INC2', null)] });
    const after = applyTicketChanged(before, ticket('INC2', null, { state: 'Closed', stage: 'closed' }));
    expect(after.tickets.map((t) => `${t.number}:${t.stage}`)).toEqual(['INC1:new', 'INC2:closed']);
    expect(applyTicketChanged(before, ticket('INC3', null)).tickets).toHaveLength(3);
  });
});
