/**
 * ServiceNow change requests and standard change templates to the console's change
 * domain (shared/domain/change.ts), and the console's words back to ServiceNow's. Sources:
 * /work/notes/servicenow-change-api.md (cited as "note §n").
 *
 * Decisions where ServiceNow leaves a choice:
 * - States by value (-5 New ... 4 Canceled, note §4.1); a name or label instead of a value
 *   ("assess", "Assess") is read too. A state the console does not know (a customised
 *   instance's "Final Review") reads as `new`: the gate then waits rather than permits,
 *   and vendorState shows the instance's own label.
 * - Risk 1 Very High, 2 High, 3 Moderate, 4 Low (note §2.2). Empty (not yet assessed: a new
 *   change's risk is "") and unknown values read as `moderate`: the middle, neither
 *   blocking a template from being pre-approved nor calling an unassessed change low.
 * - Approval (`not requested`, `requested`, `approved`, `rejected`, note §2.2): a standard
 *   change is pre-approved by its template, so `not requested` (its usual value, note §8.5)
 *   and `not_required` read as `approved`; for normal and emergency changes anything but the three decided or
 *   pending values (not requested, not_required, cancelled, duplicate) reads as
 *   `not-requested`, so the gate waits.
 * - Approvers (sysapproval_approver): requested, approved and rejected ones are listed;
 *   cancelled, not requested and not_required ones are left out.
 * - The deployment (version, commit, pipeline run), the incident an emergency change fixes
 *   and the template a standard change came from are written as a block of "Key: value"
 *   lines under DEPLOYMENT_MARKER (see deploymentBlock): in the description of normal and
 *   emergency changes, and in a work note on standard changes (POST
 *   /change/standard/{id} ignores the description, note §5). They are read back from the
 *   description first, then from the newest work note that holds the block. Without a
 *   block, "Version:"/"Commit:"/"Pipeline run:" lines anywhere in the description are read
 *   (work notes only count under the marker: other tools write "Version:" notes there
 *   too), the version falls back to the one in the change key (correlation_id) and
 *   anything still missing reads as "unknown".
 * - The service: the CI (cmdb_ci): its sys_id and display name; the gate matches services
 *   by name, as the change key holds it.
 * - Templates: a published one (std_change_record_producer) is `approved`, or `retired`;
 *   a proposal (std_change_proposal, note §5) Work in progress or New is `proposed`, unless
 *   its latest decided approval record rejected it (a rejection rolls it back to New, OOB
 *   rollBackApproval): then `rejected`, with that approver and their comments. Who proposed
 *   it is the proposal's opened_by; who decided, the approver of its deciding record.
 *   A proposal's values are written as the template's encoded query (templateValueOf).
 * - Conflicts: see change-conflicts.ts.
 */
import {
  CHANGE_STATE_LABEL,
  type ChangeRequest,
  type ChangeRisk,
  type ChangeState,
  type ChangeTemplate,
  type ChangeType,
} from '../../../shared/domain/change';
import type { Ref } from '../../../shared/domain/incident';
import { conflictFieldsOf } from './change-conflicts';
import type { SnApprover, SnChange, SnConflict, SnField, SnProposal, SnTemplate } from './change-schemas';
import { isoFromGlide } from './mapper';
import { blockUnderMarker, looseLines, type DeploymentBlock } from '../change-record/deployment-block';

export const CHANGE_SYSTEM_ID = 'servicenow';

/** The state values ServiceNow stores (note §4.1), sent as strings in a PATCH. */
export const CHANGE_STATE_VALUE: Record<ChangeState, string> = {
  new: '-5',
  assess: '-4',
  authorize: '-3',
  scheduled: '-2',
  implement: '-1',
  review: '0',
  closed: '3',
  canceled: '4',
};

const STATE_BY_VALUE = new Map<string, ChangeState>(
  Object.entries(CHANGE_STATE_VALUE).map(([state, value]) => [value, state as ChangeState]),
);

/** Names (OOB STATE_NAMES, note §4.1) and labels a state may come as instead of its value. */
const STATE_BY_NAME: Record<string, ChangeState> = {
  new: 'new',
  draft: 'new',
  assess: 'assess',
  authorize: 'authorize',
  scheduled: 'scheduled',
  implement: 'implement',
  review: 'review',
  closed: 'closed',
  canceled: 'canceled',
  cancelled: 'canceled',
};

