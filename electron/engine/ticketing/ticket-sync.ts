/**
 * Keeps the console's picture of linked tickets current: each round asks the ticketing
 * system what changed since the last round (our own writes are left out by the
 * provider), and looks up the tickets of incidents it has not checked yet. Changes people
 * made in the ticketing system are handed on, for the automations to copy back to the
 * paging platform.
 */
import type { ConnectionStatus } from '../../../shared/domain/connection';
import type { Ticket } from '../../../shared/domain/ticket';
import type { Clock } from '../ports';
import { PollLoop } from '../poll-loop';
import type { TicketChange, TicketingProvider } from '../ports/ticketing';
import { pickTicket } from './ticket-opener';

export interface TicketSyncOptions {
  ticketing: TicketingProvider;
  clock: Clock;
  pollIntervalMs: number;
  /** How often incidents without a ticket are looked up again. */
  recheckIntervalMs: number;
  /** The open incidents whose tickets the console shows. */
  openIncidentIds(): string[];
  onTicket(ticket: Ticket): void;
  /** Changes people made in the ticketing system since the previous round. */
  onChanges?(changes: TicketChange[]): void;
  onStatus(status: ConnectionStatus): void;
  onError?(error: unknown): void;
}

/** How many incidents one lookup asks about. */
const LOOKUP_BATCH = 100;

export class TicketSync {
  private readonly links = new Map<string, Ticket>();
  /** Incidents looked up, and when: those without a ticket are asked about again later. */
  private readonly checkedAt = new Map<string, number>();
  private cursor: string | null = null;
  private readonly loop: PollLoop;

  constructor(private readonly options: TicketSyncOptions) {
    this.loop = new PollLoop({
      provider: options.ticketing,
      clock: options.clock,
      pollIntervalMs: options.pollIntervalMs,
      round: () => this.round(),
      onStatus: options.onStatus,
      onError: options.onError,
    });
  }

  get status(): ConnectionStatus {
    return this.loop.status;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  pollNow(): Promise<void> {
    return this.loop.pollNow();
  }

  /** The linked tickets of these incidents. */
  ticketsFor(incidentIds: readonly string[]): Ticket[] {
    return incidentIds.flatMap((id) => {
      const ticket = this.links.get(id);
      return ticket ? [ticket] : [];
    });
  }

  ticketOf(incidentId: string): Ticket | null {
    return this.links.get(incidentId) ?? null;
  }

  /** Records a ticket the console just wrote or read; tells listeners when it changed. */
  remember(ticket: Ticket): void {
    if (!ticket.pagingIncidentId) return;
    const known = this.links.get(ticket.pagingIncidentId);
    if (known && known.id !== ticket.id && pickTicket([known, ticket])?.id === known.id) return;
    if (known && JSON.stringify(known) === JSON.stringify(ticket)) return;
    this.links.set(ticket.pagingIncidentId, ticket);
    this.checkedAt.set(ticket.pagingIncidentId, this.options.clock.now());
    this.options.onTicket(ticket);
  }

  private async round(): Promise<void> {
    const { ticketing, clock } = this.options;
    const firstRound = this.cursor === null;
    const { changes, cursor } = await ticketing.changesSince(this.cursor);
    this.cursor = cursor;
    for (const change of changes) this.remember(change.ticket);
    // The first round only sets the starting point: history is not replayed as new changes.
    if (!firstRound && changes.length > 0) this.options.onChanges?.(changes);

    const now = clock.now();
    const due = this.options
      .openIncidentIds()
      .filter((id) => !this.links.has(id) && now - (this.checkedAt.get(id) ?? -Infinity) >= this.options.recheckIntervalMs);
    for (let start = 0; start < due.length; start += LOOKUP_BATCH) {
      const batch = due.slice(start, start + LOOKUP_BATCH);
      const found = await ticketing.findByPagingIncidents(batch);
      for (const id of batch) {
        this.checkedAt.set(id, now);
        const ticket = pickTicket(found.filter((candidate) => candidate.pagingIncidentId === id));
        if (ticket) this.remember(ticket);
      }
    }
  }
}
