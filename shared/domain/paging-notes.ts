/**
 * The few things the console writes into a paging incident on its own (not the user's
 * words): notes that are each one sentence a person would write, with no machine tags,
 * since every responder reads them in PagerDuty, and the message of a major incident
 * declaration. They are recognised by their wording, so the console can show them quietly,
 * never mistake them for someone's resolution note, and tell a major incident from any
 * console.
 */

/** A host's claim on raising the incident's ticket (ticket-claim.ts): the earliest live one wins. */
export function claimNoteText(systemLabel: string): string {
  return `Raising a ${systemLabel} ticket for this incident.`;
}

/** What the winning claim is edited into once the ticket exists. */
export function raisedNoteText(systemLabel: string, ticketNumber: string): string {
  return `Raised ${systemLabel} ticket ${ticketNumber} for this incident.`;
}

/** A note someone wrote in the ticketing system, copied to the paging incident with who and where. */
export function copiedNoteText(text: string, author: string, ticketNumber: string): string {
  return `${text.trimEnd()}\n\n(${author} in ${ticketNumber})`;
}

const CLAIM = /^Raising an? .+ ticket for this incident\.$/;
const RAISED = /^Raised .+ ticket \S+ for this incident\.$/;
const COPIED = /\n\n\([^()\n]+ in [A-Z][A-Z0-9]*-?\d+\)$/;
/** The tagged claims of earlier versions ("… [ticket-claim host=… until=…] [via On-Call Console]"). */
const OLD_CLAIM = /\[ticket-claim [^\]]*\]/;

/** True for a claim, in this version's words or an earlier version's. */
export function isClaimNote(content: string, systemLabel?: string): boolean {
  const text = content.trim();
  if (systemLabel !== undefined) return text === claimNoteText(systemLabel);
  return CLAIM.test(text) || OLD_CLAIM.test(text);
}

/** The console's own bookkeeping in the timeline (claims, "raised"): shown quietly, never anyone's words. */
export function isBookkeepingNote(content: string): boolean {
  const text = content.trim();
  return isClaimNote(text) || RAISED.test(text);
}

/** A note copied from the ticketing system (someone else's words there, not the paging user's here). */
export function isCopiedFromTicket(content: string): boolean {
  return COPIED.test(content.trimEnd());
}

/** The message of the responder request that declares a major incident (the incident managers are asked to respond). */
export function majorDeclarationMessage(reason: string): string {
  return `Major incident declared: ${reason}`;
}

const MAJOR_DECLARATION = /^Major incident declared:\s*(.*)$/s;

/** The reason a responder request declared a major incident with ('' without one), or null when it did not declare one. */
export function majorDeclarationReason(message: string | null | undefined): string | null {
  const match = message ? MAJOR_DECLARATION.exec(message) : null;
  return match ? (match[1]?.trim() ?? '') : null;
}
