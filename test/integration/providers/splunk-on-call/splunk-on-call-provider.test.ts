/**
 * The Splunk On-Call provider as the engine's PagingProvider, over real HTTP against the
 * Splunk On-Call simulator: the full load, an idle poll that is one request, a new alert
 * and an acknowledgement seen by the next poll, an incident that stops being listed,
 * acknowledge and resolve (one resolved meanwhile refused in the simulator's words while
 * the others land), reassigning by reroute, the refusals of what the API has no equivalent
 * for, the Resolved view, an incident's detail, who is on call, the directory, the incident
 * history, a rate-limit answer, a refused key, a read-only key, an unknown username, and
 * pacing that never earns a refusal from the simulator's per-route limits. The simulator
 * and the provider share one clock that only the provider's waits (and the tests) move, so
 * a minute of pacing takes no real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createSplunkOnCallProvider, type SplunkOnCallConfig } from '../../../../electron/providers/splunk-on-call';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../../electron/simulators/splunk-on-call';
import type { SplunkOnCallSimulatorOptions } from '../../../../electron/simulators/splunk-on-call/types';

const API_ID = 'acme-api-id';
const API_KEY = 'acme-key-0123456789';
const READ_ONLY_KEY = 'acme-read-only-key-42';
const USERNAME = 'isabel.moreno';

let sim: SplunkOnCallSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: SplunkOnCallSimulatorOptions = {}, config: Partial<SplunkOnCallConfig> = {}) {
  const clock = { t: Date.now() };
  sim = await startSplunkOnCallSimulator({
    credentials: [
      { apiId: API_ID, apiKey: API_KEY },
      { apiId: API_ID, apiKey: READ_ONLY_KEY, readOnly: true },
    ],
    now: () => clock.t,
    ...options,
  });
  const sleeps: number[] = [];
  const provider = createSplunkOnCallProvider({
    apiUrl: sim.apiUrl,
    apiId: API_ID,
    apiKey: API_KEY,
    username: USERNAME,
    orgSlug: 'acme',
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    ...config,
  });
  return { sim, provider, clock, sleeps };
}

async function refusalOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

function openNumbers(s: SplunkOnCallSimulator): number[] {
  return s.state.incidents.filter((incident) => incident.phase !== 'resolved').map((incident) => incident.number);
}

async function postAlert(s: SplunkOnCallSimulator, routingKey: string, alert: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${s.restEndpointUrl}/${routingKey}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alert),
  });
  expect(response.status).toBe(200);
}

/** The open incidents of the provider's full load. */
async function openIncidents(provider: ReturnType<typeof createSplunkOnCallProvider>) {
  return (await provider.listOpenIncidents()).incidents;
}

/** The requests the simulator received while `run` ran. */
async function requestsDuring(s: SplunkOnCallSimulator, run: () => Promise<unknown>): Promise<string[]> {
  const before = s.requests.length;
  await run();
  return s.requests.slice(before).map((request) => `${request.method} ${request.path}`);
}

