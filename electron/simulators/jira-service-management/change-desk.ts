/**
 * The simulated change project's records and their workflow: change requests (Jira issues
 * of the Change issue type, keys CHG-n), the change request types (the base "Request a
 * change" and standard change templates: request types whose hidden Change type is
 * Standard), request type properties, comments, and approvals.
 *
 * A request is created in the workflow's initial status; the "auto-approve Standard
 * changes" automation moves a standard one on at once. Entering a status with an approval
 * step opens an approval whose approvers are the Approvers field plus the Affected
 * services' change approvers (note §2); deciding it as an approver runs its approve or
 * decline transition once the condition is met (one decline declines). Errors are
 * ChangeRefusals, answered by the routes in the API's own dialect.
 */
import {
  CHANGE_FIELD_IDS,
  CHANGE_ISSUE_TYPE,
  CHANGE_REQUEST_TYPE,
  CHANGE_RISKS,
  CHANGE_SERVICE_DESK,
  CHANGE_TYPES,
  DEFAULT_CHANGE_WORKFLOW,
  type ChangeDeskOptions,
  type ChangeTransitionDefinition,
  type ChangeWorkflow,
} from './change-config';
import {
  CHANGE_FORM,
  CREATED_REQUEST_TYPE_FORM,
  fieldName,
  parseChangeValues,
  presetInput,
  type ChangePatch,
  type FormField,
} from './change-fields';
import type { StatusDefinition } from './workflow';
import type { JsmState } from './state';
import { FIELD_IDS, type CommentRecord } from './types';

/** A change request as the simulator keeps it (plain data; serialised in change-serializer.ts). */
export interface ChangeIssue {
  id: string;
  key: string;
  requestTypeId: string;
  summary: string;
  description: string | null;
  labels: string[];
  statusName: string;
  resolution: string | null;
  resolutionDate: number | null;
  reporterId: string;
  changeType: string | null;
  changeRisk: string | null;
  changeStart: number | null;
  changeCompletion: number | null;
  affectedServiceIds: string[];
  approverIds: string[];
  implementationPlan: string | null;
  backoutPlan: string | null;
  testPlan: string | null;
  created: number;
  updated: number;
}

type Decision = 'pending' | 'approved' | 'declined';

export interface ChangeApprovalRecord {
  id: string;
  issueId: string;
  name: string;
  /** The status it sits on: it can be answered only while the change is there. */
  status: string;
  approvalsNeeded: number;
  approvers: { accountId: string; decision: Decision }[];
  finalDecision: Decision;
  created: number;
  completed: number | null;
}

export interface ChangeRequestType {
  id: string;
  name: string;
  description: string;
  helpText: string;
  issueTypeId: string;
  /** Portal groups; empty = not on the customer portal (what createRequestType gives). */
  groupIds: string[];
  form: FormField[];
  properties: Map<string, unknown>;
}

/** A refusal: the routes answer it in the dialect of the API called (Service Desk ErrorResponse or Jira ErrorCollection). */
export class ChangeRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Field errors by field id (400 on create or edit). */
    readonly fieldErrors: Record<string, string> = {},
    /** The i18n key of a Service Desk API ErrorResponse. */
    readonly i18nKey = 'sd.error',
  ) {
    super(message);
    this.name = 'ChangeRefusal';
  }
}

const FIRST_ISSUE_ID = 900_001;
const FIRST_COMMENT_ID = 980_001;

export class ChangeDesk {
  readonly desk = CHANGE_SERVICE_DESK;
  readonly workflow: ChangeWorkflow;
  private readonly issues: ChangeIssue[] = [];
  private readonly requestTypeList: ChangeRequestType[] = [];
  private readonly comments: CommentRecord[] = [];
  private readonly approvals: ChangeApprovalRecord[] = [];
  private nextIssueNumber = 1;
  private nextCommentId = FIRST_COMMENT_ID;
  private nextApprovalId = 1;
  private nextRequestTypeId = Number(CHANGE_REQUEST_TYPE.id) + 1;

  constructor(
    private readonly state: JsmState,
    private readonly options: ChangeDeskOptions & { changeManagerEmail: string },
  ) {
    this.workflow = options.workflow ?? DEFAULT_CHANGE_WORKFLOW;
    this.requestTypeList.push({
      id: CHANGE_REQUEST_TYPE.id,
      name: CHANGE_REQUEST_TYPE.name,
      description: 'Ask for a change to a service: the change manager approves normal and emergency changes.',
      helpText: '',
      issueTypeId: CHANGE_ISSUE_TYPE.id,
      groupIds: ['2'],
      form: [...CHANGE_FORM],
      properties: new Map(),
    });
  }

  // --- request types ---------------------------------------------------------------------

