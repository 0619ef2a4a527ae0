/**
 * Whether an action still makes sense on an incident as it is now, or whether the vendor
 * would do something the user did not mean because someone else changed it first:
 * acknowledging a resolved incident reopens it in PagerDuty, snoozing or escalating a
 * resolved one fails late, resolving one already resolved does nothing, and reassigning
 * one that was reassigned meanwhile overrides a colleague. The engine checks each action
 * against the incident as the platform has it just before sending, and the page uses the
 * same rule to say so before the user acts.
 */
import type { ActionRequest } from '../domain/action';
import type { Incident } from '../domain/incident';

/** What the user saw of an incident when they chose to reassign it. */
interface SeenAssignment {
  assigneeIds: readonly string[];
  escalationPolicyId: string | null;
}

export interface StaleCheck {
  request: ActionRequest;
  /** The incident as the platform has it now; undefined when the platform does not know it (or not as open). */
  current: Incident | undefined;
  /** The user the console acts as (a change they made themselves, on a replay, is not stale). */
  meId: string | null;
  /** When the action was recorded: a change by the user after that is the action's own, landed before a crash. */
  actionCreatedAt: number;
  now: number;
  /** The incident's paging platform in words ("PagerDuty", "Splunk On-Call"), for an incident it does not know. */
  platformName: string;
}

/** Kinds checked against the incident's current state before they are sent. */
export const STALE_CHECKED_KINDS: ReadonlySet<ActionRequest['kind']> = new Set([
  'acknowledge',
  'reopen',
  'resolve',
  'snooze',
  'reassign',
  'escalate',
  'setPriority',
  'setUrgency',
]);

/**
 * Why the action must not be sent to this incident, in words ("#123 is already resolved, by
 * Marcus Chen 4 s ago"), or null when it may go.
 */
export function staleRefusal({ request, current, meId, actionCreatedAt, now, platformName }: StaleCheck): string | null {
  if (!STALE_CHECKED_KINDS.has(request.kind)) return null;
  if (!current) return notOpenText(platformName, 'with this id');
  const label = `#${current.number}`;
  if (request.kind === 'reopen') {
    return current.status === 'resolved'
      ? null
      : `#${current.number} is open again already (${current.status}, ${whoAndWhen(current, now)})`;
  }
  const changedAt = Date.parse(current.updatedAt);
  const byMeSinceRecorded = current.statusChangedBy?.id === meId && meId !== null && changedAt >= actionCreatedAt - 5_000;
  if (current.status === 'resolved') {
    // A resolve of ours that landed before a crash cut the recording short: not someone else's change.
    if (request.kind === 'resolve' && byMeSinceRecorded) return null;
    return `${label} is already resolved, ${whoAndWhen(current, now)}`;
  }
  if (request.kind === 'reassign' && request.seen) {
    const seen = request.seen[current.id];
    if (seen && movedSince(seen, current)) {
      const to = current.assignees.map((assignee) => assignee.name).join(', ') || current.escalationPolicy?.name || 'someone else';
      return `${label} was reassigned to ${to} after you looked at it`;
    }
  }
  return null;
}

/** True when the incident's assignment is not what the user saw. */
function movedSince(seen: SeenAssignment, current: Incident): boolean {
  const now = new Set(current.assignees.map((assignee) => assignee.id));
  const before = new Set(seen.assigneeIds);
  const sameAssignees = now.size === before.size && [...now].every((id) => before.has(id));
  return !sameAssignees || (current.escalationPolicy?.id ?? null) !== seen.escalationPolicyId;
}

/** "by Marcus Chen 4 s ago", "4 min ago" when the platform does not say who. */
function whoAndWhen(incident: Incident, now: number): string {
  const who = incident.statusChangedBy ? `by ${incident.statusChangedBy.name} ` : '';
  return `${who}${agoText(now - Date.parse(incident.updatedAt))}`;
}

/** "just now", "4 s ago", "3 min ago", "2 h ago", "5 days ago". */
export function agoText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1_000) return 'just now';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** "Splunk On-Call has no open incident splunk-on-call:51 (resolved, merged or never there)". */
export function notOpenText(platformName: string, which: string): string {
  return `${platformName} has no open incident ${which} (resolved, merged or never there)`;
}
