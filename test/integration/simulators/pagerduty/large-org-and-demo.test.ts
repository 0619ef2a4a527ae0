// Scale and liveliness: 5,000 seeded incidents over 200 services paged quickly, determinism by
// seed, and the demo generator bringing new incidents on a timer.
import { afterEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { waitFor } from '../../../support/wait-for';
import { pd, type IncidentPage, type WireIncident } from './pd-http';

const started: PagerDutySimulator[] = [];
async function start(options: Parameters<typeof startPagerDutySimulator>[0]): Promise<PagerDutySimulator> {
  const sim = await startPagerDutySimulator(options);
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

describe('a large organisation', () => {
  it('spreads 5,000 open incidents over 200 services and pages through them quickly', async () => {
    const sim = await start({ seedIncidents: 5000 });
    expect(sim.state.services).toHaveLength(200);
    const began = performance.now();
    const ids = new Set<string>();
    const services = new Set<string>();
    for (let offset = 0, more = true, guard = 0; more && guard < 60; offset += 100, guard += 1) {
      const page = await pd<IncidentPage>(sim, `/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100&offset=${offset}`);
      expect(page.status).toBe(200);
      for (const incident of page.body.incidents) {
        ids.add(incident.id);
        services.add(incident.service.id);
      }
      more = page.body.more;
    }
    const elapsed = performance.now() - began;
    expect(ids.size).toBe(5000);
    expect(services.size).toBe(200);
    expect(elapsed).toBeLessThan(5000);
  });

  it('honours serviceCount', async () => {
    const sim = await start({ seedIncidents: 10, serviceCount: 40 });
    expect(sim.state.services).toHaveLength(40);
    expect(new Set(sim.state.services.map((service) => service.name)).size).toBe(40);
  });
});

describe('determinism', () => {
  it('builds the same org and incidents for the same seed, and different ones for another', async () => {
    const clock = () => Date.UTC(2026, 6, 1, 8, 0, 0);
    const a = await start({ seed: 5, now: clock });
    const b = await start({ seed: 5, now: clock });
    const c = await start({ seed: 6, now: clock });
    const view = (sim: PagerDutySimulator) =>
      sim.state.listIncidents().map((incident) => [incident.id, incident.title, incident.status, incident.urgency]);
    expect(view(a)).toEqual(view(b));
    expect(a.state.services.map((service) => service.integration.key)).toEqual(b.state.services.map((service) => service.integration.key));
    expect(view(a)).not.toEqual(view(c));
  });
});

describe('demo mode', () => {
  it('brings new incidents on a timer, with tenants and https dashboard and runbook links', async () => {
    const sim = await start({ seedIncidents: 5, demo: { newIncidentEveryMs: 25 } });
    const before = sim.state.incidentCount();
    await waitFor('8 new incidents from the demo generator', () => sim.state.incidentCount(), {
      until: (count) => count >= before + 8,
      timeoutMs: 5_000,
    });
    expect(sim.state.incidentCount()).toBeGreaterThanOrEqual(before + 8);
    const page = await pd<IncidentPage>(sim, '/incidents?sort_by=incident_number:desc&limit=5');
    const newest: WireIncident = page.body.incidents[0]!;
    expect(newest.incident_number).toBeGreaterThan(before);
    const alerts = await pd<{ alerts: { body: { details: Record<string, string> } }[] }>(sim, `/incidents/${newest.id}/alerts`);
    const details = alerts.body.alerts[0]!.body.details;
    expect(details.dashboard_url).toMatch(/^https:\/\//);
    expect(details.runbook_url).toMatch(/^https:\/\//);
  });

  it('stops generating once closed', async () => {
    const sim = await start({ seedIncidents: 0, demo: { newIncidentEveryMs: 10 } });
    await sim.close();
    const count = sim.state.incidentCount();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sim.state.incidentCount()).toBe(count);
  });
});
