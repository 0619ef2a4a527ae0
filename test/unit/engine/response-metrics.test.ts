import { afterEach, describe, expect, it } from 'vitest';
import { ContractFailure, requests } from '../../../shared/contract';
import { computeResponseMetrics, type IncidentTimes } from '../../../shared/rules/response-metrics';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { ProviderError, type Clock } from '../../../electron/engine/ports';
import { DEFAULT_RESPONSE_METRICS_CACHE_MS, ResponseMetricsReader } from '../../../electron/engine/response-metrics';
import { FakePagingProvider } from '../../support/fake-paging-provider';

const START = Date.parse('2026-11-26T12:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const payments = { id: 'S1', name: 'Payments API' };
const search = { id: 'S2', name: 'Search API' };
const team = { id: 'T1', name: 'Payments' };

function times(id: string, service: typeof payments, triggeredAt: number, ackMin: number | null, resolveMin: number | null): IncidentTimes {
  return {
    incidentId: id,
    number: 4000 + id.charCodeAt(0),
    title: `Incident ${id}`,
    htmlUrl: `https://acme.pagerduty.com/incidents/${id}`,
    service,
    team: service === payments ? team : null,
    triggeredAt,
    acknowledgedAt: ackMin === null ? null : triggeredAt + ackMin * MIN,
    resolvedAt: resolveMin === null ? null : triggeredAt + resolveMin * MIN,
  };
}

class MovableClock implements Clock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
}

function setup() {
  const provider = new FakePagingProvider();
  provider.incidentTimes = [
    times('A', payments, START - 1 * DAY, 2, 30),
    times('B', payments, START - 3 * DAY, 6, 90),
    times('C', search, START - 10 * DAY, 20, 240),
    times('D', search, START - 29 * DAY, null, 15),
  ];
  const clock = new MovableClock(START);
  return { provider, clock, reader: new ResponseMetricsReader(provider, clock) };
}

describe('ResponseMetricsReader', () => {
  it('reads 30 days once and computes both windows from that read, ending when it was read', async () => {
    const { provider, clock, reader } = setup();
    const week = await reader.get(7);
    clock.at += 1000;
    const month = await reader.get(30);
    expect(provider.reads.incidentTimes).toBe(1);
    expect(provider.incidentTimesSince).toEqual([START - 30 * DAY]);
    expect(week.to).toBe(new Date(START).toISOString());
    expect(month.to).toBe(new Date(START).toISOString());
    expect(week.overall.incidents).toBe(2);
    expect(week.byService.map((figures) => figures.subject.name)).toEqual(['Payments API']);
    expect(week.overall.timeToAcknowledge.medianMs).toBe(4 * MIN);
    expect(month.overall.incidents).toBe(4);
    expect(month.byService.find((figures) => figures.subject.id === 'S2')?.timeToAcknowledge).toMatchObject({
      count: 1,
      medianMs: 20 * MIN,
    });
    expect(month.byTeam.map((figures) => [figures.subject.name, figures.incidents])).toEqual([
      ['No team', 2],
      ['Payments', 2],
    ]);
  });

  it('reads again once the kept read is older than ten minutes', async () => {
    const { provider, clock, reader } = setup();
    await reader.get(7);
    clock.at += DEFAULT_RESPONSE_METRICS_CACHE_MS - 1;
    await reader.get(7);
    expect(provider.reads.incidentTimes).toBe(1);
    clock.at += 2;
    provider.incidentTimes.push(times('E', search, clock.at - MIN, 1, null));
    const fresh = await reader.get(7);
    expect(provider.reads.incidentTimes).toBe(2);
    expect(fresh.overall.incidents).toBe(3);
    expect(fresh.to).toBe(new Date(clock.at).toISOString());
  });

  it('shares one read between callers that ask at the same time, and keeps no failed read', async () => {
    const { provider, reader } = setup();
    provider.failNext.set('listIncidentTimes', [new ProviderError('transient', 'PagerDuty answered 503', 503)]);
    const [first, second] = await Promise.allSettled([reader.get(7), reader.get(30)]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('rejected');
    expect(provider.reads.incidentTimes).toBe(1);
    expect((await reader.get(30)).overall.incidents).toBe(4);
    expect(provider.reads.incidentTimes).toBe(2);
  });
});

describe('Engine.getResponseMetrics', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function engineWith(provider: FakePagingProvider, clock: Clock) {
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
    return engine;
  }

  it('answers the contract output for the window asked for', async () => {
    const { provider, clock } = setup();
    const engine = engineWith(provider, clock);
    const week = await engine.getResponseMetrics({ windowDays: 7 });
    const month = await engine.getResponseMetrics({ windowDays: 30 });
    expect([week.windowDays, month.windowDays]).toEqual([7, 30]);
    expect([week.overall.incidents, month.overall.incidents]).toEqual([2, 4]);
    expect(provider.reads.incidentTimes).toBe(1);
  });

  it('follows the time zone asked for (UTC when none), from the same read, in what the contract accepts', async () => {
    const { provider, clock } = setup();
    const engine = engineWith(provider, clock);
    const berlin = await engine.getResponseMetrics({ windowDays: 7, timeZone: 'Europe/Berlin' });
    const utc = await engine.getResponseMetrics({ windowDays: 7 });
    expect(provider.reads.incidentTimes).toBe(1);
    expect(berlin).toEqual(computeResponseMetrics(provider.incidentTimes, 7, START, 'Europe/Berlin'));
    expect([berlin.trend.timeZone, utc.trend.timeZone]).toEqual(['Europe/Berlin', 'UTC']);
    // START is noon UTC: the days start at 23:00 UTC in Berlin, at midnight in UTC.
    expect(berlin.trend.buckets[1]!.from).toBe('2026-11-19T23:00:00.000Z');
    expect(utc.trend.buckets[1]!.from).toBe('2026-11-20T00:00:00.000Z');
    expect(requests.getResponseMetrics.output.parse(berlin)).toEqual(berlin);
    expect(berlin.incidents.map((incident) => incident.number).sort()).toEqual([4065, 4066]);
  });

  it('refuses a time zone it does not know at the contract boundary', () => {
    const refused = requests.getResponseMetrics.input.safeParse({ windowDays: 7, timeZone: 'Mars/Olympus_Mons' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['timeZone'], message: expect.stringContaining('IANA name') });
    expect(requests.getResponseMetrics.input.safeParse({ windowDays: 14 }).success).toBe(false);
  });

  it('turns a provider failure into an upstream contract error that says what failed', async () => {
    const { provider, clock } = setup();
    provider.failNext.set('listIncidentTimes', [new ProviderError('transient', 'PagerDuty answered 503 Service Unavailable', 503)]);
    const engine = engineWith(provider, clock);
    const failure = await engine.getResponseMetrics({ windowDays: 7 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContractFailure);
    expect(failure).toMatchObject({ code: 'upstream', message: expect.stringContaining('503') });
  });
});
