/**
 * Standard change proposals (std_change_proposal) as the Table API writes them and the
 * "Change - Standard - Proposal" flow handles them (docs propose-standard-chg-template; the
 * OOB StdChangeUtilsSNC script for names and values, note §5):
 *
 * - POST: a proposal in New (state 1, approval "not requested", proposal type 1 New, number
 *   STDCHG...). Catalog, Category and Template name are mandatory (OOB validateCategorisation,
 *   "The following mandatory fields are not filled in: {0}"), refused with 403 as the Table
 *   API refuses a business rule's abort.
 * - "Request Approval" (docs: the status changes to In Progress): a PATCH of state to 2 Work
 *   in progress (or of approval to "requested", the inverse of OOB rollBackApproval; the docs
 *   do not say which field the flow watches, so both are taken) asks every member of the
 *   Change Management group (one sysapproval_approver row each; docs: "By default, approval
 *   records are created for members of the Change Management group").
 * - Approved (the approval roll-up): published as OOB publishNewStandardChangeProposal does:
 *   a new std_change_template (the proposal's template_value), std_change_record_producer
 *   and std_change_producer_version 1; the proposal Closed (3) and inactive.
 * - Rejected: rolled back as OOB rollBackApproval does (New, approval "not requested"); the
 *   rejected approval record keeps its comments, and asking again asks anew.
 * - Back to New from Work in progress withdraws the request (pending approvals cancelled);
 *   Cancelled (4) ends it. Closed and cancelled proposals are read-only (403), and other
 *   moves are refused (403): an instance closes a proposal only by publishing it.
 */
import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, ChangeApprovals } from './change-approvals';
import { resolveChoice, resolveReference } from './change-fields';
import { snErrors, SnApiError } from './errors';
import { glideDateTime, type ServiceNowState } from './state';
import { TABLES } from './tables';
import type { SnRecord } from './types';

const PROPOSAL = TABLES.std_change_proposal!;
const STATE = { new: '1', workInProgress: '2', closed: '3', cancelled: '4' } as const;
/** Proposal type 3 (Retire) is the one OOB code names; it needs no categorisation. */
const RETIRE = '3';
/** The group approval's name in the proposal's approval history. */
const APPROVAL_LABEL = 'Change Management';
const FIRST_NUMBER = 1001;
/** Fields the instance sets itself: a write of them is not applied (as the Table API ignores read-only fields). */
const READ_ONLY = new Set(['number', 'state', 'approval', 'active', 'std_change_producer', 'std_change_producer_version', 'opened_by']);
/** What OOB validateCategorisation checks, with the labels its message uses. */
const MANDATORY: readonly [field: string, label: string][] = [
  ['catalog', 'Catalog'],
  ['category', 'Category'],
  ['template_name', 'Template name'],
];

const STATE_LABELS = PROPOSAL.fields.state!.choices!;

/** The state a PATCH asks for (a value, a label, or "In Progress" as the docs call Work in progress; approval "requested" asks for approval), or undefined. */
function targetState(input: Record<string, unknown>): string | undefined {
  if (typeof input.state === 'string' || typeof input.state === 'number') {
    const text = String(input.state).trim();
    return text.toLowerCase() === 'in progress' ? STATE.workInProgress : resolveChoice(STATE_LABELS, text);
  }
  return input.approval === 'requested' ? STATE.workInProgress : undefined;
}

/** What a move from `from` to `to` is: nothing, Request Approval, a withdrawal, a cancellation, or null for a move the instance refuses. */
function moveOf(from: string, to: string): 'none' | 'request' | 'withdraw' | 'cancel' | null {
  if (to === from) return 'none';
  if (to === STATE.cancelled) return 'cancel';
  if (from === STATE.new && to === STATE.workInProgress) return 'request';
  if (from === STATE.workInProgress && to === STATE.new) return 'withdraw';
  return null;
}