/** The console's state for a change's `state` field; unknown states read as `new` (see the module comment). */
export function changeStateOf(state: SnField): ChangeState {
  return STATE_BY_VALUE.get(state.value) ?? STATE_BY_NAME[state.value.trim().toLowerCase()] ?? 'new';
}

/** How the instance names the state ("Implement"), or the console's label when it sent none. */
function vendorStateOf(state: SnField): string {
  return state.display || CHANGE_STATE_LABEL[changeStateOf(state)];
}

const RISK_BY_VALUE: Record<string, ChangeRisk> = { '1': 'very-high', '2': 'high', '3': 'moderate', '4': 'low' };
const RISK_VALUE: Record<ChangeRisk, string> = { 'very-high': '1', high: '2', moderate: '3', low: '4' };

/** Risk 1..4 (number or string) to the console's; empty or unknown reads as `moderate`. */
export function riskOf(value: string): ChangeRisk {
  return RISK_BY_VALUE[value.trim()] ?? 'moderate';
}

export function changeTypeOf(type: SnField): ChangeType {
  const value = type.value.trim().toLowerCase();
  return value === 'standard' || value === 'emergency' ? value : 'normal';
}

/** The change's approval as a whole (see the module comment for standard changes). */
function approvalOf(approval: SnField, type: ChangeType): ChangeRequest['approval'] {
  const value = approval.value.trim().toLowerCase();
  if (value === 'approved' || value === 'rejected' || value === 'requested') return value;
  const notAsked = value === '' || value === 'not requested' || value === 'not_required';
  return type === 'standard' && notAsked ? 'approved' : 'not-requested';
}

/** The raw approval value meaning no approval was ever asked for. */
export function approvalNotRequested(approval: SnField): boolean {
  const value = approval.value.trim().toLowerCase();
  return value === '' || value === 'not requested';
}

function isoOrNull(value: string): string | null {
  return value ? isoFromGlide(value) : null;
}

/** A journal header as the instance renders it: "2026-02-16 16:45:20 - octopus (Work notes)". */
const JOURNAL_HEADER = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - .* \([^)]*\)$/;

/** The newest entry of a rendered journal (newest first), without its header; plain text is returned trimmed. */
export function latestJournalEntry(journal: string): string {
  const lines = journal.replace(/\r\n/g, '\n').split('\n');
  const first = lines.findIndex((line) => JOURNAL_HEADER.test(line));
  if (first === -1) return journal.trim();
  const rest = lines.slice(first + 1);
  const next = rest.findIndex((line) => JOURNAL_HEADER.test(line));
  return (next === -1 ? rest : rest.slice(0, next)).join('\n').trim();
}

/** The console's approver record, or null for one that is not asked or decided (cancelled, not_required...). */
function approvalEntryOf(approver: SnApprover): ChangeRequest['approvals'][number] | null {
  const state = approver.state.value.trim().toLowerCase();
  if (state !== 'requested' && state !== 'approved' && state !== 'rejected') return null;
  return {
    approver: { id: approver.approver.value, name: approver.approver.display || approver.approver.value },
    state,
    comment: latestJournalEntry(approver.comments.display || approver.comments.value),
    decidedAt: state === 'requested' ? null : isoOrNull(approver.sys_updated_on.value),
  };
}

// ---- the deployment block ----------------------------------------------------------

/** The console's block on a change: from its description, else its newest work note holding one. */
function blockOf(change: SnChange): { block: DeploymentBlock; marked: boolean } {
  const description = change.description.value || change.description.display;
  const inDescription = blockUnderMarker(description);
  if (inDescription) return { block: inDescription, marked: true };
  const inNotes = blockUnderMarker(change.work_notes.display || change.work_notes.value);
  if (inNotes) return { block: inNotes, marked: true };
  return { block: looseLines(description), marked: false };
}

/** True when the change carries the console's deployment block (else raiseChange writes it). */
export function hasDeploymentBlock(change: SnChange): boolean {
  return blockOf(change).marked;
}

// ---- the change key ------------------------------------------------------------------

