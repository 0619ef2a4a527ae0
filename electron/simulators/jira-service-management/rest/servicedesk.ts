/**
 * The Service Desk REST API (/rest/servicedeskapi): service desks, request types and their
 * fields, creating and reading customer requests, request comments (public or internal)
 * and customer transitions, all paged with start/limit as PagedDTO.
 */
import { jiraErrors, TEXT_LIMIT } from '../errors';
import { parseFieldValues } from '../field-values';
import { REQUEST_TYPES } from '../request-types';
import { pagedDto } from '../serializers';
import { FIELD_IDS, type CommentRecord } from '../types';
import { PRIORITIES, URGENCIES } from '../workflow';
import { assertMayEdit, findIssue } from './issue-guards';
import { isObject, type RestContext, type RestResult, type Route } from './router';

const API = '/rest/servicedeskapi';

function self(context: RestContext): string {
  return `${context.serializer.baseUrl}${context.url.pathname}${context.url.search}`;
}

function findDesk(context: RestContext) {
  const desk = context.state.serviceDesk;
  const wanted = context.params.serviceDeskId;
  if (wanted !== desk.id && wanted !== desk.projectKey)
    throw jiraErrors.notFound(`The service desk ${wanted} does not exist or you do not have permission to see it.`);
  return desk;
}

/** A service desk as the API shows it (the incident desk here, the change desk in change-routes.ts). */
export function deskDto(context: RestContext, desk: { id: string; projectId: string; projectName: string; projectKey: string }) {
  return {
    id: desk.id,
    projectId: desk.projectId,
    projectName: desk.projectName,
    projectKey: desk.projectKey,
    _links: { self: `${context.serializer.baseUrl}${API}/servicedesk/${desk.id}` },
  };
}

function validValuesFor(context: RestContext, fieldId: string): { value: string; label: string; children: [] }[] {
  const { site } = context.state;
  switch (fieldId) {
    case 'priority':
      return PRIORITIES.map((p) => ({ value: p.id, label: p.name, children: [] }));
    case FIELD_IDS.urgency:
      return URGENCIES.map((u) => ({ value: u.id, label: u.value, children: [] }));
    case FIELD_IDS.team:
      return site.teams.map((team) => ({ value: team.id, label: team.name, children: [] }));
    case FIELD_IDS.affectedServices:
      return site.services.map((service) => ({ value: service.id, label: service.name, children: [] }));
    default:
      return [];
  }
}

/** GET .../request/{issueIdOrKey}/comment: the request's comments, public and internal unless `public=false` or `internal=false`, paged (at most 100). */
export function commentPage(context: RestContext, comments: readonly CommentRecord[]): RestResult {
  const wantPublic = context.query.get('public') !== 'false';
  const wantInternal = context.query.get('internal') !== 'false';
  const shown = comments.filter((comment) => (comment.public ? wantPublic : wantInternal));
  return {
    status: 200,
    body: pagedDto(
      shown.map((comment) => context.serializer.comment(comment)),
      context.query,
      self(context),
      100,
    ),
  };
}

