/**
 * Change records to Jira's wire JSON: the platform issue (REST v3; text areas as Atlassian
 * Document Format, date-times like 2026-11-26T10:00:00.000+0000), the Service Desk API's
 * CustomerRequestDTO, ApprovalDTO, RequestTypeDTO and request type fields (note §1, §3),
 * and transitions. Users, statuses and dates are written as the incident serialiser writes them.
 */
import { CHANGE_FIELD_IDS, CHANGE_ISSUE_TYPE, CHANGE_RISKS, CHANGE_TYPES } from './change-config';
import type { ChangeApprovalRecord, ChangeDesk, ChangeIssue, ChangeRequestType } from './change-desk';
import { fieldName, fieldSchema, validValues } from './change-fields';
import { dateDto, jiraDate, toAdf, type Serializer } from './serializers';
import type { JsmState } from './state';
import { FIELD_IDS } from './types';
import type { ChangeTransitionDefinition } from './change-config';

export class ChangeSerializer {
  constructor(
    private readonly desk: ChangeDesk,
    private readonly state: JsmState,
    private readonly base: Serializer,
  ) {}

  private get baseUrl(): string {
    return this.base.baseUrl;
  }

  private option(list: typeof CHANGE_TYPES, value: string | null): Record<string, unknown> | null {
    const found = list.find((item) => item.value === value);
    return found ? { self: `${this.baseUrl}/rest/api/3/customFieldOption/${found.id}`, value: found.value, id: found.id } : null;
  }

  /** Every field of a change, keyed by field id. */
  private allFields(issue: ChangeIssue): Record<string, unknown> {
    const requestType = this.desk.requestType(issue.requestTypeId);
    const status = this.desk.statusOf(issue);
    const desk = this.desk.desk;
    const text = (value: string | null) => (value === null ? null : toAdf(value));
    return {
      summary: issue.summary,
      description: text(issue.description),
      status: this.base.status(status),
      priority: { self: `${this.baseUrl}/rest/api/3/priority/3`, name: 'Medium', id: '3' },
      labels: [...issue.labels],
      assignee: null,
      reporter: this.base.userById(issue.reporterId),
      created: jiraDate(issue.created),
      updated: jiraDate(issue.updated),
      resolution: issue.resolution ? { name: issue.resolution } : null,
      resolutiondate: issue.resolutionDate === null ? null : jiraDate(issue.resolutionDate),
      issuetype: { id: CHANGE_ISSUE_TYPE.id, name: CHANGE_ISSUE_TYPE.name, subtask: false },
      project: { id: desk.projectId, key: desk.projectKey, name: desk.projectName, projectTypeKey: 'service_desk' },
      [FIELD_IDS.requestType]: requestType
        ? { requestType: { id: requestType.id, name: requestType.name }, currentStatus: { status: issue.statusName } }
        : null,
      [FIELD_IDS.affectedServices]: issue.affectedServiceIds.map((id) => ({ id, name: this.state.getService(id)?.name ?? id })),
      [CHANGE_FIELD_IDS.changeType]: this.option(CHANGE_TYPES, issue.changeType),
      [CHANGE_FIELD_IDS.changeRisk]: this.option(CHANGE_RISKS, issue.changeRisk),
      [CHANGE_FIELD_IDS.changeStart]: issue.changeStart === null ? null : jiraDate(issue.changeStart),
      [CHANGE_FIELD_IDS.changeCompletion]: issue.changeCompletion === null ? null : jiraDate(issue.changeCompletion),
      [CHANGE_FIELD_IDS.approvers]: issue.approverIds.map((id) => this.base.userById(id)),
      [CHANGE_FIELD_IDS.implementationPlan]: text(issue.implementationPlan),
      [CHANGE_FIELD_IDS.backoutPlan]: text(issue.backoutPlan),
      [CHANGE_FIELD_IDS.testPlan]: text(issue.testPlan),
    };
  }

