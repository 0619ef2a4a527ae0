/**
 * What is happening to each incident from the actions in the snapshot: the pending one to
 * show as "Acknowledging…", the failed one to show with its error (until dismissed), and
 * the one that just finished, to show "done" briefly.
 */
import { AUTOMATION_KINDS, type ActionKind, type ActionRecord } from '../../../../shared/domain/action';
import { ticketingSystemNamed } from './ticketing-systems';

export interface IncidentActivity {
  /**
   * The action the paging platform has not taken yet (the incident is busy with it). An
   * action whose paging half landed and whose ticket half waits is not busy: it is in
   * pendingAll only (see action-progress.ts for how it reads).
   */
  pending: ActionRecord | null;
  failed: ActionRecord | null;
  /** The latest action that landed (not dismissed); callers decide how long "done" shows. */
  done: ActionRecord | null;
  /** Every pending action on the incident, oldest first (a ticket half may wait behind a newer action). */
  pendingAll: readonly ActionRecord[];
}

const NONE: IncidentActivity = { pending: null, failed: null, done: null, pendingAll: [] };

/** Actions the automations send on their own (tickets kept in step): only their failures are news. */
export function isAutomation(kind: ActionKind): boolean {
  return AUTOMATION_KINDS.has(kind);
}

/** How long a finished action shows as done, in ms. */
export const DONE_VISIBLE_MS = 5_000;

/**
 * Pending, failed and done actions per incident id (the most recent of each). The
 * automations' actions count only when they fail: an incident is not "busy" while its
 * ticket is being opened.
 */
export function activityByIncident(actions: readonly ActionRecord[]): Map<string, IncidentActivity> {
  const byIncident = new Map<string, IncidentActivity>();
  for (const action of actions) {
    if (action.dismissed && action.state !== 'pending') continue;
    if (isAutomation(action.request.kind) && action.state !== 'failed') continue;
    // Replaced by a later change before it was sent: the later one tells the story.
    if (action.state === 'superseded') continue;
    for (const incidentId of action.request.incidentIds) {
      let current = byIncident.get(incidentId) ?? NONE;
      if (action.state === 'pending') {
        const pendingAll = [...current.pendingAll, action].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
        current = { ...current, pendingAll };
        byIncident.set(incidentId, current);
      }
      // Only the ticket half left (its error names the ticketing system): the incident is not busy.
      if (action.state === 'pending' && ticketingSystemNamed(action.lastError) !== null) continue;
      const slot: 'pending' | 'failed' | 'done' = action.state;
      const held = current[slot];
      if (!held || Date.parse(action.updatedAt) >= Date.parse(held.updatedAt)) {
        byIncident.set(incidentId, { ...current, [slot]: action });
      }
    }
  }
  // A failure that a later attempt or a later action of the same kind fixed is no longer news.
  for (const [incidentId, activity] of byIncident) {
    const { failed, done } = activity;
    if (failed && done && done.request.kind === failed.request.kind && Date.parse(done.updatedAt) > Date.parse(failed.updatedAt)) {
      byIncident.set(incidentId, { ...activity, failed: null });
    }
  }
  return byIncident;
}

export function activityFor(map: ReadonlyMap<string, IncidentActivity>, incidentId: string): IncidentActivity {
  return map.get(incidentId) ?? NONE;
}

/** True while a done action is recent enough to show as done. */
export function isRecentlyDone(action: ActionRecord | null, nowMs: number): action is ActionRecord {
  return action !== null && action.state === 'done' && nowMs - Date.parse(action.updatedAt) < DONE_VISIBLE_MS;
}

const PENDING_LABELS: Record<ActionKind, string> = {
  acknowledge: 'Acknowledging…',
  reopen: 'Reopening…',
  resolve: 'Resolving…',
  addNote: 'Adding note…',
  reassign: 'Reassigning…',
  escalate: 'Escalating…',
  setPriority: 'Changing priority…',
  setUrgency: 'Changing urgency…',
  snooze: 'Snoozing…',
  addResponders: 'Adding responders…',
  merge: 'Merging…',
  declareMajor: 'Declaring major incident…',
  openTicket: 'Opening ticket…',
  resolveTicket: 'Resolving ticket…',
  noteFromTicket: 'Copying note from ticket…',
  raiseSpecialistTicket: 'Asking the specialist team…',
  updateSpecialistTicket: 'Updating the specialist request…',
  dispatchSpecialistRun: 'Starting the pipeline…',
  decideChange: 'Sending your decision…',
  proposeChangeTemplate: 'Proposing the template…',
  decideChangeTemplate: 'Sending your decision…',
  closeChange: 'Closing the change…',
};

const DONE_LABELS: Record<ActionKind, string> = {
  acknowledge: 'Acknowledged',
  reopen: 'Reopened',
  resolve: 'Resolved',
  addNote: 'Note added',
  reassign: 'Reassigned',
  escalate: 'Escalated',
  setPriority: 'Priority changed',
  setUrgency: 'Urgency changed',
  snooze: 'Snoozed',
  addResponders: 'Responders added',
  merge: 'Merged',
  declareMajor: 'Declared major incident',
  openTicket: 'Ticket opened',
  resolveTicket: 'Ticket resolved',
  noteFromTicket: 'Note copied from ticket',
  raiseSpecialistTicket: 'Specialist team asked',
  updateSpecialistTicket: 'Specialist request updated',
  dispatchSpecialistRun: 'Pipeline started',
  decideChange: 'Decision sent',
  proposeChangeTemplate: 'Template proposed',
  decideChangeTemplate: 'Decision sent',
  closeChange: 'Change closed',
};

/** The progress label for a pending action, e.g. "Acknowledging…". */
export function pendingLabel(kind: ActionKind): string {
  return PENDING_LABELS[kind];
}

/** The label for an action that landed, e.g. "Acknowledged". */
export function doneLabel(kind: ActionKind): string {
  return DONE_LABELS[kind];
}
