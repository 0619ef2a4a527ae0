/**
 * Jira Service Management change requests and templates to the console's change domain
 * (shared/domain/change.ts), and the console's words back to Jira's. Sources:
 * /work/notes/jsm-change-api.md ("note §n").
 *
 * Decisions where the docs leave a choice:
 * - States: a status is mapped by its name (the site's extra names first, then the names
 *   below), else by its status category: new -> new, done -> closed, anything in progress
 *   -> assess (the gate waits rather than permits). vendorState is the status's own name.
 * - Close code: a change in the close status for failures ("Failed") is unsuccessful, any
 *   other closed one successful. The close notes are the console's close comment (read with
 *   the comments, see wantsComments); '' when they were not read.
 * - Approval: a declined status (Declined) is rejected; a standard change is approved (its
 *   template pre-approves it); a normal or emergency change is not requested while new,
 *   requested while it waits in an approval status, approved once past it (scheduled and
 *   on). The approvers are those of its newest approval (ApprovalDTO, note §3) when it was
 *   read (see wantsApprovals); a decliner's comment is their newest comment on the change
 *   since the approval opened (the approval API takes no comment, so the console writes one).
 * - Risk: Low, Medium (or Moderate), High, Critical (or Very high); anything else reads as
 *   moderate. Type: Change type's value (Standard, Normal, Emergency, or the site's names);
 *   anything else reads as normal.
 * - The deployment (version, commit, pipeline run), the incident an emergency change fixes
 *   and the template are a block of "Key: value" lines in the description under
 *   DEPLOYMENT_MARKER; the change key is stored as labels (changeLabel).
 */
import type { ChangeRequest, ChangeRisk, ChangeState, ChangeTemplate, ChangeType } from '../../../shared/domain/change';
import { blockUnderMarker, type DeploymentBlock } from '../change-record/deployment-block';
import type { Ref } from '../../../shared/domain/incident';
import type { SdComment } from './schemas';
import {
  OptionValue,
  RequestTypeValue,
  ServiceList,
  type ChangeIssue,
  type ChangeRequestType,
  type RequestTypeField,
  type SdApproval,
  type TemplateProperty,
} from './change-schemas';
import type { ChangeFieldKey, JsmChangeSettings } from './change-settings';

export const CHANGE_SYSTEM_ID = 'jira-service-management';
const EPOCH = '1970-01-01T00:00:00Z';
const UNKNOWN = 'unknown';

/** The change key as a Jira label (labels take no whitespace): "oncall:payments-api:1.4.2:9f3a0c1e". */
export function changeLabel(key: string): string {
  return key.trim().replace(/\s+/g, '-');
}

// ---- statuses ------------------------------------------------------------------------------

const STATE_BY_NAME: Record<string, ChangeState> = {
  open: 'new',
  new: 'new',
  draft: 'new',
  planning: 'new',
  'to do': 'new',
  assess: 'assess',
  assessment: 'assess',
  'peer review': 'assess',
  'under review': 'assess',
  'awaiting approval': 'authorize',
  'awaiting cab approval': 'authorize',
  'waiting for approval': 'authorize',
  authorize: 'authorize',
  'awaiting implementation': 'scheduled',
  scheduled: 'scheduled',
  implementing: 'implement',
  implement: 'implement',
  'in progress': 'implement',
  review: 'review',
  'post-implementation review': 'review',
  completed: 'closed',
  failed: 'closed',
  closed: 'closed',
  done: 'closed',
  resolved: 'closed',
  canceled: 'canceled',
  cancelled: 'canceled',
  declined: 'canceled',
  rejected: 'canceled',
};

/** How the site's statuses read: the settings' names, the close statuses and the declined ones. */
export class StatusRules {
  private readonly byName = new Map<string, ChangeState>();
  private readonly declined: Set<string>;
  readonly successfulClose: string;
  readonly unsuccessfulClose: string;

  constructor(settings: JsmChangeSettings) {
    for (const [state, names] of Object.entries(settings.statuses ?? {}) as [ChangeState, string[]][])
      for (const name of names) this.byName.set(name.trim().toLowerCase(), state);
    this.successfulClose = settings.closeStatuses?.successful ?? 'Completed';
    this.unsuccessfulClose = settings.closeStatuses?.unsuccessful ?? 'Failed';
    this.declined = new Set((settings.declinedStatuses ?? ['Declined']).map((name) => name.trim().toLowerCase()));
    for (const name of [this.successfulClose, this.unsuccessfulClose])
      if (!this.byName.has(name.toLowerCase())) this.byName.set(name.toLowerCase(), 'closed');
    for (const name of this.declined) if (!this.byName.has(name)) this.byName.set(name, 'canceled');
  }

