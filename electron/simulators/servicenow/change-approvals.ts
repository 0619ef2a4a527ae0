/**
 * Approval records on changes and standard change proposals (sysapproval_approver, docs
 * r_Approvals / c_ApprovalStatus): asking approvers (one row each, state "requested"), an
 * approver's decision with their comments (a journal on the approval record), cancelling
 * what is still pending, the roll-up (any rejected: rejected; none pending: approved), and
 * the record's approval history in the words of a recorded instance ("Group approval for
 * CAB Approval is requested.").
 */
import { randomBytes } from 'node:crypto';
import { snErrors } from './errors';
import { glideDateTime, type ServiceNowState } from './state';
import type { SnRecord } from './types';

export type ApprovalDecision = 'approved' | 'rejected';
/** What a decision leaves the current round of approvals at. */
type RoundOutcome = 'approved' | 'rejected' | 'waiting';

export class ChangeApprovals {
  constructor(private readonly state: ServiceNowState) {}

  /** Every approval record of a change, oldest first. */
  forChange(changeId: string): SnRecord[] {
    return this.state.rows('sysapproval_approver').filter((row) => row.sysapproval === changeId);
  }

  pending(changeId: string): SnRecord[] {
    return this.forChange(changeId).filter((row) => row.state === 'requested');
  }

  /** Asks each approver (sys_user sys_ids) for the group approval `label` ("CAB Approval"); the change's approval becomes requested. */
  request(change: SnRecord, approverIds: readonly string[], label: string, actor: string): void {
    const at = glideDateTime(this.state.now());
    this.history(change, `Group approval for ${label} is requested.`, actor);
    for (const approverId of approverIds) {
      this.state.insertRecord('sysapproval_approver', {
        sys_id: randomBytes(16).toString('hex'),
        sys_class_name: 'sysapproval_approver',
        sys_created_on: at,
        sys_created_by: actor,
        sys_updated_on: at,
        sys_updated_by: actor,
        sys_mod_count: '0',
        approver: approverId,
        state: 'requested',
        sysapproval: change.sys_id ?? '',
        document_id: change.sys_id ?? '',
        source_table: change.sys_class_name || 'change_request',
        comments: '',
      });
      this.history(change, `${this.state.get('sys_user', approverId)?.name ?? approverId} requested to approve task`, actor);
    }
    change.approval = 'requested';
  }

  /** Cancels the approvals still requested (a revert to New, a rejection, a cancelled change): "all pending approvals are cancelled". */
  cancelPending(change: SnRecord, actor: string): void {
    for (const row of this.pending(change.sys_id ?? '')) this.setState(row, 'cancelled', actor);
  }

  /**
   * The calling user's requested approvals on the record. 400 when they have none (CMAPI:
   * "the user not having the authority to approve or reject").
   */
  pendingFor(record: SnRecord, userName: string): SnRecord[] {
    const user = this.state.userByName(userName);
    const mine = this.pending(record.sys_id ?? '').filter((row) => row.approver === user?.sys_id);
    if (!user || mine.length === 0) {
      throw snErrors.badRequest(
        'Approval could not be processed',
        `${user?.name ?? userName} has no pending approval for ${record.number ?? 'this record'}`,
      );
    }
    return mine;
  }

  /**
   * Decides these approval rows of the record (the approver's own decision, or one made on
   * their behalf by `actor`): their state, the comments on each (a journal, written as
   * `actor`) and the record's history line, which names the approver. Answers the round's outcome.
   */
  decide(
    record: SnRecord,
    rows: readonly SnRecord[],
    decision: ApprovalDecision,
    comments: string,
    label: string,
    actor: string,
  ): RoundOutcome {
    for (const row of rows) {
      this.setState(row, decision, actor);
      if (comments.trim() !== '') this.state.appendJournal(row, 'comments', comments, actor);
    }
    const approver = this.state.get('sys_user', rows[0]?.approver ?? '');
    this.history(record, `Group approval for ${label} ${decision} by user ${approver?.name ?? actor}.`, actor);
    if (decision === 'rejected') return 'rejected';
    return this.pending(record.sys_id ?? '').length === 0 ? 'approved' : 'waiting';
  }

  /** A line in the change's approval history (a journal field, newest first when shown). */
  history(change: SnRecord, text: string, actor: string): void {
    this.state.appendJournal(change, 'approval_history', text, actor);
  }

  private setState(row: SnRecord, state: string, actor: string): void {
    row.state = state;
    row.sys_updated_on = glideDateTime(this.state.now());
    row.sys_updated_by = actor;
    row.sys_mod_count = String(Number(row.sys_mod_count ?? '0') + 1);
  }
}