  get requestTypes(): readonly ChangeRequestType[] {
    return this.requestTypeList;
  }

  requestType(id: string): ChangeRequestType | undefined {
    return this.requestTypeList.find((item) => item.id === id);
  }

  /** createRequestType: a request type of the Change issue type, off the portal, with the issue type's required fields. */
  createRequestType(input: { name?: unknown; description?: unknown; helpText?: unknown; issueTypeId?: unknown }): ChangeRequestType {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw new ChangeRefusal(400, 'The request type name must not be empty.', {}, 'sd.admin.requesttype.name.empty');
    if (String(input.issueTypeId ?? '') !== CHANGE_ISSUE_TYPE.id)
      throw new ChangeRefusal(
        400,
        `The issue type ${String(input.issueTypeId ?? '(missing)')} is not an issue type of project ${this.desk.projectKey}: use ${CHANGE_ISSUE_TYPE.id} (${CHANGE_ISSUE_TYPE.name}).`,
        {},
        'sd.admin.requesttype.issuetype.invalid',
      );
    const created: ChangeRequestType = {
      id: String(this.nextRequestTypeId++),
      name,
      description: typeof input.description === 'string' ? input.description : '',
      helpText: typeof input.helpText === 'string' ? input.helpText : '',
      issueTypeId: CHANGE_ISSUE_TYPE.id,
      groupIds: [],
      form: [...CREATED_REQUEST_TYPE_FORM],
      properties: new Map(),
    };
    this.requestTypeList.push(created);
    return created;
  }

  /** A standard change template as a site admin sets one up: hidden fields preset (Change type Standard, its service, risk, plans). */
  addTemplate(input: {
    name: string;
    description: string;
    serviceId: string;
    risk: string;
    implementationPlan: string;
    backoutPlan: string;
    testPlan: string;
  }): ChangeRequestType {
    const standard = CHANGE_TYPES.find((item) => item.value === 'Standard')!;
    const risk = CHANGE_RISKS.find((item) => item.value === input.risk);
    if (!risk) throw new Error(`Unknown change risk ${input.risk}`);
    const template: ChangeRequestType = {
      id: String(this.nextRequestTypeId++),
      name: input.name,
      description: input.description,
      helpText: 'A pre-approved standard change: raise it for a deployment that fits.',
      issueTypeId: CHANGE_ISSUE_TYPE.id,
      groupIds: ['2'],
      form: [
        { fieldId: 'summary', required: true },
        { fieldId: 'description', required: false },
        { fieldId: 'labels', required: false },
        { fieldId: CHANGE_FIELD_IDS.changeStart, required: false },
        { fieldId: CHANGE_FIELD_IDS.changeCompletion, required: false },
        { fieldId: CHANGE_FIELD_IDS.changeType, required: false, preset: [standard.id] },
        { fieldId: CHANGE_FIELD_IDS.changeRisk, required: false, preset: [risk.id] },
        { fieldId: FIELD_IDS.affectedServices, required: false, preset: [input.serviceId] },
        { fieldId: CHANGE_FIELD_IDS.implementationPlan, required: false, preset: [input.implementationPlan] },
        { fieldId: CHANGE_FIELD_IDS.backoutPlan, required: false, preset: [input.backoutPlan] },
        { fieldId: CHANGE_FIELD_IDS.testPlan, required: false, preset: [input.testPlan] },
      ],
      properties: new Map(),
    };
    this.requestTypeList.push(template);
    return template;
  }

  // --- change requests ---------------------------------------------------------------------

  /** Every change request, oldest first. */
  list(): readonly ChangeIssue[] {
    return this.issues;
  }

  /** By key (CHG-12, any case) or issue id. */
  find(idOrKey: string): ChangeIssue | undefined {
    const wanted = idOrKey.trim().toUpperCase();
    return this.issues.find((issue) => issue.key === wanted || issue.id === wanted);
  }

  /** True for a key of the change project or an id in its range, whether or not such a change exists. */
  owns(idOrKey: string): boolean {
    const text = idOrKey.trim().toUpperCase();
    return text.startsWith(`${this.desk.projectKey}-`) || (/^\d+$/.test(text) && Number(text) >= FIRST_ISSUE_ID);
  }

  statusOf(issue: ChangeIssue): StatusDefinition {
    const status = this.workflow.statuses.find((item) => item.name === issue.statusName);
    if (!status) throw new Error(`The change workflow has no status ${issue.statusName}`);
    return status;
  }

