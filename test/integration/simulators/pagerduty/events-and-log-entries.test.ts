// Events API v2 (trigger, dedup, acknowledge, resolve, validation) and how its effects show in
// GET /incidents/{id}/alerts and GET /log_entries?since=...&include[]=incidents.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { pd, sendEvent, type IncidentPage, type WireIncident, type WireLogEntry } from './pd-http';

let sim: PagerDutySimulator;
let clock: number;
beforeEach(async () => {
  clock = Date.UTC(2026, 2, 10, 9, 0, 0);
  sim = await startPagerDutySimulator({ seedIncidents: 5, seed: 11, now: () => clock });
});
afterEach(async () => {
  await sim.close();
});

function routingKey(serviceName: string): string {
  const service = sim.state.getServiceByName(serviceName);
  if (!service) throw new Error(`no service ${serviceName}`);
  return sim.state.routingKeyFor(service.id);
}

const payload = {
  summary: 'Payments API 5xx above 20% for tenant acme-corp',
  source: 'payments-api-eu-01',
  severity: 'critical',
  component: 'payments-api',
  custom_details: {
    tenant: 'acme-corp',
    dashboard_url: 'https://grafana.example.com/d/payments',
    runbook_url: 'https://runbooks.example.com/payments/5xx',
  },
};

describe('Events API v2', () => {
  it('triggers an incident with an alert that carries the custom details', async () => {
    const response = await sendEvent(sim, {
      routing_key: routingKey('Payments API'),
      event_action: 'trigger',
      dedup_key: 'pay-5xx',
      payload,
      links: [{ href: 'https://grafana.example.com/d/payments', text: 'Dashboard' }],
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'pay-5xx' });
    const found = await pd<IncidentPage>(sim, '/incidents?incident_key=pay-5xx');
    expect(found.body.incidents).toHaveLength(1);
    const incident = found.body.incidents[0]!;
    expect(incident).toMatchObject({ title: payload.summary, status: 'triggered', urgency: 'high', service: { summary: 'Payments API' } });
    const alerts = await pd<{
      alerts: { alert_key: string; severity: string; body: { details: Record<string, unknown>; contexts: unknown[] } }[];
    }>(sim, `/incidents/${incident.id}/alerts`);
    expect(alerts.body.alerts).toHaveLength(1);
    expect(alerts.body.alerts[0]).toMatchObject({ alert_key: 'pay-5xx', severity: 'critical', body: { details: payload.custom_details } });
    expect(alerts.body.alerts[0]!.body.contexts).toEqual([
      { type: 'link', href: 'https://grafana.example.com/d/payments', text: 'Dashboard' },
    ]);
  });

  it('maps warning and info to low urgency, and generates a dedup key when none is sent', async () => {
    const response = await sendEvent(sim, {
      routing_key: routingKey('Payments API'),
      event_action: 'trigger',
      payload: { ...payload, severity: 'warning' },
    });
    const dedupKey = response.body.dedup_key as string;
    expect(dedupKey).toMatch(/^[0-9a-f]{32}$/);
    const incident = sim.state.listIncidents({ incidentKey: dedupKey })[0];
    expect(incident?.urgency).toBe('low');
  });

  it('de-duplicates a trigger with an open dedup key, then acknowledges and resolves by it', async () => {
    const key = routingKey('Checkout Web');
    await sendEvent(sim, { routing_key: key, event_action: 'trigger', dedup_key: 'checkout-down', payload });
    clock += 1000;
    const repeat = await sendEvent(sim, { routing_key: key, event_action: 'trigger', dedup_key: 'checkout-down', payload });
    expect(repeat.status).toBe(202);
    const incidents = sim.state.listIncidents({ incidentKey: 'checkout-down' });
    expect(incidents).toHaveLength(1);
    const id = incidents[0]!.id;

    clock += 1000;
    expect((await sendEvent(sim, { routing_key: key, event_action: 'acknowledge', dedup_key: 'checkout-down' })).status).toBe(202);
    const acked = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`);
    expect(acked.body.incident.status).toBe('acknowledged');
    expect(acked.body.incident.acknowledgements[0]!.acknowledger.type).toBe('service_reference');

    clock += 1000;
    expect((await sendEvent(sim, { routing_key: key, event_action: 'resolve', dedup_key: 'checkout-down' })).status).toBe(202);
    const resolved = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`);
    expect(resolved.body.incident.status).toBe('resolved');
    expect(resolved.body.incident.alert_counts).toEqual({ all: 1, triggered: 0, resolved: 1 });

    clock += 1000;
    await sendEvent(sim, { routing_key: key, event_action: 'trigger', dedup_key: 'checkout-down', payload });
    expect(sim.state.listIncidents({ incidentKey: 'checkout-down' })).toHaveLength(2);
  });

  it('accepts acknowledge and resolve for an unknown dedup key without changing anything', async () => {
    const before = sim.state.incidentCount('resolved');
    const response = await sendEvent(sim, { routing_key: routingKey('SAP ERP'), event_action: 'resolve', dedup_key: 'never-seen' });
    expect(response.status).toBe(202);
    expect(sim.state.incidentCount('resolved')).toBe(before);
  });

  it('refuses invalid events with the errors PagerDuty gives', async () => {
    const short = await sendEvent(sim, { routing_key: 'abc', event_action: 'trigger', payload });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
    expect(short.body.errors).toContain("Length of 'routing_key' is incorrect (should be 32 characters)");
    const unknown = await sendEvent(sim, { routing_key: 'f'.repeat(32), event_action: 'trigger', payload });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual(['Invalid routing key']);
    const noSummary = await sendEvent(sim, {
      routing_key: routingKey('Payments API'),
      event_action: 'trigger',
      payload: { source: 'x', severity: 'bad' },
    });
    expect(noSummary.body.errors).toEqual(
      expect.arrayContaining([
        "'payload.summary' is missing or blank",
        "'payload.severity' is invalid (expected one of: critical, error, warning, info)",
      ]),
    );
    const noKey = await sendEvent(sim, { routing_key: routingKey('Payments API'), event_action: 'acknowledge' });
    expect(noKey.body.errors).toEqual(["'dedup_key' is missing or blank"]);
    const badAction = await sendEvent(sim, { routing_key: routingKey('Payments API'), event_action: 'explode', payload });
    expect(badAction.status).toBe(400);
  });
});

