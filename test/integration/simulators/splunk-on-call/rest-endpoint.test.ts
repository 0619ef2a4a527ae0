// The REST endpoint integration over real HTTP: alerts by entity id open, roll into, acknowledge and resolve incidents, routed by routing key.
import { afterEach, describe, expect, it } from 'vitest';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../../electron/simulators/splunk-on-call';
import { CREDENTIALS, currentIncidents, incidentFor, postAlert } from './vo-http';

let sim: SplunkOnCallSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const start = (options: Parameters<typeof startSplunkOnCallSimulator>[0] = {}) =>
  startSplunkOnCallSimulator({ credentials: CREDENTIALS, rateLimits: false, seedIncidents: false, historyDays: 0, ...options });

const critical = {
  message_type: 'CRITICAL',
  entity_id: 'clickstream-pipeline/consumer-lag',
  entity_display_name: 'Clickstream Pipeline: consumer lag above 500k',
  state_message: 'consumer group clickstream-enricher is 612,000 messages behind',
  monitoring_tool: 'Prometheus',
};

describe('REST endpoint', () => {
  it('CRITICAL opens a triggered incident routed by the routing key, paging its policy on call', async () => {
    sim = await start();
    expect(sim.restEndpointUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/integrations\/generic\/20131114\/alert\/[0-9a-f-]+$/);
    const answer = await postAlert(sim, 'data-pipelines', critical);
    expect(answer).toEqual({ status: 200, body: { result: 'success', entity_id: critical.entity_id } });
    const [incident, ...others] = await incidentFor(sim, critical.entity_id);
    expect(others).toEqual([]);
    const policy = sim.state.policies.find((each) => each.name === 'Data Platform On-Call')!;
    expect(incident).toMatchObject({
      currentPhase: 'UNACKED',
      entityDisplayName: critical.entity_display_name,
      entityState: 'CRITICAL',
      alertCount: 1,
      routingKey: 'data-pipelines',
      pagedTeams: [policy.teamSlug],
      pagedUsers: sim.state.onCallUsernames(policy),
      transitions: [],
    });
    expect(incident!.pagedPolicies).toEqual([
      { policy: { name: 'Data Platform On-Call', slug: policy.slug }, team: { name: 'Data Platform', slug: policy.teamSlug } },
    ]);
  });

  it('dedups by entity id: further alerts roll into the open incident; ACKNOWLEDGEMENT acks, RECOVERY resolves, the next CRITICAL opens a new one', async () => {
    let now = Date.UTC(2026, 2, 3, 12, 0, 0);
    sim = await start({ now: () => now });
    await postAlert(sim, 'data-pipelines', critical);
    now += 60_000;
    await postAlert(sim, 'data-pipelines', { ...critical, state_message: 'still behind: 700,000' });
    let [incident] = await incidentFor(sim, critical.entity_id);
    expect(incident).toMatchObject({
      alertCount: 2,
      currentPhase: 'UNACKED',
      lastAlertTime: '2026-03-03T12:01:00Z',
      startTime: '2026-03-03T12:00:00Z',
    });

    now += 60_000;
    await postAlert(sim, 'data-pipelines', {
      message_type: 'ACKNOWLEDGEMENT',
      entity_id: critical.entity_id,
      ack_author: 'zara.ahmed',
      ack_msg: 'Scaling consumers',
    });
    [incident] = await incidentFor(sim, critical.entity_id);
    expect(incident!.currentPhase).toBe('ACKED');
    expect(incident!.transitions).toEqual([
      expect.objectContaining({
        name: 'ACKED',
        by: 'zara.ahmed',
        message: 'Scaling consumers',
        manually: false,
        at: '2026-03-03T12:02:00Z',
      }),
    ]);

    now += 60_000;
    await postAlert(sim, 'data-pipelines', { message_type: 'recovery', entity_id: critical.entity_id });
    [incident] = await incidentFor(sim, critical.entity_id);
    expect(incident).toMatchObject({ currentPhase: 'RESOLVED', alertCount: 4, entityState: 'RECOVERY' });
    expect(incident!.transitions.map((transition) => transition.name)).toEqual(['ACKED', 'RESOLVED']);

    now += 60_000;
    await postAlert(sim, 'data-pipelines', critical);
    const both = await incidentFor(sim, critical.entity_id);
    expect(both.map((each) => each.currentPhase)).toEqual(['RESOLVED', 'UNACKED']);
    expect(Number(both[1]!.incidentNumber)).toBe(Number(both[0]!.incidentNumber) + 1);
  });

  it('INFO, and ACKNOWLEDGEMENT or RECOVERY for an entity with nothing open, are accepted but open nothing', async () => {
    sim = await start();
    for (const message_type of ['INFO', 'ACKNOWLEDGEMENT', 'RECOVERY', 'OK', 'something-else']) {
      expect((await postAlert(sim, 'payouts', { message_type, entity_id: 'quiet' })).body).toEqual({
        result: 'success',
        entity_id: 'quiet',
      });
    }
    expect(await currentIncidents(sim)).toEqual([]);
  });

  it('WARNING opens an incident only when the org allows it; a CRITICAL after a WARNING pops an acknowledged incident off ack', async () => {
    sim = await start();
    await postAlert(sim, 'payouts', { message_type: 'WARNING', entity_id: 'payouts/queue-depth' });
    expect(await currentIncidents(sim)).toEqual([]);
    await sim.close();

    sim = await start({ warningOpensIncident: true });
    await postAlert(sim, 'payouts', { message_type: 'WARNING', entity_id: 'payouts/queue-depth' });
    await postAlert(sim, 'payouts', { message_type: 'ACKNOWLEDGEMENT', entity_id: 'payouts/queue-depth' });
    expect((await incidentFor(sim, 'payouts/queue-depth'))[0]).toMatchObject({ currentPhase: 'ACKED', entityState: 'WARNING' });
    await postAlert(sim, 'payouts', { message_type: 'WARNING', entity_id: 'payouts/queue-depth' });
    await postAlert(sim, 'payouts', { message_type: 'CRITICAL', entity_id: 'payouts/queue-depth' });
    expect((await incidentFor(sim, 'payouts/queue-depth'))[0]).toMatchObject({
      currentPhase: 'UNACKED',
      entityState: 'CRITICAL',
      alertCount: 4,
    });
  });

  it('routes an unknown or differently cased routing key, and a missing entity id gets a random one', async () => {
    sim = await start();
    await postAlert(sim, 'PAYOUTS', { message_type: 'CRITICAL', entity_id: 'upper' });
    await postAlert(sim, 'no-such-key', { message_type: 'CRITICAL', entity_id: 'stray' });
    const generated = await postAlert(sim, 'payouts', { message_type: 'CRITICAL' });
    expect(generated.body.entity_id).toMatch(/^[0-9a-f-]{36}$/);
    const incidents = await currentIncidents(sim);
    expect(incidents.find((incident) => incident.entityId === 'upper')?.routingKey).toBe('payouts');
    const stray = incidents.find((incident) => incident.entityId === 'stray')!;
    expect(stray.routingKey).toBe('routingdefault');
    expect(stray.pagedPolicies.map((each) => each.policy.name)).toEqual(['Data Platform On-Call']);
    expect(incidents.find((incident) => incident.entityId === generated.body.entity_id)).toBeDefined();
  });

  it('refuses an alert without message_type, a body that is not JSON and a wrong REST endpoint key', async () => {
    sim = await start();
    expect(await postAlert(sim, 'payouts', { entity_id: 'x' })).toEqual({
      status: 400,
      body: { result: 'failure', message: 'Missing fields: message_type' },
    });
    const notJson = await fetch(`${sim.restEndpointUrl}/payouts`, { method: 'POST', body: 'message_type=CRITICAL' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ result: 'failure' });
    const wrongKey = await fetch(`${sim.apiUrl}/integrations/generic/20131114/alert/not-our-key/payouts`, {
      method: 'POST',
      body: JSON.stringify({ message_type: 'CRITICAL' }),
    });
    expect(wrongKey.status).toBe(403);
    expect(await currentIncidents(sim)).toEqual([]);
    expect(sim.requestsByRoute().get('POST /integrations/generic/20131114/alert/{apiKey}/{routingKey}')).toHaveLength(3);
  });
});
