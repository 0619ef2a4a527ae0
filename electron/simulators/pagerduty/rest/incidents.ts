/**
 * REST v2 incident routes: list (filters, date range, sort, include[]), show, update
 * one, bulk update (at most 250), create, notes, the incident's log entries and alerts,
 * snooze, responder requests and merge.
 */
import { z } from 'zod';
import { errors } from '../errors';
import { MAX_SNOOZE_SECONDS, StateError } from '../state';
import type { IncidentRecord, UserRecord } from '../types';
import { boolParam, enumParam, includeParam, listParam, pageParams, paginate, timeParam } from './query';
import type { RestContext, RestResult, Route } from './router';

const DAY = 24 * 60 * 60 * 1000;
const MAX_RANGE = 183 * DAY;
const MAX_BULK_UPDATE = 250;

const Reference = z.object({ id: z.string().min(1, 'id must not be empty'), type: z.string().optional() });

const IncidentChange = z.object({
  type: z.enum(['incident', 'incident_reference'], { error: 'type must be "incident" or "incident_reference"' }),
  status: z
    .enum(['resolved', 'acknowledged', 'triggered'], { error: 'status must be one of resolved, acknowledged, triggered' })
    .optional(),
  resolution: z.string().optional(),
  title: z.string().min(1, 'title must not be empty').optional(),
  priority: z.union([Reference, z.string().min(1), z.null()]).optional(),
  escalation_level: z.number().int('escalation_level must be an integer').optional(),
  assignments: z
    .array(z.object({ assignee: Reference }))
    .min(1, 'assignments must name at least one assignee')
    .optional(),
  escalation_policy: Reference.optional(),
  urgency: z.enum(['high', 'low'], { error: 'urgency must be high or low' }).optional(),
});
type IncidentChange = z.infer<typeof IncidentChange>;

const UpdateOneBody = z.object({ incident: IncidentChange });
const UpdateManyBody = z.object({ incidents: z.array(IncidentChange.extend({ id: z.string().min(1, 'each incident needs its id') })) });
const NoteBody = z.object({
  note: z.object({
    content: z.string().trim().min(1, 'note.content must not be empty').max(25_000, 'note.content is at most 25000 characters'),
  }),
});
const SnoozeBody = z.object({
  duration: z
    .number({ error: 'duration must be a number of seconds' })
    .int('duration must be a whole number of seconds')
    .min(1, 'duration must be at least 1 second')
    .max(MAX_SNOOZE_SECONDS, `duration must be at most ${MAX_SNOOZE_SECONDS} seconds (7 days)`),
});
/** A target as documented (`{responder_request_target: {id, type}}`) or unwrapped (`{id, type}`). */
const ResponderTarget = z
  .union([z.object({ responder_request_target: Reference }), Reference])
  .transform((target) => ('responder_request_target' in target ? target.responder_request_target : target))
  .pipe(
    z.object({
      id: z.string(),
      type: z.enum(['user_reference', 'user', 'escalation_policy_reference', 'escalation_policy'], {
        error: 'each target type must be user_reference or escalation_policy_reference',
      }),
    }),
  );
const ResponderRequestBody = z.object({
  requester_id: z.string({ error: 'requester_id is required (the user asking for help)' }).min(1, 'requester_id must not be empty'),
  message: z.string({ error: 'message is required' }).trim().min(1, 'message must not be empty'),
  responder_request_targets: z
    .array(ResponderTarget, { error: 'responder_request_targets must be an array' })
    .min(1, 'responder_request_targets must name at least one target'),
});
const MergeBody = z.object({
  source_incidents: z
    .array(Reference, { error: 'source_incidents must be an array of incident references' })
    .min(1, 'source_incidents must list at least one incident'),
});
const CreateBody = z.object({
  incident: z.object({
    type: z.literal('incident', { error: 'incident.type must be "incident"' }),
    title: z.string().min(1, 'incident.title must not be empty'),
    service: Reference,
    priority: Reference.optional(),
    urgency: z.enum(['high', 'low']).optional(),
    body: z.object({ type: z.string().optional(), details: z.string().optional() }).optional(),
    incident_key: z.string().min(1).optional(),
    assignments: z.array(z.object({ assignee: Reference })).optional(),
    escalation_policy: Reference.optional(),
  }),
});

