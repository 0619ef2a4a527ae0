/**
 * Finds a paging incident's ticket, or opens it, exactly once across hosts (see
 * ticket-claim.ts), and leaves one plain sentence about it in the paging timeline. While another host holds the claim it throws a transient
 * ProviderError, so the outbox simply tries again later, by when the ticket exists.
 */
import type { IncidentDetail } from '../../../shared/domain/incident';
import type { Ticket } from '../../../shared/domain/ticket';
import { isTicketOpen } from '../../../shared/domain/ticket';
import { ProviderError, type Clock, type PagingProvider } from '../ports';
import type { NewTicket, TicketingProvider } from '../ports/ticketing';
import { claimNoteText, raisedNoteText } from '../../../shared/domain/paging-notes';
import { decide } from './ticket-claim';

export interface TicketOpenerOptions {
  paging: PagingProvider;
  ticketing: TicketingProvider;
  /** Stable id of this host (kept in its data directory). */
  hostId: string;
  clock: Clock;
  /** What the new ticket should say, from the incident and the workspace's mapping. */
  describe(incidentId: string): Promise<NewTicket>;
  /**
   * Whether the incident's platform keeps notes to claim the ticket with (default yes). One
   * without (Splunk On-Call) gets its ticket found or opened directly: exactly once per host,
   * while two automation hosts could both open one in the same instant.
   */
  claimsOnIncident?(incidentId: string): boolean;
}

/** The ticket to treat as the incident's: the oldest open one, else the newest. */
export function pickTicket(tickets: readonly Ticket[]): Ticket | null {
  const open = tickets.filter(isTicketOpen).sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  if (open[0]) return open[0];
  return [...tickets].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;
}

/**
 * The claim notes a host has added for one incident. The executor keeps them in the
 * action's recorded steps, so a host that restarts mid-claim still knows its own claim.
 */
export interface ClaimMemory {
  mine(): ReadonlySet<string>;
  remember(noteId: string): void;
  forget(noteId: string): void;
}

export class TicketOpener {
  /** Claims made outside an action's steps (a fallback; a restart forgets them and they wait out their expiry). */
  private readonly looseClaims = new Map<string, Set<string>>();

  constructor(private readonly options: TicketOpenerOptions) {}

  /** The incident's ticket, opening one if there is none yet. */
  async ensureTicket(incidentId: string, claims: ClaimMemory = this.memoryFor(incidentId)): Promise<Ticket> {
    const { paging, ticketing, clock } = this.options;
    const existing = await this.find(incidentId);
    if (this.options.claimsOnIncident?.(incidentId) === false)
      return existing ?? (await ticketing.createTicket(await this.options.describe(incidentId)));
    if (existing) {
      await this.withdrawClaims(incidentId, claims);
      return existing;
    }
    // Two rounds: claim, then read back and act on who won.
    for (let round = 0; round < 2; round += 1) {
      const decision = decide(await paging.listNotes(incidentId), ticketing.label, claims.mine(), clock.now());
      if (decision.kind === 'wait') {
        throw new ProviderError(
          'transient',
          `Waiting for another console host to raise the ${ticketing.label} ticket for this incident`,
          undefined,
          Math.min(decision.claim.until, clock.now() + 30_000),
        );
      }
      if (decision.kind === 'create') {
        // An earlier attempt of ours may have opened it before being cut short.
        const ticket = (await this.find(incidentId)) ?? (await ticketing.createTicket(await this.options.describe(incidentId)));
        await this.settleClaim(incidentId, decision.claim.noteId, ticket, claims);
        return ticket;
      }
      const note = await paging.addNote(incidentId, claimNoteText(ticketing.label));
      claims.remember(note.id);
    }
    throw new ProviderError('transient', `Could not settle who raises the ${ticketing.label} ticket; will try again`);
  }

  private memoryFor(incidentId: string): ClaimMemory {
    const claims = () => {
      let set = this.looseClaims.get(incidentId);
      if (!set) this.looseClaims.set(incidentId, (set = new Set()));
      return set;
    };
    return { mine: claims, remember: (noteId) => void claims().add(noteId), forget: (noteId) => void claims().delete(noteId) };
  }

  /** The winning claim becomes the sentence that names the ticket; this host's other claims go. */
  private async settleClaim(incidentId: string, winningNoteId: string, ticket: Ticket, claims: ClaimMemory): Promise<void> {
    const { paging, ticketing } = this.options;
    await this.tidy(() => paging.updateNote(incidentId, winningNoteId, raisedNoteText(ticketing.label, ticket.number)));
    claims.forget(winningNoteId);
    await this.withdrawClaims(incidentId, claims);
  }

  /** Deletes the claims this host left on an incident whose ticket exists (raised by another host, or by us earlier). */
  private async withdrawClaims(incidentId: string, claims: ClaimMemory): Promise<void> {
    for (const noteId of [...claims.mine()]) {
      await this.tidy(() => this.options.paging.deleteNote(incidentId, noteId));
      claims.forget(noteId);
    }
    this.looseClaims.delete(incidentId);
  }

  /** Tidying the timeline is worth a try, never worth failing the ticket over. */
  private async tidy(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch {
      // The claim stays as a plain sentence; nothing else depends on it.
    }
  }

  /** The paging incident as the platform has it now, with its notes and log entries. */
  pagingIncident(incidentId: string): Promise<IncidentDetail> {
    return this.options.paging.getIncidentDetail(incidentId);
  }

  async find(incidentId: string): Promise<Ticket | null> {
    return pickTicket(await this.options.ticketing.findByPagingIncidents([incidentId]));
  }
}
