import { describe, expect, it } from 'vitest';
import { ProviderError, systemClock } from '../../../../electron/engine/ports';
import type { NewTicket } from '../../../../electron/engine/ports/ticketing';
import { pickTicket, standingOver, TicketOpener, type ClaimMemory } from '../../../../electron/engine/ticketing/ticket-opener';
import type { Ticket } from '../../../../shared/domain/ticket';
import { FakePagingProvider, makeIncident } from '../../../support/fake-paging-provider';
import { FakeTicketingProvider } from '../../../support/fake-ticketing-provider';
import { waitFor } from '../../../support/wait-for';

function opener(paging: FakePagingProvider, ticketing: FakeTicketingProvider, hostId: string, claimsOnIncident?: () => boolean) {
  return new TicketOpener({
    ...(claimsOnIncident ? { claimsOnIncident } : {}),
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

function ticket(number: string, stage: Ticket['stage'], updatedAt = '2026-12-07T04:00:00.000Z'): Ticket {
  return {
    id: `id-${number}`,
    provider: 'fake-ticketing',
    number,
    state: stage,
    stage,
    title: 't',
    assignmentGroup: null,
    assignedTo: null,
    businessService: null,
    configurationItem: null,
    priority: null,
    majorIncident: false,
    pagingIncidentId: 'P1',
    url: 'https://desk.example.com',
    updatedAt,
  };
}

function memory(): ClaimMemory & { kept: Set<string> } {
  const kept = new Set<string>();
  return { kept, mine: () => kept, remember: (id) => void kept.add(id), forget: (id) => void kept.delete(id) };
}

/** A desk whose creates wait for each other: every host opens its ticket at the same moment, after both found none. */
class SameMomentDesk extends FakeTicketingProvider {
  private waiting: Array<() => void> = [];
  constructor(private readonly hosts: number) {
    super(2);
  }
  override async createTicket(input: NewTicket): Promise<Ticket> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length === this.hosts) for (const release of this.waiting.splice(0)) release();
    });
    return super.createTicket(input);
  }
}

describe('which ticket stands for an incident', () => {
  it('is the open one with the lowest number, whatever order they are read in', () => {
    const tickets = [ticket('ITSM-10', 'new'), ticket('ITSM-9', 'in-progress'), ticket('ITSM-8', 'resolved')];
    expect(pickTicket(tickets)?.number).toBe('ITSM-9');
    expect(pickTicket([...tickets].reverse())?.number).toBe('ITSM-9');
  });

  it('never brings back a withdrawn duplicate once none is open', () => {
    const resolved = ticket('INC0010001', 'resolved', '2026-12-07T04:00:00.000Z');
    const withdrawn = ticket('INC0010002', 'canceled', '2026-12-07T04:05:00.000Z');
    expect(pickTicket([resolved, withdrawn])?.number).toBe('INC0010001');
    expect(pickTicket([withdrawn])?.number).toBe('INC0010002');
  });

  it('gives way only to an open ticket numbered below ours', () => {
    const ours = ticket('INC0010002', 'new');
    expect(standingOver(ours, ticket('INC0010001', 'new'))?.number).toBe('INC0010001');
    expect(standingOver(ours, ours)).toBeNull();
    expect(standingOver(ours, null)).toBeNull();
    // Ours is the lowest, and the search did not show it yet: ours stays (the other host withdraws its own).
    expect(standingOver(ours, ticket('INC0010003', 'new'))).toBeNull();
    expect(standingOver(ours, ticket('INC0010001', 'resolved'))).toBeNull();
    expect(standingOver(ticket('INC0010002', 'canceled'), ticket('INC0010001', 'new'))).toBeNull();
  });
});