/** Parses a body with zod, answering 400 with one line per problem. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw errors.invalidInput(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`));
}

function requireIncident(context: RestContext): IncidentRecord {
  const incident = context.state.getIncident(context.params.id ?? '');
  if (!incident) throw errors.notFound();
  return incident;
}

function requester(context: RestContext): UserRecord {
  if (!context.requester) throw errors.fromHeaderMissing();
  return context.requester;
}

function rethrow(error: unknown): never {
  if (error instanceof StateError) {
    if (error.reason === 'not-found') throw errors.notFound();
    if (error.reason === 'forbidden') throw errors.forbidden([error.message]);
    if (error.reason === 'already-resolved') throw errors.alreadyResolved([]);
    throw errors.invalidInput([error.message]);
  }
  throw error;
}

const SORT_FIELDS = ['incident_number', 'created_at', 'resolved_at', 'urgency'] as const;

function sortIncidents(incidents: IncidentRecord[], sortBy: string[]): IncidentRecord[] {
  if (sortBy.length === 0) return incidents;
  if (sortBy.length > 2) throw errors.invalidInput(['sort_by takes at most two fields']);
  const keys = sortBy.map((spec) => {
    const [field = '', direction = 'asc'] = spec.split(':');
    if (!(SORT_FIELDS as readonly string[]).includes(field) || !['asc', 'desc'].includes(direction)) {
      throw errors.invalidInput([
        `sort_by must be field:direction with field one of ${SORT_FIELDS.join(', ')} and direction asc or desc (got "${spec}")`,
      ]);
    }
    return { field, sign: direction === 'desc' ? -1 : 1 };
  });
  const value = (incident: IncidentRecord, field: string): number => {
    if (field === 'created_at') return incident.createdAt;
    if (field === 'resolved_at') return incident.resolvedAt ?? Number.MAX_SAFE_INTEGER;
    if (field === 'urgency') return incident.urgency === 'high' ? 1 : 0;
    return incident.number;
  };
  return [...incidents].sort((a, b) => {
    for (const key of keys) {
      const diff = value(a, key.field) - value(b, key.field);
      if (diff !== 0) return diff * key.sign;
    }
    return a.number - b.number;
  });
}

function listIncidents(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const page = pageParams(query);
  const include = includeParam(query);
  const statuses = enumParam(query, 'statuses', ['triggered', 'acknowledged', 'resolved'] as const);
  const urgencies = enumParam(query, 'urgencies', ['high', 'low'] as const);
  const dateRange = query.get('date_range');
  if (dateRange !== null && dateRange !== 'all') throw errors.invalidInput(['date_range must be "all" when given']);
  let since = timeParam(query, 'since');
  let until = timeParam(query, 'until');
  let rangeAppliesToResolvedOnly = false;
  if (dateRange === 'all') {
    since = undefined;
    until = undefined;
  } else if (since !== undefined || until !== undefined) {
    until ??= Math.max(state.now(), since ?? 0);
    since ??= until - 30 * DAY;
    if (since > until) throw errors.invalidDateRange(['since must be before until']);
    if (until - since > MAX_RANGE) throw errors.invalidDateRange(['The date range may span at most 6 months']);
  } else {
    // No range asked for: PagerDuty's default window (the last month) for resolved
    // incidents, while open incidents are always listed whatever their age.
    until = undefined;
    since = state.now() - 30 * DAY;
    rangeAppliesToResolvedOnly = true;
  }
  const incidentKey = query.get('incident_key') ?? undefined;
  const matching = state.listIncidents({
    statuses,
    urgencies,
    serviceIds: listParam(query, 'service_ids'),
    teamIds: listParam(query, 'team_ids'),
    userIds: listParam(query, 'user_ids'),
    ...(incidentKey !== undefined ? { incidentKey } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    rangeAppliesToResolvedOnly,
  });
  const sorted = sortIncidents(matching, listParam(query, 'sort_by'));
  return { status: 200, body: paginate('incidents', sorted, page, (incident) => serializer.incident(incident, include)) };
}

function showIncident(context: RestContext): RestResult {
  const incident = requireIncident(context);
  return { status: 200, body: { incident: context.serializer.incident(incident, includeParam(context.query)) } };
}

/** Checks a change against the state without applying it, so a bulk update is all or nothing. */
function validateChange(context: RestContext, incident: IncidentRecord, change: IncidentChange): void {
  const { state } = context;
  const problems: string[] = [];
  if (change.priority !== undefined && change.priority !== null) {
    const found = typeof change.priority === 'string' ? state.getPriorityByName(change.priority) : state.getPriority(change.priority.id);
    if (!found) problems.push(`priority ${typeof change.priority === 'string' ? change.priority : change.priority.id} does not exist`);
  }
  for (const assignment of change.assignments ?? []) {
    if (!state.getUser(assignment.assignee.id)) problems.push(`assignee ${assignment.assignee.id} is not a user of this account`);
  }
  if (change.assignments !== undefined && change.escalation_policy !== undefined) {
    problems.push('assignments and escalation_policy cannot both be given: assign to users or to an escalation policy');
  }
  if (change.escalation_policy && !state.getEscalationPolicy(change.escalation_policy.id)) {
    problems.push(`escalation_policy ${change.escalation_policy.id} does not exist`);
  }
  if (change.escalation_level !== undefined) {
    const levels = state.getEscalationPolicy(change.escalation_policy?.id ?? incident.escalationPolicyId)?.rules.length ?? 0;
    if (change.escalation_level < 1 || change.escalation_level > levels) problems.push(`escalation_level must be between 1 and ${levels}`);
  }
  if (problems.length > 0) throw errors.invalidInput(problems);
  const reassigning = change.assignments !== undefined || change.escalation_level !== undefined || change.escalation_policy !== undefined;
  if (incident.status === 'resolved' && (change.status === 'resolved' || (reassigning && change.status === undefined))) {
    throw errors.alreadyResolved([incident.id]);
  }
}

