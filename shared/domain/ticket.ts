/**
 * A ticket in the organisation's ticketing system (ServiceNow incident, Jira Service
 * Management request), linked to the paging incident it mirrors.
 */
import { z } from 'zod';
import { Ref, Timestamp } from './incident';

/** Where a ticket stands, whatever the vendor calls its states. */
export const TicketStage = z.enum(['new', 'in-progress', 'on-hold', 'resolved', 'closed', 'canceled']);
export type TicketStage = z.infer<typeof TicketStage>;

export const Ticket = z.object({
  /** The vendor's record id (ServiceNow sys_id, Jira issue id). */
  id: z.string(),
  /** "servicenow" or "jira-service-management". */
  provider: z.string(),
  /** What people call it: INC0010001, ITSM-42. */
  number: z.string(),
  /** The vendor's own state name, e.g. "In Progress". */
  state: z.string(),
  stage: TicketStage,
  title: z.string(),
  assignmentGroup: Ref.nullable(),
  assignedTo: Ref.nullable(),
  businessService: Ref.nullable(),
  configurationItem: Ref.nullable(),
  /** The vendor's priority label, e.g. "1 - Critical" or "Highest". */
  priority: z.string().nullable(),
  majorIncident: z.boolean(),
  /** The paging incident it mirrors (ServiceNow correlation_id; a Jira field or label). */
  pagingIncidentId: z.string().nullable(),
  /** Link to the ticket in the vendor's web app. */
  url: z.string(),
  updatedAt: Timestamp,
});
export type Ticket = z.infer<typeof Ticket>;

/** True while the ticket still needs work. */
export function isTicketOpen(ticket: Pick<Ticket, 'stage'>): boolean {
  return ticket.stage === 'new' || ticket.stage === 'in-progress' || ticket.stage === 'on-hold';
}

/** Appended to every note the console writes, in both systems, so that sync never echoes it back. */
export const CONSOLE_NOTE_MARKER = '[via On-Call Console]';

/**
 * The last line of a note the console writes for one action: the marker and, when given,
 * the note's own id, so that a replay finds exactly this note and not an earlier one with
 * the same words.
 */
export function consoleNoteTrailer(noteId?: string): string {
  return noteId ? `${CONSOLE_NOTE_MARKER} note ${noteId}` : CONSOLE_NOTE_MARKER;
}

/** Bookkeeping tags the console leaves in notes ([ticket-claim ...], the marker), removed for display. */
export function noteTextForDisplay(content: string): string {
  return content
    .replace(/\s*\[ticket-claim [^\]]*\]/g, '')
    .replace(/ note [0-9a-f]{8}\b/g, '')
    .split(CONSOLE_NOTE_MARKER)
    .join('')
    .trim();
}
