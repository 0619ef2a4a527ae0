/**
 * The levels an incident can be escalated to, with who is on call at each right now:
 * from the incident's escalation path when the detail has it, else from the directory's
 * policy and the current on-calls.
 */
import type { EscalationPolicy, OnCall } from '../../../../shared/domain/directory';
import type { EscalationPath, Ref } from '../../../../shared/domain/incident';

export interface EscalationChoice {
  level: number;
  people: { user: Ref; until: string | null }[];
  /** The incident is at this level now. */
  current: boolean;
}

export function escalationChoices(
  path: EscalationPath | null,
  policy: EscalationPolicy | null,
  oncalls: readonly OnCall[],
): EscalationChoice[] {
  if (path && path.levels.length > 0) {
    return [...path.levels]
      .sort((a, b) => a.level - b.level)
      .map((level) => ({ level: level.level, people: level.onCall, current: level.level === path.currentLevel }));
  }
  if (!policy) return [];
  return [...policy.levels]
    .sort((a, b) => a.level - b.level)
    .map((level) => {
      const onCall = oncalls
        .filter((oncall) => oncall.escalationPolicy.id === policy.id && oncall.level === level.level)
        .map((oncall) => ({ user: oncall.user, until: oncall.end }));
      const direct = level.targets
        .filter((target) => target.type === 'user' && !onCall.some((person) => person.user.id === target.id))
        .map((target) => ({ user: { id: target.id, name: target.name }, until: null }));
      return { level: level.level, people: [...onCall, ...direct], current: false };
    });
}

/** The level to offer first: the one after the current level, else the second, else the first. */
export function suggestedLevel(choices: readonly EscalationChoice[]): number | null {
  if (choices.length === 0) return null;
  const current = choices.findIndex((choice) => choice.current);
  const next = choices[current === -1 ? 1 : current + 1] ?? choices[choices.length - 1]!;
  return next.level;
}