function applyChange(context: RestContext, incident: IncidentRecord, change: IncidentChange): IncidentRecord {
  const { state } = context;
  const agent = { type: 'user', id: requester(context).id } as const;
  const channel = { type: 'website' } as const;
  try {
    if (change.title !== undefined) state.setTitle(incident.id, change.title);
    if (change.urgency !== undefined) state.setUrgency(incident.id, change.urgency, agent, channel);
    if (change.priority !== undefined) {
      const priority =
        change.priority === null
          ? null
          : typeof change.priority === 'string'
            ? state.getPriorityByName(change.priority)
            : state.getPriority(change.priority.id);
      state.setPriority(incident.id, priority?.id ?? null);
    }
    if (change.status === 'triggered' && incident.status !== 'triggered') state.retrigger(incident.id, agent, channel);
    if (change.escalation_policy !== undefined) state.reassignToPolicy(incident.id, change.escalation_policy.id, agent, channel);
    if (change.assignments !== undefined)
      state.reassign(
        incident.id,
        change.assignments.map((each) => each.assignee.id),
        agent,
        channel,
      );
    if (change.escalation_level !== undefined) state.escalate(incident.id, change.escalation_level, agent, channel);
    if (change.status === 'acknowledged') state.acknowledge(incident.id, agent, channel);
    if (change.status === 'resolved') state.resolve(incident.id, agent, channel, change.resolution);
  } catch (error) {
    rethrow(error);
  }
  return incident;
}

function updateIncident(context: RestContext): RestResult {
  requester(context);
  const body = parseBody(UpdateOneBody, context.body);
  const incident = requireIncident(context);
  validateChange(context, incident, body.incident);
  applyChange(context, incident, body.incident);
  return { status: 200, body: { incident: context.serializer.incident(incident) } };
}

function updateIncidents(context: RestContext): RestResult {
  requester(context);
  const raw = context.body as { incidents?: unknown } | null;
  if (raw && Array.isArray(raw.incidents) && raw.incidents.length > MAX_BULK_UPDATE) {
    throw errors.tooLarge([
      `At most ${MAX_BULK_UPDATE} incidents may be updated at a time (got ${raw.incidents.length}); split the update into batches`,
    ]);
  }
  const body = parseBody(UpdateManyBody, context.body);
  if (body.incidents.length === 0) throw errors.invalidInput(['incidents must list at least one incident']);
  const targets = body.incidents.map((change) => {
    const incident = context.state.getIncident(change.id);
    if (!incident) throw errors.invalidInput([`Incident ${change.id} not found`]);
    return { incident, change };
  });
  const resolved = targets
    .filter(({ incident, change }) => incident.status === 'resolved' && change.status === 'resolved')
    .map(({ incident }) => incident.id);
  if (resolved.length > 0) throw errors.alreadyResolved(resolved);
  for (const { incident, change } of targets) validateChange(context, incident, change);
  for (const { incident, change } of targets) applyChange(context, incident, change);
  return { status: 200, body: { incidents: targets.map(({ incident }) => context.serializer.incident(incident)) } };
}