export const serviceDeskRoutes: Route[] = [
  {
    method: 'GET',
    pattern: `${API}/servicedesk`,
    handler: (context) => ({ status: 200, body: pagedDto([deskDto(context, context.state.serviceDesk)], context.query, self(context)) }),
  },
  {
    method: 'GET',
    pattern: `${API}/servicedesk/:serviceDeskId`,
    handler: (context) => {
      findDesk(context);
      return { status: 200, body: deskDto(context, context.state.serviceDesk) };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/servicedesk/:serviceDeskId/requesttype`,
    handler: (context) => {
      const desk = findDesk(context);
      const values = REQUEST_TYPES.map((rt) => ({
        id: rt.id,
        name: rt.name,
        description: rt.description,
        helpText: '',
        issueTypeId: rt.issueTypeId,
        serviceDeskId: desk.id,
        groupIds: ['1'],
        _links: { self: `${context.serializer.baseUrl}${API}/servicedesk/${desk.id}/requesttype/${rt.id}` },
      }));
      return { status: 200, body: pagedDto(values, context.query, self(context)) };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/servicedesk/:serviceDeskId/requesttype/:requestTypeId/field`,
    handler: (context) => {
      findDesk(context);
      const rt = REQUEST_TYPES.find((item) => item.id === context.params.requestTypeId);
      if (!rt) throw jiraErrors.notFound(`The request type ${context.params.requestTypeId} does not exist.`);
      return {
        status: 200,
        body: {
          canRaiseOnBehalfOf: true,
          canAddRequestParticipants: true,
          requestTypeFields: rt.fields.map((field) => ({
            fieldId: field.fieldId,
            name: field.name,
            description: '',
            required: field.required,
            visible: true,
            validValues: validValuesFor(context, field.fieldId),
            jiraSchema: field.fieldId === 'labels' ? { type: 'array', items: 'string', system: 'labels' } : { type: 'string' },
          })),
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: `${API}/request`,
    handler: (context) => {
      const body = context.body;
      if (!isObject(body)) throw jiraErrors.badRequest(['The request body must be a JSON object.']);
      const desk = context.state.serviceDesk;
      if (String(body.serviceDeskId ?? '') !== desk.id)
        throw jiraErrors.badRequest([`The service desk ${String(body.serviceDeskId ?? '(missing)')} does not exist.`]);
      const rt = REQUEST_TYPES.find((item) => item.id === String(body.requestTypeId ?? ''));
      if (!rt)
        throw jiraErrors.badRequest([
          `The request type ${String(body.requestTypeId ?? '(missing)')} does not exist in service desk ${desk.id}.`,
        ]);
      const values = isObject(body.requestFieldValues) ? body.requestFieldValues : {};
      if (typeof values.summary !== 'string') throw jiraErrors.fieldErrors({ summary: 'You must specify a summary of the issue.' });
      const missing = rt.fields.filter(
        (field) => field.required && (values[field.fieldId] === undefined || values[field.fieldId] === null),
      );
      if (missing.length > 0)
        throw jiraErrors.fieldErrors(Object.fromEntries(missing.map((field) => [field.fieldId, `${field.name} is required.`])));
      const change = parseFieldValues(context.state, values, 'servicedesk', new Set(rt.fields.map((field) => field.fieldId)));
      let reporterId = context.actor.accountId;
      if (body.raiseOnBehalfOf !== undefined) {
        const onBehalf =
          typeof body.raiseOnBehalfOf === 'string'
            ? (context.state.getUser(body.raiseOnBehalfOf) ?? context.state.getUserByEmail(body.raiseOnBehalfOf))
            : undefined;
        if (!onBehalf)
          throw jiraErrors.badRequest([
            `The user '${String(body.raiseOnBehalfOf)}' does not exist or is not a customer of this service desk.`,
          ]);
        reporterId = onBehalf.accountId;
      }
      const issue = context.state.createIssue({
        requestTypeId: rt.id,
        summary: change.summary ?? '',
        description: change.description ?? null,
        priorityName: change.priorityName,
        labels: change.labels,
        reporterId,
        teamId: change.teamId,
        affectedServiceIds: change.affectedServiceIds,
        configurationItemIds: change.configurationItemIds,
        urgency: change.urgency,
      });
      return { status: 201, body: context.serializer.customerRequest(issue) };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/request/:issueIdOrKey`,
    handler: (context) => ({
      status: 200,
      body: context.serializer.customerRequest(findIssue(context.state, context.params.issueIdOrKey)),
    }),
  },
  {
    method: 'GET',
    pattern: `${API}/request/:issueIdOrKey/comment`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      return commentPage(context, context.state.commentsOf(issue));
    },
  },
  {
    method: 'POST',
    pattern: `${API}/request/:issueIdOrKey/comment`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const body = context.body;
      if (!isObject(body) || typeof body.body !== 'string' || body.body.trim() === '')
        throw jiraErrors.badRequest(['The comment body must not be empty.']);
      if (body.public !== undefined && typeof body.public !== 'boolean') throw jiraErrors.badRequest(['public must be true or false.']);
      if (body.body.length > TEXT_LIMIT) throw jiraErrors.textTooLong('comment');
      assertMayEdit(context.state, issue, 'comment');
      const comment = context.state.addComment(issue, context.actor.accountId, body.body, body.public !== false);
      return { status: 201, body: context.serializer.comment(comment) };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/request/:issueIdOrKey/transition`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const values = context.state.availableTransitions(issue).map((transition) => ({ id: transition.id, name: transition.name }));
      return { status: 200, body: pagedDto(values, context.query, self(context)) };
    },
  },
  {
    method: 'POST',
    pattern: `${API}/request/:issueIdOrKey/transition`,
    handler: (context) => {
      const issue = findIssue(context.state, context.params.issueIdOrKey);
      const body = context.body;
      if (!isObject(body) || typeof body.id !== 'string')
        throw jiraErrors.badRequest(['Send the transition to perform: {"id": "<transition id>"}.']);
      const comment =
        isObject(body.additionalComment) && typeof body.additionalComment.body === 'string' ? body.additionalComment.body : null;
      if (comment !== null && comment.length > TEXT_LIMIT) throw jiraErrors.textTooLong('comment');
      assertMayEdit(context.state, issue, 'transition');
      const transition = context.state.availableTransitions(issue).find((item) => item.id === body.id);
      if (!transition) throw jiraErrors.invalidTransition(body.id);
      context.state.transitionIssue(issue, transition.id, null, context.actor.accountId);
      if (comment) context.state.addComment(issue, context.actor.accountId, comment, true);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: `${API}/assets/workspace`,
    handler: (context) => ({
      status: 200,
      body: pagedDto([{ workspaceId: context.state.site.workspaceId }], context.query, self(context)),
    }),
  },
];
