/**
 * Actions a user takes on incidents, and their life in the durable outbox.
 *
 * Every write to an outside system is an action: recorded first, then sent, retried
 * until it lands or fails for good, and shown to the user as pending, done or failed.
 */
import { z } from 'zod';
import { IncidentId, Timestamp, Urgency } from './incident';
import { TemplateProposal } from './change';

/** The most incidents one action may act on: what PagerDuty takes in one update (PUT /incidents). */
const MAX_INCIDENTS_PER_ACTION = 250;

const IncidentIds = z
  .array(IncidentId)
  .min(1, 'Select at least one incident')
  .max(
    MAX_INCIDENTS_PER_ACTION,
    `At most ${MAX_INCIDENTS_PER_ACTION} incidents at once (what PagerDuty takes in one update): select fewer and act again on the rest`,
  );
const OneIncident = z.array(IncidentId).length(1, 'This action works on one incident at a time');
/** A specialist request's incident: the one it was raised from, or none. */
const SpecialistIncident = z.array(IncidentId).max(1);

export const ActionRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acknowledge'), incidentIds: IncidentIds }),
  /** Reopens resolved incidents on purpose (from the Resolved view): back to acknowledged, by me. */
  z.object({ kind: z.literal('reopen'), incidentIds: IncidentIds }),
  z.object({
    kind: z.literal('resolve'),
    incidentIds: IncidentIds,
    /** A resolution note, added to each incident before it is resolved. */
    note: z.string().trim().max(25_000).optional(),
  }),
  z.object({
    kind: z.literal('addNote'),
    incidentIds: OneIncident,
    content: z.string().trim().min(1, 'A note needs some text').max(25_000),
  }),
  z.object({
    kind: z.literal('reassign'),
    incidentIds: IncidentIds,
    /** To people, or to another escalation policy (another service's team). */
    to: z.discriminatedUnion('type', [
      z.object({ type: z.literal('users'), userIds: z.array(z.string().min(1)).min(1) }),
      z.object({ type: z.literal('escalationPolicy'), escalationPolicyId: z.string().min(1) }),
      /**
       * To another digital service, COTS application or foundational system: the paging
       * incident goes to that service's escalation policy, and its ticket to the service's
       * mapped assignment group, business service and configuration item.
       */
      z.object({ type: z.literal('service'), serviceId: z.string().min(1) }),
    ]),
    /**
     * Who each incident was assigned to when the user chose to reassign it: an incident
     * someone else reassigned meanwhile is not taken from them (shared/rules/stale-action.ts).
     */
    seen: z.record(IncidentId, z.object({ assigneeIds: z.array(z.string()), escalationPolicyId: z.string().nullable() })).optional(),
  }),
  z.object({ kind: z.literal('escalate'), incidentIds: IncidentIds, level: z.number().int().min(1).max(20) }),
  z.object({ kind: z.literal('setPriority'), incidentIds: IncidentIds, priorityId: z.string().min(1).nullable() }),
  z.object({ kind: z.literal('setUrgency'), incidentIds: IncidentIds, urgency: Urgency }),
  z.object({
    kind: z.literal('snooze'),
    incidentIds: IncidentIds,
    /** PagerDuty snoozes acknowledged incidents for up to 7 days. */
    durationSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600),
  }),
  z
    .object({
      kind: z.literal('addResponders'),
      incidentIds: OneIncident,
      userIds: z.array(z.string().min(1)),
      escalationPolicyIds: z.array(z.string().min(1)),
      message: z.string().trim().min(1, 'Tell the responders why you need them').max(2_000),
    })
    .refine((r) => r.userIds.length + r.escalationPolicyIds.length > 0, 'Pick at least one responder'),
  z.object({
    kind: z.literal('declareMajor'),
    incidentIds: OneIncident,
    reason: z.string().trim().min(1, 'Say why this is a major incident').max(2_000),
  }),
  /** Automation: open the incident's ticket (alert fired -> ticket created). */
  z.object({ kind: z.literal('openTicket'), incidentIds: OneIncident }),
  /** Automation: resolve the incident's ticket (alert resolved -> ticket resolved). */
  z.object({ kind: z.literal('resolveTicket'), incidentIds: OneIncident, closeNotes: z.string().max(25_000) }),
  /** Automation: a note someone wrote in the ticketing system, copied to the paging incident. */
  z.object({
    kind: z.literal('noteFromTicket'),
    incidentIds: OneIncident,
    ticketNumber: z.string(),
    content: z.string().min(1).max(25_000),
  }),
  /** Internal (specialist requests): raise the request's ticket in the team's queue, note it on the incident, page the team's on call when urgent. */
  z.object({
    kind: z.literal('raiseSpecialistTicket'),
    incidentIds: SpecialistIncident,
    requestId: z.string().min(1),
    /** The team's escalation policy to page (an urgent ask during a major incident), or null. */
    pageEscalationPolicyId: z.string().min(1).nullable(),
  }),
  /** Internal (specialist requests): mirror a step of the request to its ticket. */
  z.object({
    kind: z.literal('updateSpecialistTicket'),
    incidentIds: SpecialistIncident,
    requestId: z.string().min(1),
    update: z.discriminatedUnion('type', [
      z.object({ type: z.literal('comment'), text: z.string().min(1).max(25_000) }),
      z.object({ type: z.literal('assign'), assigneeEmail: z.string().min(1) }),
      z.object({ type: z.literal('resolve'), text: z.string().max(25_000), outcome: z.enum(['resolved', 'cancelled']) }),
      /** A console note: what changed, for the consoles on other machines (electron/engine/specialists/request-sharing.ts). */
      z.object({ type: z.literal('share'), text: z.string().min(1).max(60_000) }),
    ]),
  }),
  /** Internal (specialist requests): start run number `runNumber` of a self-service request's pipeline. */
  z.object({
    kind: z.literal('dispatchSpecialistRun'),
    incidentIds: SpecialistIncident,
    requestId: z.string().min(1),
    runNumber: z.number().int().positive(),
  }),
  /** A change manager approves or rejects a change waiting for them (a rejection says why). */
  z
    .object({
      kind: z.literal('decideChange'),
      incidentIds: z.array(IncidentId).max(0),
      changeId: z.string().min(1),
      /** CHG0030001: what the action tray shows. */
      changeNumber: z.string().min(1),
      decision: z.enum(['approved', 'rejected']),
      comment: z.string().trim().max(4000),
      /** Whose approval it is (the console's person, matched by email in the change system). */
      approver: z.object({ email: z.string().min(1), name: z.string().min(1) }),
    })
    .refine((r) => r.decision === 'approved' || r.comment !== '', { message: 'Say why you reject the change', path: ['comment'] }),
  /** A product team proposes a pre-approved (standard) change template for its service. */
  z.object({
    kind: z.literal('proposeChangeTemplate'),
    incidentIds: z.array(IncidentId).max(0),
    template: TemplateProposal,
  }),
  /** A change manager approves or rejects a proposed template (a rejection says why). */
  z
    .object({
      kind: z.literal('decideChangeTemplate'),
      incidentIds: z.array(IncidentId).max(0),
      templateId: z.string().min(1),
      templateName: z.string().min(1),
      decision: z.enum(['approved', 'rejected']),
      comment: z.string().trim().max(4000),
      approver: z.object({ email: z.string().min(1), name: z.string().min(1) }),
    })
    .refine((r) => r.decision === 'approved' || r.comment !== '', { message: 'Say why you reject the template', path: ['comment'] }),
  /** Closes a change whose deployment finished (the automation host, when the pipeline never called close). */
  z.object({
    kind: z.literal('closeChange'),
    incidentIds: z.array(IncidentId).max(0),
    changeId: z.string().min(1),
    changeNumber: z.string().min(1),
    code: z.enum(['successful', 'successful_issues', 'unsuccessful']),
    notes: z.string().trim().min(1).max(4000),
  }),
  z
    .object({
      kind: z.literal('merge'),
      /** The incidents merged into the target; they are resolved and their alerts move. */
      incidentIds: IncidentIds,
      targetIncidentId: IncidentId,
    })
    .refine((r) => !r.incidentIds.includes(r.targetIncidentId), 'An incident cannot be merged into itself'),
]);
export type ActionRequest = z.infer<typeof ActionRequest>;

