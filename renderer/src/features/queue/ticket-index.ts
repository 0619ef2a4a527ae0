/**
 * The ticket linked to each paging incident, looked up by incident id: built once per
 * tickets array (remembered by its identity; live updates replace the array), so each
 * row and each sort or search finds its ticket in constant time.
 */
import { isTicketOpen, type Ticket } from '../../../../shared/domain/ticket';

export type TicketIndex = ReadonlyMap<string, Ticket>;

const EMPTY_INDEX: TicketIndex = new Map();
const indexes = new WeakMap<readonly Ticket[], TicketIndex>();

/** Which of two tickets for the same incident to show: the open one, then the newer. */
function preferred(held: Ticket, other: Ticket): Ticket {
  const heldOpen = isTicketOpen(held);
  if (heldOpen !== isTicketOpen(other)) return heldOpen ? held : other;
  return Date.parse(other.updatedAt) > Date.parse(held.updatedAt) ? other : held;
}

/** Incident id -> its ticket (tickets without a paging incident are left out). */
export function ticketsByIncident(tickets: readonly Ticket[] | undefined): TicketIndex {
  if (!tickets || tickets.length === 0) return EMPTY_INDEX;
  let index = indexes.get(tickets);
  if (index === undefined) {
    const built = new Map<string, Ticket>();
    for (const ticket of tickets) {
      if (ticket.pagingIncidentId === null) continue;
      const held = built.get(ticket.pagingIncidentId);
      built.set(ticket.pagingIncidentId, held ? preferred(held, ticket) : ticket);
    }
    index = built;
    indexes.set(tickets, index);
  }
  return index;
}
