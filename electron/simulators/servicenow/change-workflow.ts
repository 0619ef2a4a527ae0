/**
 * The change requests of the simulated instance and their workflow (note §4.2-4.3, §8):
 * normal and emergency changes start in New ("not requested"); a standard change from an
 * approved template is pre-authorised and lands in Scheduled at once. A normal change
 * moved to Assess skips technical approvals (as recorded) and goes on to Authorize, where
 * the CAB (the Change Management group) is asked; emergency changes are asked on entering
 * Authorize. Approved: Scheduled. Rejected: back to New, pending approvals cancelled.
 * Moves go through change-model.ts; Implement and Review stamp work_start / work_end.
 * The flows that follow a move run after the update's answer is made (the CMAPI example of
 * a PATCH to Assess answers Assess): routes defer them and call settle(). A decision on one
 * approval record (the Table API's sysapproval_approver) has the effect the approver's own
 * decision has; the standard change proposals it may belong to live in change-proposals.ts.
 * Risk calculation (PATCH .../risk) applies the risk conditions of change-risk.ts; conflict
 * checks (.../conflict) live in change-conflicts.ts.
 */
import { randomBytes } from 'node:crypto';
import { stableSysId } from './demo-data';
import { snErrors } from './errors';
import { ChangeApprovals, type ApprovalDecision } from './change-approvals';
import { ChangeConflicts, type ConflictCheckOptions } from './change-conflicts';
import { assignChangeFields, resolveChoice, STANDARD_RESTRICTED } from './change-fields';
import {
  ChangeRefusal,
  changeType,
  checkMove,
  RESTRICT_STANDARD_RULE,
  RESTRICT_STANDARD_RULE_ID,
  STATE,
  type ChangeType,
} from './change-model';
import { StandardChangeProposals, templateValues } from './change-proposals';
import { RiskCalculator } from './change-risk';
import { CHANGE_STATE_LABELS, CHANGE_TYPES } from './change-tables';
import { glideDateTime, type ServiceNowState } from './state';
import { TABLES } from './tables';
import type { RiskCondition, SnRecord } from './types';

/** The models' sys_ids: Normal and Emergency as recorded on a real instance (OCTO-MOCK), Standard derived. */
const CHANGE_MODEL_IDS: Record<ChangeType, string> = {
  normal: '007c4001c343101035ae3f52c1d3aeb2',
  emergency: '62d10fa1c303101035ae3f52c1d3aec1',
  standard: stableSysId('chg_model:Standard'),
};
const FIRST_NUMBER = 30_001;
const CAB_LABEL = 'CAB Approval';
/** An approval record's states, value -> label (a decision may name either). */
const APPROVER_STATES = TABLES.sysapproval_approver!.fields.state!.choices ?? {};

export interface ChangeWrite {
  record: SnRecord;
  /** The submitted keys that were not applied (`__meta.ignoredFields`). */
  ignoredFields: string[];
}

export interface ChangeManagementOptions {
  /** Who the CAB is (the Change Management group's members), by user_name. */
  cabUserNames: readonly string[];
  /** A standard change's approval once Scheduled: the docs leave it open (note §8.5). Default "approved". */
  standardApproval?: 'approved' | 'not requested';
  /**
   * Who may decide anyone's approval record through the Table API, by user_name: the holders of
   * the approval_admin (or admin) role on an instance. The docs found say nothing of the ACLs on
   * sysapproval_approver, so this is the simulator's choice: the approver themselves, or one of these.
   */
  approvalAdmins?: readonly string[];
  /** The risk conditions PATCH .../risk applies (default: change-risk.ts's). */
  riskConditions?: readonly RiskCondition[];
  /** Conflict detection: the blackout schedules, how long a check runs, whether the instance has it (default: none, 0 ms, on). */
  conflictChecks?: Partial<ConflictCheckOptions>;
}

/** A decision sn_chg_rest and the Table API accept: approved, or rejected with comments (CMAPI approvals: "Required if state is rejected"). */
function checkDecision(decision: string, comments: string): asserts decision is ApprovalDecision {
  if (decision !== 'approved' && decision !== 'rejected')
    throw snErrors.badRequest('Invalid approval state', `state must be "approved" or "rejected", not "${decision}"`);
  if (decision === 'rejected' && comments.trim() === '')
    throw snErrors.badRequest('Comments are required', 'comments is required when state is rejected');
}

export class ChangeManagement {
  readonly approvals: ChangeApprovals;
  /** The standard change proposals (std_change_proposal) and what their approval publishes. */
  readonly proposals: StandardChangeProposals;
  /** Conflict checks (.../conflict), their results and the blackout schedules they test against. */
  readonly conflicts: ChangeConflicts;
  private readonly risk: RiskCalculator;
  private nextNumber = FIRST_NUMBER;
  private deferred: (() => void)[] = [];