/** Kinds that act on a selection of incidents, which splitBulk may cut into several actions. */
const BULK_KINDS: ReadonlySet<ActionRequest['kind']> = new Set([
  'acknowledge',
  'reopen',
  'resolve',
  'reassign',
  'escalate',
  'setPriority',
  'setUrgency',
  'snooze',
  'merge',
]);

/**
 * A selection larger than one action may carry, as several actions of at most
 * MAX_INCIDENTS_PER_ACTION incidents each, in the selection's order (the queue's bulk
 * actions and the command line send these; one action above the cap is refused).
 */
export function splitBulk(request: ActionRequest): ActionRequest[] {
  if (request.incidentIds.length <= MAX_INCIDENTS_PER_ACTION || !BULK_KINDS.has(request.kind)) return [request];
  const parts: ActionRequest[] = [];
  for (let start = 0; start < request.incidentIds.length; start += MAX_INCIDENTS_PER_ACTION) {
    parts.push({ ...request, incidentIds: request.incidentIds.slice(start, start + MAX_INCIDENTS_PER_ACTION) } as ActionRequest);
  }
  return parts;
}

/** Kinds the automations record (not a person's actions): the UI shows them only when they fail. */
export const AUTOMATION_KINDS: ReadonlySet<ActionRequest['kind']> = new Set([
  'openTicket',
  'resolveTicket',
  'noteFromTicket',
  // Specialist requests show their progress in the request itself, not in the action tray.
  'raiseSpecialistTicket',
  'updateSpecialistTicket',
  'dispatchSpecialistRun',
  'closeChange',
]);