describe('Splunk On-Call provider against the simulator', () => {
  it('loads the open incidents; an idle poll is one request; a new alert and an acknowledgement show in the next poll', async () => {
    const { sim, provider } = await setup();
    const { incidents: open, cursor } = await provider.listOpenIncidents();
    expect(open.map((incident) => incident.number).sort((a, b) => a - b)).toEqual(openNumbers(sim).sort((a, b) => a - b));
    expect(open.length).toBeGreaterThan(0);
    for (const incident of open) {
      expect(incident.provider).toBe('splunk-on-call');
      expect(incident.id).toBe(`splunk-on-call:${incident.number}`);
      expect(incident.htmlUrl).toBe(`https://portal.victorops.com/ui/acme/incident/${incident.number}/details`);
    }

    let idle: Awaited<ReturnType<typeof provider.changesSince>> | null = null;
    expect(await requestsDuring(sim, async () => (idle = await provider.changesSince(cursor)))).toEqual(['GET /api-public/v1/incidents']);
    expect(idle).toEqual({ changed: [], leftScope: [], cursor });

    await postAlert(sim, 'payouts', {
      message_type: 'CRITICAL',
      entity_id: 'payouts/queue-depth',
      entity_display_name: 'Payout queue backing up',
    });
    const next = await provider.changesSince(cursor);
    expect(next.changed).toHaveLength(1);
    const added = next.changed[0]!;
    expect(added).toMatchObject({ title: 'Payout queue backing up', status: 'triggered', service: { id: 'payouts', name: 'payouts' } });
    expect(added.escalationPolicy?.name).toBe('Merchant Platform On-Call');
    expect(added.team?.name).toBe('Merchant Platform');
    expect(next.leftScope).toEqual([]);

    // A monitoring tool acknowledges it, and a further CRITICAL rolls into it (no change the queue shows).
    await postAlert(sim, 'payouts', { message_type: 'ACKNOWLEDGEMENT', entity_id: 'payouts/queue-depth', ack_author: 'grace.liu' });
    await postAlert(sim, 'payouts', { message_type: 'CRITICAL', entity_id: 'payouts/queue-depth' });
    const acked = await provider.changesSince(next.cursor);
    expect(acked.changed.map((incident) => [incident.id, incident.status])).toEqual([[added.id, 'acknowledged']]);
    await postAlert(sim, 'payouts', { message_type: 'CRITICAL', entity_id: 'payouts/queue-depth' });
    expect((await provider.changesSince(acked.cursor)).changed).toEqual([]);
  });

  it('an incident resolved and no longer listed leaves the scope', async () => {
    const { sim, provider, clock } = await setup({ recentlyResolvedMs: 60_000 });
    const { incidents, cursor } = await provider.listOpenIncidents();
    const incident = incidents[0]!;
    await provider.resolve([incident.id]);
    const resolved = await provider.changesSince(cursor);
    expect(resolved.changed.find((each) => each.id === incident.id)?.status).toBe('resolved');
    clock.t += 61_000;
    const gone = await provider.changesSince(resolved.cursor);
    expect(gone.leftScope).toContain(incident.id);
    expect(gone.changed).toEqual([]);
    expect(sim.state.getIncident(incident.number)?.phase).toBe('resolved');
  });

  it('acknowledges and resolves as the configured user; one resolved meanwhile is refused in the simulator’s words, the others land', async () => {
    const { sim, provider } = await setup();
    const [first, second, third] = (await openIncidents(provider)).filter((incident) => incident.status === 'triggered');
    expect(third).toBeDefined();
    await provider.acknowledge([first!.id], 'looking');
    const ackedRecord = sim.state.getIncident(first!.number)!;
    expect(ackedRecord.phase).toBe('acknowledged');
    expect(ackedRecord.transitions.at(-1)).toMatchObject({ name: 'ACKED', by: USERNAME, message: 'looking' });
    const now = await provider.incidentsNow([first!.id]);
    expect(now.get(first!.id)?.acknowledgedBy.map((user) => user.id)).toEqual([USERNAME]);

    // Someone's monitoring resolves the second meanwhile: acknowledging it is refused, the third is acknowledged.
    const secondRecord = sim.state.getIncident(second!.number)!;
    await postAlert(sim, secondRecord.routingKey, { message_type: 'RECOVERY', entity_id: secondRecord.entityId });
    const ackRefusal = await refusalOf(provider.acknowledge([second!.id, third!.id]));
    expect(ackRefusal.kind).toBe('rejected');
    expect(ackRefusal.message).toBe(
      `Not acknowledged: #${second!.number}: Incident ${second!.number} is already resolved. The other one was acknowledged.`,
    );
    expect(sim.state.getIncident(third!.number)?.phase).toBe('acknowledged');

    // Resolving it again counts as done (safe to replay); an incident Splunk On-Call does not know is refused.
    const resolveRefusal = await refusalOf(provider.resolve([first!.id, second!.id, third!.id, 'splunk-on-call:99999'], 'fixed'));
    expect(resolveRefusal.message).toBe('Not resolved: #99999: Incident 99999 not found. The other 3 were resolved.');
    expect(sim.state.getIncident(first!.number)?.phase).toBe('resolved');
    expect(sim.state.getIncident(third!.number)?.transitions.at(-1)).toMatchObject({ name: 'RESOLVED', by: USERNAME, message: 'fixed' });
    const patches = sim.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => JSON.parse(request.body ?? '{}').incidentNames)).toEqual([
      [String(first!.number)],
      [String(second!.number), String(third!.number)],
      [String(first!.number), String(second!.number), String(third!.number), '99999'],
    ]);
  });

  it('reassigns by rerouting to an escalation policy and to users; an unknown user is refused in the simulator’s words', async () => {
    const { sim, provider } = await setup();
    const [incident, other] = await openIncidents(provider);
    const leads = sim.state.policies.find((policy) => policy.name === 'Data Platform Leads')!;
    await provider.updateIncidents([incident!.id, other!.id], { assignTo: { escalationPolicyId: leads.slug } });
    expect(sim.state.getIncident(incident!.number)?.pagedPolicySlugs).toEqual([leads.slug]);
    expect(sim.state.getIncident(other!.number)?.pagedPolicySlugs).toEqual([leads.slug]);
    expect(sim.requests.filter((request) => request.path === '/api-public/v1/incidents/reroute')).toHaveLength(1);

    await provider.updateIncidents([incident!.id], { assignTo: { userIds: ['grace.liu', 'rafael.ortega'] } });
    expect(sim.state.getIncident(incident!.number)?.pagedUsers).toEqual(expect.arrayContaining(['grace.liu', 'rafael.ortega']));
    const [after] = [...(await provider.incidentsNow([incident!.id])).values()];
    expect(after?.assignees.map((user) => user.id)).toEqual(expect.arrayContaining(['grace.liu', 'rafael.ortega']));

    const refusal = await refusalOf(provider.updateIncidents([incident!.id], { assignTo: { userIds: ['nobody.here'] } }));
    expect(refusal.kind).toBe('rejected');
    expect(refusal.message).toBe(`Not reassigned: #${incident!.number}: No valid targets; nobody.here: User nobody.here not found.`);
  });

  it('refuses what Splunk On-Call has no equivalent for without sending anything, and lists no notes', async () => {
    const { sim, provider } = await setup();
    const [incident, other] = await openIncidents(provider);
    const id = incident!.id;
    const sent = await requestsDuring(sim, async () => {
      const refusals = await Promise.all([
        refusalOf(provider.addNote(id, 'Rolled back the deploy')),
        refusalOf(provider.updateNote(id, 'n1', 'x')),
        refusalOf(provider.deleteNote(id, 'n1')),
        refusalOf(provider.snooze(id, 1800)),
        refusalOf(provider.merge(id, [other!.id])),
        refusalOf(provider.addResponders(id, { userIds: ['grace.liu'], escalationPolicyIds: [], message: 'help' })),
        refusalOf(provider.reopen([id])),
        refusalOf(provider.updateIncidents([id], { urgency: 'low' })),
        refusalOf(provider.updateIncidents([id], { priorityId: null })),
        refusalOf(provider.updateIncidents([id], { escalationLevel: 2 })),
      ]);
      for (const refusal of refusals) {
        expect(refusal.kind).toBe('rejected');
        expect(refusal.message).toMatch(/^Splunk On-Call('s public API)? (has no|cannot) /);
      }
      expect(refusals[0]!.message).toBe('Splunk On-Call has no incident notes in its public API: the note was not sent to Splunk On-Call');
      expect(await provider.listNotes(id)).toEqual([]);
    });
    expect(sent).toEqual([]);
  });

  it('lists the recently resolved newest first, from the current list, topped up from the history within its pacing', async () => {
    const { sim, provider, sleeps } = await setup();
    const resolvedBySim = sim.state.incidents
      .filter((incident) => incident.phase === 'resolved')
      .sort((a, b) => b.endTime! - a.endTime! || b.number - a.number);
    const listed = new Set(sim.state.currentIncidents().map((incident) => incident.number));

    const few = await requestsDuring(sim, async () => {
      const three = await provider.listRecentlyResolved(3);
      expect(three.map((incident) => incident.number)).toEqual(resolvedBySim.slice(0, 3).map((incident) => incident.number));
      expect(three.every((incident) => incident.status === 'resolved')).toBe(true);
    });
    expect(few).toEqual(['GET /api-public/v1/incidents']);

    const many = await provider.listRecentlyResolved(200);
    const numbers = many.map((incident) => incident.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const times = many.map((incident) => Date.parse(incident.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Everything the current list has, and older ones from the history besides.
    for (const incident of resolvedBySim.filter((each) => listed.has(each.number))) expect(numbers).toContain(incident.number);
    expect(numbers.some((number) => !listed.has(number))).toBe(true);
    expect(sim.requests.filter((request) => request.path === '/api-reporting/v2/incidents')).toHaveLength(1);
    // Asked again at once: the history route is not waited for, the kept read serves.
    expect(await provider.listRecentlyResolved(200)).toHaveLength(many.length);
    expect(sim.requests.filter((request) => request.path === '/api-reporting/v2/incidents')).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('an incident’s detail: its transitions as the timeline and its last alert with the tool’s links', async () => {
    const { sim, provider } = await setup();
    await postAlert(sim, 'data-warehouse', {
      message_type: 'CRITICAL',
      entity_id: 'warehouse/disk-full',
      entity_display_name: 'Warehouse disk 95% full',
      state_message: 'volume /data at 95%, see https://grafana.example.com/d/warehouse-disk',
      monitoring_tool: 'Prometheus',
      'vo_annotate.u.Runbook': 'https://runbooks.example.com/warehouse/disk-full',
    });
    const record = sim.state.openIncidentFor('warehouse/disk-full')!;
    const id = `splunk-on-call:${record.number}`;
    await provider.getDirectory();
    await provider.acknowledge([id], 'Clearing old partitions');

    const detail = await provider.getIncidentDetail(id);
    expect(detail.incident).toMatchObject({ id, title: 'Warehouse disk 95% full', status: 'acknowledged' });
    expect(detail.logEntries.map((entry) => [entry.type, entry.summary, entry.agent?.id ?? null])).toEqual([
      ['trigger', 'Triggered by an alert routed by data-warehouse.', null],
      ['acknowledge', 'Acknowledged by Isabel Moreno: Clearing old partitions', USERNAME],
    ]);
    expect(detail.alerts).toHaveLength(1);
    expect(detail.alerts[0]).toMatchObject({
      id: record.lastAlertId,
      summary: 'Warehouse disk 95% full',
      status: 'triggered',
      severity: 'CRITICAL',
      details: expect.objectContaining({ monitoring_tool: 'Prometheus' }),
      links: [
        { href: 'https://runbooks.example.com/warehouse/disk-full', text: 'Runbook' },
        { href: 'https://grafana.example.com/d/warehouse-disk', text: 'https://grafana.example.com/d/warehouse-disk' },
      ],
    });
    expect(detail).toMatchObject({ notes: [], responders: [], escalation: null });
  });

  it('says whose name writes carry, reads the directory and who is on call now', async () => {
    const { sim, provider } = await setup();
    expect(await provider.whoAmI()).toEqual({ id: USERNAME, name: 'Isabel Moreno', email: `${USERNAME}@example.com` });
    const directory = await provider.getDirectory();
    expect(directory.users.map((user) => user.id).sort()).toEqual(sim.state.users.map((user) => user.username).sort());
    expect(directory.teams.map((team) => team.name).sort()).toEqual(['Data Platform', 'Merchant Platform']);
    expect(directory.escalationPolicies.map((policy) => policy.id).sort()).toEqual(sim.state.policies.map((policy) => policy.slug).sort());
    expect(directory.services.map((service) => service.id)).toEqual(sim.state.routingKeys.map((key) => key.routingKey));
    const dataTeam = sim.state.teams.find((team) => team.name === 'Data Platform')!;
    for (const username of dataTeam.memberUsernames) {
      expect(directory.users.find((user) => user.id === username)?.teamIds).toContain(dataTeam.slug);
    }
    const onCalls = await provider.listOnCalls();
    for (const policy of sim.state.policies) {
      const expected = sim.state.onCallUsernames(policy);
      expect(onCalls.filter((onCall) => onCall.escalationPolicy.id === policy.slug).map((onCall) => onCall.user.id)).toEqual(expected);
    }
    // Names from the directory read.
    expect(onCalls[0]?.user.name).not.toBe(onCalls[0]?.user.id);
  });

  it('reads the incident history for response metrics, every phase, a page a minute', async () => {
    const { sim, provider, clock, sleeps } = await setup({ historyDays: 45 });
    const since = clock.t - 45 * 86_400_000;
    const times = await provider.listIncidentTimes(since);
    const expected = sim.state.incidents.filter((incident) => incident.startTime > since);
    expect(times.map((each) => each.number).sort((a, b) => a - b)).toEqual(
      expected.map((incident) => incident.number).sort((a, b) => a - b),
    );
    const resolved = times.find((each) => each.resolvedAt !== null);
    expect(resolved?.resolvedAt).toBeGreaterThanOrEqual(resolved!.triggeredAt);
    const pages = sim.requests.filter((request) => request.path === '/api-reporting/v2/incidents');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((request) => request.status === 200)).toBe(true);
    expect(sleeps.filter((ms) => ms >= 60_000)).toHaveLength(pages.length - 1);
  });
});

describe('refusals and rate limits against the simulator', () => {
  it('a wrong key: one line naming the API ID and key to fix', async () => {
    const { provider } = await setup({}, { apiKey: 'not-the-key' });
    const refusal = await refusalOf(provider.listOpenIncidents());
    expect(refusal.kind).toBe('auth');
    expect(refusal.message).toContain('SPLUNK_ONCALL_API_ID');
    expect(refusal.message).toContain('SPLUNK_ONCALL_API_KEY');
    expect(refusal.message).not.toContain('not-the-key');
    expect(refusal.message).not.toContain('\n');
  });

  it('a read-only key reads, but a write says why it was refused', async () => {
    const { provider } = await setup({}, { apiKey: READ_ONLY_KEY });
    const [incident] = await openIncidents(provider);
    const refusal = await refusalOf(provider.acknowledge([incident!.id]));
    expect(refusal.kind).toBe('auth');
    expect(refusal.message).toContain('read-only API key');
  });

  it('an unknown username: names SPLUNK_ONCALL_USER', async () => {
    const { provider } = await setup({}, { username: 'no.such.user' });
    const refusal = await refusalOf(provider.whoAmI());
    expect(refusal.message).toContain('knows no user "no.such.user"');
    expect(refusal.message).toContain('SPLUNK_ONCALL_USER');
    const [incident] = await openIncidents(provider);
    expect((await refusalOf(provider.resolve([incident!.id]))).message).toContain('SPLUNK_ONCALL_USER');
  });

  it('a rate-limit answer (403 Too Many Requests): backs off a window and retries', async () => {
    const { sim, provider, sleeps } = await setup();
    sim.faults.inject({ kind: 'rate-limit', count: 1, path: '/api-public/v1/incidents' });
    expect((await openIncidents(provider)).length).toBeGreaterThan(0);
    const statuses = sim.requests.filter((request) => request.path === '/api-public/v1/incidents').map((request) => request.status);
    expect(statuses).toEqual([403, 200]);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('a 429 rate limit is read the same way', async () => {
    const { sim, provider } = await setup({ rateLimitStatus: 429 });
    sim.faults.inject({ kind: 'rate-limit', count: 1, path: '/api-public/v1/oncall/current' });
    expect((await provider.listOnCalls()).length).toBeGreaterThan(0);
  });

  it('never earns a refusal from the simulator’s per-route limits, however fast it is asked', async () => {
    const { sim, provider, clock } = await setup();
    for (let i = 0; i < 130; i++) await provider.listOpenIncidents();
    const [incident] = await openIncidents(provider);
    for (let i = 0; i < 70; i++) await provider.acknowledge([incident!.id]);
    for (let i = 0; i < 3; i++) {
      await provider.getDirectory();
      clock.t += 121_000;
    }
    await provider.listIncidentTimes(clock.t - 86_400_000);
    await provider.listIncidentTimes(clock.t - 2 * 86_400_000);
    const refused = sim.requests.filter((request) => request.status !== 200);
    expect(refused.map((request) => `${request.status} ${request.method} ${request.path}`)).toEqual([]);
  });

  it('a server that keeps failing: a transient error after the retries, and the next call works', async () => {
    const { sim, provider } = await setup({}, { maxRetries: 2 });
    sim.faults.inject({ kind: 'server-error', count: 3, path: '/api-public/v1/incidents' });
    const refusal = await refusalOf(provider.listOpenIncidents());
    expect(refusal.kind).toBe('transient');
    expect(refusal.message).toContain('gave up after 3 attempts');
    expect((await openIncidents(provider)).length).toBeGreaterThan(0);
  });
});
