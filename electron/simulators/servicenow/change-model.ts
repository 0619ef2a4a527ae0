/**
 * The change state model per type (docs: normal-standard-emergency-states, c_ChangeStateModel;
 * the OOB ChangeRequestStateModel_* scripts for the allowed moves): which states a change may
 * move to, what a move needs (an assignment group, an approval, a close code and notes), the
 * refusals an instance answers with, and the GET .../nextstates answer built from the same table.
 */
import { stableSysId } from './demo-data';
import { snErrors, SnApiError } from './errors';
import { CHANGE_STATE_LABELS } from './change-tables';
import type { SnRecord } from './types';

export type ChangeType = 'normal' | 'standard' | 'emergency';

export const STATE = {
  new: '-5',
  assess: '-4',
  authorize: '-3',
  scheduled: '-2',
  implement: '-1',
  review: '0',
  closed: '3',
  canceled: '4',
} as const;

/** The OOB internal names (ChangeRequestStateHandlerSNC STATE_NAMES) a PATCH may send instead of a value or label. */
const INTERNAL_NAMES: Record<string, string> = { draft: STATE.new, cancelled: STATE.canceled };

const { new: NEW, assess, authorize, scheduled, implement, review, closed, canceled } = STATE;
/**
 * The allowed moves. Review -> Canceled is left out although the legacy scripts list it:
 * "You cannot cancel the change request if it is in the Review state" (c_ChangeStateModel).
 */
const TRANSITIONS: Record<ChangeType, Record<string, readonly string[]>> = {
  normal: {
    [NEW]: [assess, canceled],
    [assess]: [NEW, authorize, scheduled, canceled],
    [authorize]: [NEW, scheduled, canceled],
    [scheduled]: [implement, canceled],
    [implement]: [review, canceled],
    [review]: [closed],
  },
  standard: {
    [NEW]: [scheduled, canceled],
    [scheduled]: [implement, canceled],
    [implement]: [review, canceled],
    [review]: [closed],
  },
  emergency: {
    [NEW]: [authorize, scheduled, canceled],
    [authorize]: [NEW, scheduled, canceled],
    [scheduled]: [implement, canceled],
    [implement]: [review, canceled],
    [review]: [closed],
  },
};

const STATE_TRANSITION_RULE = 'Change Model: Check State Transition';
const STATE_TRANSITION_RULE_ID = stableSysId('sys_script:Change Model: Check State Transition');
export const RESTRICT_STANDARD_RULE = 'Restrict fields from Standard Change';
/** The rule's sys_id in the recorded refusal (REC-BR in the change API notes). */
export const RESTRICT_STANDARD_RULE_ID = '5230b9179735ca504546f027f053af79';

/** An instance refusing a change write: a business rule abort or a data policy. Each API words it its own way. */
export class ChangeRefusal extends Error {
  constructor(readonly refusal: { kind: 'business-rule'; rule: string; ruleId: string } | { kind: 'data-policy'; labels: string[] }) {
    super(refusal.kind === 'business-rule' ? refusal.rule : `mandatory: ${refusal.labels.join(', ')}`);
    this.name = 'ChangeRefusal';
  }

  static transition(): ChangeRefusal {
    return new ChangeRefusal({ kind: 'business-rule', rule: STATE_TRANSITION_RULE, ruleId: STATE_TRANSITION_RULE_ID });
  }

  private platformText(): string {
    return this.refusal.kind === 'business-rule'
      ? `Operation against file 'change_request' was aborted by Business Rule '${this.refusal.rule}^${this.refusal.ruleId}'. Business Rule Stack:${this.refusal.rule}`
      : `Data Policy Exception: \n\tThe following fields are mandatory: ${this.refusal.labels.join(', ')}\n`;
  }

  /** sn_chg_rest: 400 with the recorded "could not be updated" wording and an empty detail. */
  forChangeApi(): SnApiError {
    return snErrors.badRequest(`Change Request record could not be updated. ${this.platformText()}`, '');
  }