const SPECIALIST_UPDATE_LABELS = {
  comment: 'Comment on the specialist request',
  assign: 'Assign the specialist request',
  resolve: 'Close the specialist request',
  share: "Share the specialist request's change on its ticket",
} as const;

/** Kinds that carry out a specialist request's steps (the engine's specialists module executes them). */
export const SPECIALIST_ACTION_KINDS: ReadonlySet<ActionRequest['kind']> = new Set([
  'raiseSpecialistTicket',
  'updateSpecialistTicket',
  'dispatchSpecialistRun',
]);
/** Kinds that write to the change system (the engine's changes module executes them). */
export const CHANGE_ACTION_KINDS: ReadonlySet<ActionRequest['kind']> = new Set([
  'decideChange',
  'proposeChangeTemplate',
  'decideChangeTemplate',
  'closeChange',
]);
export type ActionKind = ActionRequest['kind'];

/** superseded: a later change of the same kind on the same incidents replaced it before it was sent (so it never was). */
export const ActionState = z.enum(['pending', 'done', 'failed', 'superseded']);
export type ActionState = z.infer<typeof ActionState>;

export const ActionRecord = z.object({
  id: z.string(),
  request: ActionRequest,
  state: ActionState,
  attempts: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  nextAttemptAt: Timestamp.nullable(),
  /** Why the last attempt failed, in words a user can act on. */
  lastError: z.string().nullable(),
  /** The user put it out of sight (a failed or done action); it comes back if retried. */
  dismissed: z.boolean(),
  /**
   * Failed because someone else changed incidents first (already resolved, reassigned):
   * those were left out on purpose (shared/rules/stale-action.ts), and a retry would not
   * change that, so there is nothing to retry.
   */
  refused: z.boolean().optional(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;

/** A short human label for an action, e.g. "Acknowledge 3 incidents". */
export function describeAction(request: ActionRequest): string {
  const count = request.incidentIds.length;
  const what = count === 1 ? 'incident' : `${count} incidents`;
  switch (request.kind) {
    case 'acknowledge':
      return `Acknowledge ${what}`;
    case 'reopen':
      return `Reopen ${what}`;
    case 'resolve':
      return `Resolve ${what}`;
    case 'addNote':
      return 'Add note';
    case 'reassign':
      return `Reassign ${what}`;
    case 'escalate':
      return `Escalate ${what} to level ${request.level}`;
    case 'setPriority':
      return `Change priority of ${what}`;
    case 'setUrgency':
      return `Change urgency of ${what} to ${request.urgency}`;
    case 'snooze':
      return `Snooze ${what}`;
    case 'addResponders':
      return 'Add responders';
    case 'merge':
      return `Merge ${what}`;
    case 'declareMajor':
      return 'Declare major incident';
    case 'openTicket':
      return 'Open ticket';
    case 'resolveTicket':
      return 'Resolve ticket';
    case 'noteFromTicket':
      return `Copy note from ${request.ticketNumber}`;
    case 'raiseSpecialistTicket':
      return 'Raise the specialist request';
    case 'updateSpecialistTicket':
      return SPECIALIST_UPDATE_LABELS[request.update.type];
    case 'dispatchSpecialistRun':
      return 'Start the self-service pipeline';
    case 'decideChange':
      return `${request.decision === 'approved' ? 'Approve' : 'Reject'} ${request.changeNumber}`;
    case 'proposeChangeTemplate':
      return `Propose the template "${request.template.name}"`;
    case 'decideChangeTemplate':
      return `${request.decision === 'approved' ? 'Approve' : 'Reject'} the template "${request.templateName}"`;
    case 'closeChange':
      return `Close ${request.changeNumber}`;
  }
}