function createIncident(context: RestContext): RestResult {
  const user = requester(context);
  const { incident: input } = parseBody(CreateBody, context.body);
  const { state } = context;
  if (!state.getService(input.service.id)) throw errors.invalidInput([`service ${input.service.id} does not exist`]);
  if (input.priority && !state.getPriority(input.priority.id)) throw errors.invalidInput([`priority ${input.priority.id} does not exist`]);
  if (input.assignments && input.escalation_policy)
    throw errors.invalidInput(['assignments cannot be given together with escalation_policy']);
  for (const assignment of input.assignments ?? []) {
    if (!state.getUser(assignment.assignee.id))
      throw errors.invalidInput([`assignee ${assignment.assignee.id} is not a user of this account`]);
  }
  if (input.escalation_policy && !state.getEscalationPolicy(input.escalation_policy.id)) {
    throw errors.invalidInput([`escalation_policy ${input.escalation_policy.id} does not exist`]);
  }
  try {
    const incident = state.createIncident({
      serviceId: input.service.id,
      title: input.title,
      ...(input.urgency ? { urgency: input.urgency } : {}),
      priorityId: input.priority?.id ?? null,
      incidentKey: input.incident_key ?? null,
      description: input.body?.details ?? null,
      ...(input.escalation_policy ? { escalationPolicyId: input.escalation_policy.id } : {}),
      ...(input.assignments ? { assigneeIds: input.assignments.map((each) => each.assignee.id) } : {}),
      agent: { type: 'user', id: user.id },
      channel: { type: 'web_trigger' },
    });
    return { status: 201, body: { incident: context.serializer.incident(incident) } };
  } catch (error) {
    rethrow(error);
  }
}

function listNotes(context: RestContext): RestResult {
  const incident = requireIncident(context);
  return { status: 200, body: { notes: context.state.notesOf(incident).map((note) => context.serializer.note(note)) } };
}

/** PUT /incidents/{id}/notes/{note_id}: the author edits a note. */
function updateNote(context: RestContext): RestResult {
  const user = requester(context);
  const body = parseBody(NoteBody, context.body);
  const incident = requireIncident(context);
  try {
    const note = context.state.updateNote(incident.id, context.params.note_id ?? '', user.id, body.note.content);
    return { status: 200, body: { note: context.serializer.note(note) } };
  } catch (error) {
    rethrow(error);
  }
}

/** DELETE /incidents/{id}/notes/{note_id}: no From header; a personal token acts as its user, who must be the author. */
function deleteNote(context: RestContext): RestResult {
  const incident = requireIncident(context);
  try {
    context.state.deleteNote(incident.id, context.params.note_id ?? '', context.callerIsPersonal ? context.caller.id : null);
    return { status: 204, body: undefined };
  } catch (error) {
    rethrow(error);
  }
}

function addNote(context: RestContext): RestResult {
  const user = requester(context);
  const body = parseBody(NoteBody, context.body);
  const incident = requireIncident(context);
  try {
    const note = context.state.addNote(incident.id, user.id, body.note.content);
    return { status: 200, body: { note: context.serializer.note(note) } };
  } catch (error) {
    rethrow(error);
  }
}

function incidentLogEntries(context: RestContext): RestResult {
  const incident = requireIncident(context);
  const { query, serializer } = context;
  const page = pageParams(query);
  const include = includeParam(query);
  const since = timeParam(query, 'since');
  const until = timeParam(query, 'until');
  const overview = boolParam(query, 'is_overview');
  const entries = context.state
    .logEntriesOf(incident)
    .filter(
      (entry) =>
        (since === undefined || entry.createdAt >= since) &&
        (until === undefined || entry.createdAt < until) &&
        (!overview || entry.isOverview),
    )
    .reverse();
  return { status: 200, body: paginate('log_entries', entries, page, (entry) => serializer.logEntry(entry, include)) };
}

