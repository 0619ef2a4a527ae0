/**
 * The change project's REST routes, mounted over the incident routes by withChangeRoutes: a
 * route both share (create a request, read an issue, its transitions, JQL search, the field
 * list, service desks) first asks whether the request is about the change project and
 * otherwise hands it to the incident route. Routes only the change project has: request
 * type creation and properties (experimental: 412 without `X-ExperimentalApi: opt-in`),
 * approvals (GET list, GET one, POST a decision), and a single request type.
 *
 * Errors come in each API's dialect (note §7.2): the Service Desk API's ErrorResponse
 * `{"errorMessage", "i18nErrorMessage": {"i18nKey", "parameters"}}`, the platform API's
 * ErrorCollection `{"errorMessages": [...], "errors": {...}}`.
 */
import { CHANGE_SERVICE_DESK } from './change-config';
import { ChangeRefusal, type ChangeIssue } from './change-desk';
import { CHANGE_FIELD_CATALOGUE, parseChangeValues } from './change-fields';
import { matchesChangeJql, searchesChangeProject, sortChanges } from './change-jql';
import { ChangeSerializer } from './change-serializer';
import { jiraErrors } from './errors';
import { applyLabelOperations } from './field-values';
import { parseJql } from './jql';
import { isObject, type RestContext, type RestResult, type Route } from './rest/router';
import { searchParamsOf, searchResultPage } from './rest/search-page';
import { commentPage, deskDto } from './rest/servicedesk';
import { pagedDto } from './serializers';

const SD = '/rest/servicedeskapi';
const API = '/rest/api/3';
const MAX_SEARCH_RESULTS = 100;
/** As the Data Center KB words the 412 of an experimental route called without opting in (note §3). */
const EXPERIMENTAL_MESSAGE =
  "This API is experimental. Experimental APIs are not guaranteed to be stable within the preview period. You must set the header 'X-ExperimentalApi: opt-in' to opt into using this API.";

/** A handler that answers, or returns null to let the incident route answer. */
interface ChangeRoute {
  method: Route['method'];
  pattern: string;
  handler: (context: RestContext) => RestResult | null;
}

function serializer(context: RestContext): ChangeSerializer {
  return new ChangeSerializer(context.changes, context.state, context.serializer);
}

function self(context: RestContext): string {
  return `${context.serializer.baseUrl}${context.url.pathname}${context.url.search}`;
}

/** The change desk by any of the identifiers a serviceDeskId path parameter takes (note §1a). */
function isChangeDesk(value: string | undefined): boolean {
  const desk = CHANGE_SERVICE_DESK;
  return [desk.id, desk.projectKey, `projectKey:${desk.projectKey}`, `projectId:${desk.projectId}`, `serviceDeskId:${desk.id}`].includes(
    value ?? '',
  );
}

function serviceDeskError(error: ChangeRefusal): RestResult {
  const fields = Object.entries(error.fieldErrors).map(([field, message]) => `${field}: ${message}`);
  return {
    status: error.status,
    body: {
      errorMessage: [error.message, ...fields].join(' '),
      i18nErrorMessage: { i18nKey: error.i18nKey, parameters: [] },
    },
  };
}

function platformError(error: ChangeRefusal): RestResult {
  const fieldsOnly = Object.keys(error.fieldErrors).length > 0;
  return { status: error.status, body: { errorMessages: fieldsOnly ? [] : [error.message], errors: error.fieldErrors } };
}

/** The change request a path names, null when it is not the change project's, a 404 when it is but does not exist. */
function changeNamed(context: RestContext): ChangeIssue | null {
  const idOrKey = context.params.issueIdOrKey ?? '';
  const issue = context.changes.find(idOrKey);
  if (issue) return issue;
  if (!context.changes.owns(idOrKey)) return null;
  throw new ChangeRefusal(404, 'Issue does not exist or you do not have permission to see it.', {}, 'sd.request.not.found');
}

function requestTypeNamed(context: RestContext) {
  const requestType = context.changes.requestType(context.params.requestTypeId ?? '');
  if (!requestType)
    throw new ChangeRefusal(404, `The request type ${context.params.requestTypeId ?? ''} does not exist.`, {}, 'sd.requesttype.not.found');
  return requestType;
}

function requireExperimental(context: RestContext): void {
  if (String(context.headers['x-experimentalapi'] ?? '').toLowerCase() !== 'opt-in')
    throw new ChangeRefusal(412, EXPERIMENTAL_MESSAGE, {}, 'sd.experimental.api.opt.in.required');
}

/** The change desk's request type a property route names, once the caller opted in to the experimental API; null for another desk. */
function experimentalRequestType(context: RestContext) {
  if (!isChangeDesk(context.params.serviceDeskId)) return null;
  requireExperimental(context);
  return requestTypeNamed(context);
}

