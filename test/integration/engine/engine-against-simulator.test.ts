/**
 * The engine with the real PagerDuty provider against the simulator over real HTTP:
 * live detection of a new alert, actions that land in PagerDuty, and actions taken while
 * PagerDuty is unreachable that land once it is back, exactly once, across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/contract';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { waitFor } from '../../support/wait-for';

const TOKEN = 'integration-test-token';
const POLL_MS = 300;

describe('engine + PagerDuty provider + simulator', () => {
  let simulator: PagerDutySimulator;
  let dataDir: string;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    simulator = await startPagerDutySimulator({ seedIncidents: 30 });
    dataDir = mkdtempSync(join(tmpdir(), 'engine-sim-'));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startEngine() {
    const outbox = new Outbox(join(dataDir, 'outbox.sqlite'), systemClock);
    const provider = createPagerDutyProvider({
      baseUrl: simulator.baseUrl,
      token: TOKEN,
      from: simulator.state.me.email,
      scope: {},
      timeoutMs: 1_000,
      maxRetries: 1,
    });
    const engine = createEngine({
      paging: provider,
      outbox,
      clock: systemClock,
      workspace: { name: 'Integration', demo: false, me: null, pollIntervalMs: POLL_MS },
      reconcileIntervalMs: 60_000,
      actionBackoff: { baseMs: 50, capMs: 300 },
    });
    const events: ConsoleEvent[] = [];
    engine.onEvent((event) => events.push(event));
    engine.start();
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      outbox.close();
    };
    stops.push(stop);
    return { engine, events, stop };
  }

  async function trigger(summary: string): Promise<string> {
    const service = simulator.state.services[0]!;
    const response = await fetch(simulator.eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        routing_key: simulator.state.routingKeyFor(service.id),
        event_action: 'trigger',
        payload: { summary, source: 'checkout-7f9c', severity: 'critical' },
      }),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { dedup_key: string }).dedup_key;
  }

  it('loads the open incidents and sees a new alert within one poll interval', async () => {
    const { engine, events } = startEngine();
    await engine.ready();
    const snapshot = await engine.getSnapshot();
    expect(snapshot.incidents.length).toBe(simulator.state.listIncidents({ statuses: ['triggered', 'acknowledged'] }).length);

    simulator.resetRequestLog();
    const startedAt = Date.now();
    await trigger('Checkout error rate above 5%');
    const delta = await waitFor('the new alert in an incidentsChanged event', () =>
      events.find((e) => e.name === 'incidentsChanged' && e.payload.upserted.some((i) => i.title === 'Checkout error rate above 5%')),
    );
    expect(Date.now() - startedAt).toBeLessThan(POLL_MS + 2_000);
    expect(delta.name).toBe('incidentsChanged');
  });

  it('costs one request per poll when nothing changes', async () => {
    const { engine } = startEngine();
    await engine.ready();
    simulator.resetRequestLog();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5 + 100));
    const polls = simulator.requests.filter((r) => r.path !== '/users/me');
    expect(polls.length).toBeGreaterThanOrEqual(4);
    expect(polls.length).toBeLessThanOrEqual(6);
    expect(new Set(polls.map((r) => r.path))).toEqual(new Set(['/log_entries']));
  });

  it('acknowledges, notes and resolves in PagerDuty through the outbox', async () => {
    const { engine, events } = startEngine();
    await engine.ready();
    const target = (await engine.getSnapshot()).incidents.find((i) => i.status === 'triggered')!;
    const done = (id: string) =>
      waitFor(`action ${id} to be done`, () =>
        events.find((e) => e.name === 'actionChanged' && e.payload.id === id && e.payload.state === 'done'),
      );

    await done((await engine.submitAction({ kind: 'acknowledge', incidentIds: [target.id] })).id);
    expect(simulator.state.getIncident(target.id)?.status).toBe('acknowledged');

    await done((await engine.submitAction({ kind: 'addNote', incidentIds: [target.id], content: 'Looking at the DB' })).id);
    await done((await engine.submitAction({ kind: 'resolve', incidentIds: [target.id], note: 'Rolled back 4.2.1' })).id);
    expect(simulator.state.getIncident(target.id)?.status).toBe('resolved');

    const notes = await fetch(`${simulator.baseUrl}/incidents/${target.id}/notes`, {
      headers: { Authorization: `Token token=${TOKEN}`, Accept: 'application/vnd.pagerduty+json;version=2' },
    }).then((r) => r.json() as Promise<{ notes: Array<{ content: string }> }>);
    expect(notes.notes.map((n) => n.content)).toEqual(['Looking at the DB', 'Rolled back 4.2.1']);
    // The resolved incident leaves the queue.
    await waitFor(
      'the resolved incident to leave the queue',
      async () => !(await engine.getSnapshot()).incidents.some((i) => i.id === target.id),
    );
  });

  it('keeps an action taken while PagerDuty is unreachable and lands it once, after a restart', async () => {
    const first = startEngine();
    await first.engine.ready();
    const target = (await first.engine.getSnapshot()).incidents.find((i) => i.status === 'triggered')!;

    simulator.faults.inject({ kind: 'drop', count: 1_000 });
    const note = await first.engine.submitAction({ kind: 'addNote', incidentIds: [target.id], content: 'Paging the DBA' });
    const ack = await first.engine.submitAction({ kind: 'acknowledge', incidentIds: [target.id] });
    // The acknowledge waits behind the note (actions on an incident go in order); the note keeps failing.
    await waitFor('the note to fail an attempt', () =>
      first.events.some((e) => e.name === 'actionChanged' && e.payload.id === note.id && e.payload.lastError !== null),
    );
    const offline = await waitFor('the connection to show PagerDuty unreachable', () =>
      first.events.find((e) => e.name === 'connectionChanged' && e.payload.state !== 'ok' && e.payload.state !== 'connecting'),
    );
    expect(offline.name).toBe('connectionChanged');
    await first.stop();

    simulator.faults.clear();
    const second = startEngine();
    const isDone = (id: string) => (e: ConsoleEvent) => e.name === 'actionChanged' && e.payload.id === id && e.payload.state === 'done';
    await waitFor(
      'the note and the acknowledge to land after the restart',
      () => second.events.some(isDone(note.id)) && second.events.some(isDone(ack.id)),
    );
    expect(simulator.state.getIncident(target.id)?.status).toBe('acknowledged');
    const landed = await fetch(`${simulator.baseUrl}/incidents/${target.id}/notes`, {
      headers: { Authorization: `Token token=${TOKEN}`, Accept: 'application/vnd.pagerduty+json;version=2' },
    }).then((r) => r.json() as Promise<{ notes: Array<{ content: string }> }>);
    expect(landed.notes.filter((n) => n.content === 'Paging the DBA')).toHaveLength(1);
  });
});