  constructor(
    private readonly state: ServiceNowState,
    private readonly options: ChangeManagementOptions,
  ) {
    this.approvals = new ChangeApprovals(state);
    this.proposals = new StandardChangeProposals(state, this.approvals, options.cabUserNames);
    this.risk = new RiskCalculator(options.riskConditions);
    this.conflicts = new ChangeConflicts(
      state,
      {
        blackoutSchedules: options.conflictChecks?.blackoutSchedules ?? [],
        checkMs: options.conflictChecks?.checkMs ?? 0,
        enabled: options.conflictChecks?.enabled ?? true,
      },
      (change, fields, actor) => this.save(change, fields, actor, change.state ?? STATE.new),
    );
    for (const [type, sysId] of Object.entries(CHANGE_MODEL_IDS)) {
      state.insertRecord('chg_model', {
        ...this.blank('chg_model'),
        ...this.created(sysId, 'chg_model', 'admin'),
        name: CHANGE_TYPES[type] ?? type,
        description: `${CHANGE_TYPES[type]} change model`,
        active: 'true',
        available_in_ui: 'true',
        default_change_model: type === 'normal' ? 'true' : 'false',
        state_field: 'state',
        table_name: 'change_request',
      });
    }
  }

  get(sysId: string, type?: ChangeType): SnRecord | undefined {
    const record = this.state.get('change_request', sysId);
    return record && (!type || changeType(record) === type) ? record : undefined;
  }

  /** POST /change/normal, /change/emergency (and /change by model): a change in New, approval not yet requested. */
  create(type: 'normal' | 'emergency', input: Record<string, unknown>, actor: string): ChangeWrite {
    const record = this.newChange(type, actor);
    const assigned = assignChangeFields(this.state, record, input, { creating: true, standard: false });
    this.insert(record, assigned.journal, actor);
    return { record, ignoredFields: assigned.ignoredFields };
  }

  /** POST /change/standard/{producer}: the template's values, then New -> Scheduled at once (pre-authorised). 404 for no such active template. */
  createStandard(producerId: string, input: Record<string, unknown>, actor: string): ChangeWrite {
    const producer = this.state.get('std_change_record_producer', producerId);
    if (!producer || producer.active !== 'true') throw snErrors.notFound();
    const template = this.state.get('std_change_template', producer.template ?? '');
    const record = this.newChange('standard', actor);
    record.std_change_producer_version = producer.current_version ?? '';
    for (const [name, value] of Object.entries(templateValues(template?.template ?? ''))) {
      if (name in TABLES.change_request!.fields && !name.startsWith('sys_')) record[name] = value;
    }
    const assigned = assignChangeFields(this.state, record, input, { creating: true, standard: true });
    this.insert(record, assigned.journal, actor);
    const approval = this.options.standardApproval ?? 'approved';
    this.save(record, { state: STATE.scheduled, phase: 'scheduled', approval }, actor, STATE.new);
    if (approval === 'approved') record.approval_set = record.sys_updated_on ?? '';
    return { record, ignoredFields: assigned.ignoredFields };
  }

  /** PATCH /change/{id}: the fields, and a move when `state` is given; throws ChangeRefusal when the instance would refuse. */
  update(sysId: string, input: Record<string, unknown>, actor: string, options: { type?: ChangeType; defer?: boolean } = {}): ChangeWrite {
    this.settle();
    const record = this.get(sysId, options.type);
    if (!record) throw snErrors.notFound();
    const next: SnRecord = { ...record };
    const assigned = assignChangeFields(this.state, next, input, { creating: false, standard: false });
    if (changeType(record) === 'standard' && STANDARD_RESTRICTED.some((name) => next[name] !== record[name]))
      throw new ChangeRefusal({ kind: 'business-rule', rule: RESTRICT_STANDARD_RULE, ruleId: RESTRICT_STANDARD_RULE_ID });
    const from = record.state ?? STATE.new;
    checkMove(next, from, this.approvals.pending(sysId).length);
    const changed = Object.keys(next).some((name) => next[name] !== record[name]);
    if (changed) this.save(record, next, actor, from);
    for (const [element, text] of assigned.journal) this.state.appendJournal(record, element, text, actor);
    if (!changed && assigned.journal.length > 0) this.stamp(record, actor);
    if (!options.defer) this.settle();
    return { record, ignoredFields: assigned.ignoredFields };
  }

  /** PATCH /change/{id}/approvals: the calling user's decision; comments are required to reject. Answers the change. */
  decide(sysId: string, userName: string, decision: string, comments: string): SnRecord {
    this.settle();
    const change = this.get(sysId);
    if (!change) throw snErrors.notFound();
    checkDecision(decision, comments);
    this.decideRows(change, this.approvals.pendingFor(change, userName), decision, comments, userName);
    return change;
  }

