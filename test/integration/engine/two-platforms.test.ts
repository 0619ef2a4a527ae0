/**
 * One queue over PagerDuty and Splunk On-Call, over real HTTP against both simulators and
 * ServiceNow: incidents of both arrive with their platform and one connection each; an
 * acknowledgement spanning both lands on each platform; a note on a Splunk On-Call incident
 * (no notes in its API) goes to the ticket only; a resolve carries its note as Splunk
 * On-Call's message; with Splunk On-Call down its incidents stay and PagerDuty carries on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSplunkOnCallProvider } from '../../../electron/providers/splunk-on-call';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../electron/simulators/splunk-on-call';
import { waitFor } from '../../support/wait-for';
import { startHarness, type Harness } from './engine-harness';

const API_ID = 'acme-api-id';
const API_KEY = 'acme-key-0123456789';

let harness: Harness | null = null;
let splunk: SplunkOnCallSimulator | null = null;
afterEach(async () => {
  await harness?.close();
  await splunk?.close();
  harness = splunk = null;
});

async function start() {
  splunk = await startSplunkOnCallSimulator({ credentials: [{ apiId: API_ID, apiKey: API_KEY }] });
  const username = splunk.state.users.values().next().value!.username;
  const provider = createSplunkOnCallProvider({ apiUrl: splunk.apiUrl, apiId: API_ID, apiKey: API_KEY, username, timeoutMs: 2_000 });
  // Splunk On-Call's incidents are on routing keys: each gets a ServiceNow mapping like the demo's first service.
  const routingKeys = splunk.state.routingKeys.map((key) => key.routingKey);
  harness = await startHarness({
    serviceNow: true,
    pollIntervalMs: 200,
    engine: { morePaging: [provider] },
    moreMappedServices: routingKeys,
  });
  await waitFor('both platforms loaded', async () => {
    const { incidents } = await harness!.engine.getSnapshot();
    return incidents.some((incident) => incident.provider === 'splunk-on-call') &&
      incidents.some((incident) => incident.provider === 'pagerduty')
      ? true
      : undefined;
  });
  return { h: harness, sim: splunk };
}

const numberOf = (incidentId: string) => Number(incidentId.slice('splunk-on-call:'.length));

describe('one queue over PagerDuty and Splunk On-Call', () => {
  it('shows both platforms with a connection each, and acknowledges across both with one request to each', async () => {
    const { h, sim } = await start();
    const snapshot = await h.engine.getSnapshot();
    expect(snapshot.connections.filter((connection) => connection.paging).map((connection) => connection.label)).toEqual([
      'PagerDuty',
      'Splunk On-Call',
    ]);
    const fromSplunk = snapshot.incidents.find((incident) => incident.provider === 'splunk-on-call' && incident.status === 'triggered')!;
    const fromPagerDuty = snapshot.incidents.find((incident) => incident.provider === 'pagerduty' && incident.status === 'triggered')!;
    sim.resetRequestLog();
    const record = await h.run({ kind: 'acknowledge', incidentIds: [fromPagerDuty.id, fromSplunk.id] });
    expect(record, JSON.stringify(record.lastError)).toMatchObject({ state: 'done' });
    expect(sim.state.getIncident(numberOf(fromSplunk.id))!.phase).toBe('acknowledged');
    expect(h.pagerDuty.state.getIncident(fromPagerDuty.id)!.status).toBe('acknowledged');
    expect(sim.requests.filter((request) => request.method === 'PATCH').map((request) => request.path)).toEqual([
      '/api-public/v1/incidents/ack',
    ]);
  });

  it("sends a note on a Splunk On-Call incident to its ticket only, and a resolve's note as the resolve's message", async () => {
    const { h, sim } = await start();
    const fromSplunk = (await h.engine.getSnapshot()).incidents.find((incident) => incident.provider === 'splunk-on-call')!;
    const noted = await h.run({ kind: 'addNote', incidentIds: [fromSplunk.id], content: 'Rolling back the consumer' });
    expect(noted, JSON.stringify(noted.lastError)).toMatchObject({ state: 'done' });
    const ticket = h.serviceNow!.state.rows('incident').find((row) => String(row.correlation_id ?? '').includes(fromSplunk.id));
    expect(ticket, 'a ServiceNow ticket for the Splunk On-Call incident').toBeDefined();
    expect(sim.requests.some((request) => request.path.includes('/notes'))).toBe(false);

    const resolved = await h.run({ kind: 'resolve', incidentIds: [fromSplunk.id], note: 'Consumer rolled back' });
    expect(resolved).toMatchObject({ state: 'done' });
    const incident = sim.state.getIncident(numberOf(fromSplunk.id))!;
    expect(incident.phase).toBe('resolved');
    expect(incident.transitions.at(-1)).toMatchObject({ message: 'Consumer rolled back' });
  });

  it('refuses an acknowledge on a Splunk On-Call incident resolved meanwhile, naming it, and the rest of the bulk action lands', async () => {
    const { h, sim } = await start();
    const open = (await h.engine.getSnapshot()).incidents.filter((incident) => incident.status === 'triggered');
    const [first, second] = open.filter((incident) => incident.provider === 'splunk-on-call');
    const fromPagerDuty = open.find((incident) => incident.provider === 'pagerduty')!;
    expect(second, 'two triggered Splunk On-Call incidents in the demo organisation').toBeDefined();
    // Someone resolves the first in Splunk On-Call's own app before the console's request goes.
    const record = sim.state.getIncident(numberOf(first!.id))!;
    sim.state.resolve(record, { user: 'grace.liu', message: 'Fixed by hand' });
    const gone = 'splunk-on-call:99999';

    const done = await h.run({ kind: 'acknowledge', incidentIds: [fromPagerDuty.id, first!.id, second!.id, gone] });
    expect(done.state).toBe('failed');
    expect(done.lastError).toMatch(new RegExp(`^Not acknowledged: #${first!.number} is already resolved, by Grace Liu`));
    // An id no platform knows is named with its own platform, not PagerDuty.
    expect(done.lastError).toContain(`Splunk On-Call has no open incident ${gone} (resolved, merged or never there)`);
    expect(done.lastError).toContain('The other 2 were acknowledged.');
    expect(sim.state.getIncident(numberOf(second!.id))!.phase).toBe('acknowledged');
    expect(sim.state.getIncident(numberOf(first!.id))!.phase).toBe('resolved');
    expect(h.pagerDuty.state.getIncident(fromPagerDuty.id)!.status).toBe('acknowledged');
  });

  it("puts Splunk On-Call's teams and their on-call people beside PagerDuty's in the on-call panel", async () => {
    const { h, sim } = await start();
    const { oncalls } = await h.engine.getOnCalls();
    const splunkPolicies = new Set(sim.state.policies.map((policy) => policy.name));
    const fromSplunk = oncalls.filter((oncall) => splunkPolicies.has(oncall.escalationPolicy.name));
    const fromPagerDuty = oncalls.filter((oncall) => !splunkPolicies.has(oncall.escalationPolicy.name));
    expect(fromPagerDuty.length).toBeGreaterThan(0);
    // Each Splunk On-Call on-call policy has its person on call now, by name.
    expect(new Set(fromSplunk.map((oncall) => oncall.escalationPolicy.name))).toEqual(
      new Set(['Data Platform On-Call', 'Data Platform Leads', 'Merchant Platform On-Call', 'Merchant Platform Leads']),
    );
    const people = new Set([...sim.state.users.values()].map((user) => `${user.firstName} ${user.lastName}`));
    for (const oncall of fromSplunk) expect(people.has(oncall.user.name ?? ''), JSON.stringify(oncall)).toBe(true);
  });

  it("counts Splunk On-Call's incidents in the response metrics, by its teams, beside PagerDuty's", async () => {
    const { h, sim } = await start();
    const since = Date.now() - 30 * 24 * 60 * 60_000;
    const splunkCount = sim.state.incidents.filter((incident) => incident.startTime >= since).length;
    const pagerDutyCount = h.pagerDuty.state.listIncidents({ since }).length;
    expect(splunkCount).toBeGreaterThan(0);
    const metrics = await h.engine.getResponseMetrics({ windowDays: 30 });
    expect(metrics.overall.incidents).toBe(splunkCount + pagerDutyCount);
    const teams = metrics.byTeam.map((figures) => figures.subject.name);
    expect(teams).toEqual(expect.arrayContaining(['Data Platform', 'Merchant Platform']));
  });

  it('keeps Splunk On-Call incidents while it is down, with its own connection saying so, and PagerDuty carries on', async () => {
    const { h, sim } = await start();
    const before = (await h.engine.getSnapshot()).incidents.filter((incident) => incident.provider === 'splunk-on-call').length;
    sim.faults.inject({ kind: 'server-error', count: 1_000 });
    await waitFor(
      'the Splunk On-Call connection to leave ok',
      async () => {
        const status = (await h.engine.getSnapshot()).connections.find((connection) => connection.provider === 'splunk-on-call');
        return status && status.state !== 'ok' ? status : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const snapshot = await h.engine.getSnapshot();
    expect(snapshot.incidents.filter((incident) => incident.provider === 'splunk-on-call')).toHaveLength(before);
    expect(snapshot.connections.find((connection) => connection.provider === 'pagerduty')?.state).toBe('ok');
    // PagerDuty's news still arrives.
    const service = h.pagerDuty.state.services[0]!;
    const created = h.pagerDuty.state.createIncident({
      serviceId: service.id,
      title: 'Checkout latency while Splunk On-Call is down',
      agent: { type: 'user', id: h.pagerDuty.state.me.id },
      channel: { type: 'api' },
    });
    await waitFor('the new PagerDuty incident', async () =>
      (await h.engine.getSnapshot()).incidents.some((incident) => incident.id === created.id) ? true : undefined,
    );
  });
});