  /** POST /rest/servicedeskapi/request for the change desk: the form's visible fields, its hidden presets applied. */
  create(actorId: string, requestTypeId: string, values: Record<string, unknown>): ChangeIssue {
    const requestType = this.requestType(requestTypeId);
    if (!requestType)
      throw new ChangeRefusal(
        400,
        `The request type ${requestTypeId} does not exist in service desk ${this.desk.id}.`,
        {},
        'sd.request.type.invalid',
      );
    const visible = new Set(requestType.form.filter((field) => !field.preset).map((field) => field.fieldId));
    const missing = requestType.form.filter(
      (field) => field.required && !field.preset && (values[field.fieldId] === undefined || values[field.fieldId] === null),
    );
    const { patch, errors } = parseChangeValues(this.state, values, 'servicedesk', visible);
    for (const field of missing) errors[field.fieldId] = `${fieldName(field.fieldId)} is required.`;
    if (Object.keys(errors).length > 0)
      throw new ChangeRefusal(400, 'Your request could not be created: check the fields.', errors, 'sd.request.create.field.invalid');
    const presets = Object.fromEntries(
      requestType.form.filter((field) => field.preset).map((field) => [field.fieldId, presetInput(field.fieldId, field.preset ?? [])]),
    );
    const preset = parseChangeValues(this.state, presets, 'servicedesk').patch;
    const at = this.state.now();
    const number = this.nextIssueNumber++;
    const issue: ChangeIssue = {
      id: String(FIRST_ISSUE_ID + number - 1),
      key: `${this.desk.projectKey}-${number}`,
      requestTypeId: requestType.id,
      summary: '',
      description: null,
      labels: [],
      statusName: this.workflow.initialStatus,
      resolution: null,
      resolutionDate: null,
      reporterId: actorId,
      changeType: null,
      changeRisk: null,
      changeStart: null,
      changeCompletion: null,
      affectedServiceIds: [],
      approverIds: [],
      implementationPlan: null,
      backoutPlan: null,
      testPlan: null,
      created: at,
      updated: at,
    };
    this.apply(issue, { ...preset, ...patch });
    this.issues.push(issue);
    const auto = this.workflow.autoApproveStandardTransitionId;
    if (auto && issue.changeType === 'Standard') {
      const transition = this.workflow.transitions.find((item) => item.id === auto);
      if (transition?.from.includes(issue.statusName)) this.move(issue, transition);
    }
    return issue;
  }

  /** PUT /rest/api/3/issue for a change: field changes; a status that freezes fields refuses. */
  edit(issue: ChangeIssue, patch: ChangePatch): void {
    if (!this.statusOf(issue).editable)
      throw new ChangeRefusal(400, `This issue can't be edited because it's in a status (${issue.statusName}) that doesn't allow editing.`);
    this.apply(issue, patch);
    issue.updated = Math.max(issue.updated, this.state.now());
  }

  /** The transitions offered from the change's status: not the approval's own, conditions met. */
  availableTransitions(issue: ChangeIssue): ChangeTransitionDefinition[] {
    return this.workflow.transitions.filter(
      (transition) =>
        transition.from.includes(issue.statusName) &&
        !transition.byApprovalOnly &&
        (!transition.onlyStandard || issue.changeType === 'Standard'),
    );
  }

  /** POST /rest/api/3/issue/{key}/transitions: only a transition offered from where the change is. */
  transition(issue: ChangeIssue, transitionId: string): void {
    const transition = this.availableTransitions(issue).find((item) => item.id === transitionId);
    if (!transition) throw new ChangeRefusal(400, this.workflow.illegalTransitionMessage(transitionId));
    this.move(issue, transition);
  }

  // --- approvals ---------------------------------------------------------------------------

  approvalsOf(issue: ChangeIssue): ChangeApprovalRecord[] {
    return this.approvals.filter((approval) => approval.issueId === issue.id);
  }

  /** Whether `accountId` may answer the approval now (ApprovalDTO.canAnswerApproval, note §3). */
  canAnswer(issue: ChangeIssue, approval: ChangeApprovalRecord, accountId: string): boolean {
    return (
      approval.finalDecision === 'pending' &&
      issue.statusName === approval.status &&
      approval.approvers.some((approver) => approver.accountId === accountId && approver.decision === 'pending')
    );
  }

