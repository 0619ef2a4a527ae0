/**
 * The ticketing port: what the engine needs from the organisation's ticketing system
 * (ServiceNow, Jira Service Management) to mirror paging incidents as tickets, and to
 * raise and work the catalogue's requests to specialist teams.
 *
 * Writes are called by the outbox only and must be safe to repeat. Errors are
 * ProviderErrors (see ports/index.ts), with messages that name the record and what to do.
 */
import type { Ref } from '../../../shared/domain/incident';
import { CONSOLE_NOTE_MARKER, consoleNoteTrailer, type Ticket, type TicketStage } from '../../../shared/domain/ticket';

export { CONSOLE_NOTE_MARKER, consoleNoteTrailer };

/** The note left on a ticket withdrawn because another host opened one for the same incident at the same moment. */
export function duplicateNoteText(standingNumber: string): string {
  return `Opened twice at the same moment for one incident: ${standingNumber} stands for it.`;
}

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

/**
 * A request to a specialist team (a DBA, a network engineer), raised from the catalogue:
 * ServiceNow orders a Service Catalog item (sc_request + sc_req_item for the team's
 * assignment group), Jira Service Management raises a request of the specialist request
 * type with the team in its Team field.
 */
export interface NewSpecialistTicket {
  /** The console's request id: the ticket carries it, and a replay finds the ticket by it instead of raising a second one. */
  requestId: string;
  /** The specialist team's assignment group: its name or the system's id. */
  assignmentGroup: string;
  title: string;
  /** Plain text: the form as submitted, the incident it was raised from, who asks. */
  description: string;
  urgent: boolean;
  requester: { name: string; email: string };
  /** The paging incident it was raised from, or null. */
  pagingIncidentId: string | null;
}

/** A specialist request's ticket as the ticketing system has it now. */
export interface SpecialistTicket {
  /** The id the provider's other specialist methods take (a sys_id, an issue key). */
  id: string;
  /** What people see: RITM0010001, ITSM-12. */
  number: string;
  url: string;
  /** The system's own words: "Work in Progress", "Resolved". */
  state: string;
  stage: TicketStage;
  assignmentGroup: Ref | null;
  assignedTo: Ref | null;
}

/** One entry of a specialist ticket's journal: a ServiceNow additional comment or work note, a Jira comment. */
export interface SpecialistTicketEntry {
  /** The system's own id for the entry (a sys_journal_field sys_id, a Jira comment id). */
  id: string;
  /** When it was written (ISO 8601). */
  at: string;
  /** Who wrote it (the integration account for the console's own entries), when the system says. */
  author: { name: string; email: string | null } | null;
  /** The text as stored, markers included. */
  text: string;
  /** True when the requester sees it (additional comment, public Jira comment); false for internal ones (work note, internal comment). */
  public: boolean;
}

/**
 * A specialist ticket the console raised, as the ticketing system has it now, with its
 * whole journal: the shared record every console reads to see requests raised elsewhere.
 */
export interface SpecialistTicketRecord {
  /** The console request id the ticket carries (ServiceNow correlation_id, the Jira label console-request-<id>). */
  requestId: string;
  ticket: SpecialistTicket;
  /** When the ticket last changed (ISO 8601). */
  updatedAt: string;
  /** Every comment and internal note, oldest first. */
  entries: SpecialistTicketEntry[];
}

/** How a specialist request ends in the ticketing system. */
export type SpecialistTicketOutcome = 'resolved' | 'cancelled';

/**
 * What the catalogue's expertise requests need from the ticketing system. Writes are
 * called by the outbox only and are safe to repeat (raising finds the ticket by request id
 * first; a comment whose text is already there is not added again; assigning and
 * resolving send only what is not so yet).
 */
export interface SpecialistTicketing {
  /** Raises the request in the team's queue, or returns the ticket already raised for `requestId`. */
  raiseSpecialistRequest(ticket: NewSpecialistTicket): Promise<SpecialistTicket>;
  /** A comment the requester and the specialists both see (ServiceNow additional comments, a public Jira comment). */
  commentOnSpecialistRequest(ticketId: string, text: string): Promise<void>;
  /** Assigned to the ticketing user with this email, and in progress (a specialist claimed it). */
  assignSpecialistRequest(ticketId: string, assigneeEmail: string): Promise<SpecialistTicket>;
  /** Closed with `text` as the close notes: complete (resolved) or incomplete (cancelled). */
  resolveSpecialistRequest(ticketId: string, text: string, outcome: SpecialistTicketOutcome): Promise<SpecialistTicket>;
  /** The ticket as it stands. */
  getSpecialistRequest(ticketId: string): Promise<SpecialistTicket>;
  /**
   * An internal note on the ticket (ServiceNow work note, Jira internal comment): what the
   * consoles share about the request, which the requester's portal does not show. The
   * provider appends CONSOLE_NOTE_MARKER; a note whose text is already there is not added again.
   */
  addSpecialistRequestNote(ticketId: string, text: string): Promise<void>;
  /**
   * The specialist tickets the console raised (from any machine) that changed at or after
   * the cursor, oldest change first, each with its whole journal. `cursor` is the
   * provider's own opaque string from the previous answer; null reads those changed in the
   * last 30 days. The answer may repeat records near the cursor (the caller's merge is
   * idempotent); it holds at most 100 records, and the next call carries on from there.
   */
  specialistRequestsChangedSince(cursor: string | null): Promise<{ records: SpecialistTicketRecord[]; cursor: string }>;
}

export interface TicketingProvider extends SpecialistTicketing {
  readonly id: string;
  readonly label: string;
  /** Checks the credentials; returns the user they belong to. */
  whoAmI(): Promise<{ id: string; name: string; email: string | null }>;
  /** The ticketing user with this email (to assign tickets to the console's user), or null. */
  findUserByEmail(email: string): Promise<{ id: string; name: string } | null>;
  /**
   * The tickets linked to these paging incidents (open or not), one per incident: the open one
   * with the lowest number (every host picks the same one, the one that stands), else the
   * newest that was not withdrawn.
   */
  findByPagingIncidents(pagingIncidentIds: string[]): Promise<Ticket[]>;
  createTicket(ticket: NewTicket): Promise<Ticket>;
  /**
   * Withdraws the ticket `duplicateId`, opened for the same paging incident at the same moment as
   * `standing` by another console host: a note saying which one stands for the incident
   * (duplicateNoteText), and the ticket canceled (ServiceNow Canceled; Jira a cancel or done
   * transition, resolution Duplicate where the screen offers it). Safe to repeat: a ticket no
   * longer open is left as it is.
   */
  withdrawDuplicate(duplicateId: string, standing: Ticket): Promise<Ticket>;
  /** In Progress, assigned to the given ticketing user. */
  acknowledge(ticketId: string, assigneeId: string): Promise<Ticket>;
  /**
   * ServiceNow work note / Jira internal comment. The provider appends the marker and the
   * note's id (consoleNoteTrailer), so that changesSince can tell the console's own notes
   * from people's (no echo loops) and a replay of this note (the same id) is not written
   * twice, while the same words written again (another id) are.
   */
  addWorkNote(ticketId: string, text: string, noteId: string): Promise<void>;
  reassign(ticketId: string, routing: TicketRouting): Promise<Ticket>;
  declareMajor(ticketId: string, reason: string): Promise<Ticket>;
  /** Resolved with a close code and close notes. */
  resolve(ticketId: string, closeNotes: string): Promise<Ticket>;
  /** Changes made since the cursor by people other than us (our own writes are filtered out: no echo). */
  changesSince(cursor: string | null): Promise<{ changes: TicketChange[]; cursor: string }>;
}
