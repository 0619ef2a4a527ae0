import { describe, expect, it } from 'vitest';
import {
  applyActionChanged,
  applyConnectionChanged,
  applyEvent,
  applyEvents,
  applyIncidentsChanged,
} from '../../../../renderer/src/state/apply-event';
import type { ActionRequest } from '../../../../shared/domain/action';
import { action, connection, incident, snapshot } from '../fixtures';

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

  it('drops resolved incidents from the open queue', () => {
    const before = snapshot({ seq: 1, incidents: [incident('A'), incident('B')] });
    const { snapshot: after } = applyIncidentsChanged(before, { seq: 2, upserted: [incident('A', { status: 'resolved' })], removedIds: [] });
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
    const after = applyConnectionChanged(before, connection({ state: 'degraded', lastSuccessAt: '2025-01-01T09:59:00.000Z', message: '429' }));
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

  it('carries the engine\'s dismissed flag, and drops it when the action is retried', () => {
    const failed = applyActionChanged(snapshot(), action('X', ack, { state: 'failed', lastError: 'nope' }));
    const dismissed = applyActionChanged(failed, action('X', ack, { state: 'failed', lastError: 'nope', dismissed: true, updatedAt: '2025-01-01T10:00:01.000Z' }));
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
