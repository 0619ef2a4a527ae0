/**
 * The provider's pure rules: priorities, stages, labels, JQL quoting and dates in a time
 * zone, the change cursor, and an issue mapped to a Ticket.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { advance, decodeCursor, encodeCursor, isNew } from '../../../../electron/providers/jira-service-management/change-cursor';
import { jqlDate, jqlString } from '../../../../electron/providers/jira-service-management/jql';
import { jiraPriorityFor, pagingIncidentIdOf, stageOf, toTicket } from '../../../../electron/providers/jira-service-management/mapper';

const names = { inProgress: 'Work in progress', resolved: 'Resolved' };

describe('mapping', () => {
  it('maps P1..P5 and nothing else', () => {
    expect(['P1', 'p2', 'P3', 'P4', 'P5', 'SEV1', null].map(jiraPriorityFor)).toEqual([
      'Highest',
      'High',
      'Medium',
      'Low',
      'Lowest',
      null,
      null,
    ]);
  });

  it('maps statuses to stages by name, then by category', () => {
    expect(stageOf('Open', 'new', names)).toBe('new');
    expect(stageOf('Work in progress', 'indeterminate', names)).toBe('in-progress');
    expect(stageOf('Pending', 'indeterminate', names)).toBe('on-hold');
    expect(stageOf('Closed', 'done', names)).toBe('closed');
    expect(stageOf('Canceled', 'done', names)).toBe('canceled');
    expect(stageOf('Awaiting CAB', 'new', names)).toBe('new');
    expect(stageOf('Fixed', 'done', names)).toBe('resolved');
    expect(stageOf('Triage', 'indeterminate', { inProgress: 'Triage', resolved: 'Fixed' })).toBe('in-progress');
  });

  it('reads the paging incident from the labels', () => {
    expect(pagingIncidentIdOf(['pagerduty', 'pagerduty-Q1ABC'])).toBe('Q1ABC');
    expect(pagingIncidentIdOf(['pagerduty'])).toBeNull();
  });

  it('maps an issue, with custom fields by id and the Assets name when known', () => {
    const ticket = toTicket(
      {
        id: '10001',
        key: 'ITSM-1',
        fields: {
          summary: 'Down',
          status: { name: 'Work in progress', statusCategory: { key: 'indeterminate' } },
          priority: { name: 'High' },
          assignee: { accountId: 'a1', displayName: 'Dana' },
          labels: ['pagerduty', 'pagerduty-Q1'],
          updated: '2026-11-26T10:00:00.000+0000',
          customfield_1: { id: 't1', name: 'Payments' },
          customfield_2: [{ id: '10001', name: 'Payments API' }],
          customfield_3: [{ workspaceId: 'w', id: 'w:101', objectId: '101' }],
          customfield_4: 'MAJOR_INCIDENT',
        },
      },
      {
        siteUrl: 'https://acme.atlassian.net',
        fields: {
          team: 'customfield_1',
          affectedServices: 'customfield_2',
          configurationItem: 'customfield_3',
          majorIncident: 'customfield_4',
          urgency: null,
        },
        statuses: names,
        assetName: (id) => (id === 'w:101' ? 'Payments API (CMDB-101)' : null),
      },
    );
    expect(ticket).toEqual({
      id: '10001',
      provider: 'jira-service-management',
      number: 'ITSM-1',
      state: 'Work in progress',
      stage: 'in-progress',
      title: 'Down',
      assignmentGroup: { id: 't1', name: 'Payments' },
      assignedTo: { id: 'a1', name: 'Dana' },
      businessService: { id: '10001', name: 'Payments API' },
      configurationItem: { id: 'w:101', name: 'Payments API (CMDB-101)' },
      priority: 'High',
      majorIncident: true,
      pagingIncidentId: 'Q1',
      url: 'https://acme.atlassian.net/browse/ITSM-1',
      updatedAt: '2026-11-26T10:00:00.000Z',
    });
  });
});

describe('JQL', () => {
  it('quotes strings', () => {
    expect(jqlString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });

  it('writes dates in the time zone, to the minute', () => {
    const at = Date.parse('2026-11-26T10:05:59Z');
    expect(jqlDate(at, 'UTC')).toBe('2026/11/26 10:05');
    expect(jqlDate(at, 'Asia/Kolkata')).toBe('2026/11/26 15:35');
    expect(jqlDate(at, 'America/New_York')).toBe('2026/11/26 05:05');
  });
});

describe('change cursor', () => {
  it('round-trips, and refuses a cursor it did not write', () => {
    const cursor = { since: 1000, seenAtSince: ['comment:1'] };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor('nonsense')).toThrow(ProviderError);
  });

  it('reports a change at the cursor time once', () => {
    const cursor = { since: 1000, seenAtSince: ['comment:1'] };
    expect(isNew(cursor, 1000, 'comment:1')).toBe(false);
    expect(isNew(cursor, 1000, 'comment:2')).toBe(true);
    expect(isNew(cursor, 999, 'comment:3')).toBe(false);
    const next = advance(cursor, [{ at: 1000, id: 'comment:2' }]);
    expect(next).toEqual({ since: 1000, seenAtSince: ['comment:1', 'comment:2'] });
    expect(advance(next, [{ at: 2000, id: 'changelog:9' }])).toEqual({ since: 2000, seenAtSince: ['changelog:9'] });
    expect(advance(next, [])).toEqual(next);
  });
});
