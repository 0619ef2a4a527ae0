import { describe, expect, it } from 'vitest';
import { ticketsByIncident } from '../../../../renderer/src/features/queue/ticket-index';
import { ticketHref } from '../../../../renderer/src/features/queue/ticket-link';
import { ticket } from './ticket-fixture';

describe('ticketsByIncident', () => {
  it('finds each incident’s ticket and leaves out tickets without a paging incident', () => {
    const index = ticketsByIncident([ticket('INC1', 'PA'), ticket('INC2', null), ticket('INC3', 'PB')]);
    expect(index.get('PA')?.number).toBe('INC1');
    expect(index.get('PB')?.number).toBe('INC3');
    expect(index.size).toBe(2);
  });
  it('is built once per tickets array', () => {
    const tickets = [ticket('INC1', 'PA')];
    expect(ticketsByIncident(tickets)).toBe(ticketsByIncident(tickets));
    expect(ticketsByIncident([...tickets])).not.toBe(ticketsByIncident(tickets));
    expect(ticketsByIncident(undefined).size).toBe(0);
  });
  it('prefers the open ticket, then the newer, should an incident have two', () => {
    const closed = ticket('INC1', 'PA', { stage: 'closed', state: 'Closed', updatedAt: '2025-01-02T00:00:00.000Z' });
    const open = ticket('INC2', 'PA', { stage: 'in-progress', state: 'In Progress' });
    expect(ticketsByIncident([closed, open]).get('PA')?.number).toBe('INC2');
    expect(ticketsByIncident([open, closed]).get('PA')?.number).toBe('INC2');
    const newer = ticket('INC3', 'PA', { updatedAt: '2025-01-03T00:00:00.000Z' });
    expect(ticketsByIncident([open, newer]).get('PA')?.number).toBe('INC3');
  });
});

describe('ticketHref', () => {
  it('opens https links and http only on 127.0.0.1 (the demo simulators)', () => {
    expect(ticketHref('https://acme.service-now.com/incident.do?sys_id=1')).toBe('https://acme.service-now.com/incident.do?sys_id=1');
    expect(ticketHref('http://127.0.0.1:4123/nav_to.do?uri=incident.do')).toBe('http://127.0.0.1:4123/nav_to.do?uri=incident.do');
  });
  it('refuses other schemes, plain http elsewhere, credentials and garbage', () => {
    for (const bad of [
      'http://acme.service-now.com/incident.do',
      'http://localhost:4123/x',
      'http://127.0.0.2/x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:secret@acme.service-now.com/',
      'not a url',
      '',
    ]) {
      expect(ticketHref(bad), bad).toBeNull();
    }
  });
});
