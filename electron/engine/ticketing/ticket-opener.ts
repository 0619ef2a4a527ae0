/**
 * Finds a paging incident's ticket, or opens it, exactly once across hosts (see
 * ticket-claim.ts). While another host holds the claim it throws a transient
 * ProviderError, so the outbox simply tries again later, by when the ticket exists.
 */
import type { IncidentDetail } from '../../../shared/domain/incident';
import type { Ticket } from '../../../shared/domain/ticket';
import { isTicketOpen } from '../../../shared/domain/ticket';
import { ProviderError, type Clock, type PagingProvider } from '../ports';
import type { NewTicket, TicketingProvider } from '../ticketing-port';
import { CLAIM_TTL_MS, claimNoteText, decide } from './ticket-claim';

export interface TicketOpenerOptions {
  paging: PagingProvider;
  ticketing: TicketingProvider;
  /** Stable id of this host (kept in its data directory). */
  hostId: string;
  clock: Clock;
  /** What the new ticket should say, from the incident and the workspace's mapping. */
  describe(incidentId: string): Promise<NewTicket>;
}

/** The ticket to treat as the incident's: the oldest open one, else the newest. */
export function pickTicket(tickets: readonly Ticket[]): Ticket | null {
  const open = tickets.filter(isTicketOpen).sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  if (open[0]) return open[0];
  return [...tickets].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;
}

export class TicketOpener {
  constructor(private readonly options: TicketOpenerOptions) {}

  /** The incident's ticket, opening one if there is none yet. */
  async ensureTicket(incidentId: string): Promise<Ticket> {
    const { paging, ticketing, hostId, clock } = this.options;
    const existing = await this.find(incidentId);
    if (existing) return existing;
    // Two rounds: claim, then read back and act on who won.
    for (let round = 0; round < 2; round += 1) {
      const decision = decide(await paging.listNotes(incidentId), hostId, clock.now());
      if (decision.kind === 'wait') {
        throw new ProviderError(
          'transient',
          `Waiting for console host ${decision.claim.hostId} to open the ${ticketing.label} ticket for this incident`,
          undefined,
          Math.min(decision.claim.until, clock.now() + 30_000),
        );
      }
      if (decision.kind === 'create') {
        // An earlier attempt of ours may have opened it before being cut short.
        return (await this.find(incidentId)) ?? (await ticketing.createTicket(await this.options.describe(incidentId)));
      }
      await paging.addNote(incidentId, claimNoteText(hostId, ticketing.label, clock.now() + CLAIM_TTL_MS));
    }
    throw new ProviderError('transient', `Could not settle who opens the ${ticketing.label} ticket; will try again`);
  }

  /** The paging incident as the platform has it now, with its notes and log entries. */
  pagingIncident(incidentId: string): Promise<IncidentDetail> {
    return this.options.paging.getIncidentDetail(incidentId);
  }

  async find(incidentId: string): Promise<Ticket | null> {
    return pickTicket(await this.options.ticketing.findByPagingIncidents([incidentId]));
  }
}