  /** The Table API: 403 "Operation Failed", the platform's words in the detail. */
  forTableApi(): SnApiError {
    if (this.refusal.kind === 'data-policy') return snErrors.dataPolicy(this.refusal.labels);
    return new SnApiError(403, { error: { message: 'Operation Failed', detail: this.platformText() }, status: 'failure' });
  }
}

/** A state as a PATCH may send it: the value (-1 or "-1"), the label ("Implement") or the name ("implement", "draft"). */
export function parseState(input: string): string | undefined {
  const text = input.trim();
  if (text in CHANGE_STATE_LABELS) return text;
  const lower = text.toLowerCase();
  if (lower in INTERNAL_NAMES) return INTERNAL_NAMES[lower];
  return Object.entries(CHANGE_STATE_LABELS).find(([, label]) => label.toLowerCase() === lower)?.[0];
}

export function changeType(record: SnRecord): ChangeType {
  return record.type === 'standard' || record.type === 'emergency' ? record.type : 'normal';
}

function allowedTargets(type: ChangeType, from: string): readonly string[] {
  return TRANSITIONS[type][from] ?? [];
}

interface Condition {
  name: string;
  passed: boolean;
  /** A data requirement (refused with a data policy) rather than a model condition (refused by the state transition rule). */
  field?: string;
}

/** What moving `record` from its state to `to` needs, each condition passed or not. `pending` counts its requested approvals. */
function conditionsFor(record: SnRecord, to: string, pending: number): Condition[] {
  const type = changeType(record);
  const from = record.state ?? NEW;
  const conditions: Condition[] = [];
  if (to === assess || to === authorize || to === scheduled)
    conditions.push({ name: 'Assignment group is set', passed: Boolean(record.assignment_group), field: 'Assignment group' });
  if (type !== 'standard' && to === scheduled)
    conditions.push({ name: 'Change Request is approved', passed: record.approval === 'approved' && pending === 0 });
  if (from === assess && to === authorize) conditions.push({ name: 'No pending approvals', passed: pending === 0 });
  if (to === closed) {
    conditions.push({ name: 'Close code is set', passed: Boolean(record.close_code), field: 'Close code' });
    conditions.push({ name: 'Close notes are set', passed: Boolean(record.close_notes), field: 'Close notes' });
  }
  return conditions;
}

/** Throws the instance's refusal when `next` (the record as it would be saved) may not move from `from` to its state. */
export function checkMove(next: SnRecord, from: string, pending: number): void {
  const to = next.state ?? from;
  if (to === from) return;
  if (!allowedTargets(changeType(next), from).includes(to)) throw ChangeRefusal.transition();
  const failed = conditionsFor({ ...next, state: from }, to, pending).filter((condition) => !condition.passed);
  const missing = failed.flatMap((condition) => (condition.field ? [condition.field] : []));
  if (failed.length > missing.length) throw ChangeRefusal.transition();
  if (missing.length > 0) throw new ChangeRefusal({ kind: 'data-policy', labels: missing });
}

/** GET /change/{id}/nextstates: the current state and the allowed ones, their labels, and each transition with its conditions. */
export function nextStates(record: SnRecord, pending: number): unknown {
  const type = changeType(record);
  const from = record.state ?? NEW;
  const targets = allowedTargets(type, from);
  const available = [from, ...targets];
  return {
    available_states: available,
    state_label: Object.fromEntries(available.map((value) => [value, CHANGE_STATE_LABELS[value] ?? value])),
    state_transitions: targets.map((to) => {
      const conditions = conditionsFor(record, to, pending);
      return [
        {
          sys_id: stableSysId(`sttrm_state_transition:${type}:${from}:${to}`),
          display_value: `${CHANGE_STATE_LABELS[from]} to ${CHANGE_STATE_LABELS[to]}`,
          from_state: from,
          to_state: to,
          transition_available: conditions.every((condition) => condition.passed),
          automatic_transition: false,
          conditions: conditions.map((condition) => ({
            passed: condition.passed,
            condition: { name: condition.name, description: null, sys_id: stableSysId(`sttrm_condition:${condition.name}`) },
          })),
        },
      ];
    }),
  };
}