  stateOf(status: { name: string; statusCategory?: { key: string } | undefined }): ChangeState {
    const lower = status.name.trim().toLowerCase();
    const known = this.byName.get(lower) ?? STATE_BY_NAME[lower];
    if (known) return known;
    const category = status.statusCategory?.key;
    return category === 'new' ? 'new' : category === 'done' ? 'closed' : 'assess';
  }

  isDeclined(statusName: string): boolean {
    return this.declined.has(statusName.trim().toLowerCase());
  }

  closeCodeOf(statusName: string): ChangeRequest['closeCode'] {
    return statusName.trim().toLowerCase() === this.unsuccessfulClose.toLowerCase() ? 'unsuccessful' : 'successful';
  }
}

// ---- values --------------------------------------------------------------------------------

const RISK_BY_VALUE: Record<string, ChangeRisk> = {
  low: 'low',
  medium: 'moderate',
  moderate: 'moderate',
  high: 'high',
  critical: 'very-high',
  'very high': 'very-high',
  'very-high': 'very-high',
};

function riskOf(value: string | undefined): ChangeRisk {
  return RISK_BY_VALUE[(value ?? '').trim().toLowerCase()] ?? 'moderate';
}

/** Change risk's option value for a console risk (the site's option is matched case-insensitively when sent). */
export const RISK_VALUE: Record<ChangeRisk, string> = { low: 'Low', moderate: 'Medium', high: 'High', 'very-high': 'Critical' };

/** Change type's option values. */
export function changeTypeValues(settings: JsmChangeSettings): Record<ChangeType, string> {
  return {
    standard: settings.changeTypes?.standard ?? 'Standard',
    normal: settings.changeTypes?.normal ?? 'Normal',
    emergency: settings.changeTypes?.emergency ?? 'Emergency',
  };
}

function typeOf(value: string | undefined, values: Record<ChangeType, string>): ChangeType {
  const lower = (value ?? '').trim().toLowerCase();
  const found = (Object.entries(values) as [ChangeType, string][]).find(([, name]) => name.toLowerCase() === lower);
  return found?.[0] ?? 'normal';
}

/** An ISO time as Jira's date-time input: 2026-12-06T14:00:00.000+0000 (note §1d). */
export function jiraDateTime(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace('Z', '+0000');
}

function isoOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** The text of a description or text area: a string as is, Atlassian Document Format flattened (paragraphs and hard breaks as new lines). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const blocks: string[] = [];
  const inline = (node: unknown): string => {
    if (!node || typeof node !== 'object') return '';
    const item = node as { type?: unknown; text?: unknown; content?: unknown };
    if (item.type === 'hardBreak') return '\n';
    if (typeof item.text === 'string') return item.text;
    return Array.isArray(item.content) ? item.content.map(inline).join('') : '';
  };
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const item = node as { type?: unknown; content?: unknown };
    if (item.type === 'doc' && Array.isArray(item.content)) item.content.forEach(walk);
    else blocks.push(inline(node));
  };
  walk(value);
  return blocks.join('\n');
}

/** Plain text as an Atlassian Document Format document (a paragraph per line), for the platform API. */
export function adfOf(text: string): Record<string, unknown> {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  return {
    type: 'doc',
    version: 1,
    content: lines.map((line) =>
      line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph', content: [] },
    ),
  };
}

// ---- the deployment block --------------------------------------------------------------------

/** The console's deployment block in a change's description; empty without one. */
function blockOf(text: string): DeploymentBlock {
  return blockUnderMarker(text) ?? {};
}

// ---- change requests ---------------------------------------------------------------------------

/** The close comment the console writes: "Change closed (successful): <notes>". */
const CLOSE_NOTE = /^Change closed \((successful|successful_issues|unsuccessful)\): ([\s\S]*)$/;

export function closeNote(code: string, notes: string): string {
  return `Change closed (${code}): ${notes}`;
}

