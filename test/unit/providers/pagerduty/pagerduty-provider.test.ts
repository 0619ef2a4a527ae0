import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createPagerDutyProvider, type PagerDutyConfig } from '../../../../electron/providers/pagerduty';
import { fakeFetch, json, pdIncident, type Handler } from '../fake-fetch';

const ME = { id: 'PUSER1', name: 'Ada', email: 'ada@example.com' };

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
    now: () => Date.parse('2024-05-01T12:00:00Z'),
    ...overrides,
  });
  return { provider, calls };
}

/** GET /incidents over a fixed list, honouring limit/offset/total. */
function incidentList(incidents: Record<string, unknown>[]): Handler {
  return (call) => {
    const offset = Number(call.query.get('offset') ?? 0);
    const limit = Number(call.query.get('limit') ?? 25);
    return json({
      incidents: incidents.slice(offset, offset + limit),
      limit,
      offset,
      more: offset + limit < incidents.length,
      total: call.query.get('total') === 'true' ? incidents.length : null,
    });
  };
}

function logEntry(
  id: string,
  createdAt: string,
  incident: Record<string, unknown>,
  type = 'acknowledge_log_entry',
  channel: Record<string, unknown> = { type: 'api' },
) {
  return { id, type, summary: `${type} ${id}`, created_at: createdAt, agent: null, channel, incident };
}

describe('listOpenIncidents', () => {
  it('asks for open incidents in scope with include[], and resolves "me" once', async () => {
    const { provider, calls } = providerWith(
      (call) => (call.path === '/users/me' ? json({ user: ME }) : incidentList([pdIncident('P1'), pdIncident('P2')])(call)),
      { scope: { teamIds: ['PTEAM1'], serviceIds: ['PSVC1', 'PSVC2'], assignedToMe: true } },
    );
    const first = await provider.listOpenIncidents();
    await provider.listOpenIncidents();
    expect(first.incidents.map((i) => i.id)).toEqual(['P1', 'P2']);
    expect(calls.filter((c) => c.path === '/users/me')).toHaveLength(1);
    const list = calls.find((c) => c.path === '/incidents')!;
    expect(list.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(list.query.getAll('team_ids[]')).toEqual(['PTEAM1']);
    expect(list.query.getAll('service_ids[]')).toEqual(['PSVC1', 'PSVC2']);
    expect(list.query.getAll('user_ids[]')).toEqual(['PUSER1']);
    expect(list.query.getAll('include[]')).toContain('first_trigger_log_entries');
    expect(list.query.get('limit')).toBe('100');
    expect(list.query.get('total')).toBe('true');
    // The cursor starts a safety margin before the load.
    expect(JSON.parse(first.cursor)).toEqual({ v: 1, since: '2024-05-01T11:59:00.000Z', seen: [] });
  });
});

describe('changesSince', () => {
  it('costs exactly one request when nothing changed, and keeps the cursor', async () => {
    const { provider, calls } = providerWith(() => json({ log_entries: [], limit: 100, offset: 0, more: false, total: null }));
    const cursor = JSON.stringify({ v: 1, since: '2024-05-01T11:00:00Z', seen: [] });
    const changes = await provider.changesSince(cursor);
    expect(changes).toEqual({ changed: [], leftScope: [], cursor });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.path).toBe('/log_entries');
    expect(call.query.get('since')).toBe('2024-05-01T11:00:00Z');
    expect(call.query.get('is_overview')).toBe('true');
    expect(call.query.getAll('include[]')).toEqual(['incidents']);
    expect(call.query.get('limit')).toBe('100');
  });

  it('reports embedded incidents in scope, ids that left it, skips entries seen at the boundary, and learns tenants', async () => {
    const entries = [
      logEntry('R0', '2024-05-01T11:00:00Z', pdIncident('P0')),
      logEntry('R1', '2024-05-01T11:00:05Z', pdIncident('P1', { status: 'acknowledged' })),
      logEntry('R2', '2024-05-01T11:00:05Z', pdIncident('P2', { service: { id: 'PSVC9', summary: 'Elsewhere' } })),
      logEntry('R3', '2024-05-01T11:00:07Z', pdIncident('P3'), 'trigger_log_entry', { type: 'api', details: { tenant: 'acme' } }),
    ];
    const { provider, calls } = providerWith(() => json({ log_entries: entries, limit: 100, offset: 0, more: false }), {
      scope: { serviceIds: ['PSVC1'] },
    });
    const changes = await provider.changesSince(JSON.stringify({ v: 1, since: '2024-05-01T11:00:00Z', seen: ['R0'] }));
    expect(changes.changed.map((i) => [i.id, i.status, i.tenant])).toEqual([
      ['P1', 'acknowledged', null],
      ['P3', 'triggered', 'acme'],
    ]);
    expect(changes.leftScope).toEqual(['P2']);
    expect(JSON.parse(changes.cursor)).toEqual({ v: 1, since: '2024-05-01T11:00:07Z', seen: ['R3'] });
    expect(calls).toHaveLength(1);
  });

  it('pages on only while PagerDuty says there is more, and fetches incidents that came as references', async () => {
    const { provider, calls } = providerWith((call) => {
      if (call.path === '/incidents/P7') return json({ incident: pdIncident('P7', { status: 'resolved' }) });
      const offset = Number(call.query.get('offset') ?? 0);
      return offset === 0
        ? json({ log_entries: [logEntry('R1', '2024-05-01T11:00:01Z', pdIncident('P1'))], more: true, offset: 0, limit: 100 })
        : json({
            log_entries: [logEntry('R2', '2024-05-01T11:00:02Z', { id: 'P7', type: 'incident_reference', summary: 'x' })],
            more: false,
            offset: 100,
            limit: 100,
          });
    });
    const changes = await provider.changesSince(JSON.stringify({ v: 1, since: '2024-05-01T11:00:00Z', seen: [] }));
    expect(changes.changed.map((i) => [i.id, i.status])).toEqual([
      ['P1', 'triggered'],
      ['P7', 'resolved'],
    ]);
    expect(calls.map((c) => `${c.path}?offset=${c.query.get('offset')}`)).toEqual([
      '/log_entries?offset=null',
      '/log_entries?offset=100',
      '/incidents/P7?offset=null',
    ]);
  });
});

