import { describe, expect, it } from 'vitest';
import {
  failedTitle,
  pagingSystemName,
  pendingProgress,
  retryPhrase,
  ticketingConnection,
  ticketingSystemNamed,
} from '../../../../renderer/src/features/actions/action-progress';
import { action, connection } from '../fixtures';

const NOW = Date.parse('2025-01-01T10:01:00.000Z');
const serviceNow = connection({ provider: 'servicenow', label: 'ServiceNow' });
const connections = [connection(), serviceNow];
const context = { pagingName: 'PagerDuty', connections, nowMs: NOW };
const ack = { kind: 'acknowledge' as const, incidentIds: ['A'] };

describe('pendingProgress', () => {
  it('is "Acknowledging…" while nothing failed yet, and the incident is busy', () => {
    expect(pendingProgress(action('1', ack, { attempts: 1 }), context)).toEqual({
      headline: 'Acknowledging…',
      reason: null,
      retry: null,
      ticketingPending: null,
      pagingPending: true,
    });
  });

  it('says the paging half landed and the ticketing half waits when the error names the ticketing system', () => {
    const record = action('1', ack, {
      attempts: 3,
      lastError: 'ServiceNow PATCH incident failed with 503 (Service Unavailable)',
      nextAttemptAt: '2025-01-01T10:01:12.000Z',
    });
    expect(pendingProgress(record, context)).toEqual({
      headline: 'Acknowledged in PagerDuty · ServiceNow pending',
      reason: 'ServiceNow PATCH incident failed with 503 (Service Unavailable)',
      retry: 'retrying in 12s (3 attempts so far)',
      ticketingPending: 'ServiceNow',
      pagingPending: false,
    });
  });

  it('keeps a paging failure as the paging half still pending', () => {
    const record = action(
      '1',
      { kind: 'addNote', incidentIds: ['A'], content: 'x' },
      { attempts: 1, lastError: 'PagerDuty is rate limiting (429)', nextAttemptAt: '2025-01-01T10:00:30.000Z' },
    );
    expect(pendingProgress(record, context)).toMatchObject({
      headline: 'Adding note…',
      ticketingPending: null,
      pagingPending: true,
      retry: 'retrying now (1 attempt so far)',
    });
  });

  it('names Jira Service Management even before its connection is listed', () => {
    const record = action(
      '1',
      { kind: 'declareMajor', incidentIds: ['A'], reason: 'all down' },
      { attempts: 2, lastError: 'Jira Service Management failed to edit ITSM-4 (502)' },
    );
    expect(pendingProgress(record, { pagingName: 'PagerDuty', nowMs: NOW }).headline).toBe(
      'Declared major incident in PagerDuty · Jira Service Management pending',
    );
  });

  it('treats the automations’ ticket steps as ticket-only', () => {
    const record = action(
      '1',
      { kind: 'openTicket', incidentIds: ['A'] },
      { attempts: 1, lastError: 'ServiceNow POST incident failed: connection refused' },
    );
    expect(pendingProgress(record, context)).toMatchObject({
      headline: 'Opening ticket…',
      ticketingPending: 'ServiceNow',
      pagingPending: false,
    });
  });
});

describe('retryPhrase', () => {
  it('says when the next attempt is due', () => {
    expect(retryPhrase({ attempts: 0, nextAttemptAt: null }, NOW)).toBe('retrying now');
    expect(retryPhrase({ attempts: 2, nextAttemptAt: '2025-01-01T10:03:00.000Z' }, NOW)).toBe('retrying in 2m (2 attempts so far)');
  });
});

describe('failedTitle', () => {
  it('says which half landed when the ticketing system refused', () => {
    const refused = action('1', ack, { state: 'failed', lastError: 'ServiceNow refused to update INC0010001 (403): ACL Exception' });
    expect(failedTitle(refused, 'Acknowledge incident', context)).toBe('Acknowledged in PagerDuty · ServiceNow failed');
    const paging = action('2', ack, { state: 'failed', lastError: 'PagerDuty refused the token (401)' });
    expect(failedTitle(paging, 'Acknowledge incident', context)).toBe('Acknowledge incident failed');
    const open = action(
      '3',
      { kind: 'openTicket', incidentIds: ['A'] },
      { state: 'failed', lastError: 'No ServiceNow mapping for the service "Cart"' },
    );
    expect(failedTitle(open, 'Open ticket', context)).toBe('Open ticket failed in ServiceNow');
  });

  it('says someone else got there first when the action was refused on stale state', () => {
    const stale = action('4', ack, {
      state: 'failed',
      refused: true,
      lastError: 'Not acknowledged: #12 is already resolved, by Marcus Chen 4 s ago.',
    });
    expect(failedTitle(stale, 'Acknowledge incident', context)).toBe('Acknowledge incident refused');
  });
});

describe('connections', () => {
  it('finds the ticketing connection and the paging platform’s name', () => {
    expect(ticketingConnection(connections)).toBe(serviceNow);
    expect(ticketingConnection([connection()])).toBeNull();
    expect(pagingSystemName('pagerduty', connections)).toBe('PagerDuty');
    expect(pagingSystemName('pagerduty', [])).toBe('PagerDuty');
  });

  it('tells a ticketing error from a paging one', () => {
    expect(ticketingSystemNamed(null)).toBeNull();
    expect(ticketingSystemNamed('HTTP 500 from PagerDuty')).toBeNull();
    expect(ticketingSystemNamed('Waiting for console host h2 to open the ServiceNow ticket for this incident')).toBe('ServiceNow');
  });
});
