import { describe, expect, it } from 'vitest';
import { createPagerDutyProvider, type PagerDutyConfig } from '../../../../electron/providers/pagerduty';
import { assembleIncidentTimes } from '../../../../electron/providers/pagerduty/incident-times';
import { PdIncident, PdLogEntry } from '../../../../electron/providers/pagerduty/schemas';
import { fakeFetch, json, pdIncident, type Handler, type RecordedCall } from '../fake-fetch';

const NOW = Date.parse('2024-05-31T12:00:00Z');
const DAY = 24 * 3600_000;
const SINCE = NOW - 30 * DAY;

function entry(id: string, type: string, createdAt: string, incidentId: string): Record<string, unknown> {
  return {
    id,
    type,
    summary: type,
    created_at: createdAt,
    agent: null,
    channel: { type: 'website' },
    incident: { id: incidentId, type: 'incident_reference', summary: `[#1] ${incidentId}` },
  };
}

/** A page of `key` from a fixed list, honouring limit/offset/total like PagerDuty. */
function pageOf(key: string, items: Record<string, unknown>[], call: RecordedCall): Response {
  const offset = Number(call.query.get('offset') ?? 0);
  const limit = Number(call.query.get('limit') ?? 25);
  return json({
    [key]: items.slice(offset, offset + limit),
    limit,
    offset,
    more: offset + limit < items.length,
    total: call.query.get('total') === 'true' ? items.length : null,
  });
}

function providerWith(handler: Handler, overrides: Partial<PagerDutyConfig> = {}) {
  const { fetch, calls } = fakeFetch(handler);
  const provider = createPagerDutyProvider({
    baseUrl: 'http://127.0.0.1:9',
    token: 'tok-123',
    from: 'ada@example.com',
    scope: {},
    fetch,
    sleep: async () => undefined,
    random: () => 0,
    now: () => NOW,
    ...overrides,
  });
  return { provider, calls };
}

const payments = { id: 'PSVC1', type: 'service', summary: 'Payments API', name: 'Payments API' };
const checkout = { id: 'PSVC2', type: 'service_reference', summary: 'Checkout Web' };
const team = { id: 'PTEAM1', type: 'team', summary: 'Payments', name: 'Payments team' };

const incidents = [
  // Acknowledged twice (the second after a re-trigger), resolved: resolved_at says when.
  pdIncident('P1', {
    status: 'resolved',
    service: payments,
    teams: [team],
    created_at: '2024-05-30T10:00:00Z',
    resolved_at: '2024-05-30T11:30:00Z',
    last_status_change_at: '2024-05-30T11:30:00Z',
  }),
  // Still acknowledged: no resolve time. Its record has no web page.
  pdIncident('P2', {
    status: 'acknowledged',
    service: checkout,
    teams: [],
    created_at: '2024-05-31T09:00:00Z',
    incident_number: 1234,
    title: 'Checkout 5xx above 2%',
    html_url: null,
  }),
  // Resolved by the monitoring tool before anyone acknowledged; the record lacks resolved_at.
  pdIncident('P3', {
    status: 'resolved',
    service: checkout,
    teams: null,
    created_at: '2024-05-20T08:00:00Z',
    last_status_change_at: '2024-05-20T08:45:00Z',
  }),
  // Triggered, nobody has acted yet.
  pdIncident('P4', { status: 'triggered', service: payments, teams: [team], created_at: '2024-05-31T11:50:00Z' }),
];
const logEntries = [
  entry('L9', 'annotate_log_entry', '2024-05-31T09:20:00Z', 'P2'),
  entry('L8', 'acknowledge_log_entry', '2024-05-31T09:04:30Z', 'P2'),
  entry('L7', 'resolve_log_entry', '2024-05-30T11:30:00Z', 'P1'),
  entry('L6', 'acknowledge_log_entry', '2024-05-30T10:40:00Z', 'P1'),
  entry('L5', 'trigger_log_entry', '2024-05-30T10:30:00Z', 'P1'),
  entry('L4', 'acknowledge_log_entry', '2024-05-30T10:03:00Z', 'P1'),
  entry('L3', 'resolve_log_entry', '2024-05-20T08:44:59Z', 'P3'),
  // An entry of an incident created before the period, or outside the scope: ignored.
  entry('L2', 'acknowledge_log_entry', '2024-05-10T00:00:00Z', 'POLD'),
];

const handler: Handler = (call) => {
  if (call.path === '/incidents') return pageOf('incidents', incidents, call);
  if (call.path === '/log_entries') return pageOf('log_entries', logEntries, call);
  return json({ error: { message: 'Not Found', code: 2100 } }, 404);
};

