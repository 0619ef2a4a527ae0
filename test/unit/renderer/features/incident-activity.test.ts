import { describe, expect, it } from 'vitest';
import {
  DONE_VISIBLE_MS,
  activityByIncident,
  activityFor,
  doneLabel,
  isAutomation,
  isRecentlyDone,
  pendingLabel,
} from '../../../../renderer/src/features/actions/incident-activity';
import { ActionRequest, type ActionKind } from '../../../../shared/domain/action';
import { action } from '../fixtures';

describe('activityByIncident', () => {
  it('finds the pending, failed and done action of each incident', () => {
    const map = activityByIncident([
      action('1', { kind: 'acknowledge', incidentIds: ['A', 'B'] }),
      action('2', { kind: 'addNote', incidentIds: ['B'], content: 'x' }, { state: 'failed', lastError: 'HTTP 500' }),
      action('3', { kind: 'resolve', incidentIds: ['C'] }, { state: 'done' }),
    ]);
    expect(activityFor(map, 'A').pending?.id).toBe('1');
    expect(activityFor(map, 'A').failed).toBeNull();
    expect(activityFor(map, 'B')).toMatchObject({ pending: { id: '1' }, failed: { id: '2' }, done: null });
    expect(activityFor(map, 'C')).toMatchObject({ pending: null, failed: null, done: { id: '3' } });
    expect(activityFor(map, 'unknown')).toEqual({ pending: null, failed: null, done: null, pendingAll: [] });
  });

  it('keeps the most recently updated action of a state', () => {
    const map = activityByIncident([
      action('new', { kind: 'resolve', incidentIds: ['A'] }, { updatedAt: '2025-01-01T10:00:05.000Z' }),
      action('old', { kind: 'acknowledge', incidentIds: ['A'] }, { updatedAt: '2025-01-01T10:00:01.000Z' }),
    ]);
    expect(activityFor(map, 'A').pending?.id).toBe('new');
  });

  it('leaves out dismissed failures and dismissed done actions, but not pending ones', () => {
    const map = activityByIncident([
      action('f', { kind: 'acknowledge', incidentIds: ['A'] }, { state: 'failed', lastError: 'x', dismissed: true }),
      action('d', { kind: 'resolve', incidentIds: ['B'] }, { state: 'done', dismissed: true }),
      action('p', { kind: 'snooze', incidentIds: ['C'], durationSeconds: 600 }, { dismissed: true }),
    ]);
    expect(activityFor(map, 'A').failed).toBeNull();
    expect(activityFor(map, 'B').done).toBeNull();
    expect(activityFor(map, 'C').pending?.id).toBe('p');
  });

  it('forgets a failure that a later action of the same kind put right', () => {
    const ack = { kind: 'acknowledge' as const, incidentIds: ['A'] };
    const map = activityByIncident([
      action('f', ack, { state: 'failed', lastError: 'x', updatedAt: '2025-01-01T10:00:01.000Z' }),
      action('ok', ack, { state: 'done', updatedAt: '2025-01-01T10:00:09.000Z' }),
    ]);
    expect(activityFor(map, 'A').failed).toBeNull();
    const other = activityByIncident([
      action('f', ack, { state: 'failed', lastError: 'x', updatedAt: '2025-01-01T10:00:01.000Z' }),
      action('n', { kind: 'addNote', incidentIds: ['A'], content: 'y' }, { state: 'done', updatedAt: '2025-01-01T10:00:09.000Z' }),
    ]);
    expect(activityFor(other, 'A').failed?.id).toBe('f');
  });
});

describe('automations', () => {
  it('count for an incident only when they fail', () => {
    const open = { kind: 'openTicket' as const, incidentIds: ['A'] };
    expect(activityFor(activityByIncident([action('p', open), action('d', open, { state: 'done' })]), 'A')).toEqual({
      pending: null,
      failed: null,
      done: null,
      pendingAll: [],
    });
    expect(activityFor(activityByIncident([action('f', open, { state: 'failed', lastError: 'x' })]), 'A').failed?.id).toBe('f');
    expect(isAutomation('openTicket')).toBe(true);
    expect(isAutomation('acknowledge')).toBe(false);
  });
});

describe('isRecentlyDone', () => {
  it('is true for a done action only within the visible window', () => {
    const done = action('d', { kind: 'acknowledge', incidentIds: ['A'] }, { state: 'done', updatedAt: '2025-01-01T10:00:00.000Z' });
    const at = Date.parse('2025-01-01T10:00:00.000Z');
    expect(isRecentlyDone(done, at + 1_000)).toBe(true);
    expect(isRecentlyDone(done, at + DONE_VISIBLE_MS + 1)).toBe(false);
    expect(isRecentlyDone({ ...done, state: 'pending' }, at + 1_000)).toBe(false);
    expect(isRecentlyDone(null, at)).toBe(false);
  });
});

describe('labels', () => {
  it('has a pending and a done label for every kind of action', () => {
    const kinds = ActionRequest.options.map((option) => option.shape.kind.value) as ActionKind[];
    expect(kinds).toContain('merge');
    for (const kind of kinds) {
      expect(pendingLabel(kind)).toMatch(/…$/);
      expect(doneLabel(kind)).not.toHaveLength(0);
    }
    expect(pendingLabel('acknowledge')).toBe('Acknowledging…');
    expect(doneLabel('snooze')).toBe('Snoozed');
  });
});

describe('activityByIncident pendingAll', () => {
  it('keeps every pending action of an incident, oldest first, so a waiting ticket half is not hidden by a newer action', () => {
    const waiting = action(
      'ack',
      { kind: 'acknowledge', incidentIds: ['A'] },
      { createdAt: '2025-01-01T10:00:00.000Z', updatedAt: '2025-01-01T10:03:00.000Z', lastError: 'ServiceNow is down' },
    );
    const newer = action(
      'note',
      { kind: 'addNote', incidentIds: ['A'], content: 'x' },
      { createdAt: '2025-01-01T10:02:00.000Z', updatedAt: '2025-01-01T10:02:00.000Z' },
    );
    const activity = activityFor(activityByIncident([newer, waiting]), 'A');
    expect(activity.pendingAll.map((record) => record.id)).toEqual(['ack', 'note']);
    // The acknowledge's paging half landed (its error names ServiceNow): only the note keeps the incident busy.
    expect(activity.pending?.id).toBe('note');
  });

  it('does not count an action whose only pending half is the ticket as busy', () => {
    const waiting = action(
      'ack',
      { kind: 'acknowledge', incidentIds: ['A'] },
      { attempts: 2, lastError: 'Jira Service Management failed to transition ITSM-3 (503)' },
    );
    const retryingPaging = action('res', { kind: 'resolve', incidentIds: ['B'] }, { attempts: 2, lastError: 'PagerDuty answered 503' });
    const map = activityByIncident([waiting, retryingPaging]);
    expect(activityFor(map, 'A')).toMatchObject({ pending: null, pendingAll: [{ id: 'ack' }] });
    expect(activityFor(map, 'B').pending?.id).toBe('res');
  });
});