describe('TicketOpener on a platform without incident notes (Splunk On-Call)', () => {
  const noNotes = () => false;

  it('opens the ticket without a claim note, and finds it the next time', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const host = opener(paging, ticketing, 'host-a', noNotes);
    const first = await host.ensureTicket('P1');
    expect((await host.ensureTicket('P1')).id).toBe(first.id);
    expect(ticketing.tickets.size).toBe(1);
    expect(paging.notes.get('P1') ?? []).toEqual([]);
  });

  it('leaves exactly one open ticket when two or three hosts open one at the same moment, the others withdrawn saying which stands', async () => {
    for (const hosts of [2, 3]) {
      for (let round = 0; round < 20; round += 1) {
        const paging = new FakePagingProvider([makeIncident('P1')]);
        const ticketing = new SameMomentDesk(hosts);
        const openers = Array.from({ length: hosts }, (_, index) => opener(paging, ticketing, `host-${index}`, noNotes));
        const got = await Promise.all(openers.map((host) => host.ensureTicket('P1')));
        const label = `${hosts} hosts, round ${round}`;
        const all = [...ticketing.tickets.values()];
        expect(all, label).toHaveLength(hosts);
        const open = all.filter((t) => t.stage !== 'canceled');
        expect(open, label).toHaveLength(1);
        expect(open[0]!.number, label).toBe('INC0000001');
        expect(new Set(got.map((t) => t.id)), label).toEqual(new Set([open[0]!.id]));
        expect(
          ticketing.workNotes.map((note) => note.text),
          label,
        ).toEqual(Array(hosts - 1).fill('Opened twice at the same moment for one incident: INC0000001 stands for it.'));
      }
    }
  });

  it('withdraws its own ticket on the next attempt when it was cut short between opening and withdrawing it', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new SameMomentDesk(2);
    const hosts = [opener(paging, ticketing, 'host-a', noNotes), opener(paging, ticketing, 'host-b', noNotes)];
    const memories = [memory(), memory()];
    ticketing.failNext.set('withdrawDuplicate', [new ProviderError('transient', 'connection reset')]);
    const results = await Promise.allSettled(hosts.map((host, index) => host.ensureTicket('P1', memories[index])));
    // The host that opened the later ticket could not withdraw it, and still knows it opened it.
    const failed = results.findIndex((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect([...memories[failed]!.kept]).toEqual([expect.stringMatching(/^opened-ticket:/)]);
    expect([...ticketing.tickets.values()].filter((t) => t.stage !== 'canceled')).toHaveLength(2);
    // The outbox tries again: the ticket that stands is found, and the one it opened is withdrawn.
    const standing = await hosts[failed]!.ensureTicket('P1', memories[failed]);
    expect(standing.number).toBe('INC0000001');
    expect([...ticketing.tickets.values()].filter((t) => t.stage !== 'canceled').map((t) => t.id)).toEqual([standing.id]);
    expect(memories[failed]!.kept.size).toBe(0);
  });

  it('after a restart, withdraws a ticket it opened (kept in the memory) that does not stand', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const describe = { pagingIncidentId: 'P1', title: 't', description: '', urgency: 'high', priority: null } as const;
    const routing = { assignmentGroupId: null, businessServiceId: null, configurationItemId: null };
    const first = await ticketing.createTicket({ ...describe, ...routing });
    const ours = await ticketing.createTicket({ ...describe, ...routing });
    const kept = memory();
    kept.remember(`opened-ticket:${ours.number} ${ours.id}`);
    const standing = await opener(paging, ticketing, 'host-b', noNotes).ensureTicket('P1', kept);
    expect(standing.id).toBe(first.id);
    expect(ticketing.tickets.get(ours.id)?.stage).toBe('canceled');
    expect(ticketing.tickets.get(first.id)?.stage).toBe('new');
    expect(kept.kept.size).toBe(0);
  });

  it('after a restart, keeps a ticket it opened that is numbered below the one it finds (the search did not show its own yet)', async () => {
    const paging = new FakePagingProvider([makeIncident('P1')]);
    const ticketing = new FakeTicketingProvider();
    const describe = { pagingIncidentId: 'P1', title: 't', description: '', urgency: 'high', priority: null } as const;
    const routing = { assignmentGroupId: null, businessServiceId: null, configurationItemId: null };
    const ours = await ticketing.createTicket({ ...describe, ...routing });
    const theirs = await ticketing.createTicket({ ...describe, ...routing });
    const kept = memory();
    kept.remember(`opened-ticket:${ours.number} ${ours.id}`);
    // The read lags: it shows only the other host's (later) ticket.
    const find = ticketing.findByPagingIncidents.bind(ticketing);
    ticketing.findByPagingIncidents = async (ids) => (await find(ids)).filter((t) => t.id !== ours.id);
    const found = await opener(paging, ticketing, 'host-a', noNotes).ensureTicket('P1', kept);
    expect(found.id).toBe(theirs.id);
    expect(ticketing.tickets.get(ours.id)?.stage).toBe('new');
    expect(ticketing.workNotes).toEqual([]);
  });
});
