/**
 * The Jira platform REST API v3 routes the Service Desk API lacks: the caller and user
 * search, the field list, JQL search (/search/jql with nextPageToken paging; the old
 * /search answers 410 Gone as on Jira Cloud), issues (read, edit, assignee), workflow
 * transitions and the changelog.
 */
import { jiraErrors } from '../errors';
import { applyLabelOperations, parseFieldValues } from '../field-values';
import { matchesJql, parseJql, sortIssues } from '../jql';
import { FIELD_IDS } from '../types';
import { RESOLUTIONS, type TransitionDefinition } from '../workflow';
import { assertMayEdit, findIssue } from './issue-guards';
import { isObject, type RestContext, type Route } from './router';
import { searchParamsOf, searchResultPage } from './search-page';

const API = '/rest/api/3';

/** Whether the request's expand parameter (a comma-separated list) names `what`. */
function expands(query: URLSearchParams, what: string): boolean {
  return (query.get('expand') ?? '').split(',').some((item) => item.trim() === what);
}

/** The fields on a transition's screen, as Jira lists them with expand=transitions.fields (FieldMetadata by field id). */
function screenFields(transition: TransitionDefinition, baseUrl: string): Record<string, unknown> {
  if (!transition.requires.includes('resolution')) return {};
  return {
    resolution: {
      required: true,
      schema: { type: 'resolution', system: 'resolution' },
      name: 'Resolution',
      key: 'resolution',
      hasDefaultValue: false,
      operations: ['set'],
      allowedValues: RESOLUTIONS.map((resolution) => ({ self: `${baseUrl}${API}/resolution/${resolution.id}`, ...resolution })),
    },
  };
}
/** Per page when fields are requested; ids alone could go to 5,000. */
const MAX_SEARCH_RESULTS_WITH_FIELDS = 100;
const MAX_SEARCH_RESULTS_IDS_ONLY = 5000;

