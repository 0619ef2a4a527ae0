// The engine wiring: a new incident assigned to me after the first load becomes a
// `notify` event, the first load does not, and the pause requests silence it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../../shared/contract';
import { Engine } from '../../../../electron/engine/engine';
import { Outbox } from '../../../../electron/engine/outbox';
import { systemClock } from '../../../../electron/engine/ports';
import { FakePagingProvider, makeIncident } from '../../../support/fake-paging-provider';

const dana = { id: 'U1', name: 'Dana Developer' };

describe('Engine notifications', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function startEngine(provider: FakePagingProvider) {
    const outbox = new Outbox(':memory:', systemClock);
    const engine = new Engine({
      paging: provider,
      outbox,
      clock: systemClock,
      workspace: { name: 'Test', demo: false, me: { ...dana, email: 'dana@example.com' }, pollIntervalMs: 30 },
      reconcileIntervalMs: 60_000,
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

  const until = async (probe: () => boolean, timeoutMs = 3_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const notified = (events: ConsoleEvent[]) => events.filter((event) => event.name === 'notify');

  it('notifies what is new after the first load, and nothing while paused', async () => {
    const provider = new FakePagingProvider([makeIncident('P1', { assignees: [dana] })]);
    const { engine, events } = startEngine(provider);
    await engine.ready();
    await until(() => events.some((event) => event.name === 'notificationStateChanged'));
    expect(notified(events)).toEqual([]);

    provider.add(makeIncident('P2', { assignees: [dana], title: 'Card auth failing' }));
    await until(() => notified(events).length === 1);
    expect(notified(events)[0]?.payload).toMatchObject({ kind: 'newIncident', incidentId: 'P2', title: 'New incident: Card auth failing' });

    const paused = await engine.pauseNotifications({ minutes: 60 });
    expect(paused.ruleInForce).toMatch(/^Paused until \d\d:\d\d$/);
    expect((await engine.getNotificationState()).triggeredCount).toBe(2);
    provider.add(makeIncident('P3', { assignees: [dana] }));
    await until(() => events.some((e) => e.name === 'incidentsChanged' && e.payload.upserted.some((i) => i.id === 'P3')));
    await engine.notificationCenter.settled();
    expect(notified(events)).toHaveLength(1);

    expect((await engine.resumeNotifications()).pausedUntil).toBeNull();
    provider.add(makeIncident('P4', { assignees: [dana] }));
    await until(() => notified(events).length === 2);
  });
});
