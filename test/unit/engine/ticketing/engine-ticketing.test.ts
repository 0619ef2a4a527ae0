/**
 * The engine keeping a ticketing system in step, with in-memory fakes of both systems:
 * mirrored actions, the failed half retried alone, automations, and two hosts racing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../../shared/contract';
import type { ActionRecord } from '../../../../shared/domain/action';
import { createEngine } from '../../../../electron/host/create-engine';
import { Outbox } from '../../../../electron/engine/outbox';
import { ProviderError, systemClock } from '../../../../electron/engine/ports';
import { TicketMapping } from '../../../../electron/engine/ticketing/ticket-mapping';
import { FakePagingProvider, makeIncident } from '../../../support/fake-paging-provider';
import { FakeTicketingProvider } from '../../../support/fake-ticketing-provider';
import { waitFor } from '../../../support/wait-for';

const mapping = new TicketMapping([
  { pagingServiceId: 'S1', assignmentGroupId: 'G-payments', businessServiceId: 'BS-payments', configurationItemId: 'CI-payments' },
  { pagingServiceId: 'S2', assignmentGroupId: 'G-dba', businessServiceId: 'BS-oracle', configurationItemId: 'CI-oracle' },
]);

describe('engine with a ticketing system', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  function start(paging: FakePagingProvider, ticketing: FakeTicketingProvider, hostId = 'host-a', automations = false) {
    const outbox = new Outbox(':memory:', systemClock);
    const engine = createEngine({
      paging,
      outbox,
      clock: systemClock,
      workspace: { name: 'Test', demo: false, me: null, pollIntervalMs: 30 },
      reconcileIntervalMs: 60_000,
      actionBackoff: { baseMs: 10, capMs: 50 },
      incidentManagerPolicyIds: ['EP-IM'],
      ticketing: { provider: ticketing, mapping, hostId, automations },
    });
    const events: ConsoleEvent[] = [];
    engine.onEvent((event) => events.push(event));
    engine.start();
    stops.push(async () => {
      await engine.stop();
      outbox.close();
    });
    return { engine, events };
  }

  /** How the waits below poll: the fakes answer at once. */
  const SOON = { timeoutMs: 4_000, everyMs: 10 };
  /** The action's record once it settled (done or failed). */
  const done = async (events: ConsoleEvent[], id: string): Promise<ActionRecord> =>
    (
      await waitFor(
        `action ${id} to settle`,
        () =>
          events.find(
            (e): e is { name: 'actionChanged'; payload: ActionRecord } =>
              e.name === 'actionChanged' && e.payload.id === id && e.payload.state !== 'pending',
          ),
        SOON,
      )
    ).payload;

  it('opens the ticket and mirrors acknowledge, note, reassign, major and resolve', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    paging.directory.services.push({
      id: 'S2',
      name: 'Oracle Database Cluster',
      kind: 'foundational-system',
      teamIds: ['T2'],
      escalationPolicyId: 'EP2',
    });
    const ticketing = new FakeTicketingProvider();
    const { engine, events } = start(paging, ticketing);
    await engine.ready();

    const ack = await engine.submitAction({ kind: 'acknowledge', incidentIds: ['P1'] });
    expect((await done(events, ack.id)).state).toBe('done');
    const [ticket] = [...ticketing.tickets.values()];
    expect(ticket).toMatchObject({
      stage: 'in-progress',
      assignedTo: { id: 'u-dana' },
      pagingIncidentId: 'P1',
      assignmentGroup: { id: 'G-payments' },
    });

    await done(events, (await engine.submitAction({ kind: 'addNote', incidentIds: ['P1'], content: 'Rolled back 4.2.1' })).id);
    expect(ticketing.workNotes).toEqual([{ ticketId: ticket!.id, text: 'Rolled back 4.2.1' }]);

    await done(events, (await engine.submitAction({ kind: 'reassign', incidentIds: ['P1'], to: { type: 'service', serviceId: 'S2' } })).id);
    expect(paging.writes).toContainEqual(expect.stringContaining('EP2'));
    expect(ticketing.tickets.get(ticket!.id)).toMatchObject({ assignmentGroup: { id: 'G-dba' }, configurationItem: { id: 'CI-oracle' } });

    const major = await engine.submitAction({ kind: 'declareMajor', incidentIds: ['P1'], reason: 'Payments down in EU' });
    await done(events, major.id);
    expect(ticketing.tickets.get(ticket!.id)?.majorIncident).toBe(true);
    expect(paging.writes).toContain('responders P1 EP-IM Major incident declared: Payments down in EU');
    expect(paging.writes).toContainEqual(expect.stringMatching(/^update P1 .*"priorityId":"PR1"/));
    expect(events.some((e) => e.name === 'majorIncidentDeclared' && e.payload.incidentId === 'P1')).toBe(true);

    await done(events, (await engine.submitAction({ kind: 'resolve', incidentIds: ['P1'], note: 'Fixed by failover' })).id);
    expect(ticketing.tickets.get(ticket!.id)?.stage).toBe('resolved');
    expect(ticketing.tickets.size).toBe(1);
    // The snapshot carries the ticket for the queue's ticket column.
    expect(events.some((e) => e.name === 'ticketChanged' && e.payload.id === ticket!.id)).toBe(true);
  });

  it('retries only the ticket half when the ticketing system is down, and sends the page once', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const down = () => new ProviderError('transient', 'FakeDesk is unavailable (503)', 503);
    ticketing.failNext.set('find', [down(), down(), down()]);
    const { engine, events } = start(paging, ticketing);
    await engine.ready();
    const ack = await engine.submitAction({ kind: 'acknowledge', incidentIds: ['P1'] });
    const pendingWithReason = await waitFor(
      'the acknowledge to say FakeDesk is down',
      () => events.find((e) => e.name === 'actionChanged' && e.payload.id === ack.id && e.payload.lastError?.includes('FakeDesk')),
      SOON,
    );
    expect(pendingWithReason.name).toBe('actionChanged');
    expect((await done(events, ack.id)).state).toBe('done');
    expect(paging.writes.filter((w) => w.startsWith('acknowledge'))).toEqual(['acknowledge P1']);
    expect([...ticketing.tickets.values()][0]?.stage).toBe('in-progress');
  });

  it('announces a major incident as soon as PagerDuty has it, while the ticket half retries', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const down = () => new ProviderError('transient', 'FakeDesk is unavailable (503)', 503);
    ticketing.failNext.set('declareMajor', [down(), down(), down(), down()]);
    const { engine, events } = start(paging, ticketing);
    await engine.ready();
    const major = await engine.submitAction({ kind: 'declareMajor', incidentIds: ['P1'], reason: 'EU checkout down' });
    await waitFor('the major incident to be announced', () => events.some((e) => e.name === 'majorIncidentDeclared'), SOON);
    const settled = events.some((e) => e.name === 'actionChanged' && e.payload.id === major.id && e.payload.state === 'done');
    expect(settled).toBe(false);
    await done(events, major.id);
    // Announced once, although the action ran several times.
    expect(events.filter((e) => e.name === 'majorIncidentDeclared')).toHaveLength(1);
  });

  it('does not reopen a ticket resolved before a late acknowledge lands', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const { engine, events } = start(paging, ticketing);
    await engine.ready();
    await done(events, (await engine.submitAction({ kind: 'openTicket', incidentIds: ['P1'] })).id);
    const [ticket] = [...ticketing.tickets.values()];
    await ticketing.resolve(ticket!.id);
    await done(events, (await engine.submitAction({ kind: 'acknowledge', incidentIds: ['P1'] })).id);
    expect(ticketing.tickets.get(ticket!.id)?.stage).toBe('resolved');
  });

  it('says what to add when a service has no mapping', async () => {
    const paging = new FakePagingProvider([makeIncident('P7', { service: { id: 'S9', name: 'Legacy Billing' } })]);
    const ticketing = new FakeTicketingProvider();
    const { engine, events } = start(paging, ticketing);
    await engine.ready();
    const ack = await engine.submitAction({ kind: 'acknowledge', incidentIds: ['P7'] });
    const failed = await done(events, ack.id);
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/No FakeDesk mapping for the service "Legacy Billing" \(S9\): add it under ticketing.mapping/);
  });

  it('automations: alert fired -> one ticket, alert resolved -> ticket resolved, with two hosts racing', async () => {
    const paging = new FakePagingProvider([]);
    const ticketing = new FakeTicketingProvider(3);
    const hostA = start(paging, ticketing, 'host-a', true);
    const hostB = start(paging, ticketing, 'host-b', true);
    await Promise.all([hostA.engine.ready(), hostB.engine.ready()]);
    const now = new Date().toISOString();
    for (const id of ['P1', 'P2', 'P3']) paging.add(makeIncident(id, { createdAt: now }));
    await waitFor(
      'three tickets, each for an incident',
      () => ticketing.tickets.size === 3 && [...ticketing.tickets.values()].every((t) => t.pagingIncidentId),
      SOON,
    );
    // Give the loser of each race time to see the winner's ticket.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const perIncident = (id: string) => [...ticketing.tickets.values()].filter((t) => t.pagingIncidentId === id);
    for (const id of ['P1', 'P2', 'P3']) expect(perIncident(id), id).toHaveLength(1);

    paging.update('P2', { status: 'resolved' });
    await waitFor("P2's ticket to be resolved", () => perIncident('P2')[0]?.stage === 'resolved', SOON);
    expect(perIncident('P1')[0]?.stage).toBe('new');
  });
});
