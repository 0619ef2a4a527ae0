/**
 * The PagerDuty provider over real HTTP against the PagerDuty simulator: load cost, the
 * offset cap, incremental sync, writes, auth and the fault modes (429, 5xx, dropped
 * connections, malformed bodies, slow answers).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createPagerDutyProvider, type PagerDutyConfig } from '../../../../electron/providers/pagerduty';
import {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
} from '../../../../electron/simulators/pagerduty';

const TOKEN = 'y_NbAkKc66ryYTWUXYEu';
let sim: PagerDutySimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: PagerDutySimulatorOptions = {}, config: Partial<PagerDutyConfig> = {}) {
  sim = await startPagerDutySimulator({ seedIncidents: 30, ...options });
  const sleeps: number[] = [];
  const provider = createPagerDutyProvider({
    baseUrl: sim.baseUrl,
    token: TOKEN,
    from: sim.state.me.email,
    scope: {},
    // Real waits are not what these tests are about: record them and move on.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...config,
  });
  return { sim, provider, sleeps };
}

function openIds(s: PagerDutySimulator): string[] {
  return s.state.listIncidents({ statuses: ['triggered', 'acknowledged'] }).map((incident) => incident.id);
}

async function triggerEvent(s: PagerDutySimulator, serviceIndex: number, body: Record<string, unknown>): Promise<void> {
  const service = s.state.services[serviceIndex]!;
  const response = await fetch(s.eventsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ routing_key: s.state.routingKeyFor(service.id), event_action: 'trigger', ...body }),
  });
  expect(response.status).toBe(202);
}

describe('full load', () => {
  it('loads 5,000 open incidents over 200 services in at most 55 requests, /users/me included', async () => {
    const { sim: s, provider } = await setup({ seedIncidents: 5_000 }, { scope: { assignedToMe: false } });
    expect(s.state.services.length).toBe(200);
    s.resetRequestLog();
    await provider.whoAmI();
    const { incidents } = await provider.listOpenIncidents();
    const ids = incidents.map((incident) => incident.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(openIds(s)));
    expect(ids.length).toBeGreaterThanOrEqual(5_000);
    expect(s.requests.length).toBeLessThanOrEqual(55);
    expect(s.requests.every((request) => request.status === 200)).toBe(true);
  }, 60_000);

  it('gets past the 10,000 offset cap: 10,500 open incidents, all loaded, no duplicates, no 400s', async () => {
    const { sim: s, provider } = await setup({ seedIncidents: 10_500 });
    s.resetRequestLog();
    const { incidents } = await provider.listOpenIncidents();
    const ids = incidents.map((incident) => incident.id);
    expect(ids.length).toBe(openIds(s).length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(10_500);
    expect(s.requests.filter((request) => request.status !== 200)).toEqual([]);
    expect(s.requests.length).toBeLessThanOrEqual(120);
  }, 90_000);

  it('asks only for what is in scope, and resolves "me" once', async () => {
    const { sim: s, provider } = await setup({ seedIncidents: 300 }, { scope: { assignedToMe: true } });
    s.resetRequestLog();
    const first = await provider.listOpenIncidents();
    await provider.listOpenIncidents();
    expect(s.requests.filter((request) => request.path === '/users/me')).toHaveLength(1);
    const mine = s.state
      .listIncidents({ statuses: ['triggered', 'acknowledged'], userIds: [s.state.meUserId] })
      .map((incident) => incident.id);
    expect(first.incidents.map((incident) => incident.id).sort()).toEqual(mine.sort());
    expect(first.incidents.every((incident) => incident.assignees.some((assignee) => assignee.id === s.state.meUserId))).toBe(true);
  });
});

describe('incremental sync', () => {
  it('costs exactly one request per poll when nothing changed', async () => {
    const { sim: s, provider } = await setup();
    const { cursor } = await provider.listOpenIncidents();
    const first = await provider.changesSince(cursor);
    s.resetRequestLog();
    const idle = await provider.changesSince(first.cursor);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.path).toBe('/log_entries');
    expect(idle.changed).toEqual([]);
    expect(idle.leftScope).toEqual([]);
    s.resetRequestLog();
    await provider.changesSince(idle.cursor);
    expect(s.requests).toHaveLength(1);
  });

  it('shows an Events API trigger in the next poll, with its tenant, and reports it only once', async () => {
    const { sim: s, provider } = await setup();
    const { cursor } = await provider.listOpenIncidents();
    const settled = await provider.changesSince(cursor);
    await triggerEvent(s, 0, {
      payload: {
        summary: 'Checkout latency above 2s',
        source: 'prometheus',
        severity: 'critical',
        custom_details: { tenant: 'acme', dashboard_url: 'https://grafana.example.com/d/1' },
      },
      links: [{ href: 'https://runbooks.example.com/latency', text: 'Runbook' }, { href: 'http://insecure.example.com' }],
    });
    const changes = await provider.changesSince(settled.cursor);
    const created = changes.changed.find((incident) => incident.title === 'Checkout latency above 2s');
    expect(created).toBeDefined();
    expect(created!.status).toBe('triggered');
    expect(created!.service.id).toBe(s.state.services[0]!.id);

    const detail = await provider.getIncidentDetail(created!.id);
    expect(detail.incident.tenant).toBe('acme');
    expect(detail.alerts).toHaveLength(1);
    expect(detail.alerts[0]!.links.map((link) => link.href).sort()).toEqual([
      'https://grafana.example.com/d/1',
      'https://runbooks.example.com/latency',
    ]);
    expect(detail.logEntries.some((entry) => entry.type === 'trigger')).toBe(true);

    const again = await provider.changesSince(changes.cursor);
    expect(again.changed.map((incident) => incident.id)).not.toContain(created!.id);
  });

  it('reports incidents that changed outside the scope as leftScope', async () => {
    const { sim: s, provider } = await setup({ seedIncidents: 60 });
    const inScopeService = s.state.services[0]!.id;
    const scoped = createPagerDutyProvider({
      baseUrl: s.baseUrl,
      token: TOKEN,
      from: s.state.me.email,
      scope: { serviceIds: [inScopeService] },
    });
    const { cursor } = await scoped.listOpenIncidents();
    const settled = await scoped.changesSince(cursor);
    const outside = openIds(s)
      .map((id) => s.state.getIncident(id)!)
      .find((incident) => incident.serviceId !== inScopeService)!;
    await provider.acknowledge([outside.id]);
    const changes = await scoped.changesSince(settled.cursor);
    expect(changes.leftScope).toContain(outside.id);
    expect(changes.changed.map((incident) => incident.id)).not.toContain(outside.id);
  });
});

describe('writes', () => {
  it('acknowledge, note and resolve land in PagerDuty, and replays are harmless', async () => {
    const { sim: s, provider } = await setup();
    const { incidents } = await provider.listOpenIncidents();
    const targets = incidents
      .filter((incident) => incident.status === 'triggered')
      .slice(0, 3)
      .map((incident) => incident.id);
    expect(targets.length).toBe(3);

    await provider.acknowledge(targets);
    expect(targets.map((id) => s.state.getIncident(id)!.status)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    await provider.acknowledge(targets);

    const note = await provider.addNote(targets[0]!, 'Rolling back the deploy');
    expect(s.state.notesOf(s.state.getIncident(targets[0]!)!).map((each) => each.content)).toContain('Rolling back the deploy');
    expect((await provider.listNotes(targets[0]!)).map((each) => each.id)).toContain(note.id);

    await provider.resolve(targets);
    expect(targets.map((id) => s.state.getIncident(id)!.status)).toEqual(['resolved', 'resolved', 'resolved']);
    // Replays after a crash: neither fails, and acknowledging does not reopen.
    await provider.resolve(targets);
    await provider.resolve([targets[0]!]);
    await provider.acknowledge(targets);
    expect(targets.map((id) => s.state.getIncident(id)!.status)).toEqual(['resolved', 'resolved', 'resolved']);
    const writes = s.requests.filter((request) => request.method !== 'GET');
    expect(writes.every((request) => request.headers.from === s.state.me.email)).toBe(true);
  });

  it('updates more than 250 incidents in chunks of at most 250', async () => {
    const { sim: s, provider } = await setup({ seedIncidents: 600 });
    const { incidents } = await provider.listOpenIncidents();
    s.resetRequestLog();
    await provider.resolve(incidents.map((incident) => incident.id));
    const bulk = s.requests.filter((request) => request.method === 'PUT' && request.path === '/incidents');
    expect(bulk.length).toBe(Math.ceil(incidents.length / 250));
    for (const request of bulk) expect((JSON.parse(request.body!) as { incidents: unknown[] }).incidents.length).toBeLessThanOrEqual(250);
    expect(s.state.incidentCount('triggered') + s.state.incidentCount('acknowledged')).toBe(0);
  });
});

describe('auth and faults', () => {
  it('401: an auth error that says to check the token, without the token', async () => {
    const { provider } = await setup({ validTokens: ['some-other-token'] });
    const error = await provider.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth');
    expect((error as ProviderError).message).toMatch(/rejected the token \(401\): check the token/);
    expect((error as ProviderError).message).not.toContain(TOKEN);
  });

  it('rides out a 429 storm, waiting as long as ratelimit-reset says', async () => {
    const { sim: s, provider, sleeps } = await setup();
    s.faults.inject({ kind: 'rate-limit', count: 3, path: '/incidents' });
    const { incidents } = await provider.listOpenIncidents();
    expect(incidents.length).toBe(openIds(s).length);
    const limited = s.requests.filter((request) => request.status === 429);
    expect(limited).toHaveLength(3);
    expect(sleeps.filter((ms) => ms >= 1_000).length).toBeGreaterThanOrEqual(3);
  });

  it('rides out 5xx answers, dropped connections and malformed bodies', async () => {
    const { sim: s, provider } = await setup();
    s.faults.inject({ kind: 'server-error', count: 1, status: 503, path: '/incidents' });
    s.faults.inject({ kind: 'server-error', count: 1, status: 500, path: '/incidents' });
    s.faults.inject({ kind: 'drop', count: 1, path: '/incidents' });
    s.faults.inject({ kind: 'malformed', count: 1, path: '/incidents' });
    const { incidents } = await provider.listOpenIncidents();
    expect(incidents.length).toBe(openIds(s).length);
    expect(s.requests.length).toBe(5);
  });

  it('gives up with a transient error after maxRetries', async () => {
    const { sim: s, provider } = await setup({}, { maxRetries: 2 });
    s.faults.inject({ kind: 'server-error', count: 10, status: 502 });
    const error = await provider.listOpenIncidents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('transient');
    expect((error as ProviderError).message).toMatch(/502.*gave up after 3 attempts/);
    expect(s.requests.length).toBe(3);
  });

  it('times out a slow answer and retries', async () => {
    const { sim: s, provider } = await setup({}, { timeoutMs: 150 });
    s.faults.inject({ kind: 'slow', count: 1, delayMs: 1_500, path: '/log_entries' });
    // Start after the seeding (the demo data writes entries up to the moment it starts).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    const changes = await provider.changesSince(JSON.stringify({ v: 1, since: new Date(started).toISOString(), seen: [] }));
    expect(changes.changed).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(s.requests.filter((request) => request.path === '/log_entries').length).toBe(2);
  });
});

describe('extra reads', () => {
  it('lists services and on-calls', async () => {
    const { sim: s, provider } = await setup();
    const services = await provider.listServices();
    expect(services.map((service) => service.id).sort()).toEqual(s.state.services.map((service) => service.id).sort());
    expect(services[0]!.name).toBeTruthy();
    const oncalls = await provider.listOnCalls({ earliest: true });
    expect(oncalls.length).toBeGreaterThan(0);
    expect(oncalls.every((oncall) => oncall.user.id && oncall.escalationPolicy.id)).toBe(true);
  });
});

describe('field changes in the incremental sync', () => {
  /** A change made by someone else, in the PagerDuty web app (straight at the simulator). */
  async function changeElsewhere(s: PagerDutySimulator, id: string, incident: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${s.baseUrl}/incidents/${id}`, {
      method: 'PUT',
      headers: {
        Authorization: `Token token=${TOKEN}`,
        Accept: 'application/vnd.pagerduty+json;version=2',
        'Content-Type': 'application/json',
        From: s.state.users[1]!.email,
      },
      body: JSON.stringify({ incident: { type: 'incident_reference', ...incident } }),
    });
    expect(response.status).toBe(200);
  }

  it('reports reassignments, escalations and urgency changes made elsewhere, from their log entries', async () => {
    const { sim: s, provider } = await setup();
    const { cursor } = await provider.listOpenIncidents();
    const [a, b, c] = s.state.listIncidents({ statuses: ['triggered'] }).map((incident) => incident.id);
    const victor = s.state.getUserByEmail('victor.alvarez@example.com')!;
    await changeElsewhere(s, a!, { assignments: [{ assignee: { id: victor.id, type: 'user_reference' } }] });
    await changeElsewhere(s, b!, { escalation_level: 2 });
    await changeElsewhere(s, c!, { urgency: s.state.getIncident(c!)!.urgency === 'high' ? 'low' : 'high' });
    const changes = await provider.changesSince(cursor);
    const byId = new Map(changes.changed.map((incident) => [incident.id, incident]));
    expect(byId.get(a!)?.assignees.map((assignee) => assignee.id)).toEqual([victor.id]);
    expect(byId.get(b!)?.assignees.map((assignee) => assignee.id)).toEqual(
      s.state.oncallUserIds(s.state.getIncident(b!)!.escalationPolicyId, 2),
    );
    expect(byId.get(c!)?.urgency).toBe(s.state.getIncident(c!)!.urgency);
  });

  it('reports our own priority change on the next poll, though PagerDuty writes no log entry for it', async () => {
    const { sim: s, provider } = await setup();
    const { cursor } = await provider.listOpenIncidents();
    const [ours, theirs] = s.state.listIncidents({ statuses: ['triggered'] }).map((incident) => incident.id);
    const p1 = s.state.getPriorityByName('P1')!;
    await provider.updateIncidents([ours!], { priorityId: p1.id });
    await changeElsewhere(s, theirs!, { priority: { id: p1.id, type: 'priority_reference' } });
    const changes = await provider.changesSince(cursor);
    expect(changes.changed.find((incident) => incident.id === ours)?.priority).toEqual({ id: p1.id, name: 'P1' });
    // Someone else's priority change waits for the next full reconcile.
    expect(changes.changed.some((incident) => incident.id === theirs)).toBe(false);
    const reloaded = await provider.listOpenIncidents();
    expect(reloaded.incidents.find((incident) => incident.id === theirs)?.priority?.id).toBe(p1.id);
  });
});
