// The engine wiring: a new incident assigned to me after the first load becomes a
// `notify` event, the first load does not, and the pause requests silence it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../../shared/contract';
import { wireEngine } from '../../../../electron/host/create-engine';
import { Outbox } from '../../../../electron/engine/outbox';
import { systemClock } from '../../../../electron/engine/ports';
import { FakePagingProvider, makeIncident } from '../../../support/fake-paging-provider';
import { waitFor } from '../../../support/wait-for';

const dana = { id: 'U1', name: 'Dana Developer' };

describe('Engine notifications', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function startEngine(provider: FakePagingProvider) {
    const outbox = new Outbox(':memory:', systemClock);
    const { engine, parts } = wireEngine({
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
    return { engine, events, notifications: parts.notifications };
  }

  /** How the waits below poll: the fake provider answers at once. */
  const SOON = { timeoutMs: 3_000, everyMs: 10 };
  const notified = (events: ConsoleEvent[]) => events.filter((event) => event.name === 'notify');

  it('notifies what is new after the first load, and nothing while paused', async () => {
    const provider = new FakePagingProvider([makeIncident('P1', { assignees: [dana] })]);
    const { engine, events, notifications } = startEngine(provider);
    await engine.ready();
    await waitFor('the notification state', () => events.some((event) => event.name === 'notificationStateChanged'), SOON);
    expect(notified(events)).toEqual([]);

    provider.add(makeIncident('P2', { assignees: [dana], title: 'Card auth failing' }));
    await waitFor('a notification for P2', () => notified(events).length === 1, SOON);
    expect(notified(events)[0]?.payload).toMatchObject({ kind: 'newIncident', incidentId: 'P2', title: 'New incident: Card auth failing' });

    const paused = await engine.pauseNotifications({ minutes: 60 });
    expect(paused.ruleInForce).toMatch(/^Paused until \d\d:\d\d$/);
    expect((await engine.getNotificationState()).triggeredCount).toBe(2);
    provider.add(makeIncident('P3', { assignees: [dana] }));
    await waitFor(
      'P3 in the queue',
      () => events.some((e) => e.name === 'incidentsChanged' && e.payload.upserted.some((i) => i.id === 'P3')),
      SOON,
    );
    await notifications.settled();
    expect(notified(events)).toHaveLength(1);

    expect((await engine.resumeNotifications()).pausedUntil).toBeNull();
    provider.add(makeIncident('P4', { assignees: [dana] }));
    await waitFor('a notification for P4', () => notified(events).length === 2, SOON);
  });
});
