import { describe, expect, it } from 'vitest';
import { opensTicket, ticketAbsence, ticketAbsenceText } from '../../../../renderer/src/features/incidents/ticket-status';
import { action, connection } from '../fixtures';

const NOW = Date.parse('2025-01-01T10:01:00.000Z');
const serviceNow = connection({ provider: 'servicenow', label: 'ServiceNow' });

describe('ticketAbsence', () => {
  it('says the automation is opening it, with the last failure and the next attempt', () => {
    const opening = action('o', { kind: 'openTicket', incidentIds: ['A'] });
    expect(ticketAbsence('A', [opening], serviceNow, NOW)).toEqual({ kind: 'opening', system: 'ServiceNow', reason: null, retry: null });
    const retrying = action(
      'o',
      { kind: 'openTicket', incidentIds: ['A'] },
      { attempts: 2, lastError: 'ServiceNow POST incident failed with 503', nextAttemptAt: '2025-01-01T10:01:05.000Z' },
    );
    const absence = ticketAbsence('A', [retrying], serviceNow, NOW);
    expect(ticketAbsenceText(absence)).toBe(
      'The automation is opening it in ServiceNow; the last attempt failed: ServiceNow POST incident failed with 503 (retrying in 5s (2 attempts so far)).',
    );
  });

  it('says an action on its way opens it', () => {
    const ack = action('a', { kind: 'acknowledge', incidentIds: ['A', 'B'] });
    expect(ticketAbsenceText(ticketAbsence('B', [ack], serviceNow, NOW))).toBe(
      'It is opened in ServiceNow as “Acknowledge 2 incidents” is recorded.',
    );
  });

  it('shows why opening it failed, until dismissed', () => {
    const failed = action(
      'o',
      { kind: 'openTicket', incidentIds: ['A'] },
      { state: 'failed', lastError: 'No ServiceNow mapping for the service "Cart"' },
    );
    expect(ticketAbsence('A', [failed], serviceNow, NOW)).toEqual({
      kind: 'openFailed',
      system: 'ServiceNow',
      reason: 'No ServiceNow mapping for the service "Cart"',
    });
    expect(ticketAbsence('A', [{ ...failed, dismissed: true }], serviceNow, NOW).kind).toBe('notYet');
  });

  it('says the ticketing system cannot be reached, or that nothing asked for a ticket yet', () => {
    const offline = connection({ provider: 'servicenow', label: 'ServiceNow', state: 'offline', message: 'connection refused' });
    expect(ticketAbsenceText(ticketAbsence('A', [], offline, NOW))).toBe(
      'ServiceNow cannot be reached right now: connection refused. The ticket is opened once it answers.',
    );
    const other = action('x', { kind: 'openTicket', incidentIds: ['B'] });
    expect(ticketAbsence('A', [other], serviceNow, NOW).kind).toBe('notYet');
  });
});

describe('opensTicket', () => {
  it('knows which actions open the ticket on their way', () => {
    expect(opensTicket({ kind: 'addNote', incidentIds: ['A'], content: 'x' })).toBe(true);
    expect(opensTicket({ kind: 'reassign', incidentIds: ['A'], to: { type: 'service', serviceId: 'S1' } })).toBe(true);
    expect(opensTicket({ kind: 'reassign', incidentIds: ['A'], to: { type: 'users', userIds: ['U1'] } })).toBe(false);
    expect(opensTicket({ kind: 'snooze', incidentIds: ['A'], durationSeconds: 600 })).toBe(false);
  });
});
