/**
 * The Splunk On-Call provider over real HTTP against the Splunk On-Call simulator: load,
 * a new alert seen by the next poll, acknowledge, resolve (one resolved meanwhile refused,
 * the others landing), reroute, who is on call, the directory, the incident history, a
 * rate-limit answer, a refused key, a read-only key, an unknown username, and pacing that
 * never earns a refusal from the simulator's per-route limits. The simulator and the
 * provider share one clock that only the provider's waits move, so a minute of pacing
 * takes no real time.
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

describe('Splunk On-Call provider against the simulator', () => {
  it('loads the open incidents, and the next read sees a new alert', async () => {
    const { sim, provider } = await setup();
    const open = await provider.listOpenIncidents();
    expect(open.map((incident) => incident.number).sort((a, b) => a - b)).toEqual(openNumbers(sim).sort((a, b) => a - b));
    expect(open.length).toBeGreaterThan(0);
    for (const incident of open) {
      expect(incident.provider).toBe('splunk-on-call');
      expect(incident.id).toBe(`splunk-on-call:${incident.number}`);
      expect(incident.htmlUrl).toBe(`https://portal.victorops.com/ui/acme/incident/${incident.number}/details`);
    }
    await postAlert(sim, 'payouts', {
      message_type: 'CRITICAL',
      entity_id: 'payouts/queue-depth',
      entity_display_name: 'Payout queue backing up',
    });
    const after = await provider.listOpenIncidents();
    const added = after.find((incident) => incident.title === 'Payout queue backing up');
    expect(added).toMatchObject({ status: 'triggered', service: { id: 'payouts', name: 'payouts' } });
    expect(added?.escalationPolicy?.name).toBe('Merchant Platform On-Call');
    expect(added?.team?.name).toBe('Merchant Platform');
  });

  it('acknowledges and resolves as the configured user; one resolved meanwhile is refused in the simulator’s words, the others land', async () => {
    const { sim, provider } = await setup();
    const [first, second, third] = (await provider.listOpenIncidents()).filter((incident) => incident.status === 'triggered');
    expect(third).toBeDefined();
    const acked = await provider.acknowledge([first!.id, second!.id], 'looking');
    expect(acked.every((outcome) => outcome.landed)).toBe(true);
    const ackedRecord = sim.state.getIncident(first!.number)!;
    expect(ackedRecord.phase).toBe('acknowledged');
    expect(ackedRecord.transitions.at(-1)).toMatchObject({ name: 'ACKED', by: USERNAME, message: 'looking' });
    const now = await provider.incidentsNow([first!.id]);
    expect(now.get(first!.id)?.acknowledgedBy.map((user) => user.id)).toEqual([USERNAME]);

    // Someone resolves the second in the web app meanwhile.
    await postAlert(sim, sim.state.getIncident(second!.number)!.routingKey, {
      message_type: 'RECOVERY',
      entity_id: sim.state.getIncident(second!.number)!.entityId,
    });
    const resolved = await provider.resolve([first!.id, second!.id, third!.id], 'fixed');
    expect(resolved).toEqual([
      { incidentId: first!.id, landed: true, refusal: null },
      { incidentId: second!.id, landed: false, refusal: `Incident ${second!.number} is already resolved` },
      { incidentId: third!.id, landed: true, refusal: null },
    ]);
    expect(sim.state.getIncident(third!.number)?.phase).toBe('resolved');
    const requests = sim.requests.filter((request) => request.method === 'PATCH');
    expect(requests.map((request) => JSON.parse(request.body ?? '{}').incidentNames)).toEqual([
      [String(first!.number), String(second!.number)],
      [String(first!.number), String(second!.number), String(third!.number)],
    ]);
  });

  it('reroutes to an escalation policy and to a user', async () => {
    const { sim, provider } = await setup();
    const [incident] = await provider.listOpenIncidents();
    const leads = sim.state.policies.find((policy) => policy.name === 'Data Platform Leads')!;
    expect(await provider.reroute([incident!.id], { kind: 'escalation-policy', slug: leads.slug })).toEqual([
      { incidentId: incident!.id, landed: true, refusal: null },
    ]);
    expect(sim.state.getIncident(incident!.number)?.pagedPolicySlugs).toEqual([leads.slug]);
    await provider.reroute([incident!.id], { kind: 'user', username: 'grace.liu' });
    expect(sim.state.getIncident(incident!.number)?.pagedUsers).toContain('grace.liu');
    const [unknown] = await provider.reroute([incident!.id], { kind: 'user', username: 'nobody.here' });
    expect(unknown?.landed).toBe(false);
    expect(unknown?.refusal).toContain('nobody.here');
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
    const [incident] = await provider.listOpenIncidents();
    const refusal = await refusalOf(provider.acknowledge([incident!.id]));
    expect(refusal.kind).toBe('auth');
    expect(refusal.message).toContain('read-only API key');
  });

  it('an unknown username: names SPLUNK_ONCALL_USER', async () => {
    const { provider } = await setup({}, { username: 'no.such.user' });
    const refusal = await refusalOf(provider.whoAmI());
    expect(refusal.message).toContain('knows no user "no.such.user"');
    expect(refusal.message).toContain('SPLUNK_ONCALL_USER');
    const [incident] = await provider.listOpenIncidents();
    expect((await refusalOf(provider.resolve([incident!.id]))).message).toContain('SPLUNK_ONCALL_USER');
  });

  it('a rate-limit answer (403 Too Many Requests): backs off a window and retries', async () => {
    const { sim, provider, sleeps } = await setup();
    sim.faults.inject({ kind: 'rate-limit', count: 1, path: '/api-public/v1/incidents' });
    expect((await provider.listOpenIncidents()).length).toBeGreaterThan(0);
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
    const [incident] = await provider.listOpenIncidents();
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
    expect((await provider.listOpenIncidents()).length).toBeGreaterThan(0);
  });
});
