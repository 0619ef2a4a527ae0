import { describe, expect, it } from 'vitest';
import { displayNote } from '../../../../renderer/src/features/incidents/note-display';
import { safeExternalUrl, safeTicketUrl } from '../../../../renderer/src/features/incidents/external-link';

describe('displayNote', () => {
  it('reads a ticket claim as a quiet plain sentence', () => {
    expect(
      displayNote(
        'Opening a ticket in Jira Service Management for this incident. [ticket-claim host=a-1 until=2025-01-01T10:05:00.000Z] [via On-Call Console]',
      ),
    ).toEqual({
      text: 'Opening a ticket in Jira Service Management for this incident.',
      bookkeeping: true,
    });
  });

  it('reads this version\'s claim and its "raised" sentence quietly too', () => {
    expect(displayNote('Raising a ServiceNow ticket for this incident.')).toEqual({
      text: 'Raising a ServiceNow ticket for this incident.',
      bookkeeping: true,
    });
    expect(displayNote('Raised ServiceNow ticket INC0010042 for this incident.')).toEqual({
      text: 'Raised ServiceNow ticket INC0010042 for this incident.',
      bookkeeping: true,
    });
  });

  it('keeps people’s words as they wrote them, without the console marker', () => {
    expect(displayNote('Restarted the pods.\n\n(Isabel Moreno in INC0010003) [via On-Call Console]')).toEqual({
      text: 'Restarted the pods.\n\n(Isabel Moreno in INC0010003)',
      bookkeeping: false,
    });
    expect(displayNote('  plain note  ')).toEqual({ text: 'plain note', bookkeeping: false });
  });
});

describe('safeTicketUrl', () => {
  it('allows https anywhere and http only to this machine', () => {
    expect(safeTicketUrl('https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3Dabc')).toBe(
      'https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3Dabc',
    );
    expect(safeTicketUrl('http://127.0.0.1:39681/nav_to.do?uri=x')).toBe('http://127.0.0.1:39681/nav_to.do?uri=x');
    expect(safeTicketUrl('http://localhost:8080/browse/ITSM-1')).toBe('http://localhost:8080/browse/ITSM-1');
    expect(safeTicketUrl('http://acme.service-now.com/x')).toBeNull();
  });

  it('refuses other schemes, credentials in the link and garbage', () => {
    expect(safeTicketUrl('javascript:alert(1)')).toBeNull();
    expect(safeTicketUrl('file:///etc/passwd')).toBeNull();
    expect(safeTicketUrl('https://user:pw@acme.service-now.com/')).toBeNull();
    expect(safeTicketUrl('not a url')).toBeNull();
  });

  it('leaves the incident links https only', () => {
    expect(safeExternalUrl('http://127.0.0.1:1234/incidents/P1')).toBeNull();
  });
});