  /**
   * PATCH /api/now/table/sysapproval_approver/{sys_id} with `state` approved or rejected (and
   * `comments`): the approval record's decision, with the same effect as the approver deciding
   * in the product: on a change request, what /approvals does (one rule, decideRows); on a
   * standard change proposal, publishing or rolling back (change-proposals.ts). Only the
   * approver or an approval admin may (see canDecide). Answers the approval record.
   */
  decideApprovalRecord(rowId: string, input: Record<string, unknown>, actor: string): SnRecord {
    this.settle();
    const row = this.state.get('sysapproval_approver', rowId);
    if (!row) throw snErrors.notFound();
    if (!this.canDecide(row, actor)) throw snErrors.aclRefused();
    const comments = typeof input.comments === 'string' ? input.comments : '';
    const wanted = typeof input.state === 'string' ? resolveChoice(APPROVER_STATES, input.state) : undefined;
    if (wanted === undefined || wanted === row.state) {
      // No decision: a comment alone is journalled on the approval record.
      if (comments.trim() !== '') this.state.appendJournal(row, 'comments', comments, actor);
      return row;
    }
    // Only a requested approval can be decided (a decided or cancelled one belongs to a round that is over).
    if (row.state !== 'requested') throw snErrors.aclRefused();
    checkDecision(wanted, comments);
    const proposal = row.source_table === 'std_change_proposal' ? this.state.get('std_change_proposal', row.sysapproval ?? '') : undefined;
    if (proposal) {
      this.proposals.decide(proposal, row, wanted, comments, actor);
      return row;
    }
    const change = this.get(row.sysapproval ?? '');
    if (!change) throw snErrors.notFound();
    this.decideRows(change, [row], wanted, comments, actor);
    return row;
  }

  /** The approver themselves, or an approval admin (the integration user by default) deciding on their behalf. */
  private canDecide(row: SnRecord, actor: string): boolean {
    const user = this.state.userByName(actor);
    return (user !== undefined && user.sys_id === row.approver) || (this.options.approvalAdmins ?? []).includes(actor);
  }

  /** One decision on a change's approval rows and what follows it: the state, the approval roll-up, the next round. */
  private decideRows(change: SnRecord, rows: readonly SnRecord[], decision: ApprovalDecision, comments: string, actor: string): void {
    const outcome = this.approvals.decide(change, rows, decision, comments, this.stageLabel(change), actor);
    const policy = `${CHANGE_TYPES[changeType(change)]} Change Policy`;
    if (outcome === 'rejected') {
      this.approvals.cancelPending(change, actor);
      this.approvals.history(change, `Change Request has been rejected by ${policy} (Risk approvals).`, actor);
      this.save(change, { state: STATE.new, phase: 'requested', approval: 'rejected' }, actor, change.state ?? STATE.new);
    } else if (outcome === 'approved' && change.state === STATE.assess) {
      this.save(change, { state: STATE.authorize }, actor, STATE.assess);
      this.requestCab(change, actor);
    } else if (outcome === 'approved') {
      this.approvals.history(change, `Change Request has been approved by ${policy} (Risk approvals).`, actor);
      const at = glideDateTime(this.state.now());
      this.save(
        change,
        { state: STATE.scheduled, phase: 'scheduled', approval: 'approved', approval_set: at },
        actor,
        change.state ?? STATE.new,
      );
    } else {
      this.stamp(change, actor);
    }
  }

  /**
   * PATCH /change/{id}/risk: the first matching risk condition's risk and impact (change-risk.ts),
   * saved as one update; nothing matches: unchanged. A closed or canceled change is refused with
   * the documented 400 "Risk assessment failed" (when it applies is not documented: this
   * simulator's choice, since risk is assessed before a change is done).
   */
  calculateRisk(sysId: string, actor: string): SnRecord {
    this.settle();
    const change = this.get(sysId);
    if (!change) throw snErrors.notFound();
    if (change.active === 'false')
      throw snErrors.badRequest(
        'Risk assessment failed',
        `${change.number} is ${CHANGE_STATE_LABELS[change.state ?? ''] ?? change.state}: the risk of a closed or canceled change is not calculated`,
      );
    const outcome = this.risk.evaluate(change, this.state.get('cmdb_ci', change.cmdb_ci ?? ''));
    if (outcome && Object.entries(outcome).some(([name, value]) => change[name] !== value))
      this.save(change, outcome, actor, change.state ?? STATE.new);
    return change;
  }

  /** Runs the flows the last moves started (the Assess and Authorize flows) and finishes due conflict checks; routes call it once their answer is made. */
  settle(): void {
    const flows = this.deferred;
    this.deferred = [];
    for (const flow of flows) flow();
    this.conflicts.settle();
  }