export interface ChangeMapContext {
  siteUrl: string;
  fields: Record<ChangeFieldKey, string | null>;
  rules: StatusRules;
  typeValues: Record<ChangeType, string>;
}

function custom(issue: ChangeIssue, id: string | null): unknown {
  return id ? (issue.fields as Record<string, unknown>)[id] : undefined;
}

function optionOf(issue: ChangeIssue, id: string | null): string | undefined {
  const parsed = OptionValue.safeParse(custom(issue, id));
  return parsed.success ? (parsed.data?.value ?? undefined) : undefined;
}

export function changeTypeOfIssue(issue: ChangeIssue, context: ChangeMapContext): ChangeType {
  return typeOf(optionOf(issue, context.fields.changeType), context.typeValues);
}

export function stateOfIssue(issue: ChangeIssue, context: ChangeMapContext): ChangeState {
  return context.rules.stateOf(issue.fields.status);
}

/** Whether its approvals are worth reading: it waits in an approval status, or was declined (the gate names who and why). */
export function wantsApprovals(issue: ChangeIssue, context: ChangeMapContext): boolean {
  const state = stateOfIssue(issue, context);
  return state === 'authorize' || context.rules.isDeclined(issue.fields.status.name);
}

/** Whether its comments are worth reading: declined (the decliner's reason). */
export function wantsComments(issue: ChangeIssue, context: ChangeMapContext): boolean {
  return context.rules.isDeclined(issue.fields.status.name);
}

function approvalState(decision: SdApproval['finalDecision']): 'requested' | 'approved' | 'rejected' {
  return decision === 'approved' ? 'approved' : decision === 'declined' ? 'rejected' : 'requested';
}

function approvalsOf(approvals: readonly SdApproval[], comments: readonly SdComment[]): ChangeRequest['approvals'] {
  const newest = [...approvals].sort((a, b) => (b.createdDate?.epochMillis ?? 0) - (a.createdDate?.epochMillis ?? 0))[0];
  if (!newest) return [];
  const since = newest.createdDate?.epochMillis ?? 0;
  const decidedAt = newest.completedDate ? new Date(newest.completedDate.epochMillis).toISOString() : null;
  return newest.approvers.map(({ approver, approverDecision }) => {
    const said = comments
      .filter((comment) => comment.author?.accountId === approver.accountId && comment.created.epochMillis >= since)
      .sort((a, b) => b.created.epochMillis - a.created.epochMillis)[0];
    return {
      approver: {
        id: approver.accountId,
        name: approver.displayName ?? approver.accountId,
        ...(approver.emailAddress ? { email: approver.emailAddress } : {}),
      },
      state: approvalState(approverDecision),
      comment: approverDecision === 'declined' ? (said?.body.trim() ?? '') : '',
      decidedAt: approverDecision === 'pending' ? null : decidedAt,
    };
  });
}

/** The change as a whole (see the module comment). */
function overallApproval(
  type: ChangeType,
  state: ChangeState,
  declined: boolean,
  approvals: readonly SdApproval[],
): ChangeRequest['approval'] {
  if (declined) return 'rejected';
  if (type === 'standard') return 'approved';
  if (state === 'new' || state === 'canceled') return 'not-requested';
  if (state === 'assess' || state === 'authorize') {
    const newest = [...approvals].sort((a, b) => (b.createdDate?.epochMillis ?? 0) - (a.createdDate?.epochMillis ?? 0))[0];
    return newest?.finalDecision === 'declined' ? 'rejected' : 'requested';
  }
  return 'approved';
}

