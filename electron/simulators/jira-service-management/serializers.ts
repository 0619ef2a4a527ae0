/**
 * Records to Jira's wire JSON: platform issues (REST v3, description as Atlassian Document
 * Format, dates like 2026-11-26T10:00:00.000+0000), Service Desk DTOs (DateDTO, UserDTO,
 * CommentDTO, CustomerRequestDTO) and the Service Desk PagedDTO envelope.
 */
import type { JsmState } from './state';
import { FIELD_IDS, MAJOR_INCIDENT_VALUE, type ChangelogRecord, type CommentRecord, type IssueRecord } from './types';
import { PRIORITIES, RESOLUTIONS, statusNamed, URGENCIES, type StatusDefinition, type TransitionDefinition } from './workflow';
import type { JsmUserRecord } from './demo-site';
import { REQUEST_TYPES } from './request-types';

/** Jira's timestamp format: 2026-11-26T10:00:00.000+0000. */
export function jiraDate(at: number): string {
  return new Date(at).toISOString().replace('Z', '+0000');
}

export function dateDto(at: number): Record<string, unknown> {
  const iso = new Date(at).toISOString();
  return {
    iso8601: iso.replace(/\.\d{3}Z$/, '+0000'),
    jira: jiraDate(at),
    friendly: `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
    epochMillis: at,
  };
}

/** Plain text as an Atlassian Document Format document, one paragraph per blank-line-separated block. */
export function toAdf(text: string): Record<string, unknown> {
  const paragraphs = text.split(/\n{2,}/).filter((block) => block.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((block) => ({ type: 'paragraph', content: [{ type: 'text', text: block }] })),
  };
}

/** The text of an Atlassian Document Format node (paragraphs joined by blank lines). */
export function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const value = node as { type?: unknown; text?: unknown; content?: unknown };
  if (typeof value.text === 'string') return value.text;
  const children = Array.isArray(value.content) ? value.content.map(adfText) : [];
  return value.type === 'doc' ? children.join('\n\n') : children.join('');
}

export class Serializer {
  constructor(
    private readonly state: JsmState,
    readonly baseUrl: string,
  ) {}

  user(user: JsmUserRecord | undefined, accountId: string): Record<string, unknown> {
    return {
      self: `${this.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
      accountId,
      accountType: 'atlassian',
      emailAddress: user?.emailAddress,
      displayName: user?.displayName ?? 'Former user',
      active: user !== undefined,
      timeZone: user?.timeZone ?? 'UTC',
      avatarUrls: { '48x48': `${this.baseUrl}/avatar/${encodeURIComponent(accountId)}` },
    };
  }

  userById(accountId: string): Record<string, unknown> {
    return this.user(this.state.getUser(accountId), accountId);
  }

  sdUser(accountId: string): Record<string, unknown> {
    const user = this.state.getUser(accountId);
    return {
      accountId,
      emailAddress: user?.emailAddress,
      displayName: user?.displayName ?? 'Former user',
      active: user !== undefined,
      timeZone: user?.timeZone ?? 'UTC',
      _links: {
        jiraRest: `${this.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(accountId)}`,
        self: `${this.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(accountId)}`,
      },
    };
  }

  status(status: StatusDefinition): Record<string, unknown> {
    return {
      self: `${this.baseUrl}/rest/api/3/status/${status.id}`,
      description: '',
      iconUrl: `${this.baseUrl}/images/icons/statuses/generic.png`,
      name: status.name,
      id: status.id,
      statusCategory: { self: `${this.baseUrl}/rest/api/3/statuscategory/${status.category.id}`, ...status.category },
    };
  }

  /** Every field of an issue, keyed by field id. */
  private allFields(issue: IssueRecord): Record<string, unknown> {
    const priority = PRIORITIES.find((p) => p.name === issue.priorityName);
    const resolution = RESOLUTIONS.find((r) => r.name === issue.resolution);
    const requestType = REQUEST_TYPES.find((rt) => rt.id === issue.requestTypeId);
    const team = issue.teamId ? this.state.getTeam(issue.teamId) : undefined;
    const urgency = URGENCIES.find((u) => u.value === issue.urgency);
    const desk = this.state.serviceDesk;
    return {
      summary: issue.summary,
      description: issue.description === null ? null : toAdf(issue.description),
      status: this.status(statusNamed(issue.statusName)),
      priority: priority ? { self: `${this.baseUrl}/rest/api/3/priority/${priority.id}`, name: priority.name, id: priority.id } : null,
      labels: [...issue.labels],
      assignee: issue.assigneeId ? this.userById(issue.assigneeId) : null,
      reporter: this.userById(issue.reporterId),
      created: jiraDate(issue.created),
      updated: jiraDate(issue.updated),
      resolution: resolution ? { self: `${this.baseUrl}/rest/api/3/resolution/${resolution.id}`, ...resolution } : null,
      resolutiondate: issue.resolutionDate === null ? null : jiraDate(issue.resolutionDate),
      issuetype: { id: requestType?.issueTypeId ?? '10004', name: requestType?.issueTypeName ?? '[System] Incident', subtask: false },
      project: { id: desk.projectId, key: desk.projectKey, name: desk.projectName, projectTypeKey: 'service_desk' },
      [FIELD_IDS.requestType]: requestType
        ? { requestType: { id: requestType.id, name: requestType.name }, currentStatus: { status: issue.statusName } }
        : null,
      [FIELD_IDS.team]: team
        ? { id: team.id, name: team.name, title: team.name, isVisible: true, isVerified: false, isShared: true }
        : null,
      [FIELD_IDS.affectedServices]: issue.affectedServiceIds.map((id) => ({ id, name: this.state.getService(id)?.name ?? id })),
      [FIELD_IDS.urgency]: urgency
        ? { self: `${this.baseUrl}/rest/api/3/customFieldOption/${urgency.id}`, value: urgency.value, id: urgency.id }
        : null,
      [FIELD_IDS.majorIncident]: issue.majorIncident ? MAJOR_INCIDENT_VALUE : null,
      // As Jira Cloud does, an Assets field holds ids only (no label): read the object from Assets for its name.
      [FIELD_IDS.configurationItem]: issue.configurationItemIds.map((objectId) => ({
        workspaceId: this.state.site.workspaceId,
        id: `${this.state.site.workspaceId}:${objectId}`,
        objectId,
      })),
    };
  }

  /**
   * A platform issue. `fields` is the request's list: undefined means every field for
   * GET issue; for search, the route passes [] (ids only, as /search/jql does by default).
   */
  issue(issue: IssueRecord, fields?: string[]): Record<string, unknown> {
    const all = this.allFields(issue);
    const wanted =
      fields === undefined || fields.includes('*all') || fields.includes('*navigable')
        ? Object.keys(all)
        : fields.filter((field) => !field.startsWith('-'));
    const excluded = new Set((fields ?? []).filter((field) => field.startsWith('-')).map((field) => field.slice(1)));
    const picked: Record<string, unknown> = {};
    for (const field of wanted) if (field in all && !excluded.has(field)) picked[field] = all[field];
    const base = {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.baseUrl}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
    };
    return fields !== undefined && fields.length === 0 ? { id: issue.id } : { ...base, fields: picked };
  }

  transition(transition: TransitionDefinition): Record<string, unknown> {
    return {
      id: transition.id,
      name: transition.name,
      to: this.status(statusNamed(transition.to)),
      hasScreen: transition.requires.length > 0,
      isGlobal: false,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    };
  }

  changelog(entry: ChangelogRecord): Record<string, unknown> {
    return { id: entry.id, author: this.userById(entry.authorId), created: jiraDate(entry.created), items: entry.items };
  }

  comment(comment: CommentRecord): Record<string, unknown> {
    return {
      _expands: ['attachment', 'renderedBody'],
      id: comment.id,
      body: comment.body,
      public: comment.public,
      author: this.sdUser(comment.authorId),
      created: dateDto(comment.created),
      _links: { self: `${this.baseUrl}/rest/servicedeskapi/request/${comment.issueId}/comment/${comment.id}` },
    };
  }

  customerRequest(issue: IssueRecord): Record<string, unknown> {
    const status = statusNamed(issue.statusName);
    const requestType = REQUEST_TYPES.find((rt) => rt.id === issue.requestTypeId);
    const values: { fieldId: string; label: string; value: unknown }[] = [{ fieldId: 'summary', label: 'Summary', value: issue.summary }];
    if (issue.description !== null) values.push({ fieldId: 'description', label: 'Description', value: issue.description });
    const statusChange = [...this.state.changelogOf(issue)].reverse().find((entry) => entry.items.some((item) => item.field === 'status'));
    return {
      _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
      issueId: issue.id,
      issueKey: issue.key,
      summary: issue.summary,
      requestTypeId: requestType?.id ?? issue.requestTypeId,
      serviceDeskId: this.state.serviceDesk.id,
      createdDate: dateDto(issue.created),
      reporter: this.sdUser(issue.reporterId),
      requestFieldValues: values,
      currentStatus: {
        status: status.name,
        statusCategory: status.category.key === 'new' ? 'NEW' : status.category.key === 'done' ? 'DONE' : 'INDETERMINATE',
        statusDate: dateDto(statusChange?.created ?? issue.created),
      },
      _links: {
        jiraRest: `${this.baseUrl}/rest/api/2/issue/${issue.id}`,
        web: `${this.baseUrl}/servicedesk/customer/portal/${this.state.serviceDesk.id}/${issue.key}`,
        agent: `${this.baseUrl}/browse/${issue.key}`,
        self: `${this.baseUrl}/rest/servicedeskapi/request/${issue.id}`,
      },
    };
  }
}

/** Service Desk's PagedDTO: `start`/`limit` in, `size`/`isLastPage`/`_links` out. */
export function pagedDto<T>(all: readonly T[], query: URLSearchParams, selfUrl: string, maxLimit = 50): Record<string, unknown> {
  const start = Math.max(0, Math.floor(Number(query.get('start') ?? 0)) || 0);
  const requested = Math.floor(Number(query.get('limit') ?? maxLimit)) || maxLimit;
  const limit = Math.min(maxLimit, Math.max(1, requested));
  const values = all.slice(start, start + limit);
  const isLastPage = start + values.length >= all.length;
  const link = (at: number) => {
    const url = new URL(selfUrl);
    url.searchParams.set('start', String(at));
    url.searchParams.set('limit', String(limit));
    return url.toString();
  };
  const base = new URL(selfUrl);
  return {
    _expands: [],
    size: values.length,
    start,
    limit,
    isLastPage,
    _links: {
      base: `${base.origin}/rest/servicedeskapi`,
      context: '',
      ...(isLastPage ? {} : { next: link(start + limit) }),
      ...(start > 0 ? { prev: link(Math.max(0, start - limit)) } : {}),
      self: selfUrl,
    },
    values,
  };
}
