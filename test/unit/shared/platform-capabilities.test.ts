/**
 * The platform capability rule, for every action kind on both paging platforms, with and
 * without a ticketing system: PagerDuty takes every action; Splunk On-Call takes
 * acknowledge, resolve and reassign, keeps the ticket half of a note, a major incident
 * declaration and a specialist request when a ticketing system is connected, and refuses
 * the rest with the reason a user sees.
 */
import { describe, expect, it } from 'vitest';
import { ActionRequest, type ActionKind } from '../../../shared/domain/action';
import { actionCapability, pagingGap, type ActionCapability } from '../../../shared/rules/platform-capabilities';

const KINDS = ActionRequest.options.map((option) => option.shape.kind.value) as ActionKind[];

/** Kinds that act on the paging platform at all. */
const PAGING_KINDS: ActionKind[] = [
  'acknowledge',
  'reopen',
  'resolve',
  'addNote',
  'reassign',
  'escalate',
  'setPriority',
  'setUrgency',
  'snooze',
  'addResponders',
  'declareMajor',
  'merge',
  'noteFromTicket',
  'raiseSpecialistTicket',
];

const offered = (pagingHalf: boolean, notesOnIncident: boolean): ActionCapability => ({
  offered: true,
  pagingHalf,
  notesOnIncident,
  reason: null,
});
const ticketOnly = (reason: string): ActionCapability => ({ offered: true, pagingHalf: false, notesOnIncident: false, reason });
const refused = (reason: string): ActionCapability => ({ offered: false, pagingHalf: false, notesOnIncident: false, reason });

const NO_NOTES = 'Splunk On-Call has no incident notes in its public API';

/** Splunk On-Call, every kind: [with a ticketing system, without one]. */
const SPLUNK_ON_CALL: Record<ActionKind, [ActionCapability, ActionCapability]> = {
  acknowledge: [offered(true, false), offered(true, false)],
  resolve: [offered(true, false), offered(true, false)],
  reassign: [offered(true, false), offered(true, false)],
  reopen: [
    refused("Splunk On-Call's public API cannot reopen a resolved incident"),
    refused("Splunk On-Call's public API cannot reopen a resolved incident"),
  ],
  addNote: [ticketOnly(`${NO_NOTES}: the note goes to the ticket only`), refused(NO_NOTES)],
  escalate: [
    refused("Splunk On-Call's public API cannot move an incident to another escalation level"),
    refused("Splunk On-Call's public API cannot move an incident to another escalation level"),
  ],
  setPriority: [refused('Splunk On-Call has no incident priority'), refused('Splunk On-Call has no incident priority')],
  setUrgency: [
    refused('Splunk On-Call has no incident urgency (every incident pages)'),
    refused('Splunk On-Call has no incident urgency (every incident pages)'),
  ],
  snooze: [
    refused("Splunk On-Call's public API has no snooze (only its web app snoozes)"),
    refused("Splunk On-Call's public API has no snooze (only its web app snoozes)"),
  ],
  addResponders: [
    refused("Splunk On-Call's public API cannot add responders (a reroute replaces who is paged)"),
    refused("Splunk On-Call's public API cannot add responders (a reroute replaces who is paged)"),
  ],
  merge: [refused("Splunk On-Call's public API cannot merge incidents"), refused("Splunk On-Call's public API cannot merge incidents")],
  declareMajor: [
    ticketOnly(
      'Splunk On-Call has no incident priority or responder requests in its public API: the major incident is declared in the ticket only',
    ),
    refused('Splunk On-Call has no incident priority or responder requests in its public API'),
  ],
  noteFromTicket: [refused(`${NO_NOTES}: ticket notes are not copied to it`), refused(`${NO_NOTES}: ticket notes are not copied to it`)],
  raiseSpecialistTicket: [
    ticketOnly(
      'Splunk On-Call has no incident notes or responder requests in its public API: the request is raised in the ticketing system, without a note on the incident or a page',
    ),
    refused('Splunk On-Call has no incident notes or responder requests in its public API'),
  ],
  openTicket: [offered(false, false), offered(false, false)],
  resolveTicket: [offered(false, false), offered(false, false)],
  updateSpecialistTicket: [offered(false, false), offered(false, false)],
  dispatchSpecialistRun: [offered(false, false), offered(false, false)],
  decideChange: [offered(false, false), offered(false, false)],
  proposeChangeTemplate: [offered(false, false), offered(false, false)],
  decideChangeTemplate: [offered(false, false), offered(false, false)],
  closeChange: [offered(false, false), offered(false, false)],
};

describe('platform capabilities', () => {
  it('the tables cover every action kind', () => {
    expect(Object.keys(SPLUNK_ON_CALL).sort()).toEqual([...KINDS].sort());
    expect(PAGING_KINDS.every((kind) => KINDS.includes(kind))).toBe(true);
  });

  it.each(KINDS)('PagerDuty offers %s whole, with or without a ticketing system', (kind) => {
    const expected = offered(PAGING_KINDS.includes(kind), true);
    expect(actionCapability('pagerduty', kind, { ticketing: true })).toEqual(expected);
    expect(actionCapability('pagerduty', kind, { ticketing: false })).toEqual(expected);
    expect(pagingGap('pagerduty', kind)).toBeNull();
  });

  it.each(KINDS)('Splunk On-Call and %s', (kind) => {
    const [withTicketing, without] = SPLUNK_ON_CALL[kind];
    expect(actionCapability('splunk-on-call', kind, { ticketing: true })).toEqual(withTicketing);
    expect(actionCapability('splunk-on-call', kind, { ticketing: false })).toEqual(without);
  });

  it('the gap is the reason without what still happens, for the provider’s refusals', () => {
    expect(pagingGap('splunk-on-call', 'addNote')).toBe(NO_NOTES);
    expect(pagingGap('splunk-on-call', 'snooze')).toBe("Splunk On-Call's public API has no snooze (only its web app snoozes)");
    expect(pagingGap('splunk-on-call', 'acknowledge')).toBeNull();
  });

  it('a platform it does not know (a test’s fake) is taken to have every action', () => {
    expect(actionCapability('fake', 'snooze', { ticketing: false })).toEqual(offered(true, true));
  });
});