/** The service name and version in a change key ("oncall:payments api:1.4.2:9f3a0c1e", see changeKey), or null for another value. */
export function parseChangeKey(key: string): { serviceName: string; version: string } | null {
  const match = /^oncall:([^:]+):(.+):([0-9a-f]{8}|-)$/.exec(key.trim());
  return match ? { serviceName: match[1] ?? '', version: match[2] ?? '' } : null;
}

// ---- records -----------------------------------------------------------------------------

const UNKNOWN = 'unknown';
const EPOCH = '1970-01-01T00:00:00Z';

/** The change's page in the instance's UI. */
function changeUrl(instanceUrl: string, sysId: string): string {
  return `${instanceUrl}/change_request.do?sys_id=${sysId}`;
}

function closeCodeOf(closeCode: SnField): ChangeRequest['closeCode'] {
  const value = closeCode.value.trim().toLowerCase();
  return value === 'successful' || value === 'successful_issues' || value === 'unsuccessful' ? value : null;
}

/**
 * A ServiceNow change as the console's ChangeRequest, with its approvers (already read) and,
 * when they were read, the conflict records of its last finished conflict check.
 */
export function toChangeRequest(
  change: SnChange,
  approvers: readonly SnApprover[],
  instanceUrl: string,
  conflicts: readonly SnConflict[] | null = null,
): ChangeRequest {
  const type = changeTypeOf(change.type);
  const { block } = blockOf(change);
  const key = parseChangeKey(change.correlation_id.value);
  const updatedAt = isoOrNull(change.sys_updated_on.value);
  const createdAt = isoOrNull(change.sys_created_on.value);
  return {
    id: change.sys_id,
    type,
    service: {
      id: change.cmdb_ci.value || key?.serviceName || '',
      name: change.cmdb_ci.display || key?.serviceName || change.cmdb_ci.value,
    },
    templateId: block.template ?? null,
    state: changeStateOf(change.state),
    vendorState: vendorStateOf(change.state),
    shortDescription: change.short_description.value,
    risk: riskOf(change.risk.value),
    approval: approvalOf(change.approval, type),
    approvals: approvers
      .filter((approver) => approver.sysapproval.value === change.sys_id)
      .map(approvalEntryOf)
      .filter((entry) => entry !== null),
    plannedStart: isoOrNull(change.start_date.value),
    plannedEnd: isoOrNull(change.end_date.value),
    deployment: {
      version: block.version || key?.version || UNKNOWN,
      commit: block.commit || UNKNOWN,
      runUrl: block.runUrl || null,
    },
    closeCode: closeCodeOf(change.close_code),
    closeNotes: change.close_notes.value,
    incidentId: block.incident ?? null,
    record: {
      system: CHANGE_SYSTEM_ID,
      id: change.sys_id,
      number: change.number.value || change.number.display,
      url: changeUrl(instanceUrl, change.sys_id),
    },
    createdAt: createdAt ?? updatedAt ?? EPOCH,
    updatedAt: updatedAt ?? createdAt ?? EPOCH,
    ...conflictFieldsOf(change, conflicts),
  };
}

/**
 * Whether the change's approvers are worth reading: it is being approved (Assess,
 * Authorize, or approval requested) or was decided, and it is not closed or canceled
 * (their approvers matter to no decision), unless it was rejected (the gate names who
 * rejected it and why).
 */
export function wantsApprovers(change: SnChange): boolean {
  const state = changeStateOf(change.state);
  const approval = change.approval.value.trim().toLowerCase();
  if (approval === 'rejected') return true;
  if (state === 'closed' || state === 'canceled') return false;
  // Approvers are named while the change waits for them (an approved change needs no names: one read less for the gate).
  return state === 'assess' || state === 'authorize' || approval === 'requested';
}

// ---- templates ---------------------------------------------------------------------------

function isTrue(field: SnField): boolean {
  return field.value.trim().toLowerCase() === 'true';
}

