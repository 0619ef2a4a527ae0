import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { ProviderError, systemClock } from '../../../electron/engine/ports';
import { FakePagingProvider, makeIncident } from '../../support/fake-paging-provider';
import { waitFor } from '../../support/wait-for';

const workspace = { name: 'Test', demo: false, me: null, pollIntervalMs: 50 };
/** How the waits below poll: the fake provider answers at once. */
const SOON = { timeoutMs: 3_000, everyMs: 10 };

describe('Engine', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function startEngine(provider: FakePagingProvider, outboxFile = ':memory:') {
    const outbox = new Outbox(outboxFile, systemClock);
    const engine = createEngine({
      paging: provider,
      outbox,
      clock: systemClock,
      workspace,
      reconcileIntervalMs: 60_000,
      actionBackoff: { baseMs: 20, capMs: 200 },
    });
    const events: ConsoleEvent[] = [];
    engine.onEvent((event) => events.push(event));
    engine.start();
    cleanups.push(async () => {
      await engine.stop();
      outbox.close();
    });
    return { engine, events, outbox };
  }

  const actionEvents = (events: ConsoleEvent[], id: string) =>
    events.flatMap((e) => (e.name === 'actionChanged' && e.payload.id === id ? [e.payload as ActionRecord] : []));

  it('loads open incidents, then pushes only what changes', async () => {
    const provider = new FakePagingProvider([makeIncident('P1'), makeIncident('P2'), makeIncident('P3', { status: 'resolved' })]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const snapshot = await engine.getSnapshot();
    expect(snapshot.incidents.map((i) => i.id).sort()).toEqual(['P1', 'P2']);
    expect(snapshot.connections[0]).toMatchObject({ state: 'ok', provider: 'fake' });

    provider.update('P2', { title: 'Checkout latency above SLO' });
    const delta = await waitFor(
      'the second incidentsChanged',
      () => events.find((e) => e.name === 'incidentsChanged' && e.payload.seq === 2),
      SOON,
    );
    expect(delta.payload).toMatchObject({ upserted: [{ id: 'P2', title: 'Checkout latency above SLO' }], removedIds: [] });
  });

  it('sends an action through the outbox and shows it pending, then done', async () => {
    const provider = new FakePagingProvider([makeIncident('P1')]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const record = await engine.submitAction({ kind: 'acknowledge', incidentIds: ['P1'] });
    expect(record.state).toBe('pending');
    await waitFor('the acknowledge to be done', () => actionEvents(events, record.id).some((a) => a.state === 'done'), SOON);
    expect(provider.writes).toEqual(['acknowledge P1']);
    const snapshot = await engine.getSnapshot();
    expect(snapshot.actions.find((a) => a.id === record.id)?.state).toBe('done');
  });

  it('retries a transient failure with backoff and fails for good on a refusal', async () => {
    const provider = new FakePagingProvider([makeIncident('P1'), makeIncident('P2')]);
    provider.failNext.set('acknowledge', [new ProviderError('transient', 'PagerDuty is unavailable (503)', 503, Date.now())]);
    provider.failNext.set('resolve', [new ProviderError('rejected', 'Incident P2 not found', 404)]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const ack = await engine.submitAction({ kind: 'acknowledge', incidentIds: ['P1'] });
    const resolve = await engine.submitAction({ kind: 'resolve', incidentIds: ['P2'] });
    const ackDone = await waitFor('the acknowledge to be done', () => actionEvents(events, ack.id).find((a) => a.state === 'done'), SOON);
    expect(ackDone.attempts).toBe(2);
    const retried = actionEvents(events, ack.id).find((a) => a.state === 'pending' && a.lastError);
    expect(retried?.lastError).toContain('503');
    const resolveFailed = await waitFor(
      'the resolve to fail',
      () => actionEvents(events, resolve.id).find((a) => a.state === 'failed'),
      SOON,
    );
    expect(resolveFailed.lastError).toBe('Incident P2 not found');

    const again = await engine.retryAction({ actionId: resolve.id });
    expect(again.state).toBe('pending');
    await waitFor(
      'the retried resolve to be done',
      () => actionEvents(events, resolve.id).filter((a) => a.state === 'done').length === 1,
      SOON,
    );
  });

  it('does not write a note twice when the first attempt landed but its answer was lost', async () => {
    const provider = new FakePagingProvider([makeIncident('P1')]);
    provider.failNext.set('addNote:after', [new ProviderError('transient', 'connection reset', undefined, Date.now())]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const note = await engine.submitAction({ kind: 'addNote', incidentIds: ['P1'], content: 'Rolled back 4.2.1' });
    await waitFor('the note to be done', () => actionEvents(events, note.id).find((a) => a.state === 'done'), SOON);
    expect(provider.notes.get('P1')?.map((n) => n.content)).toEqual(['Rolled back 4.2.1']);
  });

  it('replays what an earlier run left in the outbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'outbox.sqlite');
    const leftBehind = new Outbox(file, systemClock);
    const { id } = leftBehind.enqueue({ kind: 'resolve', incidentIds: ['P1'], note: 'Fixed by restart' });
    leftBehind.close();

    const provider = new FakePagingProvider([makeIncident('P1')]);
    const { events } = startEngine(provider, file);
    await waitFor('the left-behind resolve to be done', () => actionEvents(events, id).find((a) => a.state === 'done'), SOON);
    expect(provider.writes).toEqual(['note P1 Fixed by restart', 'resolve P1']);
  });

  it('reports a refused token as offline and keeps the reason', async () => {
    const provider = new FakePagingProvider([makeIncident('P1')]);
    provider.failNext.set('listOpenIncidents', [new ProviderError('auth', 'PagerDuty rejected the token (401)', 401)]);
    const { engine, events } = startEngine(provider);
    await expect(engine.ready()).rejects.toThrow('PagerDuty rejected the token');
    const status = events.find((e) => e.name === 'connectionChanged');
    expect(status?.payload).toMatchObject({ state: 'offline', message: 'PagerDuty rejected the token (401)' });
    // It keeps trying, and recovers when the vendor accepts us again.
    await waitFor('the connection to recover', () => events.some((e) => e.name === 'connectionChanged' && e.payload.state === 'ok'), SOON);
  });

  it('turns an unknown incident into a not_found contract error', async () => {
    const provider = new FakePagingProvider([]);
    const { engine } = startEngine(provider);
    await expect(engine.getIncidentDetail({ incidentId: 'NOPE' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