function incidentAlerts(context: RestContext): RestResult {
  const incident = requireIncident(context);
  const { query, serializer } = context;
  const page = pageParams(query);
  const statuses = enumParam(query, 'statuses', ['triggered', 'resolved'] as const);
  const alertKey = query.get('alert_key');
  const sortBy = query.get('sort_by') ?? 'created_at:asc';
  if (!['created_at', 'created_at:asc', 'created_at:desc', 'resolved_at', 'resolved_at:asc', 'resolved_at:desc'].includes(sortBy)) {
    throw errors.invalidInput([`sort_by must be created_at or resolved_at, optionally with :asc or :desc (got "${sortBy}")`]);
  }
  const [field, direction] = sortBy.split(':');
  const alerts = context.state
    .alertsOf(incident)
    .filter((alert) => (statuses.length === 0 || statuses.includes(alert.status)) && (alertKey === null || alert.alertKey === alertKey))
    .sort((a, b) => {
      const diff = field === 'resolved_at' ? (a.resolvedAt ?? Infinity) - (b.resolvedAt ?? Infinity) : a.createdAt - b.createdAt;
      return (direction === 'desc' ? -1 : 1) * (Number.isNaN(diff) ? 0 : diff);
    });
  return { status: 200, body: paginate('alerts', alerts, page, (alert) => serializer.alert(alert)) };
}

function snoozeIncident(context: RestContext): RestResult {
  const user = requester(context);
  const body = parseBody(SnoozeBody, context.body);
  const incident = requireIncident(context);
  try {
    context.state.snooze(incident.id, body.duration, { type: 'user', id: user.id }, { type: 'website' });
  } catch (error) {
    rethrow(error);
  }
  return { status: 201, body: { incident: context.serializer.incident(incident) } };
}

/** POST /incidents/{id}/responder_requests: the requester comes from requester_id (the document lists no From header). */
function createResponderRequest(context: RestContext): RestResult {
  const body = parseBody(ResponderRequestBody, context.body);
  const incident = requireIncident(context);
  const targets = body.responder_request_targets.map((target) => ({
    type: target.type.startsWith('user') ? ('user' as const) : ('escalation_policy' as const),
    id: target.id,
  }));
  try {
    const request = context.state.requestResponders(incident.id, body.requester_id, body.message, targets);
    return { status: 200, body: { responder_request: context.serializer.responderRequest(incident, request) } };
  } catch (error) {
    rethrow(error);
  }
}

function mergeIncidents(context: RestContext): RestResult {
  const user = requester(context);
  const body = parseBody(MergeBody, context.body);
  const target = requireIncident(context);
  for (const source of body.source_incidents) {
    if (!context.state.getIncident(source.id)) throw errors.invalidInput([`Incident ${source.id} not found`]);
  }
  try {
    context.state.merge(
      target.id,
      body.source_incidents.map((source) => source.id),
      { type: 'user', id: user.id },
      { type: 'website' },
    );
  } catch (error) {
    rethrow(error);
  }
  return { status: 200, body: { incident: context.serializer.incidentRef(target) } };
}

export const incidentRoutes: Route[] = [
  { method: 'GET', pattern: '/incidents', handler: listIncidents },
  { method: 'PUT', pattern: '/incidents', handler: updateIncidents },
  { method: 'POST', pattern: '/incidents', handler: createIncident },
  { method: 'GET', pattern: '/incidents/:id', handler: showIncident },
  { method: 'PUT', pattern: '/incidents/:id', handler: updateIncident },
  { method: 'GET', pattern: '/incidents/:id/notes', handler: listNotes },
  { method: 'POST', pattern: '/incidents/:id/notes', handler: addNote },
  { method: 'PUT', pattern: '/incidents/:id/notes/:note_id', handler: updateNote },
  { method: 'DELETE', pattern: '/incidents/:id/notes/:note_id', handler: deleteNote },
  { method: 'GET', pattern: '/incidents/:id/log_entries', handler: incidentLogEntries },
  { method: 'GET', pattern: '/incidents/:id/alerts', handler: incidentAlerts },
  { method: 'POST', pattern: '/incidents/:id/snooze', handler: snoozeIncident },
  { method: 'POST', pattern: '/incidents/:id/responder_requests', handler: createResponderRequest, fromHeader: 'optional' },
  { method: 'PUT', pattern: '/incidents/:id/merge', handler: mergeIncidents },
];
