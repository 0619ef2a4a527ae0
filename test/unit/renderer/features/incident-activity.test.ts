import { describe, expect, it } from 'vitest';
import { activityByIncident, activityFor, pendingLabel } from '../../../../renderer/src/features/actions/incident-activity';
import { action } from '../fixtures';

describe('activityByIncident', () => {
  it('finds the pending and the failed action of each incident, ignoring done ones', () => {
    const map = activityByIncident([
      action('1', { kind: 'acknowledge', incidentIds: ['A', 'B'] }),
      action('2', { kind: 'addNote', incidentIds: ['B'], content: 'x' }, { state: 'failed', lastError: 'HTTP 500' }),
      action('3', { kind: 'resolve', incidentIds: ['C'] }, { state: 'done' }),
    ]);
    expect(activityFor(map, 'A').pending?.id).toBe('1');
    expect(activityFor(map, 'A').failed).toBeNull();
    expect(activityFor(map, 'B')).toMatchObject({ pending: { id: '1' }, failed: { id: '2' } });
    expect(activityFor(map, 'C')).toEqual({ pending: null, failed: null });
  });

  it('keeps the most recently updated action of a kind', () => {
    const map = activityByIncident([
      action('new', { kind: 'resolve', incidentIds: ['A'] }, { updatedAt: '2025-01-01T10:00:05.000Z' }),
      action('old', { kind: 'acknowledge', incidentIds: ['A'] }, { updatedAt: '2025-01-01T10:00:01.000Z' }),
    ]);
    expect(activityFor(map, 'A').pending?.id).toBe('new');
  });

  it('labels pending actions', () => {
    expect(pendingLabel('acknowledge')).toBe('Acknowledging…');
    expect(pendingLabel('resolve')).toBe('Resolving…');
    expect(pendingLabel('addNote')).toBe('Adding note…');
  });
});