/**
 * Parses an encoded query of field=value parts (a std_change_template's `template`, a
 * proposal's `template_value`): `^` separates parts, `^^` is a `^` inside a value.
 */
export function templateValues(encoded: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const part of encoded.replace(/\^\^/g, '\uE000').split('^')) {
    const at = part.indexOf('=');
    if (at > 0) values[part.slice(0, at)] = part.slice(at + 1).replace(/\uE000/g, '^');
  }
  return values;
}

/** A business rule's refusal in the Table API's words (403 "Operation Failed", what it said in the detail). */
function aborted(detail: string): SnApiError {
  return new SnApiError(403, { error: { message: 'Operation Failed', detail }, status: 'failure' });
}

export class StandardChangeProposals {
  private nextNumber = FIRST_NUMBER;

  constructor(
    private readonly state: ServiceNowState,
    private readonly approvals: ChangeApprovals,
    /** The Change Management group's members, by user_name: who is asked to approve. */
    private readonly approverUserNames: readonly string[],
  ) {}

  /** POST /api/now/table/std_change_proposal: a proposal in New; 403 when a mandatory field is empty. */
  create(input: Record<string, unknown>, actor: string): SnRecord {
    const at = glideDateTime(this.state.now());
    const record: SnRecord = {
      ...Object.fromEntries(Object.keys(PROPOSAL.fields).map((name) => [name, ''])),
      sys_id: randomBytes(16).toString('hex'),
      sys_class_name: 'std_change_proposal',
      sys_created_on: at,
      sys_created_by: actor,
      sys_updated_on: at,
      sys_updated_by: actor,
      sys_mod_count: '0',
      state: STATE.new,
      approval: 'not requested',
      active: 'true',
      proposal_type: '1',
      opened_by: this.state.userByName(actor)?.sys_id ?? '',
    };
    this.assign(record, input);
    this.checkMandatory(record);
    record.number = `STDCHG${String(this.nextNumber++).padStart(7, '0')}`;
    this.state.insertRecord('std_change_proposal', record);
    return record;
  }

  /** PATCH/PUT /api/now/table/std_change_proposal/{sys_id}: its fields, and Request Approval, withdrawal or cancellation (see the module comment). */
  update(sysId: string, input: Record<string, unknown>, actor: string): SnRecord {
    const record = this.state.get('std_change_proposal', sysId);
    if (!record) throw snErrors.notFound();
    if (record.state === STATE.closed || record.state === STATE.cancelled) throw snErrors.aclRefused();
    const next: SnRecord = { ...record };
    this.assign(next, input);
    const from = record.state ?? STATE.new;
    const to = targetState(input) ?? from;
    const move = moveOf(from, to);
    if (move === null)
      throw aborted(
        `Invalid state transition: a standard change proposal in ${STATE_LABELS[from] ?? from} cannot be set to ${STATE_LABELS[to] ?? to} (it is closed when its template is published)`,
      );
    if (move === 'request') this.checkMandatory(next);
    Object.assign(record, next);
    if (move === 'request') this.requestApproval(record, actor);
    if (move === 'withdraw') this.rollBack(record, actor);
    if (move === 'cancel') {
      this.approvals.cancelPending(record, actor);
      Object.assign(record, { state: STATE.cancelled, active: 'false' });
    }
    this.stamp(record, actor);
    return record;
  }

  /** A decision on one of the proposal's approval records (ChangeManagement.decideApprovalRecord has checked who and what). */
  decide(proposal: SnRecord, row: SnRecord, decision: ApprovalDecision, comments: string, actor: string): void {
    const outcome = this.approvals.decide(proposal, [row], decision, comments, APPROVAL_LABEL, actor);
    if (outcome === 'approved') this.publish(proposal, actor);
    if (outcome === 'rejected') this.rollBack(proposal, actor);
    this.stamp(proposal, actor);
  }