const SYSTEM_FIELDS = [
  ['summary', 'Summary', { type: 'string', system: 'summary' }],
  ['description', 'Description', { type: 'string', system: 'description' }],
  ['status', 'Status', { type: 'status', system: 'status' }],
  ['priority', 'Priority', { type: 'priority', system: 'priority' }],
  ['labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }],
  ['assignee', 'Assignee', { type: 'user', system: 'assignee' }],
  ['reporter', 'Reporter', { type: 'user', system: 'reporter' }],
  ['created', 'Created', { type: 'datetime', system: 'created' }],
  ['updated', 'Updated', { type: 'datetime', system: 'updated' }],
  ['resolution', 'Resolution', { type: 'resolution', system: 'resolution' }],
  ['resolutiondate', 'Resolved', { type: 'datetime', system: 'resolutiondate' }],
  ['issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }],
  ['project', 'Project', { type: 'project', system: 'project' }],
] as const;

const CUSTOM_FIELDS = [
  [FIELD_IDS.team, 'Team', { type: 'team', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team' }],
  [FIELD_IDS.requestType, 'Request Type', { type: 'sd-customerrequesttype', custom: 'com.atlassian.servicedesk:vp-origin' }],
  [
    FIELD_IDS.affectedServices,
    'Affected services',
    {
      type: 'array',
      items: 'service-entity-field-cftype',
      custom: 'com.atlassian.jira.plugins.service-entity:service-entity-field-cftype',
    },
  ],
  [FIELD_IDS.urgency, 'Urgency', { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' }],
  [
    FIELD_IDS.majorIncident,
    'Major incident',
    { type: 'string', custom: 'com.atlassian.servicedesk.incident-management-plugin:sd-incidents-major-incident' },
  ],
  [
    FIELD_IDS.configurationItem,
    'Configuration item',
    { type: 'array', items: 'cmdb-object', custom: 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype' },
  ],
] as const;

function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

function search(context: RestContext, input: { jql: unknown; nextPageToken: unknown; maxResults: unknown; fields: string[] | undefined }) {
  if (typeof input.jql !== 'string' || input.jql.trim() === '')
    throw jiraErrors.badRequest(['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  const jql = input.jql;
  const query = parseJql(jql);
  const state = context.state;
  const matching = sortIssues(
    state.listIssues().filter((issue) =>
      matchesJql(issue, query, {
        projectKey: state.serviceDesk.projectKey,
        timeZone: context.actor.timeZone,
        assigneeName: (id) => state.getUser(id)?.displayName ?? null,
      }),
    ),
    query,
  );
  const fields = input.fields ?? [];
  const idsOnly = fields.every((field) => field === 'id' || field === 'key');
  const wanted = fields.filter((field) => field !== 'id');
  const cap = idsOnly ? MAX_SEARCH_RESULTS_IDS_ONLY : MAX_SEARCH_RESULTS_WITH_FIELDS;
  return { status: 200, body: searchResultPage(matching, { ...input, jql }, cap, (issue) => context.serializer.issue(issue, wanted)) };
}

function user(context: RestContext, accountId: string) {
  return context.serializer.userById(accountId);
}

function pageOfArray<T>(items: readonly T[], query: URLSearchParams, max = 50): T[] {
  const startAt = Math.max(0, Math.floor(Number(query.get('startAt') ?? 0)) || 0);
  const maxResults = Math.min(1000, Math.max(1, Math.floor(Number(query.get('maxResults') ?? max)) || max));
  return items.slice(startAt, startAt + maxResults);
}

export const platformRoutes: Route[] = [
  { method: 'GET', pattern: `${API}/myself`, handler: (context) => ({ status: 200, body: user(context, context.actor.accountId) }) },
  {
    method: 'GET',
    pattern: `${API}/user/search`,
    handler: (context) => {
      const text = (context.query.get('query') ?? '').trim().toLowerCase();
      const accountId = context.query.get('accountId');
      if (!text && !accountId) throw jiraErrors.badRequest(['One of the query parameters query or accountId is required.']);
      const found = context.state.users.filter((item) =>
        accountId
          ? item.accountId === accountId
          : item.emailAddress.toLowerCase().startsWith(text) ||
            item.displayName
              .toLowerCase()
              .split(/\s+/)
              .some((word) => word.startsWith(text)) ||
            item.displayName.toLowerCase().startsWith(text),
      );
      return { status: 200, body: pageOfArray(found, context.query).map((item) => user(context, item.accountId)) };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/users/search`,
    handler: (context) => ({
      status: 200,
      body: pageOfArray(context.state.users, context.query).map((item) => user(context, item.accountId)),
    }),
  },
  {
    method: 'GET',
    pattern: `${API}/field`,
    handler: () => ({
      status: 200,
      body: [
        ...SYSTEM_FIELDS.map(([id, name, schema]) => ({
          id,
          key: id,
          name,
          custom: false,
          orderable: true,
          navigable: true,
          searchable: true,
          clauseNames: [id],
          schema,
        })),
        ...CUSTOM_FIELDS.map(([id, name, schema]) => ({
          id,
          key: id,
          name,
          untranslatedName: name,
          custom: true,
          orderable: true,
          navigable: true,
          searchable: true,
          clauseNames: [`cf[${id.replace('customfield_', '')}]`, name],
          schema: { ...schema, customId: Number(id.replace('customfield_', '')) },
        })),
      ],
    }),
  },
  {
    method: 'GET',
    pattern: `${API}/search`,
    handler: () => {
      throw jiraErrors.searchRemoved();
    },
  },
  {
    method: 'POST',
    pattern: `${API}/search`,
    handler: () => {
      throw jiraErrors.searchRemoved();
    },
  },
  {
    method: 'GET',
    pattern: `${API}/search/jql`,
    handler: (context) => search(context, { ...searchParamsOf(context.query), fields: listParam(context.query, 'fields') }),
  },
  {
    method: 'POST',
    pattern: `${API}/search/jql`,
    handler: (context) => {
      const body = isObject(context.body) ? context.body : {};
      const fields = Array.isArray(body.fields) ? body.fields.filter((field): field is string => typeof field === 'string') : undefined;
      return search(context, { jql: body.jql, nextPageToken: body.nextPageToken, maxResults: body.maxResults, fields });
    },
  },
  {
    method: 'GET',
    pattern: `${API}/issue/:issueIdOrKey`,
    handler: (context) => ({
      status: 200,
      body: context.serializer.issue(findIssue(context.state, context.params.issueIdOrKey), listParam(context.query, 'fields')),
    }),
  },
  {
    method: 'PUT',
    pattern: `${API}/issue/:issueIdOrKey`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const body = context.body;
      if (!isObject(body)) throw jiraErrors.badRequest(['The request body must be a JSON object with fields and/or update.']);
      const fields = body.fields === undefined ? {} : body.fields;
      if (!isObject(fields)) throw jiraErrors.badRequest(['fields must be an object of field id to value.']);
      assertMayEdit(context.state, issue, 'edit');
      const change = parseFieldValues(context.state, fields, 'platform');
      const labels = applyLabelOperations(change.labels ?? issue.labels, body.update);
      if (labels) change.labels = labels;
      context.state.updateIssue(issue, change, context.actor.accountId);
      return { status: 204 };
    },
  },
  {
    method: 'PUT',
    pattern: `${API}/issue/:issueIdOrKey/assignee`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const body = isObject(context.body) ? context.body : {};
      assertMayEdit(context.state, issue, 'edit');
      const change = parseFieldValues(
        context.state,
        { assignee: body.accountId === null ? null : { accountId: body.accountId } },
        'platform',
      );
      context.state.updateIssue(issue, change, context.actor.accountId);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/issue/:issueIdOrKey/transitions`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      return {
        status: 200,
        body: {
          expand: 'transitions',
          transitions: context.state.availableTransitions(issue).map((item) => ({
            ...context.serializer.transition(item),
            // expand=transitions.fields: the fields of the transition's screen (FieldMetadata, with the allowed values).
            ...(expands(context.query, 'transitions.fields') ? { fields: screenFields(item, context.serializer.baseUrl) } : {}),
          })),
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: `${API}/issue/:issueIdOrKey/transitions`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const body = isObject(context.body) ? context.body : {};
      const transitionId =
        isObject(body.transition) && (typeof body.transition.id === 'string' || typeof body.transition.id === 'number')
          ? String(body.transition.id)
          : null;
      if (!transitionId) throw jiraErrors.badRequest(["'transition' identifier must be an integer"]);
      assertMayEdit(context.state, issue, 'transition');
      const transition = context.state.availableTransitions(issue).find((item) => item.id === transitionId);
      if (!transition) throw jiraErrors.invalidTransition(transitionId);
      const fields = isObject(body.fields) ? body.fields : {};
      let resolution: string | null = null;
      if (fields.resolution !== undefined) {
        const ref = isObject(fields.resolution) ? fields.resolution : {};
        const found = RESOLUTIONS.find((item) => item.id === ref.id || item.name === ref.name);
        if (!found)
          throw jiraErrors.fieldErrors({ resolution: `Specify a valid resolution: ${RESOLUTIONS.map((item) => item.name).join(', ')}.` });
        resolution = found.name;
      }
      // Jira sets only fields on the transition's screen; any other is refused like this.
      if (resolution !== null && !transition.requires.includes('resolution'))
        throw jiraErrors.fieldErrors({ resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
      if (transition.requires.includes('resolution') && resolution === null)
        throw jiraErrors.fieldErrors({ resolution: 'Resolution is required.' });
      const { resolution: _ignored, ...otherFields } = fields;
      const change = parseFieldValues(context.state, otherFields, 'platform');
      context.state.transitionIssue(issue, transition.id, resolution, context.actor.accountId);
      if (Object.keys(change).length > 0) context.state.updateIssue(issue, change, context.actor.accountId);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/issue/:issueIdOrKey/changelog`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const all = context.state.changelogOf(issue);
      const startAt = Math.max(0, Math.floor(Number(context.query.get('startAt') ?? 0)) || 0);
      const maxResults = Math.min(100, Math.max(1, Math.floor(Number(context.query.get('maxResults') ?? 100)) || 100));
      const values = all.slice(startAt, startAt + maxResults);
      const isLast = startAt + values.length >= all.length;
      const selfUrl = `${context.serializer.baseUrl}${API}/issue/${issue.key}/changelog`;
      return {
        status: 200,
        body: {
          self: `${selfUrl}?maxResults=${maxResults}&startAt=${startAt}`,
          ...(isLast ? {} : { nextPage: `${selfUrl}?maxResults=${maxResults}&startAt=${startAt + maxResults}` }),
          maxResults,
          startAt,
          total: all.length,
          isLast,
          values: values.map((entry) => context.serializer.changelog(entry)),
        },
      };
    },
  },
];
