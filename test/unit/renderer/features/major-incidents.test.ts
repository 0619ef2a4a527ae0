import { beforeEach, describe, expect, it } from 'vitest';
import { majorIncidentState, useMajorIncidents } from '../../../../renderer/src/features/actions/major-incidents';
import { action } from '../fixtures';

const declare = (reason: string) => ({ kind: 'declareMajor' as const, incidentIds: ['A'], reason });
const event = { incidentId: 'A', title: 'Checkout down', reason: 'EU customers cannot pay', declaredAt: '2025-01-01T10:02:00.000Z' };

describe('majorIncidentState', () => {
  it('is declaring while the action is pending, declared once it lands', () => {
    expect(majorIncidentState('A', { actions: [action('1', declare('all down'))] })).toEqual({ kind: 'declaring', reason: 'all down' });
    expect(majorIncidentState('A', { actions: [action('1', declare('all down'), { state: 'done' })] })).toEqual({
      kind: 'declared',
      reason: 'all down',
    });
    expect(majorIncidentState('B', { actions: [action('1', declare('all down'))] })).toEqual({ kind: 'none' });
  });

  it('is not major when the declaration failed', () => {
    expect(majorIncidentState('A', { actions: [action('1', declare('x'), { state: 'failed', lastError: 'no' })] })).toEqual({
      kind: 'none',
    });
  });

  it('remembers a declaration heard as an event, the ticket flag and the responder request', () => {
    expect(majorIncidentState('A', { actions: [], declared: new Map([['A', event]]) })).toEqual({
      kind: 'declared',
      reason: 'EU customers cannot pay',
    });
    expect(majorIncidentState('A', { actions: [], ticketMajor: true })).toEqual({ kind: 'declared', reason: null });
    const responder = {
      user: { id: 'U7', name: 'Isabel Moreno' },
      state: 'pending',
      requestedAt: '2025-01-01T10:02:00.000Z',
      requester: { id: 'U1', name: 'Dana' },
      message: 'Major incident declared: EU customers cannot pay',
    };
    expect(majorIncidentState('A', { actions: [], responders: [responder] })).toEqual({
      kind: 'declared',
      reason: 'EU customers cannot pay',
    });
    expect(majorIncidentState('A', { actions: [], responders: [{ ...responder, message: 'Can you help?' }] })).toEqual({ kind: 'none' });
  });
});

describe('useMajorIncidents', () => {
  beforeEach(() => useMajorIncidents.setState({ declared: new Map() }));

  it('records each declaration once', () => {
    expect(useMajorIncidents.getState().record(event)).toBe(true);
    expect(useMajorIncidents.getState().record({ ...event })).toBe(false);
    expect(useMajorIncidents.getState().record({ ...event, declaredAt: '2025-01-01T11:00:00.000Z', reason: 'again' })).toBe(true);
    expect(useMajorIncidents.getState().declared.get('A')?.reason).toBe('again');
  });
});