describe('writes', () => {
  it('acknowledges in chunks of 250 with From and incident references', async () => {
    const incidents = Array.from({ length: 600 }, (_, index) => pdIncident(`P${index + 1}`));
    const { provider, calls } = providerWith((call) =>
      call.method === 'PUT'
        ? json({
            incidents: (call.body as { incidents: Array<{ id: string }> }).incidents.map((i) =>
              pdIncident(i.id, { status: 'acknowledged' }),
            ),
          })
        : incidentList(incidents)(call),
    );
    await provider.listOpenIncidents();
    calls.length = 0;
    await provider.acknowledge(incidents.map((i) => String(i.id)));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PUT /incidents', 'PUT /incidents', 'PUT /incidents']);
    const sizes = calls.map((c) => (c.body as { incidents: unknown[] }).incidents.length);
    expect(sizes).toEqual([250, 250, 100]);
    expect(calls[0]!.headers.from).toBe('ada@example.com');
    expect((calls[0]!.body as { incidents: unknown[] }).incidents[0]).toEqual({
      id: 'P1',
      type: 'incident_reference',
      status: 'acknowledged',
    });
  });

  it('does not acknowledge (and so reopen) an incident it last read as resolved', async () => {
    const { provider, calls } = providerWith((call) =>
      call.method === 'GET'
        ? json({
            incident: pdIncident(call.path.split('/')[2]!, {
              status: 'resolved',
              last_status_change_by: { id: 'PMARCUS', type: 'user_reference', summary: 'Marcus Chen' },
            }),
          })
        : json({}, 500),
    );
    const now = await provider.incidentsNow(['P9']);
    expect(now.get('P9')).toMatchObject({ status: 'resolved', statusChangedBy: { id: 'PMARCUS', name: 'Marcus Chen' } });
    await provider.acknowledge(['P9']);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /incidents/P9']);
  });

  it('reads many incidents as they are now in one listing, and only the few no longer open one by one', async () => {
    const open = Array.from({ length: 7 }, (_, index) => `P${index + 1}`);
    const { provider, calls } = providerWith((call) => {
      if (call.path === '/incidents') return json({ incidents: open.map((id) => pdIncident(id)), more: false });
      return json({ incident: pdIncident(call.path.split('/')[2]!, { status: 'resolved' }) });
    });
    const now = await provider.incidentsNow([...open, 'P8']);
    expect([...now.keys()].sort()).toEqual([...open, 'P8'].sort());
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /incidents', 'GET /incidents/P8']);
  });

  it('resolves one incident with PUT /incidents/{id}, and counts "already resolved" as done', async () => {
    const { provider, calls } = providerWith(() =>
      json({ error: { message: 'Invalid Input Provided', code: 2001, errors: ['Incident Already Resolved'] } }, 400),
    );
    await expect(provider.resolve(['P1'])).resolves.toBeUndefined();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PUT /incidents/P1']);
    expect(calls[0]!.body).toEqual({ incident: { type: 'incident_reference', status: 'resolved' } });
  });

  it('falls back to one incident at a time when a bulk update is refused, and reports only the real failures', async () => {
    const { provider, calls } = providerWith((call) => {
      if (call.path === '/incidents')
        return json({ error: { message: 'Invalid Input Provided', code: 2001, errors: ['Incident Already Resolved'] } }, 400);
      const id = call.path.split('/')[2]!;
      if (id === 'P2')
        return json({ error: { message: 'Invalid Input Provided', code: 2001, errors: ['Incident Already Resolved'] } }, 400);
      if (id === 'P3') return json({ error: { message: 'Not Found', code: 2100 } }, 404);
      return json({ incident: pdIncident(id, { status: 'resolved' }) });
    });
    const error = await provider.resolve(['P1', 'P2', 'P3'], 'Rolled back').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('rejected');
    expect((error as ProviderError).message).toMatch(/would not resolve 1 incident\(s\): P3: .*404/);
    expect(calls[0]!.body).toEqual({
      incidents: ['P1', 'P2', 'P3'].map((id) => ({ id, type: 'incident_reference', status: 'resolved', resolution: 'Rolled back' })),
    });
    expect(
      calls
        .slice(1)
        .map((c) => c.path)
        .sort(),
    ).toEqual(['/incidents/P1', '/incidents/P2', '/incidents/P3']);
  });

  it('adds a note with POST /incidents/{id}/notes', async () => {
    const { provider, calls } = providerWith(() =>
      json(
        {
          note: {
            id: 'N1',
            content: 'Rolling back',
            created_at: '2024-05-01T12:00:00Z',
            user: { id: 'PUSER1', type: 'user_reference', summary: 'Ada' },
          },
        },
        201,
      ),
    );
    const note = await provider.addNote('P1', 'Rolling back');
    expect(note).toEqual({ id: 'N1', content: 'Rolling back', createdAt: '2024-05-01T12:00:00Z', author: { id: 'PUSER1', name: 'Ada' } });
    expect(calls[0]!.body).toEqual({ note: { content: 'Rolling back' } });
    expect(calls[0]!.headers.from).toBe('ada@example.com');
  });
});