/** A change issue as the console's ChangeRequest; approvals and comments when they were read. */
export function toChangeRequest(
  issue: ChangeIssue,
  context: ChangeMapContext,
  read: { approvals?: readonly SdApproval[]; comments?: readonly SdComment[] } = {},
): ChangeRequest {
  const type = changeTypeOfIssue(issue, context);
  const state = stateOfIssue(issue, context);
  const statusName = issue.fields.status.name;
  const declined = context.rules.isDeclined(statusName);
  const block = blockOf(textOf(issue.fields.description ?? ''));
  const services = ServiceList.safeParse(custom(issue, context.fields.affectedServices));
  const service = services.success ? services.data?.[0] : undefined;
  const requestType = RequestTypeValue.safeParse(custom(issue, context.fields.requestType));
  const comments = read.comments ?? [];
  const closing = [...comments].reverse().find((comment) => CLOSE_NOTE.test(comment.body.trim()));
  const createdAt = isoOrNull(issue.fields.created);
  const updatedAt = isoOrNull(issue.fields.updated);
  return {
    id: issue.id,
    type,
    service: service ? { id: service.id, name: service.name ?? service.id } : { id: '', name: '' },
    templateId:
      type === 'standard' ? ((requestType.success ? requestType.data?.requestType?.id : undefined) ?? block.template ?? null) : null,
    state,
    vendorState: statusName,
    shortDescription: issue.fields.summary,
    risk: riskOf(optionOf(issue, context.fields.risk)),
    approval: overallApproval(type, state, declined, read.approvals ?? []),
    approvals: approvalsOf(read.approvals ?? [], comments),
    plannedStart: isoOrNull(custom(issue, context.fields.plannedStart)),
    plannedEnd: isoOrNull(custom(issue, context.fields.plannedEnd)),
    deployment: { version: block.version || UNKNOWN, commit: block.commit || UNKNOWN, runUrl: block.runUrl || null },
    closeCode: state === 'closed' ? context.rules.closeCodeOf(statusName) : null,
    closeNotes: closing ? (CLOSE_NOTE.exec(closing.body.trim())?.[2] ?? '') : '',
    incidentId: block.incident ?? null,
    record: { system: CHANGE_SYSTEM_ID, id: issue.id, number: issue.key, url: `${context.siteUrl}/browse/${issue.key}` },
    createdAt: createdAt ?? updatedAt ?? EPOCH,
    updatedAt: updatedAt ?? createdAt ?? EPOCH,
  };
}

// ---- templates -----------------------------------------------------------------------------------

/** A preset (or default) of a request type's field, as its value's label where the field lists one ("10200" -> "Standard"). */
function presetsOf(field: RequestTypeField | undefined): { value: string; label: string }[] {
  if (!field) return [];
  const raw = field.presetValues?.length ? field.presetValues : (field.defaultValues ?? []).map((item) => item.value);
  return raw.map((value) => {
    const listed = field.validValues?.find((item) => item.value === value || item.label.toLowerCase() === value.toLowerCase());
    return { value: listed?.value ?? value, label: listed?.label ?? value };
  });
}

/**
 * A request type of the change desk as a template, or null when it is none: a template is
 * a request type whose hidden Change type is preset to Standard (a site admin's standard
 * change), or one the console created and described in its property. Presets win; the
 * property fills in what they do not say. JSM has no template approval: every template is
 * approved. Its record links to the request type's portal form.
 */
export function toChangeTemplate(
  requestType: ChangeRequestType,
  form: readonly RequestTypeField[],
  property: TemplateProperty | null,
  context: ChangeMapContext & { deskId: string },
): ChangeTemplate | null {
  const field = (key: ChangeFieldKey) => form.find((item) => item.fieldId === context.fields[key]);
  const typePreset = presetsOf(field('changeType'))[0];
  const presetStandard = typePreset?.label.toLowerCase() === context.typeValues.standard.toLowerCase();
  if (!presetStandard && !property) return null;
  const servicePreset = presetsOf(field('affectedServices'))[0];
  const service: Ref = servicePreset ? { id: servicePreset.value, name: servicePreset.label } : (property?.service ?? { id: '', name: '' });
  const plan = (key: 'implementationPlan' | 'backoutPlan' | 'testPlan') => presetsOf(field(key))[0]?.label ?? property?.[key] ?? '';
  const riskPreset = presetsOf(field('risk'))[0];
  return {
    id: requestType.id,
    service,
    name: requestType.name,
    scope: property?.scope ?? requestType.description ?? '',
    risk: riskPreset ? riskOf(riskPreset.label) : (property?.risk ?? 'moderate'),
    implementationPlan: plan('implementationPlan'),
    backoutPlan: plan('backoutPlan'),
    testPlan: plan('testPlan'),
    state: 'approved',
    proposedBy: property?.proposedBy ?? null,
    decidedBy: null,
    decisionComment: '',
    record: {
      system: CHANGE_SYSTEM_ID,
      id: requestType.id,
      number: requestType.name,
      url: `${context.siteUrl}/servicedesk/customer/portal/${requestType.portalId ?? context.deskId}/create/${requestType.id}`,
    },
    updatedAt: property?.proposedAt ?? EPOCH,
  };
}
