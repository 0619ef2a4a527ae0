/**
 * The ticketing port: what the engine needs from the organisation's ticketing system
 * (ServiceNow, Jira Service Management) to mirror paging incidents as tickets.
 *
 * Writes are called by the outbox only and must be safe to repeat. Errors are
 * ProviderErrors (see ports.ts), with messages that name the record and what to do.
 */
import type { Ref } from '../../shared/domain/incident';
import { CONSOLE_NOTE_MARKER, type Ticket } from '../../shared/domain/ticket';

export { CONSOLE_NOTE_MARKER };

/** Where a paging incident's ticket goes: the ticketing system's names for a service. */
export interface TicketRouting {
  assignmentGroupId: string | null;
  businessServiceId: string | null;
  configurationItemId: string | null;
}

export interface NewTicket extends TicketRouting {
  pagingIncidentId: string;
  title: string;
  /** Plain text: the alert's details and dashboard links. */
  description: string;
  urgency: 'high' | 'low';
  /** The paging priority's name (P1 ... P5), mapped by the provider to its own scale. */
  priority: string | null;
}

/** A change someone made directly in the ticketing system, to flow back to the paging platform. */
export type TicketChange =
  | { kind: 'note'; ticket: Ticket; noteId: string; text: string; author: Ref | null; at: string }
  | { kind: 'reassigned'; ticket: Ticket; at: string }
  | { kind: 'priority'; ticket: Ticket; at: string }
  | { kind: 'resolved'; ticket: Ticket; at: string };

export interface TicketingProvider {
  readonly id: string;
  readonly label: string;
  /** Checks the credentials; returns the user they belong to. */
  whoAmI(): Promise<{ id: string; name: string; email: string | null }>;
  /** The ticketing user with this email (to assign tickets to the console's user), or null. */
  findUserByEmail(email: string): Promise<{ id: string; name: string } | null>;
  /** The tickets linked to these paging incidents (open or not), at most one per incident preferred: the oldest open. */
  findByPagingIncidents(pagingIncidentIds: string[]): Promise<Ticket[]>;
  createTicket(ticket: NewTicket): Promise<Ticket>;
  /** In Progress, assigned to the given ticketing user. */
  acknowledge(ticketId: string, assigneeId: string): Promise<Ticket>;
  /**
   * ServiceNow work note / Jira internal comment. The provider appends CONSOLE_NOTE_MARKER
   * so that changesSince can tell the console's own notes from people's (no echo loops).
   */
  addWorkNote(ticketId: string, text: string): Promise<void>;
  reassign(ticketId: string, routing: TicketRouting): Promise<Ticket>;
  declareMajor(ticketId: string, reason: string): Promise<Ticket>;
  /** Resolved with a close code and close notes. */
  resolve(ticketId: string, closeNotes: string): Promise<Ticket>;
  /** Changes made since the cursor by people other than us (our own writes are filtered out: no echo). */
  changesSince(cursor: string | null): Promise<{ changes: TicketChange[]; cursor: string }>;
}
