/**
 * Tells, from each incident delta and what it saw before, which changes are worth a
 * notification for me: a new incident assigned to me or my teams, an incident escalated
 * or reassigned to me, and an acknowledged incident triggered again. It remembers only
 * what it compares (status, assignees, policy) per open incident.
 */
import type { Incident } from '../../../shared/domain/incident';
import type { NotificationKind } from '../../../shared/domain/notification';
import type { IncidentDelta } from '../incident-store';
import type { NotificationCandidate } from './notification-candidate';

/** Who "me" is, for telling mine from the rest. */
export interface MeContext {
  /** My user ids: the console's user on its first platform and the same person's on the others. */
  userIds: ReadonlySet<string>;
  /** The teams I belong to (from the directory). */
  teamIds: ReadonlySet<string>;
  /** The escalation level I am on call at, per policy (from /oncalls). */
  onCallLevelByPolicy: ReadonlyMap<string, number>;
}

interface Seen {
  status: Incident['status'];
  assigneeIds: string[];
  policyId: string | null;
}

export class IncidentWatch {
  private readonly seen = new Map<string, Seen>();

  /**
   * Compares the delta with what was seen and remembers the new state. A baseline delta
   * (the first load) is only remembered: what was already open at start is not news.
   */
  detect(delta: Pick<IncidentDelta, 'upserted' | 'removedIds'>, me: MeContext | null, baseline = false): NotificationCandidate[] {
    const found: NotificationCandidate[] = [];
    for (const incident of delta.upserted) {
      const before = this.seen.get(incident.id);
      this.seen.set(incident.id, {
        status: incident.status,
        assigneeIds: incident.assignees.map((assignee) => assignee.id),
        policyId: incident.escalationPolicy?.id ?? null,
      });
      if (baseline || !me) continue;
      const kind = notableChange(before, incident, me);
      if (kind) found.push(candidateFor(kind, incident, me));
    }
    for (const id of delta.removedIds) this.seen.delete(id);
    return found;
  }

  /** Forgets everything (a new baseline follows). */
  clear(): void {
    this.seen.clear();
  }
}

function notableChange(before: Seen | undefined, incident: Incident, me: MeContext): NotificationKind | null {
  const mine = incident.assignees.some((assignee) => me.userIds.has(assignee.id));
  const myTeams = incident.team !== null && me.teamIds.has(incident.team.id);
  if (!before) return incident.status === 'triggered' && (mine || myTeams) ? 'newIncident' : null;
  const wasMine = before.assigneeIds.some((id) => me.userIds.has(id));
  if (mine && !wasMine && incident.status === 'triggered') {
    // Escalation moves an incident up its own policy's levels; anything else is a reassignment.
    const policyId = incident.escalationPolicy?.id ?? null;
    const myLevel = policyId ? me.onCallLevelByPolicy.get(policyId) : undefined;
    return policyId === before.policyId && myLevel !== undefined && myLevel > 1 ? 'escalated' : 'reassigned';
  }
  if (before.status === 'acknowledged' && incident.status === 'triggered' && (mine || myTeams)) return 'retriggered';
  return null;
}

const HEADLINES: Partial<Record<NotificationKind, string>> = {
  newIncident: 'New incident',
  escalated: 'Escalated to you',
  reassigned: 'Reassigned to you',
  retriggered: 'Triggered again',
};

/** The notification text for one incident. */
export function candidateFor(kind: NotificationKind, incident: Incident, me: Pick<MeContext, 'userIds'> | null): NotificationCandidate {
  const mine = me !== null && incident.assignees.some((assignee) => me.userIds.has(assignee.id));
  const whose = mine ? 'assigned to you' : incident.team ? `for ${incident.team.name}` : null;
  return {
    kind,
    incidentId: incident.id,
    title: `${HEADLINES[kind] ?? 'Incident'}: ${incident.title}`,
    body: [`#${incident.number}`, incident.service.name, `${incident.urgency} urgency`, whose].filter(Boolean).join(' · '),
    urgency: incident.urgency,
  };
}