  /** "Request Approval": Work in progress, the Change Management group's members asked. */
  private requestApproval(proposal: SnRecord, actor: string): void {
    const approverIds = this.approverUserNames.flatMap((name) => this.state.userByName(name)?.sys_id ?? []);
    this.approvals.request(proposal, approverIds, APPROVAL_LABEL, actor);
    proposal.state = STATE.workInProgress;
  }

  /** OOB rollBackApproval: back to New, approval not requested; what is still pending is cancelled. */
  private rollBack(proposal: SnRecord, actor: string): void {
    this.approvals.cancelPending(proposal, actor);
    Object.assign(proposal, { state: STATE.new, approval: 'not requested' });
  }

  /** OOB publishNewStandardChangeProposal: the template, its record producer and version 1; the proposal closed. */
  private publish(proposal: SnRecord, actor: string): void {
    const name = proposal.template_name ?? '';
    const templateId = this.insert('std_change_template', actor, {
      name,
      template: proposal.template_value ?? '',
      short_description: proposal.short_description ?? '',
      active: 'true',
    });
    const producerId = randomBytes(16).toString('hex');
    const versionId = this.insert('std_change_producer_version', actor, {
      name: `${name} - 1`,
      version: '1',
      std_change_producer: producerId,
      std_change_proposal: proposal.sys_id ?? '',
    });
    this.insert(
      'std_change_record_producer',
      actor,
      {
        name,
        sys_name: name,
        short_description: proposal.short_description ?? '',
        description: templateValues(proposal.template_value ?? '').description ?? '',
        category: proposal.category ?? '',
        sc_catalogs: proposal.catalog ?? '',
        active: 'true',
        retired: 'false',
        template: templateId,
        current_version: versionId,
      },
      producerId,
    );
    Object.assign(proposal, { std_change_producer_version: versionId, approval: 'approved', active: 'false', state: STATE.closed });
  }

  /** Copies the writable, known fields of a Table API body onto `record`; references by sys_id or display value, choices by value or label. */
  private assign(record: SnRecord, input: Record<string, unknown>): void {
    for (const [name, raw] of Object.entries(input)) {
      const spec = PROPOSAL.fields[name];
      if (!spec || name.startsWith('sys_') || READ_ONLY.has(name)) continue;
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean' && raw !== null) continue;
      const value = raw === null ? '' : String(raw);
      if (spec.kind === 'reference' && spec.refTable) {
        const id = resolveReference(this.state, spec.refTable, value);
        if (id === undefined)
          throw snErrors.badRequest('Invalid reference', `${name}: no ${spec.refTable} record with sys_id or name "${value}"`);
        record[name] = id;
      } else if (spec.kind === 'choice' && spec.choices) record[name] = resolveChoice(spec.choices, value);
      else record[name] = value;
    }
  }

  /** OOB validateCategorisation: a proposal other than a retirement names its catalog, category and template name. */
  private checkMandatory(record: SnRecord): void {
    if (record.proposal_type === RETIRE) return;
    const missing = MANDATORY.filter(([field]) => !(record[field] ?? '').trim()).map(([, label]) => label);
    if (missing.length > 0) throw aborted(`The following mandatory fields are not filled in: ${missing.join(', ')}`);
  }

  private insert(table: string, actor: string, fields: SnRecord, sysId = randomBytes(16).toString('hex')): string {
    const at = glideDateTime(this.state.now());
    this.state.insertRecord(table, {
      ...Object.fromEntries(Object.keys(TABLES[table]!.fields).map((name) => [name, ''])),
      sys_id: sysId,
      sys_class_name: table,
      sys_created_on: at,
      sys_created_by: actor,
      sys_updated_on: at,
      sys_updated_by: actor,
      sys_mod_count: '0',
      ...fields,
    });
    return sysId;
  }

  private stamp(record: SnRecord, actor: string): void {
    record.sys_updated_on = glideDateTime(this.state.now());
    record.sys_updated_by = actor;
    record.sys_mod_count = String(Number(record.sys_mod_count ?? '0') + 1);
  }
}
