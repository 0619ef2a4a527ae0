import { describe, expect, it } from 'vitest';
import { ProviderError, systemClock } from '../../../../electron/engine/ports';
import { TicketOpener } from '../../../../electron/engine/ticketing/ticket-opener';
import { FakePagingProvider, makeIncident } from '../../../support/fake-paging-provider';
import { FakeTicketingProvider } from '../../../support/fake-ticketing-provider';
import { waitFor } from '../../../support/wait-for';

function opener(paging: FakePagingProvider, ticketing: FakeTicketingProvider, hostId: string) {
  return new TicketOpener({
    paging,
    ticketing,
    hostId,
    clock: systemClock,
    describe: async (incidentId) => ({
      pagingIncidentId: incidentId,
      title: `Ticket for ${incidentId}`,
      description: '',
      urgency: 'high',
      priority: null,
      assignmentGroupId: 'G1',
      businessServiceId: 'BS1',
      configurationItemId: 'CI1',
    }),
  });
}

/** Keeps trying like the outbox does: a transient error means "later"; any other is thrown. */
function untilOpened(open: () => Promise<unknown>): Promise<unknown> {
  return waitFor('the ticket to open', open, {
    until: () => true,
    retryOn: (error) => error instanceof ProviderError && error.kind === 'transient',
    timeoutMs: 2_000,
    everyMs: 5,
  });
}

describe('TicketOpener', () => {
  it('opens one ticket, and finds it the next time', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const host = opener(paging, ticketing, 'host-a');
    const first = await host.ensureTicket('P1');
    const second = await host.ensureTicket('P1');
    expect(second.id).toBe(first.id);
    expect(ticketing.tickets.size).toBe(1);
    // One plain sentence is left in the timeline: the claim, edited to name the ticket.
    expect(paging.notes.get('P1')!.map((note) => note.content)).toEqual([`Raised FakeDesk ticket ${first.number} for this incident.`]);
  });

  it('opens exactly one ticket per incident when two hosts race, over many interleavings', async () => {
    for (let round = 0; round < 40; round += 1) {
      const paging = new FakePagingProvider([makeIncident('P1')]);
      const ticketing = new FakeTicketingProvider(3);
      const a = opener(paging, ticketing, 'host-a');
      const b = opener(paging, ticketing, 'host-b');
      const [ta, tb] = await Promise.all([untilOpened(() => a.ensureTicket('P1')), untilOpened(() => b.ensureTicket('P1'))]);
      expect(ticketing.tickets.size, `round ${round}`).toBe(1);
      expect((ta as { id: string }).id).toBe((tb as { id: string }).id);
      // The loser's claim is withdrawn once it sees the ticket: one sentence is left.
      expect(
        paging.notes.get('P1')!.map((note) => note.content),
        `round ${round}`,
      ).toEqual([`Raised FakeDesk ticket ${(ta as { number: string }).number} for this incident.`]);
    }
  });

  it('does not open a second ticket when a retry follows a create whose answer was lost', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const host = opener(paging, ticketing, 'host-a');
    await host.ensureTicket('P1');
    ticketing.failNext.set('find', [new ProviderError('transient', 'timeout')]);
    await expect(host.ensureTicket('P1')).rejects.toThrow('timeout');
    await host.ensureTicket('P1');
    expect(ticketing.tickets.size).toBe(1);
  });

  it('a host that restarts mid-claim knows its claim from the memory it kept, and does not wait for it to expire', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const kept = new Set<string>();
    const memory = { mine: () => kept, remember: (id: string) => void kept.add(id), forget: (id: string) => void kept.delete(id) };
    // The first process claims, then dies before creating (the fake refuses the create once).
    ticketing.failNext.set('create', [new ProviderError('transient', 'killed')]);
    await expect(opener(paging, ticketing, 'host-a').ensureTicket('P1', memory)).rejects.toThrow('killed');
    expect(kept.size).toBe(1);
    // The restarted process reads the same recorded claim and goes ahead at once.
    const ticket = await opener(paging, ticketing, 'host-a').ensureTicket('P1', memory);
    expect(ticketing.tickets.size).toBe(1);
    expect(paging.notes.get('P1')!.map((note) => note.content)).toEqual([`Raised FakeDesk ticket ${ticket.number} for this incident.`]);
  });
});
