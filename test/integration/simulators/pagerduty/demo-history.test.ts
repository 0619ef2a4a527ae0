/**
 * The simulator's demo history: resolved incidents over the days before start (for the
 * response metrics), seeded in demo mode or when asked, never in the open queue, with
 * acknowledge and resolve log entries where PagerDuty would write them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
} from '../../../../electron/simulators/pagerduty';
import { HISTORY_QUIET_BEFORE_START_MS } from '../../../../electron/simulators/pagerduty/demo-history';

const START = Date.parse('2026-11-26T12:00:00Z');
const DAY = 24 * 3600_000;
const sims: PagerDutySimulator[] = [];

afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function start(options: PagerDutySimulatorOptions): Promise<PagerDutySimulator> {
  const sim = await startPagerDutySimulator({ now: () => START, ...options });
  sims.push(sim);
  return sim;
}

const openCount = (sim: PagerDutySimulator) => sim.state.incidentCount('triggered') + sim.state.incidentCount('acknowledged');

describe('demo history', () => {
  it('adds resolved incidents over the last 30 days and leaves the open queue as seeded', async () => {
    const plain = await start({ seedIncidents: 12 });
    const withHistory = await start({ seedIncidents: 12, historyDays: 30 });
    expect(plain.state.incidentCount('resolved')).toBe(0);
    expect(openCount(withHistory)).toBe(openCount(plain));
    // The open incidents are the same ones: the history draws from its own random numbers.
    const openTitles = (sim: PagerDutySimulator) =>
      sim.state.listIncidents({ statuses: ['triggered', 'acknowledged'] }).map((incident) => [incident.id, incident.title]);
    expect(openTitles(withHistory)).toEqual(openTitles(plain));

    const history = withHistory.state.listIncidents({ statuses: ['resolved'] });
    expect(history.length).toBeGreaterThan(200);
    expect(Math.min(...history.map((incident) => incident.createdAt))).toBeGreaterThanOrEqual(START - 30 * DAY);
    expect(Math.max(...history.map((incident) => incident.resolvedAt ?? Infinity))).toBeLessThanOrEqual(
      START - HISTORY_QUIET_BEFORE_START_MS,
    );
    // Every service has a history to chart.
    expect(new Set(history.map((incident) => incident.serviceId))).toEqual(
      new Set(withHistory.state.services.map((service) => service.id)),
    );
  });

  it('writes acknowledge and resolve log entries in order, most incidents acknowledged by a person first', async () => {
    const sim = await start({ seedIncidents: 0, historyDays: 30 });
    const history = sim.state.listIncidents({ statuses: ['resolved'] });
    let acknowledged = 0;
    for (const incident of history) {
      const entries = sim.state.logEntriesOf(incident).filter((entry) => entry.isOverview);
      const types = entries.map((entry) => entry.type);
      expect(types[0]).toBe('trigger_log_entry');
      expect(types.at(-1)).toBe('resolve_log_entry');
      expect(entries.at(-1)!.createdAt).toBe(incident.resolvedAt);
      const ack = entries.find((entry) => entry.type === 'acknowledge_log_entry');
      if (ack) {
        acknowledged += 1;
        expect(ack.agent?.type).toBe('user');
        expect(ack.createdAt).toBeGreaterThan(incident.createdAt);
        expect(ack.createdAt).toBeLessThan(incident.resolvedAt!);
      }
    }
    expect(acknowledged / history.length).toBeGreaterThan(0.75);
    expect(acknowledged).toBeLessThan(history.length);
  });

  it('is seeded in demo mode by default, and can be turned off', async () => {
    const demo = await start({ seedIncidents: 3, demo: { newIncidentEveryMs: 60_000 } });
    expect(demo.state.incidentCount('resolved')).toBeGreaterThan(100);
    const off = await start({ seedIncidents: 3, demo: { newIncidentEveryMs: 60_000 }, historyDays: 0 });
    expect(off.state.incidentCount('resolved')).toBe(0);
  });

  it('is listed by GET /incidents with a since/until range, and its log by GET /log_entries', async () => {
    const sim = await start({ seedIncidents: 5, historyDays: 7 });
    const headers = { Authorization: 'Token token=x', Accept: 'application/vnd.pagerduty+json;version=2' };
    const since = new Date(START - 7 * DAY).toISOString();
    const until = new Date(START).toISOString();
    const incidents = (await (
      await fetch(`${sim.baseUrl}/incidents?statuses[]=resolved&since=${since}&until=${until}&total=true&limit=1`, { headers })
    ).json()) as { total: number };
    expect(incidents.total).toBe(sim.state.incidentCount('resolved'));
    const log = (await (
      await fetch(`${sim.baseUrl}/log_entries?is_overview=true&since=${since}&until=${until}&total=true&limit=1`, { headers })
    ).json()) as { total: number };
    expect(log.total).toBeGreaterThanOrEqual(2 * sim.state.incidentCount('resolved'));
  });
});
