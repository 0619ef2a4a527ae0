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

/** PUT /incidents answering with each incident as it would be after the change. */
const echoBulk: Handler = (call) => {
  const items = (call.body as { incidents: Array<Record<string, unknown> & { id: string }> }).incidents;
  return json({ incidents: items.map((item) => pdIncident(item.id, item.priority === undefined ? {} : { priority: item.priority })) });
};

const ids = (count: number) => Array.from({ length: count }, (_, index) => `Q${index + 1}`);

describe('updateIncidents', () => {
  it('sends up to 250 incidents in one PUT /incidents, each as an incident_reference with the fields', async () => {
    const { provider, calls } = providerWith(echoBulk);
    await provider.updateIncidents(ids(250), { urgency: 'low', priorityId: 'PPRIO1' });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call).toMatchObject({ method: 'PUT', path: '/incidents' });
    expect(call.headers.from).toBe('ada@example.com');
    const items = (call.body as { incidents: unknown[] }).incidents;
    expect(items).toHaveLength(250);
    expect(items[0]).toEqual({
      id: 'Q1',
      type: 'incident_reference',
      urgency: 'low',
      priority: { id: 'PPRIO1', type: 'priority_reference' },
    });
  });

  it('splits 260 incidents into two calls of 250 and 10, covering each id exactly once', async () => {
    const { provider, calls } = providerWith(echoBulk);
    await provider.updateIncidents(ids(260), { assignTo: { userIds: ['PUSER2', 'PUSER2', 'PUSER3'] } });
    const sizes = calls.map((call) => (call.body as { incidents: unknown[] }).incidents.length);
    expect(sizes).toEqual([250, 10]);
    const sent = calls.flatMap((call) => (call.body as { incidents: Array<{ id: string }> }).incidents.map((item) => item.id));
    expect(sent).toEqual(ids(260));
    expect((calls[1]!.body as { incidents: unknown[] }).incidents[0]).toEqual({
      id: 'Q251',
      type: 'incident_reference',
      assignments: [{ assignee: { id: 'PUSER2', type: 'user_reference' } }, { assignee: { id: 'PUSER3', type: 'user_reference' } }],
    });
  });

  it('names the PagerDuty fields for a policy reassignment, an escalation and clearing the priority', async () => {
    const { provider, calls } = providerWith(echoBulk);
    await provider.updateIncidents(['Q1'], { assignTo: { escalationPolicyId: 'PEP9' } });
    await provider.updateIncidents(['Q1'], { escalationLevel: 2 });
    await provider.updateIncidents(['Q1'], { priorityId: null });
    const items = calls.map((call) => (call.body as { incidents: unknown[] }).incidents[0]);
    expect(items).toEqual([
      { id: 'Q1', type: 'incident_reference', escalation_policy: { id: 'PEP9', type: 'escalation_policy_reference' } },
      { id: 'Q1', type: 'incident_reference', escalation_level: 2 },
      { id: 'Q1', type: 'incident_reference', priority: null },
    ]);
    await expect(provider.updateIncidents(['Q1'], {})).rejects.toThrow(/must change something/);
  });

  it('when a bulk call is refused, lands the others one by one and reports the refused ones', async () => {
    const { provider, calls } = providerWith((call) => {
      if (call.path === '/incidents') return json({ error: { message: 'Incident Already Resolved', code: 2001 } }, 400);
      if (call.path === '/incidents/Q2') return json({ error: { message: 'Incident Already Resolved', code: 2001 } }, 400);
      return json({ incident: pdIncident(call.path.split('/').pop()!) });
    });
    const failure = await provider.updateIncidents(['Q1', 'Q2', 'Q3'], { escalationLevel: 2 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).kind).toBe('rejected');
    expect((failure as ProviderError).message).toMatch(/would not escalate 1 incident\(s\): Q2: .*Already Resolved/);
    expect(
      calls
        .filter((call) => call.path.startsWith('/incidents/'))
        .map((call) => call.path)
        .sort(),
    ).toEqual(['/incidents/Q1', '/incidents/Q2', '/incidents/Q3']);
  });

  it('lets the next changesSince report a priority change, which PagerDuty writes no log entry for', async () => {
    const { provider } = providerWith((call) => {
      if (call.path === '/log_entries') return json({ log_entries: [], more: false });
      return echoBulk(call);
    });
    await provider.updateIncidents(['Q7'], { priorityId: 'PPRIO1' });
    const cursor = JSON.stringify({ v: 1, since: '2024-05-01T11:00:00Z', seen: [] });
    const first = await provider.changesSince(cursor);
    expect(first.changed.map((incident) => [incident.id, incident.priority?.id])).toEqual([['Q7', 'PPRIO1']]);
    expect((await provider.changesSince(first.cursor)).changed).toEqual([]);
  });
});

describe('snooze, responders and merge', () => {
  it('snoozes with one POST per incident', async () => {
    const { provider, calls } = providerWith((call) =>
      json({ incident: pdIncident(call.path.split('/')[2]!, { status: 'acknowledged' }) }, 201),
    );
    await provider.snooze('Q1', 3600);
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', path: '/incidents/Q1/snooze', body: { duration: 3600 } })]);
  });

  it('asks for responders as the token owner, users and escalation policies in one request', async () => {
    const { provider, calls } = providerWith((call) =>
      call.path === '/users/me' ? json({ user: ME }) : json({ responder_request: { message: 'help' } }),
    );
    await provider.addResponders('Q1', { userIds: ['PU2'], escalationPolicyIds: ['PEP3'], message: 'Join the bridge' });
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.path).toBe('/incidents/Q1/responder_requests');
    expect(post.body).toEqual({
      requester_id: 'PUSER1',
      message: 'Join the bridge',
      responder_request_targets: [
        { responder_request_target: { id: 'PU2', type: 'user_reference' } },
        { responder_request_target: { id: 'PEP3', type: 'escalation_policy_reference' } },
      ],
    });
  });

  it('merges only sources that are still open, and sends nothing when none is', async () => {
    const status: Record<string, string> = { Q2: 'triggered', Q3: 'resolved' };
    const { provider, calls } = providerWith((call) => {
      if (call.method === 'GET') {
        const id = call.path.split('/')[2]!;
        return json({ incident: pdIncident(id, { status: status[id] ?? 'triggered' }) });
      }
      for (const source of (call.body as { source_incidents: Array<{ id: string }> }).source_incidents) status[source.id] = 'resolved';
      return json({ incident: { id: 'Q1', type: 'incident_reference' } });
    });
    await provider.merge('Q1', ['Q2', 'Q3']);
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.path).toBe('/incidents/Q1/merge');
    expect(put.body).toEqual({ source_incidents: [{ id: 'Q2', type: 'incident_reference' }] });
    calls.length = 0;
    await provider.merge('Q1', ['Q2', 'Q3']);
    expect(calls).toEqual([]);
  });

  it('counts a refused merge whose sources are all resolved now as done (an earlier attempt landed)', async () => {
    let merged = false;
    const { provider, calls } = providerWith((call) => {
      if (call.method === 'GET')
        return json({ incident: pdIncident(call.path.split('/')[2]!, { status: merged ? 'resolved' : 'triggered' }) });
      merged = true;
      return json({ error: { message: 'Incident Already Resolved', code: 2001 } }, 400);
    });
    await expect(provider.merge('Q1', ['Q2'])).resolves.toBeUndefined();
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /incidents/Q2',
      'PUT /incidents/Q1/merge',
      'GET /incidents/Q2',
    ]);
  });
});
