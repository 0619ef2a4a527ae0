/**
 * The first rows after the first page, over real HTTP against the PagerDuty simulator: the
 * engine's first load announces the newest page of open incidents (and its progress on the
 * connection) after one request, before the other pages have even been asked for; the rest
 * follow, and a load that fails half way keeps what it read and completes on the retry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent, EventPayload } from '../../../shared/contract';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { waitFor } from '../../support/wait-for';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulatorWith(incidents: number): Promise<PagerDutySimulator> {
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 20, seed: 7 });
  cleanups.push(() => simulator.close());
  return simulator;
}

/** An engine over the simulator, not started; `listen` hears its events from the start. */
function engineOver(simulator: PagerDutySimulator, listen: (event: ConsoleEvent) => void, pollIntervalMs = 5_000) {
  const outbox = new Outbox(':memory:', systemClock);
  const engine = createEngine({
    paging: createPagerDutyProvider({
      baseUrl: simulator.baseUrl,
      token: 'first-rows-token',
      from: simulator.state.me.email,
      scope: {},
      timeoutMs: 5_000,
      maxRetries: 0,
    }),
    outbox,
    clock: systemClock,
    workspace: { name: 'First rows', demo: false, me: null, pollIntervalMs },
    reconcileIntervalMs: 10 * 60_000,
    log: () => undefined,
  });
  engine.onEvent(listen);
  cleanups.push(async () => {
    await engine.stop();
    outbox.close();
  });
  return engine;
}

const incidentRequests = (simulator: PagerDutySimulator) => simulator.requests.filter((request) => request.path === '/incidents');
const openCount = (simulator: PagerDutySimulator) =>
  simulator.state.incidentCount('triggered') + simulator.state.incidentCount('acknowledged');

describe('the first load, page by page, against the PagerDuty simulator', () => {
  it('announces the newest page after one request, before the rest are asked for, then the rest', async () => {
    const simulator = await simulatorWith(1_000);
    const open = openCount(simulator);
    expect(open).toBeGreaterThan(300);
    const deltas: Array<{ delta: EventPayload<'incidentsChanged'>; requestsSoFar: number }> = [];
    const progress: Array<{ loaded: number; total: number | null }> = [];
    const engine = engineOver(simulator, (event) => {
      if (event.name === 'incidentsChanged') deltas.push({ delta: event.payload, requestsSoFar: incidentRequests(simulator).length });
      if (event.name === 'connectionChanged' && event.payload.loading) progress.push(event.payload.loading);
    });
    engine.start();
    await engine.ready();

    const first = deltas[0]!;
    expect(first.requestsSoFar).toBe(1);
    expect(first.delta.upserted).toHaveLength(100);
    // Newest first: the first page is the top of the queue, so the pages after it go below it.
    const newest = simulator.state
      .listIncidents()
      .filter((incident) => incident.status !== 'resolved')
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 100)
      .map((incident) => incident.id);
    expect(first.delta.upserted.map((incident) => incident.id).sort()).toEqual([...newest].sort());
    expect(progress[0]).toEqual({ loaded: 100, total: open });
    expect(incidentRequests(simulator)[0]!.query).toContain('sort_by=created_at%3Adesc');

    // Everything arrived, each incident once, in far fewer updates than pages; the connection no longer says it is loading.
    const announced = new Set(deltas.flatMap(({ delta }) => delta.upserted.map((incident) => incident.id)));
    expect(announced.size).toBe(open);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.length).toBeLessThan(Math.ceil(open / 100));
    expect(incidentRequests(simulator)).toHaveLength(Math.ceil(open / 100));
    const snapshot = await engine.getSnapshot();
    expect(snapshot.incidents).toHaveLength(open);
    expect(snapshot.connections[0]).toMatchObject({ state: 'ok', paging: true });
    expect(snapshot.connections[0]!.loading).toBeUndefined();
  });

  it('keeps what a load that failed half way read, says it is failing, and completes on the retry', async () => {
    const simulator = await simulatorWith(600);
    const open = openCount(simulator);
    let faulted = false;
    const engine = engineOver(
      simulator,
      (event) => {
        // The first page is in: every page request after it fails, until the faults are cleared.
        if (event.name === 'incidentsChanged' && !faulted) {
          faulted = true;
          simulator.faults.inject({ kind: 'server-error', status: 503, count: 1_000, path: '/incidents' });
        }
      },
      300,
    );
    engine.start();
    await expect(engine.ready()).rejects.toThrow();

    const during = await engine.getSnapshot();
    expect(during.incidents).toHaveLength(100);
    expect(during.connections[0]).toMatchObject({ state: 'degraded', lastSuccessAt: null });
    expect(during.connections[0]!.loading).toBeUndefined();

    simulator.faults.clear();
    const after = await waitFor('the retry to load everything', async () => {
      const snapshot = await engine.getSnapshot();
      return snapshot.connections[0]!.state === 'ok' && snapshot;
    });
    expect(after.incidents).toHaveLength(open);
  });
});
