import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/contract';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import { CachedRead } from '../../../electron/engine/cached-read';
import type { Engine } from '../../../electron/engine/engine';
import { createEngine, type EngineOptions } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { ProviderError, systemClock } from '../../../electron/engine/ports';
import { FakePagingProvider, makeIncident } from '../../support/fake-paging-provider';
import { waitFor } from '../../support/wait-for';

const workspace = { name: 'Test', demo: false, me: null, pollIntervalMs: 50 };
/** How the waits below poll: the fake provider answers at once. */
const SOON = { timeoutMs: 3_000, everyMs: 10 };

describe('Engine: triage actions, directory and on-calls', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function startEngine(provider: FakePagingProvider, options: Partial<EngineOptions> = {}) {
    const outbox = new Outbox(':memory:', systemClock);
    const engine = createEngine({
      paging: provider,
      outbox,
      clock: systemClock,
      workspace,
      reconcileIntervalMs: 60_000,
      actionBackoff: { baseMs: 10, capMs: 50 },
      ...options,
    });
    const events: ConsoleEvent[] = [];
    engine.onEvent((event) => events.push(event));
    engine.start();
    cleanups.push(async () => {
      await engine.stop();
      outbox.close();
    });
    return { engine, events };
  }

  async function settle(engine: Engine, events: ConsoleEvent[], request: ActionRequest): Promise<ActionRecord> {
    const { id } = await engine.submitAction(request);
    return waitFor(
      `${request.kind} to settle`,
      () =>
        events.flatMap((e) =>
          e.name === 'actionChanged' && e.payload.id === id && e.payload.state !== 'pending' ? [e.payload as ActionRecord] : [],
        )[0],
      SOON,
    );
  }

  const incidents = (count: number) => Array.from({ length: count }, (_, index) => makeIncident(`Q${index + 1}`));

  it('sends reassign, escalate, priority and urgency as one bulk change each, on exactly the selected incidents', async () => {
    const provider = new FakePagingProvider(incidents(5));
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const selected = ['Q2', 'Q4', 'Q5'];
    const requests: ActionRequest[] = [
      { kind: 'reassign', incidentIds: selected, to: { type: 'users', userIds: ['U7'] } },
      { kind: 'reassign', incidentIds: selected, to: { type: 'escalationPolicy', escalationPolicyId: 'EP2' } },
      { kind: 'escalate', incidentIds: selected, level: 2 },
      { kind: 'setPriority', incidentIds: selected, priorityId: 'PR1' },
      { kind: 'setPriority', incidentIds: selected, priorityId: null },
      { kind: 'setUrgency', incidentIds: selected, urgency: 'low' },
    ];
    for (const request of requests) expect((await settle(engine, events, request)).state).toBe('done');
    expect(provider.updates).toEqual([
      { incidentIds: selected, change: { assignTo: { userIds: ['U7'] } } },
      { incidentIds: selected, change: { assignTo: { escalationPolicyId: 'EP2' } } },
      { incidentIds: selected, change: { escalationLevel: 2 } },
      { incidentIds: selected, change: { priorityId: 'PR1' } },
      { incidentIds: selected, change: { priorityId: null } },
      { incidentIds: selected, change: { urgency: 'low' } },
    ]);
    // The change shows in the queue without waiting for the next poll.
    await waitFor(
      'the queue to show Q2 at low urgency',
      async () => (await engine.getSnapshot()).incidents.find((i) => i.id === 'Q2')?.urgency === 'low',
      SOON,
    );
  });

  it('acknowledges 250 selected incidents by passing exactly those ids to the provider, once', async () => {
    const provider = new FakePagingProvider(incidents(320));
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const selected = incidents(320)
      .slice(10, 250)
      .map((incident) => incident.id)
      .concat(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'Q9', 'Q10']);
    expect(new Set(selected).size).toBe(250);
    expect((await settle(engine, events, { kind: 'acknowledge', incidentIds: selected })).state).toBe('done');
    expect(provider.writes).toEqual([`acknowledge ${selected.join(',')}`]);
  });

  it('snoozes each incident once, even when the action is replayed after a failure half-way', async () => {
    const provider = new FakePagingProvider(incidents(3));
    provider.failNext.set('snooze:Q2', [new ProviderError('transient', 'PagerDuty is unavailable (503)', 503)]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const done = await settle(engine, events, { kind: 'snooze', incidentIds: ['Q1', 'Q2', 'Q3'], durationSeconds: 3600 });
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    expect(provider.writes).toEqual(['snooze Q1 3600', 'snooze Q2 3600', 'snooze Q3 3600']);
  });

  it('after a lost answer re-sends only the snooze whose answer was lost (a repeat just restarts its timer)', async () => {
    const provider = new FakePagingProvider(incidents(3));
    const { engine, events } = startEngine(provider);
    await engine.ready();
    provider.failNext.set('snooze:after', [new ProviderError('transient', 'connection reset', undefined)]);
    const done = await settle(engine, events, { kind: 'snooze', incidentIds: ['Q1', 'Q2', 'Q3'], durationSeconds: 600 });
    expect(done.state).toBe('done');
    expect(provider.writes).toEqual(['snooze Q1 600', 'snooze Q1 600', 'snooze Q2 600', 'snooze Q3 600']);
  });

  it('snoozes the others when one is refused, and says which one and why', async () => {
    const provider = new FakePagingProvider(incidents(3));
    provider.failNext.set('snooze:Q2', [new ProviderError('rejected', 'Incident must be acknowledged before it can be snoozed', 400)]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const failed = await settle(engine, events, { kind: 'snooze', incidentIds: ['Q1', 'Q2', 'Q3'], durationSeconds: 3600 });
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/Could not snooze 1 of 3.*Q2: Incident must be acknowledged/);
    expect(provider.writes).toEqual(['snooze Q1 3600', 'snooze Q3 3600']);
    // Retrying (after acknowledging Q2, say) snoozes only Q2.
    provider.writes.length = 0;
    await engine.retryAction({ actionId: failed.id });
    await waitFor(
      'the retried snooze to be done',
      () =>
        provider.writes.length === 1 &&
        events.some((e) => e.name === 'actionChanged' && e.payload.id === failed.id && e.payload.state === 'done'),
      SOON,
    );
    expect(provider.writes).toEqual(['snooze Q2 3600']);
  });

  it('asks for responders once, even when the answer to the first request was lost', async () => {
    const provider = new FakePagingProvider(incidents(1));
    provider.failNext.set('addResponders:after', [new ProviderError('transient', 'connection reset', undefined)]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    const done = await settle(engine, events, {
      kind: 'addResponders',
      incidentIds: ['Q1'],
      userIds: ['U9'],
      escalationPolicyIds: ['EP3'],
      message: 'Need a DBA',
    });
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    expect(provider.writes).toEqual(['responders Q1 U9,EP3 Need a DBA']);
  });

  it('merges once into the target', async () => {
    const provider = new FakePagingProvider(incidents(3));
    const { engine, events } = startEngine(provider);
    await engine.ready();
    expect((await settle(engine, events, { kind: 'merge', incidentIds: ['Q2', 'Q3'], targetIncidentId: 'Q1' })).state).toBe('done');
    expect(provider.writes).toEqual(['merge Q2,Q3 into Q1']);
    await waitFor(
      'the merged incidents to leave the queue',
      async () => (await engine.getSnapshot()).incidents.map((i) => i.id).join() === 'Q1',
      SOON,
    );
  });

  it('keeps the directory and the on-calls for a while, and says which policies are the incident managers', async () => {
    const provider = new FakePagingProvider([]);
    const { engine } = startEngine(provider, { incidentManagerPolicyIds: ['EPIM'] });
    await engine.ready();
    const [first, second] = await Promise.all([engine.getDirectory(), engine.getDirectory()]);
    await engine.getDirectory();
    expect(first).toEqual(provider.directory);
    expect(second).toBe(first);
    expect(provider.reads.directory).toBe(1);
    const oncalls = await engine.getOnCalls();
    await engine.getOnCalls();
    expect(oncalls).toEqual({ oncalls: provider.oncalls, incidentManagerPolicyIds: ['EPIM'] });
    expect(provider.reads.oncalls).toBe(1);
  });

  it('reads again once the time to keep is over, and turns a failure into an upstream error that is not kept', async () => {
    const provider = new FakePagingProvider([]);
    provider.failNext.set('listOnCalls', [new ProviderError('transient', 'PagerDuty GET /oncalls failed with 503', 503)]);
    const { engine } = startEngine(provider, { onCallsCacheMs: 0 });
    await engine.ready();
    await expect(engine.getOnCalls()).rejects.toMatchObject({ code: 'upstream', message: expect.stringContaining('503') });
    expect((await engine.getOnCalls()).incidentManagerPolicyIds).toEqual([]);
    await engine.getOnCalls();
    expect(provider.reads.oncalls).toBe(3);
  });
});

describe('CachedRead', () => {
  it('loads once per time to live on the clock it is given', async () => {
    let now = 1_000;
    let loads = 0;
    const cache = new CachedRead(async () => ++loads, 60_000, { now: () => now });
    expect(await cache.get()).toBe(1);
    now += 59_999;
    expect(await cache.get()).toBe(1);
    now += 1;
    expect(await cache.get()).toBe(2);
    cache.invalidate();
    expect(await cache.get()).toBe(3);
  });
});