  /** Saves `changes` to the record as one update, with the side effects of a move from `from` (fields, approvals, flows). */
  private save(record: SnRecord, changes: SnRecord, actor: string, from: string): void {
    const to = changes.state ?? record.state ?? from;
    Object.assign(record, changes);
    if (to !== from) this.moved(record, to, actor);
    this.stamp(record, actor);
  }

  private moved(record: SnRecord, to: string, actor: string): void {
    const at = glideDateTime(this.state.now());
    const id = record.sys_id ?? '';
    if (to === STATE.new || to === STATE.canceled) this.approvals.cancelPending(record, actor);
    if (to === STATE.new && record.approval !== 'rejected') record.approval = 'not requested';
    if (to === STATE.implement) record.phase = 'implementation';
    if (to === STATE.implement && !record.work_start) record.work_start = at;
    if (to === STATE.review) record.phase = 'review';
    if (to === STATE.review && !record.work_end) record.work_end = at;
    if (to === STATE.closed || to === STATE.canceled) {
      Object.assign(record, { active: 'false', closed_at: at, closed_by: this.state.userByName(actor)?.sys_id ?? '' });
      if (to === STATE.canceled) record.on_hold = 'false';
      if (to === STATE.closed) record.phase = 'closed';
    }
    if (to === STATE.assess && changeType(record) === 'normal') {
      record.approval = 'requested';
      this.deferred.push(() => this.assessFlow(id, actor));
    }
    if (to === STATE.authorize) this.deferred.push(() => this.authorizeFlow(id, actor));
  }

  /** Which group approval a change is waiting for: its assignment group's (technical, in Assess) or the CAB's. */
  stageLabel(change: SnRecord): string {
    if (change.state !== STATE.assess) return CAB_LABEL;
    return this.state.get('sys_user_group', change.assignment_group ?? '')?.name ?? 'Technical Approval';
  }

  /** "Change - Normal - Assess": no technical approvers in this instance's policy, so on to Authorize. */
  private assessFlow(sysId: string, actor: string): void {
    const change = this.get(sysId);
    if (!change || change.state !== STATE.assess || this.approvals.pending(sysId).length > 0) return;
    this.approvals.history(
      change,
      'No approvals were generated from matched Decisions. Normal Change Policy has been skipped (Technical approvals).',
      actor,
    );
    this.save(change, { state: STATE.authorize }, actor, STATE.assess);
    this.requestCab(change, actor);
  }

  /** "Change - Emergency - Authorize": the CAB is asked. */
  private authorizeFlow(sysId: string, actor: string): void {
    const change = this.get(sysId);
    if (!change || change.state !== STATE.authorize || this.approvals.pending(sysId).length > 0) return;
    this.requestCab(change, actor);
    this.stamp(change, actor);
  }

  private requestCab(change: SnRecord, actor: string): void {
    const approvers = this.options.cabUserNames.flatMap((name) => this.state.userByName(name)?.sys_id ?? []);
    this.approvals.request(change, approvers, CAB_LABEL, actor);
  }

  private newChange(type: ChangeType, actor: string): SnRecord {
    const actorId = this.state.userByName(actor)?.sys_id ?? '';
    return {
      ...this.blank('change_request'),
      ...this.created(randomBytes(16).toString('hex'), 'change_request', actor),
      number: `CHG${String(this.nextNumber++).padStart(7, '0')}`,
      type,
      chg_model: CHANGE_MODEL_IDS[type],
      state: STATE.new,
      phase: 'requested',
      approval: 'not requested',
      impact: '3',
      urgency: '3',
      priority: '4',
      category: 'Other',
      active: 'true',
      on_hold: 'false',
      cab_required: 'false',
      unauthorized: 'false',
      conflict_status: 'Not Run',
      upon_approval: 'proceed',
      upon_reject: 'cancel',
      opened_at: glideDateTime(this.state.now()),
      opened_by: actorId,
      requested_by: actorId,
      reassignment_count: '0',
    };
  }

  private insert(record: SnRecord, journal: ['work_notes' | 'comments', string][], actor: string): void {
    this.state.insertRecord('change_request', record);
    for (const [element, text] of journal) this.state.appendJournal(record, element, text, actor);
  }

  private created(sysId: string, className: string, actor: string): SnRecord {
    const at = glideDateTime(this.state.now());
    return {
      sys_id: sysId,
      sys_class_name: className,
      sys_created_on: at,
      sys_created_by: actor,
      sys_updated_on: at,
      sys_updated_by: actor,
      sys_mod_count: '0',
    };
  }

  private stamp(record: SnRecord, actor: string): void {
    record.sys_updated_on = glideDateTime(this.state.now());
    record.sys_updated_by = actor;
    record.sys_mod_count = String(Number(record.sys_mod_count ?? '0') + 1);
  }

  private blank(table: string): SnRecord {
    return Object.fromEntries(Object.keys(TABLES[table]!.fields).map((name) => [name, '']));
  }
}