describe('getIncidentDetail', () => {
  it('reads the incident, log entries and alerts (no notes without note entries), and takes the tenant from the first alert', async () => {
    const { provider, calls } = providerWith((call) => {
      if (call.path === '/incidents/P1') return json({ incident: pdIncident('P1') });
      if (call.path === '/escalation_policies/PEP1')
        return json({ escalation_policy: { id: 'PEP1', name: 'Payments EP', escalation_rules: [] } });
      if (call.path === '/oncalls') return json({ oncalls: [], more: false });
      if (call.path.endsWith('/notes')) return json({ notes: [] });
      if (call.path.endsWith('/log_entries'))
        return json({
          log_entries: [logEntry('R1', '2024-05-01T11:00:00Z', { id: 'P1', type: 'incident_reference' }, 'trigger_log_entry')],
          more: false,
        });
      return json({
        alerts: [
          { id: 'A2', status: 'triggered', created_at: '2024-05-01T11:05:00Z', body: { details: { tenant: 'globex' } } },
          {
            id: 'A1',
            status: 'resolved',
            created_at: '2024-05-01T11:00:00Z',
            body: { details: { tenant: 'acme', runbook_url: 'https://runbooks.example.com/x' } },
          },
        ],
        more: false,
      });
    });
    const detail = await provider.getIncidentDetail('P1');
    expect(detail.incident.tenant).toBe('acme');
    expect(detail.alerts.map((a) => a.id)).toEqual(['A1', 'A2']);
    expect(detail.alerts[0]!.links).toEqual([{ href: 'https://runbooks.example.com/x', text: 'runbook_url' }]);
    expect(detail.logEntries[0]!.type).toBe('trigger');
    // The log entries name the incident only by reference here, so it is read on its own; no annotate entry: no notes to read.
    expect(calls.map((c) => c.path).sort()).toEqual([
      '/escalation_policies/PEP1',
      '/incidents/P1',
      '/incidents/P1/alerts',
      '/incidents/P1/log_entries',
      '/oncalls',
    ]);
    const logRead = calls.find((c) => c.path.endsWith('/log_entries'))!;
    expect(logRead.query.get('is_overview')).toBe('false');
    expect(logRead.query.getAll('include[]')).toEqual(['incidents']);
  });
});

describe('configuration', () => {
  it('says which field is wrong, without echoing the token', () => {
    expect(() => createPagerDutyProvider({ baseUrl: 'not a url', token: 'secret-abc', from: 'nobody', scope: {} })).toThrow(
      /baseUrl.*from/s,
    );
    try {
      createPagerDutyProvider({ baseUrl: 'ftp://x', token: 'secret-abc', from: 'a@b.co', scope: {} });
    } catch (error) {
      expect(String(error)).not.toContain('secret-abc');
    }
    expect(() => createPagerDutyProvider({ baseUrl: 'https://api.pagerduty.com', token: ' ', from: 'a@b.co', scope: {} })).toThrow(
      /token is empty/,
    );
  });
});