describe('listIncidentTimes', () => {
  it('joins incidents and overview log entries into trigger, first acknowledge and resolve times, with number, title and web page', async () => {
    const { provider } = providerWith(handler);
    const times = await provider.listIncidentTimes(SINCE);
    expect(times).toEqual([
      {
        incidentId: 'P1',
        number: 1,
        title: 'Incident P1',
        htmlUrl: 'https://example.pagerduty.com/incidents/P1',
        service: { id: 'PSVC1', name: 'Payments API' },
        team: { id: 'PTEAM1', name: 'Payments team' },
        triggeredAt: Date.parse('2024-05-30T10:00:00Z'),
        acknowledgedAt: Date.parse('2024-05-30T10:03:00Z'),
        resolvedAt: Date.parse('2024-05-30T11:30:00Z'),
      },
      {
        incidentId: 'P2',
        number: 1234,
        title: 'Checkout 5xx above 2%',
        htmlUrl: '',
        service: { id: 'PSVC2', name: 'Checkout Web' },
        team: null,
        triggeredAt: Date.parse('2024-05-31T09:00:00Z'),
        acknowledgedAt: Date.parse('2024-05-31T09:04:30Z'),
        resolvedAt: null,
      },
      {
        incidentId: 'P3',
        number: 3,
        title: 'Incident P3',
        htmlUrl: 'https://example.pagerduty.com/incidents/P3',
        service: { id: 'PSVC2', name: 'Checkout Web' },
        team: null,
        triggeredAt: Date.parse('2024-05-20T08:00:00Z'),
        acknowledgedAt: null,
        // No resolved_at: the resolve log entry tells.
        resolvedAt: Date.parse('2024-05-20T08:44:59Z'),
      },
      {
        incidentId: 'P4',
        number: 4,
        title: 'Incident P4',
        htmlUrl: 'https://example.pagerduty.com/incidents/P4',
        service: { id: 'PSVC1', name: 'Payments API' },
        team: { id: 'PTEAM1', name: 'Payments team' },
        triggeredAt: Date.parse('2024-05-31T11:50:00Z'),
        acknowledgedAt: null,
        resolvedAt: null,
      },
    ]);
  });

  it('asks for every status created in the period, with services and teams, and for overview entries of the same period', async () => {
    const { provider, calls } = providerWith(handler);
    await provider.listIncidentTimes(SINCE);
    const list = calls.filter((call) => call.path === '/incidents');
    expect(list).toHaveLength(1);
    const query = list[0]!.query;
    expect(query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged', 'resolved']);
    expect(query.getAll('include[]')).toEqual(['services', 'teams']);
    expect(Date.parse(query.get('since')!)).toBe(SINCE);
    expect(Date.parse(query.get('until')!)).toBeGreaterThanOrEqual(NOW);
    expect(query.get('date_range')).toBeNull();
    expect(query.get('limit')).toBe('100');
    expect(query.get('total')).toBe('true');

    const log = calls.filter((call) => call.path === '/log_entries');
    expect(log).toHaveLength(1);
    expect(log[0]!.query.get('is_overview')).toBe('true');
    expect(Date.parse(log[0]!.query.get('since')!)).toBe(SINCE);
    expect(Date.parse(log[0]!.query.get('until')!)).toBeGreaterThanOrEqual(NOW);
    expect(log[0]!.query.get('total')).toBe('true');
    expect(calls.every((call) => call.method === 'GET')).toBe(true);
  });

  it("applies the scope's teams and services, but not 'assigned to me'", async () => {
    const { provider, calls } = providerWith(
      (call) => (call.path === '/users/me' ? json({ user: { id: 'PUSER1', name: 'Ada', email: 'ada@example.com' } }) : handler(call)),
      { scope: { teamIds: ['PTEAM1'], serviceIds: ['PSVC1'], assignedToMe: true } },
    );
    await provider.listIncidentTimes(SINCE);
    const list = calls.find((call) => call.path === '/incidents')!;
    expect(list.query.getAll('team_ids[]')).toEqual(['PTEAM1']);
    expect(list.query.getAll('service_ids[]')).toEqual(['PSVC1']);
    expect(list.query.getAll('user_ids[]')).toEqual([]);
    const log = calls.find((call) => call.path === '/log_entries')!;
    expect(log.query.getAll('team_ids[]')).toEqual(['PTEAM1']);
    expect(calls.some((call) => call.path === '/users/me')).toBe(false);
  });

  it('pages through both lists, 100 at a time', async () => {
    const many = Array.from({ length: 250 }, (_, index) =>
      pdIncident(`Q${index + 1}`, {
        status: 'resolved',
        created_at: new Date(NOW - (index + 1) * 3600_000).toISOString(),
        resolved_at: new Date(NOW - index * 3600_000).toISOString(),
      }),
    );
    const acks = many.map((incident, index) =>
      entry(`A${index}`, 'acknowledge_log_entry', new Date(NOW - (index + 1) * 3600_000 + 60_000).toISOString(), String(incident.id)),
    );
    const { provider, calls } = providerWith((call) =>
      call.path === '/incidents' ? pageOf('incidents', many, call) : pageOf('log_entries', acks, call),
    );
    const times = await provider.listIncidentTimes(SINCE);
    expect(times).toHaveLength(250);
    expect(
      times.every((each) => each.acknowledgedAt === each.triggeredAt + 60_000 && each.resolvedAt === each.triggeredAt + 3600_000),
    ).toBe(true);
    expect(calls.filter((call) => call.path === '/incidents').map((call) => call.query.get('offset'))).toEqual(['0', '100', '200']);
    expect(calls.filter((call) => call.path === '/log_entries').map((call) => call.query.get('offset'))).toEqual(['0', '100', '200']);
  });

  it('reads nothing for a period that has not started', async () => {
    const { provider, calls } = providerWith(handler);
    expect(await provider.listIncidentTimes(NOW + 1000)).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe('assembleIncidentTimes', () => {
  it('falls back to the last status change when neither resolved_at nor a resolve entry says when', () => {
    const [times] = assembleIncidentTimes(
      [
        PdIncident.parse(
          pdIncident('P1', { status: 'resolved', created_at: '2024-05-01T10:00:00Z', last_status_change_at: '2024-05-01T12:00:00Z' }),
        ),
      ],
      [],
    );
    expect(times?.resolvedAt).toBe(Date.parse('2024-05-01T12:00:00Z'));
  });

  it('gives an incident reopened after a resolve no resolve time', () => {
    const [times] = assembleIncidentTimes(
      [PdIncident.parse(pdIncident('P1', { status: 'triggered', created_at: '2024-05-01T10:00:00Z' }))],
      [PdLogEntry.parse(entry('L1', 'resolve_log_entry', '2024-05-01T11:00:00Z', 'P1'))],
    );
    expect(times?.resolvedAt).toBeNull();
  });
});