  /** A platform issue: every field for GET issue without `fields`; search passes the asked list ([] = ids only). */
  issue(issue: ChangeIssue, fields?: string[]): Record<string, unknown> {
    if (fields !== undefined && fields.length === 0) return { id: issue.id };
    const all = this.allFields(issue);
    const everything = fields === undefined || fields.includes('*all') || fields.includes('*navigable');
    const excluded = new Set((fields ?? []).filter((field) => field.startsWith('-')).map((field) => field.slice(1)));
    const wanted = everything ? Object.keys(all) : (fields ?? []).filter((field) => !field.startsWith('-'));
    const picked: Record<string, unknown> = {};
    for (const field of wanted) if (field in all && !excluded.has(field)) picked[field] = all[field];
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.baseUrl}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields: picked,
    };
  }

  transition(transition: ChangeTransitionDefinition): Record<string, unknown> {
    const to = this.desk.workflow.statuses.find((status) => status.name === transition.to);
    return {
      id: transition.id,
      name: transition.name,
      to: to ? this.base.status(to) : { name: transition.to },
      hasScreen: false,
      isGlobal: false,
      isInitial: false,
      isAvailable: true,
      isConditional: transition.onlyStandard === true,
      isLooped: false,
    };
  }

  /** CustomerRequestDTO (note §1a): requestFieldValues as an array of the form's visible fields (hidden ones left out). */
  customerRequest(issue: ChangeIssue): Record<string, unknown> {
    const status = this.desk.statusOf(issue);
    const form = this.desk.requestType(issue.requestTypeId)?.form ?? [];
    const values: { fieldId: string; label: string; value: unknown }[] = [];
    const plain: Record<string, unknown> = {
      summary: issue.summary,
      description: issue.description,
      labels: issue.labels.length ? issue.labels : null,
      [CHANGE_FIELD_IDS.changeType]: issue.changeType ? { value: issue.changeType } : null,
      [CHANGE_FIELD_IDS.changeRisk]: issue.changeRisk ? { value: issue.changeRisk } : null,
      [FIELD_IDS.affectedServices]: issue.affectedServiceIds.length ? issue.affectedServiceIds.map((id) => ({ id })) : null,
      [CHANGE_FIELD_IDS.changeStart]: issue.changeStart === null ? null : jiraDate(issue.changeStart),
      [CHANGE_FIELD_IDS.changeCompletion]: issue.changeCompletion === null ? null : jiraDate(issue.changeCompletion),
      [CHANGE_FIELD_IDS.implementationPlan]: issue.implementationPlan,
      [CHANGE_FIELD_IDS.backoutPlan]: issue.backoutPlan,
      [CHANGE_FIELD_IDS.testPlan]: issue.testPlan,
    };
    for (const field of form) {
      const value = plain[field.fieldId];
      if (!field.preset && value !== null && value !== undefined)
        values.push({ fieldId: field.fieldId, label: fieldName(field.fieldId), value });
    }
    const categoryKey = status.category.key;
    return {
      _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
      issueId: issue.id,
      issueKey: issue.key,
      requestTypeId: issue.requestTypeId,
      serviceDeskId: this.desk.desk.id,
      createdDate: dateDto(issue.created),
      reporter: this.base.sdUser(issue.reporterId),
      requestFieldValues: values,
      currentStatus: {
        status: status.name,
        statusCategory: categoryKey === 'new' ? 'NEW' : categoryKey === 'done' ? 'DONE' : 'INDETERMINATE',
        statusDate: dateDto(issue.updated),
      },
      _links: {
        jiraRest: `${this.baseUrl}/rest/api/2/issue/${issue.id}`,
        web: `${this.baseUrl}/servicedesk/customer/portal/${this.desk.desk.id}/${issue.key}`,
        agent: `${this.baseUrl}/browse/${issue.key}`,
        self: `${this.baseUrl}/rest/servicedeskapi/request/${issue.id}`,
      },
    };
  }

  /** ApprovalDTO (note §3): canAnswerApproval for the caller; completedDate only once completed. */
  approval(issue: ChangeIssue, approval: ChangeApprovalRecord, callerId: string): Record<string, unknown> {
    return {
      id: approval.id,
      name: approval.name,
      finalDecision: approval.finalDecision,
      canAnswerApproval: this.desk.canAnswer(issue, approval, callerId),
      approvers: approval.approvers.map((approver) => ({
        approver: this.base.sdUser(approver.accountId),
        approverDecision: approver.decision,
      })),
      createdDate: dateDto(approval.created),
      ...(approval.completed === null ? {} : { completedDate: dateDto(approval.completed) }),
      _links: { self: `${this.baseUrl}/rest/servicedeskapi/request/${issue.id}/approval/${approval.id}` },
    };
  }

  requestType(requestType: ChangeRequestType): Record<string, unknown> {
    const deskId = this.desk.desk.id;
    return {
      _expands: [],
      id: requestType.id,
      _links: { self: `${this.baseUrl}/rest/servicedeskapi/servicedesk/${deskId}/requesttype/${requestType.id}` },
      name: requestType.name,
      description: requestType.description,
      helpText: requestType.helpText,
      issueTypeId: requestType.issueTypeId,
      serviceDeskId: deskId,
      portalId: deskId,
      groupIds: [...requestType.groupIds],
    };
  }

  /** CustomerRequestCreateMetaDTO: hidden (preset) fields only with expand=hiddenFields, as visible:false with their presetValues. */
  requestTypeFields(requestType: ChangeRequestType, withHidden: boolean): Record<string, unknown> {
    const fields = requestType.form.filter((field) => withHidden || !field.preset);
    return {
      canRaiseOnBehalfOf: true,
      canAddRequestParticipants: true,
      requestTypeFields: fields.map((field) => ({
        fieldId: field.fieldId,
        name: fieldName(field.fieldId),
        description: '',
        required: field.required,
        visible: !field.preset,
        validValues: validValues(this.state, field.fieldId),
        ...(field.preset ? { presetValues: [...field.preset] } : {}),
        defaultValues: [],
        jiraSchema: fieldSchema(field.fieldId),
      })),
    };
  }
}
