/**
 * Finds a paging incident's ticket, or opens it, exactly once across hosts, and leaves one
 * plain sentence about it in the paging timeline.
 *
 * - A platform with incident notes (PagerDuty): hosts claim the ticket with a note first
 *   (ticket-claim.ts). While another host holds the claim this throws a transient
 *   ProviderError, so the outbox simply tries again later, by when the ticket exists.
 * - A platform without (Splunk On-Call): the ticketing system is the arbiter. Two hosts may
 *   both open a ticket in the same instant, so each reads the incident's ticket back after
 *   opening its own: the open ticket with the lowest number stands, and a host whose ticket is
 *   numbered above it withdraws its own (standingOver). The lowest is never withdrawn (nobody
 *   sees a lower one), and the host of any later one sees it (it was stored before the later
 *   one was numbered), so exactly one stays open, whoever reads what when.
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
   * without (Splunk On-Call) gets its ticket found, or opened and then checked against the
   * ticketing system (see the module comment).
   */
  claimsOnIncident?(incidentId: string): boolean;
}

/** Lowest number first: INC0010001 before INC0010002, ITSM-9 before ITSM-10. */
function byNumber(a: Pick<Ticket, 'number'>, b: Pick<Ticket, 'number'>): number {
  return a.number.localeCompare(b.number, undefined, { numeric: true });
}

/**
 * The ticket to treat as the incident's: the open one with the lowest number (the one that
 * stands, the same for every host), else the newest not canceled (a withdrawn duplicate
 * never comes back as the incident's ticket), else the newest.
 */
export function pickTicket(tickets: readonly Ticket[]): Ticket | null {
  const open = tickets.filter(isTicketOpen).sort(byNumber);
  if (open[0]) return open[0];
  const newest = [...tickets].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return newest.find((ticket) => ticket.stage !== 'canceled') ?? newest[0] ?? null;
}

/**
 * After this host opened `ours` without a claim, and read back `found` as the incident's
 * ticket: the ticket that stands instead of ours, or null when ours stands. Ours gives way
 * only to an open ticket numbered below it, so the lowest-numbered ticket is never withdrawn,
 * even by a host that does not see it yet.
 */
export function standingOver(ours: Pick<Ticket, 'id' | 'number' | 'stage'>, found: Ticket | null): Ticket | null {
  if (!found || found.id === ours.id || !isTicketOpen(found) || !isTicketOpen(ours)) return null;
  return byNumber(found, ours) < 0 ? found : null;
}

/**
 * How a ticket this host opened without a claim is kept in the claim memory, beside claim
 * note ids (which never look like this): `opened-ticket:<number> <id>`.
 */
const OPENED_PREFIX = 'opened-ticket:';

function openedEntry(ticket: Pick<Ticket, 'id' | 'number'>): string {
  return `${OPENED_PREFIX}${ticket.number} ${ticket.id}`;
}

function openedTicketOf(entry: string): Pick<Ticket, 'id' | 'number' | 'stage'> | null {
  if (!entry.startsWith(OPENED_PREFIX)) return null;
  const [number, id] = entry.slice(OPENED_PREFIX.length).split(' ');
  // Its stage now is not known: taken as open (withdrawing a ticket no longer open changes nothing).
  return number && id ? { id, number, stage: 'new' } : null;
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
    if (this.options.claimsOnIncident?.(incidentId) === false) return this.ensureWithoutClaim(incidentId, existing, claims);
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

  /**
   * The ticket of an incident whose platform keeps no notes (see the module comment). The
   * ticket this host opened is kept in the claim memory (the action's recorded steps) until
   * it is settled, so an attempt cut short between opening and withdrawing it withdraws it
   * when it is tried again, instead of leaving a second ticket open.
   */
  private async ensureWithoutClaim(incidentId: string, existing: Ticket | null, claims: ClaimMemory): Promise<Ticket> {
    const { ticketing } = this.options;
    if (existing) {
      for (const entry of [...claims.mine()]) {
        const opened = openedTicketOf(entry);
        if (!opened) continue;
        const standing = standingOver(opened, existing);
        if (standing) await ticketing.withdrawDuplicate(opened.id, standing);
        claims.forget(entry);
      }
      return existing;
    }
    const ours = await ticketing.createTicket(await this.options.describe(incidentId));
    claims.remember(openedEntry(ours));
    const standing = standingOver(ours, await this.find(incidentId));
    if (standing) await ticketing.withdrawDuplicate(ours.id, standing);
    claims.forget(openedEntry(ours));
    this.looseClaims.delete(incidentId);
    return standing ?? ours;
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