describe('GET /log_entries', () => {
  it('returns changes since a time, newest first, with the current incident embedded', async () => {
    const key = routingKey('Identity Service');
    clock += 60_000;
    const since = new Date(clock).toISOString();
    await sendEvent(sim, { routing_key: key, event_action: 'trigger', dedup_key: 'idp-1', payload });
    const id = sim.state.listIncidents({ incidentKey: 'idp-1' })[0]!.id;
    clock += 5_000;
    await pd(sim, `/incidents/${id}`, { body: { incident: { type: 'incident_reference', status: 'acknowledged' } } });
    clock += 5_000;
    await pd(sim, `/incidents/${id}/notes`, { method: 'POST', body: { note: { content: 'On it' } } });

    const response = await pd<{ log_entries: WireLogEntry[]; more: boolean }>(
      sim,
      `/log_entries?since=${encodeURIComponent(since)}&include[]=incidents&limit=100`,
    );
    expect(response.status).toBe(200);
    const entries = response.body.log_entries;
    expect(entries.every((entry) => entry.incident.id === id)).toBe(true);
    const types = entries.map((entry) => entry.type);
    expect(types[0]).toBe('annotate_log_entry');
    expect(types).toEqual(expect.arrayContaining(['trigger_log_entry', 'acknowledge_log_entry', 'annotate_log_entry']));
    expect(types.indexOf('acknowledge_log_entry')).toBeLessThan(types.indexOf('trigger_log_entry'));
    const times = entries.map((entry) => entry.created_at);
    expect(times).toEqual([...times].sort().reverse());
    // The embedded incident is its current state, not the state when the entry was written.
    expect(entries.find((entry) => entry.type === 'trigger_log_entry')?.incident).toMatchObject({
      type: 'incident',
      status: 'acknowledged',
    });
    expect(entries.find((entry) => entry.type === 'annotate_log_entry')?.note).toBe('On it');

    const overview = await pd<{ log_entries: WireLogEntry[] }>(sim, `/log_entries?since=${encodeURIComponent(since)}&is_overview=true`);
    expect(overview.body.log_entries.some((entry) => entry.type === 'notify_log_entry')).toBe(false);
    expect(overview.body.log_entries.length).toBeLessThan(entries.length);
    expect(overview.body.log_entries[0]!.incident.type).toBe('incident_reference');

    const later = new Date(clock + 1000).toISOString();
    expect((await pd<{ log_entries: unknown[] }>(sim, `/log_entries?since=${encodeURIComponent(later)}`)).body.log_entries).toEqual([]);
  });
});
