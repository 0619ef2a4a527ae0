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