  /** POST .../approval/{id} as `accountId`: 404, 403 (not an approver), 409 (already decided or completed), then the decision. */
  answer(issue: ChangeIssue, approvalId: string, accountId: string, decision: 'approve' | 'decline'): ChangeApprovalRecord {
    const approval = this.approvalsOf(issue).find((item) => item.id === approvalId);
    if (!approval) throw new ChangeRefusal(404, 'The customer request or the approval does not exist.', {}, 'sd.approval.not.found');
    const mine = approval.approvers.find((approver) => approver.accountId === accountId);
    if (!mine) throw new ChangeRefusal(403, 'You are not an approver of this request.', {}, 'sd.approval.not.approver');
    if (mine.decision !== 'pending' || approval.finalDecision !== 'pending' || issue.statusName !== approval.status)
      throw new ChangeRefusal(
        409,
        'The approval has already been completed, or you have already answered it.',
        {},
        'sd.approval.completed',
      );
    mine.decision = decision === 'approve' ? 'approved' : 'declined';
    const at = this.state.now();
    issue.updated = Math.max(issue.updated, at);
    const step = this.workflow.approvals.find((item) => item.status === approval.status);
    const approvedCount = approval.approvers.filter((approver) => approver.decision === 'approved').length;
    const settled: Decision =
      mine.decision === 'declined' ? 'declined' : approvedCount >= approval.approvalsNeeded ? 'approved' : 'pending';
    if (settled !== 'pending') {
      approval.finalDecision = settled;
      approval.completed = at;
      const transitionId = settled === 'approved' ? step?.approveTransitionId : step?.declineTransitionId;
      const transition = this.workflow.transitions.find((item) => item.id === transitionId);
      if (transition) this.move(issue, transition);
    }
    return approval;
  }

  // --- comments ----------------------------------------------------------------------------

  addComment(issue: ChangeIssue, authorId: string, body: string, isPublic: boolean): CommentRecord {
    const comment: CommentRecord = {
      id: String(this.nextCommentId++),
      issueId: issue.id,
      authorId,
      body,
      public: isPublic,
      created: this.state.now(),
    };
    this.comments.push(comment);
    issue.updated = Math.max(issue.updated, comment.created);
    return comment;
  }

  commentsOf(issue: ChangeIssue): CommentRecord[] {
    return this.comments.filter((comment) => comment.issueId === issue.id);
  }

  // --- for tests and the demo (what a person does in Jira) ---------------------------------

  /** The approver (by email) answers the change's open approval, with a comment first when given. */
  decide(issueKey: string, approverEmail: string, decision: 'approve' | 'decline', comment = ''): ChangeApprovalRecord {
    const issue = this.find(issueKey);
    if (!issue) throw new ChangeRefusal(404, `No change ${issueKey}.`);
    const user = this.state.getUserByEmail(approverEmail);
    if (!user) throw new ChangeRefusal(404, `No user with the email ${approverEmail}.`);
    const open = this.approvalsOf(issue).find((approval) => approval.finalDecision === 'pending' && approval.status === issue.statusName);
    if (!open) throw new ChangeRefusal(409, `${issue.key} has no approval waiting (it is ${issue.statusName}).`);
    if (comment.trim()) this.addComment(issue, user.accountId, comment, true);
    return this.answer(issue, open.id, user.accountId, decision);
  }

  /** Moves the change to `statusName` by the transition offered from where it is (as an agent would). */
  transitionTo(issueKey: string, statusName: string): ChangeIssue {
    const issue = this.find(issueKey);
    if (!issue) throw new ChangeRefusal(404, `No change ${issueKey}.`);
    const transition = this.availableTransitions(issue).find((item) => item.to.toLowerCase() === statusName.toLowerCase());
    if (!transition) throw new ChangeRefusal(400, `${issue.key} is ${issue.statusName}: no transition leads to ${statusName} from there.`);
    this.move(issue, transition);
    return issue;
  }

  // --- internals ---------------------------------------------------------------------------

  private apply(issue: ChangeIssue, patch: ChangePatch): void {
    Object.assign(issue, Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)));
  }

  private move(issue: ChangeIssue, transition: ChangeTransitionDefinition): void {
    const to = this.workflow.statuses.find((item) => item.name === transition.to);
    if (!to) throw new Error(`The change workflow's transition ${transition.id} leads to an unknown status ${transition.to}`);
    const at = this.state.now();
    issue.statusName = to.name;
    issue.resolution = this.workflow.resolutions[to.name] ?? null;
    issue.resolutionDate = issue.resolution ? at : null;
    issue.updated = Math.max(issue.updated, at);
    const step = this.workflow.approvals.find((item) => item.status === to.name);
    if (step) {
      const approvers = new Set(issue.approverIds);
      for (const serviceId of issue.affectedServiceIds) for (const id of this.serviceApprovers(serviceId)) approvers.add(id);
      this.approvals.push({
        id: String(this.nextApprovalId++),
        issueId: issue.id,
        name: step.name,
        status: step.status,
        approvalsNeeded: step.approvalsNeeded,
        approvers: [...approvers].map((accountId) => ({ accountId, decision: 'pending' })),
        finalDecision: 'pending',
        created: at,
        completed: null,
      });
    }
  }

  private serviceApprovers(serviceId: string): string[] {
    if (this.options.serviceApprovers) return this.options.serviceApprovers(serviceId);
    const manager = this.state.getUserByEmail(this.options.changeManagerEmail);
    return manager ? [manager.accountId] : [];
  }
}
