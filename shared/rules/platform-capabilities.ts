/**
 * What each paging platform can do for each action, one rule the page and the engine share:
 * the page offers an action on an incident (or says why not), and the action executor
 * skips the paging half of an action its incident's platform cannot take, while the
 * ticket half still runs (a note on a Splunk On-Call incident still reaches the ServiceNow
 * or Jira ticket).
 *
 * The platform is an incident's `provider` ("pagerduty", "splunk-on-call"). The actions were
 * built on PagerDuty's API, so PagerDuty (and any platform not listed here, such as a test's
 * fake) has them all; Splunk On-Call's public API lacks several (its published Swagger
 * document has no route for incident notes, snooze, merge, responder requests, reopening or
 * escalation levels, and its incidents have neither urgency nor priority). The reasons are
 * in words a user sees; the Splunk On-Call provider starts its refusals with the same words.
 */
import type { ActionKind } from '../domain/action';

export interface ActionCapability {
  /** The console offers the action on this platform's incidents. */
  offered: boolean;
  /**
   * The paging platform takes a part of the action. False when the action has no paging
   * half at all (a ticket-only automation, a change decision), or when the platform cannot
   * take it but the ticket half is worth doing: the executor skips the paging half then.
   */
  pagingHalf: boolean;
  /**
   * The platform keeps incident notes. Without them, a resolve's resolution note goes with
   * the resolve itself (Splunk On-Call's resolve takes a message) instead of as a note.
   */
  notesOnIncident: boolean;
  /** Why it is not offered, or what is left out of it, in words a user sees; null when the action is whole. */
  reason: string | null;
}

/** Which kinds act on the paging platform, and which have a ticket half worth doing alone. */
const HALVES: Record<ActionKind, { paging: boolean; ticket: boolean }> = {
  acknowledge: { paging: true, ticket: true },
  reopen: { paging: true, ticket: false },
  resolve: { paging: true, ticket: true },
  addNote: { paging: true, ticket: true },
  reassign: { paging: true, ticket: true },
  escalate: { paging: true, ticket: false },
  setPriority: { paging: true, ticket: false },
  setUrgency: { paging: true, ticket: false },
  snooze: { paging: true, ticket: false },
  addResponders: { paging: true, ticket: false },
  declareMajor: { paging: true, ticket: true },
  merge: { paging: true, ticket: false },
  // Copies a ticket's note onto the paging incident: the paging half is all of it.
  noteFromTicket: { paging: true, ticket: false },
  // Raises the specialist ticket, notes it on the incident and, when urgent, pages the team.
  raiseSpecialistTicket: { paging: true, ticket: true },
  openTicket: { paging: false, ticket: true },
  resolveTicket: { paging: false, ticket: true },
  updateSpecialistTicket: { paging: false, ticket: true },
  dispatchSpecialistRun: { paging: false, ticket: false },
  decideChange: { paging: false, ticket: false },
  proposeChangeTemplate: { paging: false, ticket: false },
  decideChangeTemplate: { paging: false, ticket: false },
  closeChange: { paging: false, ticket: false },
};

const NO_NOTES = 'Splunk On-Call has no incident notes in its public API';

/** What Splunk On-Call's public API lacks for a kind, and what still happens when a ticketing system is connected. */
const SPLUNK_ON_CALL_GAPS: Partial<Record<ActionKind, { missing: string; ticketOnly?: string }>> = {
  reopen: { missing: "Splunk On-Call's public API cannot reopen a resolved incident" },
  addNote: { missing: NO_NOTES, ticketOnly: 'the note goes to the ticket only' },
  escalate: { missing: "Splunk On-Call's public API cannot move an incident to another escalation level" },
  setPriority: { missing: 'Splunk On-Call has no incident priority' },
  setUrgency: { missing: 'Splunk On-Call has no incident urgency (every incident pages)' },
  snooze: { missing: "Splunk On-Call's public API has no snooze (only its web app snoozes)" },
  addResponders: { missing: "Splunk On-Call's public API cannot add responders (a reroute replaces who is paged)" },
  merge: { missing: "Splunk On-Call's public API cannot merge incidents" },
  declareMajor: {
    missing: 'Splunk On-Call has no incident priority or responder requests in its public API',
    ticketOnly: 'the major incident is declared in the ticket only',
  },
  noteFromTicket: { missing: `${NO_NOTES}: ticket notes are not copied to it` },
  raiseSpecialistTicket: {
    missing: 'Splunk On-Call has no incident notes or responder requests in its public API',
    ticketOnly: 'the request is raised in the ticketing system, without a note on the incident or a page',
  },
};

/** The platforms whose gaps are listed above, by incident `provider`. */
const GAPS_BY_PLATFORM: Record<string, typeof SPLUNK_ON_CALL_GAPS> = { 'splunk-on-call': SPLUNK_ON_CALL_GAPS };

/**
 * Whether the action is offered on an incident of this platform, whether its paging half is
 * sent, and why not. `ticketing`: a ticketing system is connected, so an action whose paging
 * half the platform lacks is still worth its ticket half.
 */
export function actionCapability(platform: string, kind: ActionKind, setup: { ticketing: boolean }): ActionCapability {
  const gaps = GAPS_BY_PLATFORM[platform];
  const notesOnIncident = !gaps || gaps.addNote === undefined;
  const gap = gaps?.[kind];
  if (!gap) return { offered: true, pagingHalf: HALVES[kind].paging, notesOnIncident, reason: null };
  if (gap.ticketOnly && HALVES[kind].ticket && setup.ticketing) {
    return { offered: true, pagingHalf: false, notesOnIncident, reason: `${gap.missing}: ${gap.ticketOnly}` };
  }
  return { offered: false, pagingHalf: false, notesOnIncident, reason: gap.missing };
}

/** What the platform's API lacks for this kind ("Splunk On-Call has no incident notes in its public API"), or null. */
export function pagingGap(platform: string, kind: ActionKind): string | null {
  return GAPS_BY_PLATFORM[platform]?.[kind]?.missing ?? null;
}