function fieldList(value: unknown): string[] | undefined {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  if (values.length === 0) return undefined;
  return values
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

/** /search/jql over the change project (null when the JQL is not about it); paging and limits as the incident search. */
function searchChanges(context: RestContext, input: { jql: unknown; nextPageToken: unknown; maxResults: unknown; fields: unknown }) {
  if (typeof input.jql !== 'string' || input.jql.trim() === '') return null;
  const query = parseJql(input.jql);
  if (!searchesChangeProject(query)) return null;
  const { changes } = context;
  const matching = sortChanges(
    changes.list().filter((issue) => matchesChangeJql(changes, issue, query, context.actor.timeZone)),
    query,
  );
  const fields = (fieldList(input.fields) ?? []).filter((field) => field !== 'id');
  const out = serializer(context);
  return {
    status: 200,
    body: searchResultPage(matching, { ...input, jql: input.jql }, MAX_SEARCH_RESULTS, (issue) => out.issue(issue, fields)),
  };
}

const serviceDeskRoutes: ChangeRoute[] = [
  {
    method: 'GET',
    pattern: `${SD}/servicedesk`,
    handler: (context) => ({
      status: 200,
      body: pagedDto([deskDto(context, context.state.serviceDesk), deskDto(context, CHANGE_SERVICE_DESK)], context.query, self(context)),
    }),
  },
  {
    method: 'GET',
    pattern: `${SD}/servicedesk/:serviceDeskId`,
    handler: (context) =>
      isChangeDesk(context.params.serviceDeskId) ? { status: 200, body: deskDto(context, CHANGE_SERVICE_DESK) } : null,
  },
  {
    method: 'GET',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype`,
    handler: (context) => {
      if (!isChangeDesk(context.params.serviceDeskId)) return null;
      const search = (context.query.get('searchQuery') ?? '').toLowerCase();
      const group = context.query.get('groupId');
      const out = serializer(context);
      const values = context.changes.requestTypes
        .filter((item) => !search || item.name.toLowerCase().includes(search) || item.description.toLowerCase().includes(search))
        // "filter out hidden request types (without groups) when searchQuery is provided" (getRequestTypes)
        .filter((item) => !search || item.groupIds.length > 0)
        .filter((item) => !group || item.groupIds.includes(group))
        .map((item) => out.requestType(item));
      return { status: 200, body: pagedDto(values, context.query, self(context)) };
    },
  },
  {
    method: 'POST',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype`,
    handler: (context) => {
      if (!isChangeDesk(context.params.serviceDeskId)) return null;
      const body = isObject(context.body) ? context.body : {};
      return { status: 200, body: serializer(context).requestType(context.changes.createRequestType(body)) };
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype/:requestTypeId`,
    handler: (context) =>
      isChangeDesk(context.params.serviceDeskId) ? { status: 200, body: serializer(context).requestType(requestTypeNamed(context)) } : null,
  },
  {
    method: 'GET',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype/:requestTypeId/field`,
    handler: (context) => {
      if (!isChangeDesk(context.params.serviceDeskId)) return null;
      const expand = context.query.getAll('expand').flatMap((value) => value.split(','));
      return { status: 200, body: serializer(context).requestTypeFields(requestTypeNamed(context), expand.includes('hiddenFields')) };
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype/:requestTypeId/property`,
    handler: (context) => {
      const requestType = experimentalRequestType(context);
      if (!requestType) return null;
      const base = `${SD}/servicedesk/${CHANGE_SERVICE_DESK.id}/requestType/${requestType.id}/property`;
      return { status: 200, body: { keys: [...requestType.properties.keys()].map((key) => ({ self: `${base}/${key}`, key })) } };
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype/:requestTypeId/property/:propertyKey`,
    handler: (context) => {
      const requestType = experimentalRequestType(context);
      if (!requestType) return null;
      const key = context.params.propertyKey ?? '';
      if (!requestType.properties.has(key))
        throw new ChangeRefusal(404, `The property ${key} does not exist on request type ${requestType.id}.`, {}, 'sd.property.not.found');
      return { status: 200, body: { key, value: requestType.properties.get(key) } };
    },
  },
  {
    method: 'PUT',
    pattern: `${SD}/servicedesk/:serviceDeskId/requesttype/:requestTypeId/property/:propertyKey`,
    handler: (context) => {
      const requestType = experimentalRequestType(context);
      if (!requestType) return null;
      const key = context.params.propertyKey ?? '';
      if (Buffer.byteLength(key) > 255)
        throw new ChangeRefusal(400, 'The property key is longer than 255 bytes.', {}, 'sd.property.key.too.long');
      if (context.body === undefined)
        throw new ChangeRefusal(400, 'The property value is missing: send it as the JSON body.', {}, 'sd.property.value.missing');
      const existed = requestType.properties.has(key);
      requestType.properties.set(key, context.body);
      return { status: existed ? 200 : 201, body: {} };
    },
  },
  {
    method: 'POST',
    pattern: `${SD}/request`,
    handler: (context) => {
      const body = isObject(context.body) ? context.body : null;
      if (!body || String(body.serviceDeskId ?? '') !== CHANGE_SERVICE_DESK.id) return null;
      const values = isObject(body.requestFieldValues) ? body.requestFieldValues : {};
      const issue = context.changes.create(context.actor.accountId, String(body.requestTypeId ?? ''), values);
      return { status: 201, body: serializer(context).customerRequest(issue) };
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/request/:issueIdOrKey`,
    handler: (context) => {
      const issue = changeNamed(context);
      return issue ? { status: 200, body: serializer(context).customerRequest(issue) } : null;
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/request/:issueIdOrKey/comment`,
    handler: (context) => {
      const issue = changeNamed(context);
      return issue ? commentPage(context, context.changes.commentsOf(issue)) : null;
    },
  },
  {
    method: 'POST',
    pattern: `${SD}/request/:issueIdOrKey/comment`,
    handler: (context) => {
      const issue = changeNamed(context);
      if (!issue) return null;
      const body = isObject(context.body) ? context.body : {};
      if (typeof body.body !== 'string' || body.body.trim() === '')
        throw new ChangeRefusal(400, 'The comment body must not be empty.', {}, 'sd.comment.body.empty');
      if (body.body.length > 32_767)
        throw new ChangeRefusal(
          400,
          'The entered text is too long. It exceeds the allowed limit of 32,767 characters.',
          {},
          'sd.comment.too.long',
        );
      const comment = context.changes.addComment(issue, context.actor.accountId, body.body, body.public !== false);
      return { status: 201, body: context.serializer.comment(comment) };
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/request/:issueIdOrKey/approval`,
    handler: (context) => {
      const issue = changeNamed(context);
      if (!issue) throw new ChangeRefusal(404, 'The customer request does not exist.', {}, 'sd.request.not.found');
      const out = serializer(context);
      const values = context.changes.approvalsOf(issue).map((approval) => out.approval(issue, approval, context.actor.accountId));
      return { status: 200, body: pagedDto(values, context.query, self(context)) };
    },
  },
  {
    method: 'GET',
    pattern: `${SD}/request/:issueIdOrKey/approval/:approvalId`,
    handler: (context) => {
      const issue = changeNamed(context);
      const approval = issue && context.changes.approvalsOf(issue).find((item) => item.id === context.params.approvalId);
      if (!issue || !approval)
        throw new ChangeRefusal(404, 'The customer request or the approval does not exist.', {}, 'sd.approval.not.found');
      return { status: 200, body: serializer(context).approval(issue, approval, context.actor.accountId) };
    },
  },
  {
    method: 'POST',
    pattern: `${SD}/request/:issueIdOrKey/approval/:approvalId`,
    handler: (context) => {
      const issue = changeNamed(context);
      if (!issue) throw new ChangeRefusal(404, 'The customer request or the approval does not exist.', {}, 'sd.approval.not.found');
      const decision = isObject(context.body) ? context.body.decision : undefined;
      if (decision !== 'approve' && decision !== 'decline')
        throw new ChangeRefusal(400, 'The decision must be "approve" or "decline".', {}, 'sd.approval.decision.invalid');
      const approval = context.changes.answer(issue, context.params.approvalId ?? '', context.actor.accountId, decision);
      return { status: 200, body: serializer(context).approval(issue, approval, context.actor.accountId) };
    },
  },
];

const platformRoutes: ChangeRoute[] = [
  {
    method: 'GET',
    pattern: `${API}/field`,
    // Answered after the incident route (see withChangeRoutes): the site's fields plus the change fields.
    handler: () => null,
  },
  {
    method: 'GET',
    pattern: `${API}/search/jql`,
    handler: (context) => searchChanges(context, { ...searchParamsOf(context.query), fields: context.query.getAll('fields') }),
  },
  {
    method: 'POST',
    pattern: `${API}/search/jql`,
    handler: (context) => {
      const body = isObject(context.body) ? context.body : {};
      return searchChanges(context, { jql: body.jql, nextPageToken: body.nextPageToken, maxResults: body.maxResults, fields: body.fields });
    },
  },
  {
    method: 'GET',
    pattern: `${API}/issue/:issueIdOrKey`,
    handler: (context) => {
      const issue = changeNamed(context);
      return issue ? { status: 200, body: serializer(context).issue(issue, fieldList(context.query.getAll('fields'))) } : null;
    },
  },
  {
    method: 'PUT',
    pattern: `${API}/issue/:issueIdOrKey`,
    handler: (context) => {
      const issue = changeNamed(context);
      if (!issue) return null;
      const body = context.body;
      if (!isObject(body)) throw jiraErrors.badRequest(['The request body must be a JSON object with fields and/or update.']);
      const fields = body.fields === undefined ? {} : body.fields;
      if (!isObject(fields)) throw jiraErrors.badRequest(['fields must be an object of field id to value.']);
      const { patch, errors } = parseChangeValues(context.state, fields, 'platform');
      if (Object.keys(errors).length > 0) throw new ChangeRefusal(400, 'The fields could not be set.', errors);
      const labels = applyLabelOperations(patch.labels ?? issue.labels, body.update);
      if (labels) patch.labels = labels;
      context.changes.edit(issue, patch);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/issue/:issueIdOrKey/transitions`,
    handler: (context) => {
      const issue = changeNamed(context);
      if (!issue) return null;
      const out = serializer(context);
      const wanted = context.query.get('transitionId');
      const transitions = context.changes.availableTransitions(issue).filter((item) => !wanted || item.id === wanted);
      return { status: 200, body: { expand: 'transitions', transitions: transitions.map((item) => out.transition(item)) } };
    },
  },
  {
    method: 'POST',
    pattern: `${API}/issue/:issueIdOrKey/transitions`,
    handler: (context) => {
      const issue = changeNamed(context);
      if (!issue) return null;
      const body = isObject(context.body) ? context.body : {};
      const raw = isObject(body.transition) ? body.transition.id : undefined;
      const transitionId = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      // As Jira Cloud answers a null or non-numeric transition id (note §4, S18).
      if (!/^\d+$/.test(transitionId)) throw jiraErrors.badRequest(["'transition' identifier must be an integer"]);
      const extra = [...Object.keys(isObject(body.fields) ? body.fields : {}), ...Object.keys(isObject(body.update) ? body.update : {})];
      if (extra.length > 0)
        throw new ChangeRefusal(
          400,
          'The fields could not be set.',
          Object.fromEntries(
            extra.map((field) => [field, `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`]),
          ),
        );
      context.changes.transition(issue, transitionId);
      return { status: 204 };
    },
  },
];

const CHANGE_ROUTES: readonly (ChangeRoute & { api: 'servicedesk' | 'platform' })[] = [
  ...serviceDeskRoutes.map((route) => ({ ...route, api: 'servicedesk' as const })),
  ...platformRoutes.map((route) => ({ ...route, api: 'platform' as const })),
];

function answer(route: (typeof CHANGE_ROUTES)[number], context: RestContext): RestResult | null {
  try {
    return route.handler(context);
  } catch (error) {
    if (error instanceof ChangeRefusal) return route.api === 'servicedesk' ? serviceDeskError(error) : platformError(error);
    throw error;
  }
}

/** The field list with the change fields after the site's own (as Jira lists custom fields). */
function withChangeFields(result: RestResult): RestResult {
  const fields = Array.isArray(result.body) ? result.body : [];
  const change = CHANGE_FIELD_CATALOGUE.map((field) => ({
    id: field.id,
    key: field.id,
    name: field.name,
    untranslatedName: field.name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${field.id.replace('customfield_', '')}]`, field.name],
    schema: { ...field.schema, customId: Number(field.id.replace('customfield_', '')) },
  }));
  return { ...result, body: [...fields, ...change] };
}

/** The incident routes with the change project's mounted over them (see the module comment). */
export function withChangeRoutes(base: readonly Route[]): Route[] {
  const mounted = base.map((route): Route => {
    const own = CHANGE_ROUTES.find((candidate) => candidate.method === route.method && candidate.pattern === route.pattern);
    if (!own) return route;
    if (own.pattern === `${API}/field`) return { ...route, handler: (context) => withChangeFields(route.handler(context)) };
    return { ...route, handler: (context) => answer(own, context) ?? route.handler(context) };
  });
  const added = CHANGE_ROUTES.filter((own) => !base.some((route) => route.method === own.method && route.pattern === own.pattern));
  return [
    ...mounted,
    ...added.map((own): Route => ({
      method: own.method,
      pattern: own.pattern,
      handler: (context) =>
        answer(own, context) ??
        serviceDeskError(new ChangeRefusal(404, 'The service desk does not exist or you do not have permission to see it.')),
    })),
  ];
}
