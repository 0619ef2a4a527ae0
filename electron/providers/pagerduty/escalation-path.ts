/**
 * Builds an incident's escalation path (shared/domain/incident EscalationPath): its
 * escalation policy level by level, with who is on call at each level right now.
 * Pure; the provider fetches the policy and GET /oncalls for it.
 */
import type { OnCall } from '../../../shared/domain/directory';
import type { EscalationPath, Incident } from '../../../shared/domain/incident';

export interface EscalationPathInput {
  incident: Pick<Incident, 'status' | 'assignees'>;
  policy: { id: string; name: string; levelCount: number };
  oncalls: readonly OnCall[];
  /** The incident's level when PagerDuty said it (not part of the v2 incident document). */
  reportedLevel: number | null;
}

export function buildEscalationPath({ incident, policy, oncalls, reportedLevel }: EscalationPathInput): EscalationPath {
  const levelCount = Math.max(policy.levelCount, ...oncalls.map((oncall) => oncall.level), 0);
  const levels = Array.from({ length: levelCount }, (_, index) => {
    const level = index + 1;
    const seen = new Set<string>();
    const onCall = oncalls
      .filter((oncall) => oncall.escalationPolicy.id === policy.id && oncall.level === level)
      .filter((oncall) => (seen.has(oncall.user.id) ? false : (seen.add(oncall.user.id), true)))
      .map((oncall) => ({ user: oncall.user, until: oncall.end }));
    return { level, onCall };
  });
  return { policy: { id: policy.id, name: policy.name }, currentLevel: currentLevel(incident, levels, reportedLevel), levels };
}

/**
 * The level the incident is at: PagerDuty's own figure when it sent one, else the first
 * level whose on-call people are exactly the incident's assignees (what an escalation
 * does), else null (reassigned to people by hand, or resolved).
 */
function currentLevel(
  incident: EscalationPathInput['incident'],
  levels: Array<{ level: number; onCall: Array<{ user: { id: string } }> }>,
  reportedLevel: number | null,
): number | null {
  if (incident.status === 'resolved') return null;
  if (reportedLevel !== null && reportedLevel >= 1) return reportedLevel;
  const assignees = new Set(incident.assignees.map((assignee) => assignee.id));
  if (assignees.size === 0) return null;
  const match = levels.find(({ onCall }) => onCall.length === assignees.size && onCall.every(({ user }) => assignees.has(user.id)));
  return match?.level ?? null;
}