function isFalse(field: SnField): boolean {
  return field.value.trim().toLowerCase() === 'false';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The longest service name that occurs in `text` as a whole word or phrase (case-insensitive). */
function serviceNamedIn(text: string, services: readonly Ref[]): Ref | null {
  let best: Ref | null = null;
  for (const service of services) {
    if (!service.name.trim()) continue;
    const pattern = new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(service.name.trim())}($|[^A-Za-z0-9])`, 'i');
    if (pattern.test(text) && (!best || service.name.length > best.name.length)) best = service;
  }
  return best;
}

/**
 * The change field values a std_change_template's encoded query sets
 * ("short_description=...^cmdb_ci=<sys_id>^risk=4^implementation_plan=..."): `^^` is an
 * escaped `^` inside a value; parts that are not `field=value` (`EQ`, other operators) are
 * skipped.
 */
export function templateValues(encoded: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const part of encoded.replace(/\^\^/g, '\uE000').split('^')) {
    const match = /^([a-z0-9_]+)=([\s\S]*)$/.exec(part);
    if (match?.[1] && values[match[1]] === undefined) values[match[1]] = (match[2] ?? '').replace(/\uE000/g, '^');
  }
  return values;
}

/**
 * The service a template covers: the CI (cmdb_ci) the answer carries, else the one its
 * std_change_template's values set (`values`, named from `services`, the instance's
 * cmdb_ci_service records); else the service whose name occurs in the template's name,
 * then in its short description (the longest such name); else none ({id: '', name: ''}).
 */
export function templateServiceOf(template: SnTemplate, services: readonly Ref[], values: Record<string, string> = {}): Ref {
  if (template.cmdb_ci.value) return { id: template.cmdb_ci.value, name: template.cmdb_ci.display || template.cmdb_ci.value };
  const byValues = values.cmdb_ci ? services.find((service) => service.id === values.cmdb_ci) : undefined;
  if (byValues) return byValues;
  const name = templateNameOf(template);
  return serviceNamedIn(name, services) ?? serviceNamedIn(template.short_description.value, services) ?? { id: '', name: '' };
}

function templateNameOf(template: SnTemplate): string {
  return template.name.value || template.name.display || template.template.display || template.short_description.value;
}

/** The template's page in the instance's UI. */
function templateUrl(instanceUrl: string, sysId: string): string {
  return `${instanceUrl}/std_change_record_producer.do?sys_id=${sysId}`;
}

/**
 * A standard change template (std_change_record_producer) as the console's ChangeTemplate:
 * `retired` (or inactive) ones as `retired`, the others `approved` (a published template was
 * approved when its proposal was, note §5), with who proposed and approved it (`by`, see
 * publishedBy). Risk and plans come from the producer's answer when it has them, else from
 * its std_change_template's `values` (see templateValues).
 */
export function toChangeTemplate(
  template: SnTemplate,
  service: Ref,
  instanceUrl: string,
  values: Record<string, string> = {},
  by: Pick<ChangeTemplate, 'proposedBy' | 'decidedBy'> = { proposedBy: null, decidedBy: null },
): ChangeTemplate {
  const name = templateNameOf(template);
  const retired = isTrue(template.retired) || isFalse(template.active);
  const updatedAt = isoOrNull(template.sys_updated_on.value) ?? isoOrNull(template.sys_created_on.value) ?? EPOCH;
  return {
    id: template.sys_id,
    service,
    name,
    scope: template.short_description.value || template.description.value,
    risk: riskOf(template.risk.value || values.risk || ''),
    implementationPlan: template.implementation_plan.value || values.implementation_plan || '',
    backoutPlan: template.backout_plan.value || values.backout_plan || '',
    testPlan: template.test_plan.value || values.test_plan || '',
    state: retired ? 'retired' : 'approved',
    ...by,
    decisionComment: '',
    record: { system: CHANGE_SYSTEM_ID, id: template.sys_id, number: name, url: templateUrl(instanceUrl, template.sys_id) },
    updatedAt,
  };
}

// ---- proposals ---------------------------------------------------------------------------

/** What a product team proposes, in the change fields a standard change from it gets (see templateValueOf). */
export interface ProposedValues {
  name: string;
  scope: string;
  risk: ChangeRisk;
  implementationPlan: string;
  backoutPlan: string;
  testPlan: string;
  ciSysId: string;
  /** The CI's support group: Assess, Authorize and Scheduled want an assignment group (note §2.2); '' for none. */
  assignmentGroup: string;
}

/**
 * The proposal's template_value: an encoded query of change fields ("short_description=...^
 * description=...^cmdb_ci=<sys_id>^risk=4^..."), `^` inside a value escaped as `^^` (the
 * form templateValues reads back).
 */
export function templateValueOf(values: ProposedValues): string {
  const fields: [string, string][] = [
    ['short_description', values.name],
    ['description', values.scope],
    ['cmdb_ci', values.ciSysId],
    ['assignment_group', values.assignmentGroup],
    ['risk', RISK_VALUE[values.risk]],
    ['implementation_plan', values.implementationPlan],
    ['backout_plan', values.backoutPlan],
    ['test_plan', values.testPlan],
  ];
  return fields
    .filter(([, value]) => value !== '')
    .map(([field, value]) => `${field}=${value.replace(/\^/g, '^^')}`)
    .join('^');
}

/** Who a reference names, or null when it is empty. */
function refOf(field: SnField): Ref | null {
  return field.value ? { id: field.value, name: field.display || field.value } : null;
}

/** The most recently decided (approved or rejected) of a record's approval records, or null. */
function latestDecision(approvers: readonly SnApprover[], sysId: string): SnApprover | null {
  const decided = approvers.filter(
    (approver) => approver.sysapproval.value === sysId && ['approved', 'rejected'].includes(approver.state.value.trim().toLowerCase()),
  );
  return decided.reduce<SnApprover | null>(
    (latest, row) => (!latest || row.sys_updated_on.value >= latest.sys_updated_on.value ? row : latest),
    null,
  );
}

/** Who proposed a published template and who approved it, from the proposal that published it (when it can be read). */
export function publishedBy(
  proposal: SnProposal | undefined,
  approvers: readonly SnApprover[],
): Pick<ChangeTemplate, 'proposedBy' | 'decidedBy'> {
  if (!proposal) return { proposedBy: null, decidedBy: null };
  const decision = latestDecision(approvers, proposal.sys_id);
  return { proposedBy: refOf(proposal.opened_by), decidedBy: decision?.state.value === 'approved' ? refOf(decision.approver) : null };
}

/** The proposal's page in the instance's UI. */
function proposalUrl(instanceUrl: string, sysId: string): string {
  return `${instanceUrl}/std_change_proposal.do?sys_id=${sysId}`;
}

/**
 * A standard change proposal (New or Work in progress) as the console's ChangeTemplate (see
 * the module comment for its state): its values from template_value, its service the CI
 * they set (named from `services`), else the service named in its name.
 */
export function toProposedTemplate(
  proposal: SnProposal,
  approvers: readonly SnApprover[],
  services: readonly Ref[],
  instanceUrl: string,
): ChangeTemplate {
  const values = templateValues(proposal.template_value.value);
  const name = proposal.template_name.value || proposal.short_description.value;
  const decision = latestDecision(approvers, proposal.sys_id);
  const rejected = proposal.state.value.trim() !== '2' && decision?.state.value.trim().toLowerCase() === 'rejected';
  const service = services.find((candidate) => candidate.id === values.cmdb_ci) ??
    serviceNamedIn(name, services) ?? { id: values.cmdb_ci ?? '', name: '' };
  return {
    id: proposal.sys_id,
    service,
    name,
    scope: values.description || values.short_description || proposal.short_description.value,
    risk: riskOf(values.risk ?? ''),
    implementationPlan: values.implementation_plan ?? '',
    backoutPlan: values.backout_plan ?? '',
    testPlan: values.test_plan ?? '',
    state: rejected ? 'rejected' : 'proposed',
    proposedBy: refOf(proposal.opened_by),
    decidedBy: rejected && decision ? refOf(decision.approver) : null,
    decisionComment: rejected && decision ? latestJournalEntry(decision.comments.display || decision.comments.value) : '',
    approvals: approvers
      .filter((approver) => approver.sysapproval.value === proposal.sys_id)
      .map(approvalEntryOf)
      .filter((entry) => entry !== null),
    record: {
      system: CHANGE_SYSTEM_ID,
      id: proposal.sys_id,
      number: proposal.number.value || name,
      url: proposalUrl(instanceUrl, proposal.sys_id),
    },
    updatedAt: isoOrNull(proposal.sys_updated_on.value) ?? isoOrNull(proposal.sys_created_on.value) ?? EPOCH,
  };
}
