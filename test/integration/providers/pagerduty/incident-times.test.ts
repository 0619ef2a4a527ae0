/**
 * Response metrics over real HTTP against the PagerDuty simulator with 30 days of
 * history: the provider's IncidentTimes, and the engine's figures, are what the
 * simulator's records imply, read in a handful of requests; an acknowledge and a resolve
 * made through the API show up in the next read; the incidents behind each figure carry
 * the number, title and web page PagerDuty gives them, at most 50 per figure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../../../shared/contract';
import { computeResponseMetrics, SLOWEST_LIMIT } from '../../../../shared/rules/response-metrics';
import { createEngine } from '../../../../electron/host/create-engine';
import { Outbox } from '../../../../electron/engine/outbox';
import { DEFAULT_RESPONSE_METRICS_CACHE_MS } from '../../../../electron/engine/response-metrics';
import { createPagerDutyProvider } from '../../../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { expectedIncidentTimes } from '../../../support/simulator-incident-times';

const START = Date.parse('2026-11-26T12:00:00.250Z');
const DAY = 24 * 3600_000;
const byId = <T extends { incidentId: string }>(list: T[]) => [...list].sort((a, b) => a.incidentId.localeCompare(b.incidentId));

let sim: PagerDutySimulator | null = null;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await sim?.close();
  sim = null;
});

async function setup(scope: { teamIds?: string[]; serviceIds?: string[] } = {}) {
  const clock = { at: START, now: () => clock.at };
  sim = await startPagerDutySimulator({ seedIncidents: 25, historyDays: 30, now: clock.now });
  const provider = createPagerDutyProvider({
    baseUrl: sim.baseUrl,
    token: 'metrics-test',
    from: sim.state.me.email,
    scope,
    now: clock.now,
  });
  return { sim, provider, clock };
}

describe('listIncidentTimes against the simulator', () => {
  it('reads what the simulator holds for the last 30 days, in a handful of requests', async () => {
    const { sim: s, provider } = await setup();
    const since = START - 30 * DAY;
    const expected = expectedIncidentTimes(s.state, since);
    // The history is there: hundreds of incidents, most acknowledged, most resolved.
    expect(expected.length).toBeGreaterThan(200);
    expect(expected.filter((each) => each.resolvedAt !== null).length).toBeGreaterThan(expected.length * 0.8);
    expect(expected.filter((each) => each.acknowledgedAt !== null).length).toBeGreaterThan(expected.length * 0.6);

    s.resetRequestLog();
    const times = await provider.listIncidentTimes(since);
    expect(byId(times)).toEqual(expected);
    const paths = s.requests.map((request) => request.path);
    expect(new Set(paths)).toEqual(new Set(['/incidents', '/log_entries']));
    expect(s.requests.every((request) => request.status === 200)).toBe(true);
    // One request per 100 incidents and per 100 overview entries, plus nothing else.
    const incidentPages = Math.ceil(expected.length / 100);
    expect(paths.filter((path) => path === '/incidents')).toHaveLength(incidentPages);
    expect(paths.length).toBeLessThan(incidentPages + 30);
  });

  it("narrows to the scope's team", async () => {
    const { sim: s } = await setup();
    const team = s.state.teams.find((each) => each.name === 'Payments')!;
    const provider = createPagerDutyProvider({
      baseUrl: s.baseUrl,
      token: 'metrics-test',
      from: s.state.me.email,
      scope: { teamIds: [team.id] },
      now: () => START,
    });
    const times = await provider.listIncidentTimes(START - 30 * DAY);
    const expected = expectedIncidentTimes(s.state, START - 30 * DAY).filter((each) =>
      s.state.getIncident(each.incidentId)!.teamIds.includes(team.id),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(byId(times)).toEqual(expected);
  });

  it("gives the engine's figures for 7 and 30 days, and the next read shows an acknowledge and a resolve made meanwhile", async () => {
    const { sim: s, provider, clock } = await setup();
    const outbox = new Outbox(':memory:', clock);
    const engine = createEngine({
      paging: provider,
      outbox,
      clock,
      workspace: { name: 'Test', demo: false, me: null, pollIntervalMs: 60_000 },
      reconcileIntervalMs: 60_000,
    });
    cleanups.push(async () => {
      await engine.stop();
      outbox.close();
    });

    const expected = expectedIncidentTimes(s.state, START - 30 * DAY);
    for (const windowDays of [7, 30] as const) {
      expect(await engine.getResponseMetrics({ windowDays })).toEqual(computeResponseMetrics(expected, windowDays, START));
    }

    // Someone acknowledges a waiting incident three minutes later, hands it on (it triggers
    // again), the new assignee acknowledges it, and it is resolved: the first acknowledge counts.
    const waiting = s.state.listIncidents({ statuses: ['triggered'] })[0]!;
    const headers = {
      Authorization: 'Token token=metrics-test',
      Accept: 'application/vnd.pagerduty+json;version=2',
      'Content-Type': 'application/json',
      From: s.state.me.email,
    };
    const put = async (change: Record<string, unknown>) => {
      const response = await fetch(`${s.baseUrl}/incidents/${waiting.id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ incident: { type: 'incident_reference', ...change } }),
      });
      expect(response.status).toBe(200);
    };
    clock.at += 3 * 60_000;
    await put({ status: 'acknowledged' });
    clock.at += 60_000;
    await put({ assignments: [{ assignee: { id: s.state.me.id, type: 'user_reference' } }] });
    clock.at += 2 * 60_000;
    await put({ status: 'acknowledged' });
    clock.at += 2 * 60_000;
    await put({ status: 'resolved' });

    const kept = await engine.getResponseMetrics({ windowDays: 7 });
    expect(kept.to).toBe(new Date(START).toISOString());
    clock.at = START + DEFAULT_RESPONSE_METRICS_CACHE_MS + 1;
    const fresh = await engine.getResponseMetrics({ windowDays: 7 });
    const after = expectedIncidentTimes(s.state, clock.at - 30 * DAY);
    const mine = after.find((each) => each.incidentId === waiting.id)!;
    expect(mine.acknowledgedAt).toBe(Math.floor((START + 3 * 60_000) / 1000) * 1000);
    expect(mine.resolvedAt).toBe(Math.floor((START + 8 * 60_000) / 1000) * 1000);
    expect(fresh).toEqual(computeResponseMetrics(after, 7, clock.at));
    expect(fresh.overall.timeToResolve.count).toBe(kept.overall.timeToResolve.count + 1);
  });

  it('lists the slowest incidents behind each figure with the number, title and web page PagerDuty gives, at most 50 a figure', async () => {
    const { sim: s, provider, clock } = await setup();
    const outbox = new Outbox(':memory:', clock);
    const engine = createEngine({
      paging: provider,
      outbox,
      clock,
      workspace: { name: 'Test', demo: false, me: null, pollIntervalMs: 60_000 },
      reconcileIntervalMs: 60_000,
    });
    cleanups.push(async () => {
      await engine.stop();
      outbox.close();
    });
    const month = await engine.getResponseMetrics({ windowDays: 30, timeZone: 'America/New_York' });
    expect(requests.getResponseMetrics.output.parse(month)).toEqual(month);
    expect(month.trend).toMatchObject({ unit: 'week', timeZone: 'America/New_York' });
    expect(month.trend.buckets.reduce((sum, bucket) => sum + bucket.incidents, 0)).toBe(month.overall.incidents);

    // More than 50 incidents in the month: the overall lists stop at 50, the slowest first.
    expect(month.overall.incidents).toBeGreaterThan(SLOWEST_LIMIT * 2);
    expect(month.overall.slowest.timeToResolve).toHaveLength(SLOWEST_LIMIT);
    const byId = new Map(month.incidents.map((incident) => [incident.id, incident]));
    const resolveTimes = month.overall.slowest.timeToResolve.map((id) => byId.get(id)!.timeToResolveMs!);
    expect(resolveTimes).toEqual([...resolveTimes].sort((a, b) => b - a));
    const slowestOfAll = Math.max(
      ...expectedIncidentTimes(s.state, START - 30 * DAY).map((each) => (each.resolvedAt ?? 0) - each.triggeredAt),
    );
    expect(resolveTimes[0]).toBe(slowestOfAll);
    for (const figures of [...month.byService, ...month.byTeam]) {
      expect(figures.slowest.timeToAcknowledge).toHaveLength(Math.min(SLOWEST_LIMIT, figures.incidents));
      expect(figures.slowest.timeToResolve).toHaveLength(Math.min(SLOWEST_LIMIT, figures.incidents));
    }

    // What the list shows of an incident is what PagerDuty says of it over the API.
    const sample = byId.get(month.byService[0]!.slowest.timeToAcknowledge[0]!)!;
    const response = await fetch(`${s.baseUrl}/incidents/${sample.id}`, {
      headers: { Authorization: 'Token token=metrics-test', Accept: 'application/vnd.pagerduty+json;version=2' },
    });
    const { incident } = (await response.json()) as {
      incident: { incident_number: number; title: string; html_url: string; created_at: string };
    };
    expect(sample).toMatchObject({
      number: incident.incident_number,
      title: incident.title,
      htmlUrl: incident.html_url,
      triggeredAt: new Date(incident.created_at).toISOString(),
    });
    expect(sample.htmlUrl).toMatch(/^https:\/\/.+\/incidents\/.+/);
  });
});
