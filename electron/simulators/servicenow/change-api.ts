/**
 * The Change Management API's routes (sn_chg_rest, CMAPI; note §1 and §8.1), at
 * /api/sn_chg_rest/change... and the versioned /api/sn_chg_rest/v1/change...: create
 * (normal, emergency, standard from a template, or by model), list and read (all or by
 * type), patch (fields and state moves), approve or reject as the calling user, the next
 * states, risk calculation, conflict checks (start, status and results, cancel) and the
 * standard change templates. Every success is 200; a single record is `{"result": {...}}`
 * (with `__meta.ignoredFields` after a create or patch), a list `{"result": [..., {"__meta": ...}]}`,
 * a started conflict check `{"result": "<worker sys_id>"}`, a cancelled one no body.
 * Refusals use ServiceNow's error body.
 */
import { PathRouter, type PathRoute } from '../http/path-router';
import { snErrors } from './errors';
import { listQuery } from './change-list';
import { ChangeRefusal, nextStates, type ChangeType } from './change-model';
import { CONFLICT_TABLE } from './change-tables';
import type { ChangeSerializer } from './change-serializer';
import type { ChangeManagement } from './change-workflow';
import type { ServiceNowState } from './state';
import { TABLES } from './tables';
import type { SnRecord } from './types';

const CHANGE_PATH = /^\/api\/sn_chg_rest\/(?:v\d+\/)?(change(?:\/.*)?)$/;

export interface ChangeApiRequest {
  method: string;
  url: URL;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** The calling user's user_name. */
  userName: string;
  state: ServiceNowState;
  changes: ChangeManagement;
  serializer: ChangeSerializer;
}

interface Context extends ChangeApiRequest {
  params: Record<string, string>;
}

interface ChangeRoute extends PathRoute {
  handler: (context: Context) => unknown;
}

export function isChangePath(pathname: string): boolean {
  return CHANGE_PATH.test(pathname);
}

const TYPES: readonly ChangeType[] = ['normal', 'emergency', 'standard'];

function route(method: string, pattern: string, handler: (context: Context) => unknown): ChangeRoute {
  return { method, pattern, handler };
}

const router = new PathRouter<ChangeRoute>(/:(\w+)/g).add(
  route('GET', '/change', (context) => listChanges(context, null)),
  route('POST', '/change', createByModel),
  route('GET', '/change/standard/template', listTemplates),
  route('GET', '/change/standard/template/:id', (context) => {
    const producer = context.state.get('std_change_record_producer', context.params.id ?? '');
    if (!producer) throw snErrors.notFound();
    return { result: renderTemplate(context, producer) };
  }),
  ...TYPES.map((type) => route('GET', `/change/${type}`, (context) => listChanges(context, type))),
  route('POST', '/change/normal', (context) => written(context, context.changes.create('normal', fieldsOf(context), context.userName))),
  route('POST', '/change/emergency', (context) =>
    written(context, context.changes.create('emergency', fieldsOf(context), context.userName)),
  ),
  route('POST', '/change/standard/:id', (context) =>
    written(context, context.changes.createStandard(context.params.id ?? '', fieldsOf(context), context.userName)),
  ),
  ...TYPES.flatMap((type) => [
    route('GET', `/change/${type}/:id`, (context) => readChange(context, type)),
    route('PATCH', `/change/${type}/:id`, (context) => patchChange(context, type)),
  ]),
  route('GET', '/change/:id/nextstates', (context) => {
    const change = context.changes.get(context.params.id ?? '');
    if (!change) throw snErrors.notFound();
    return { result: nextStates(change, context.changes.approvals.pending(change.sys_id ?? '').length) };
  }),
  route('PATCH', '/change/:id/risk', (context) => ({
    result: renderChange(context, context.changes.calculateRisk(context.params.id ?? '', context.userName)),
  })),
  route('POST', '/change/:id/conflict', (context) => ({
    result: context.changes.conflicts.start(conflictChange(context), context.userName),
  })),
  route('GET', '/change/:id/conflict', conflictStatus),
  route('DELETE', '/change/:id/conflict', (context) => {
    context.changes.conflicts.cancel(conflictChange(context));
    return undefined;
  }),
  route('PATCH', '/change/:id/approvals', decide),
  // The CMAPI cURL example of the approvals call uses POST.
  route('POST', '/change/:id/approvals', decide),
  route('GET', '/change/:id', (context) => readChange(context, undefined)),
  route('PATCH', '/change/:id', (context) => patchChange(context, undefined)),
);

export function handleChangeRequest(request: ChangeApiRequest): { status: number; body: unknown } {
  const path = `/${CHANGE_PATH.exec(request.url.pathname)?.[1] ?? ''}`.replace(/\/$/, '');
  const found = router.match(request.method, path);
  if (!found.route) throw found.pathKnown ? snErrors.methodNotAllowed() : snErrors.invalidPath(request.url.pathname);
  request.changes.settle();
  try {
    const body = found.route.handler({ ...request, params: found.params });
    return { status: 200, body };
  } catch (error) {
    if (error instanceof ChangeRefusal) throw error.forChangeApi();
    throw error;
  } finally {
    // The flows a move started run once its answer is made (a PATCH to Assess answers Assess).
    request.changes.settle();
  }
}

/** The request's fields: URL query pairs, overridden by the JSON body (CMAPI PATCH /change: "the body wins"). */
function fieldsOf(context: Context): Record<string, unknown> {
  const { body } = context;
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body)))
    throw snErrors.badRequest('Exception while reading request', 'The payload is not a JSON object of change request fields');
  const fields: Record<string, unknown> = {};
  for (const [name, value] of context.url.searchParams) if (!name.startsWith('sysparm_') && name !== 'api_version') fields[name] = value;
  return { ...fields, ...(body as Record<string, unknown> | undefined) };
}

function renderChange(context: Context, record: SnRecord): Record<string, unknown> {
  return context.serializer.render(TABLES.change_request!, record, context.userName);
}

function written(context: Context, write: { record: SnRecord; ignoredFields: string[] }): unknown {
  return { result: { ...renderChange(context, write.record), __meta: { ignoredFields: write.ignoredFields } } };
}

function readChange(context: Context, type: ChangeType | undefined): unknown {
  const change = context.changes.get(context.params.id ?? '', type);
  if (!change) throw snErrors.notFound();
  return { result: renderChange(context, change) };
}

function patchChange(context: Context, type: ChangeType | undefined): unknown {
  return written(context, context.changes.update(context.params.id ?? '', fieldsOf(context), context.userName, { type, defer: true }));
}

/** The change a conflict route names (404 without conflict detection or without the change). */
function conflictChange(context: Context): SnRecord {
  context.changes.conflicts.checkAvailable();
  const change = context.changes.get(context.params.id ?? '');
  if (!change) throw snErrors.notFound();
  return change;
}

function conflictStatus(context: Context): unknown {
  const { records, ...status } = context.changes.conflicts.status(conflictChange(context));
  return { result: { ...status, conflicts: records.map((record) => context.serializer.render(CONFLICT_TABLE, record, context.userName)) } };
}

function decide(context: Context): unknown {
  const fields = fieldsOf(context);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  const change = context.changes.decide(context.params.id ?? '', context.userName, text('state'), text('comments'));
  return { result: renderChange(context, change) };
}

/** POST /change: the model (`chg_model`, a name or sys_id) or `type` picks normal or emergency; neither: normal. */
function createByModel(context: Context): unknown {
  const { chg_model: model, type, ...fields } = fieldsOf(context);
  const modelRecord =
    typeof model === 'string'
      ? context.state.rows('chg_model').find((row) => row.sys_id === model || row.name?.toLowerCase() === model.toLowerCase())
      : undefined;
  const wanted = (modelRecord?.name ?? (typeof type === 'string' ? type : 'normal')).toLowerCase();
  if (wanted === 'standard')
    throw snErrors.badRequest(
      'Invalid change model',
      'Standard changes are created from a template: POST /api/sn_chg_rest/change/standard/{template sys_id}',
    );
  if (wanted !== 'normal' && wanted !== 'emergency')
    throw snErrors.badRequest('Invalid change model', `No change model "${String(model ?? type)}"`);
  return written(context, context.changes.create(wanted, fields, context.userName));
}

function listChanges(context: Context, type: ChangeType | null): unknown {
  const rows = context.state.rows('change_request').filter((row) => !type || row.type === type);
  const answer = listQuery({
    spec: TABLES.change_request!,
    rows,
    params: context.url.searchParams,
    state: context.state,
    userSysId: context.state.userByName(context.userName)?.sys_id ?? '',
    textFields: ['number', 'short_description', 'description'],
    defaultOrder: 'number',
  });
  return { result: [...answer.records.map((record) => renderChange(context, record)), answer.meta] };
}

function renderTemplate(context: Context, producer: SnRecord): Record<string, unknown> {
  return context.serializer.render(TABLES.std_change_record_producer!, producer, context.userName);
}

function listTemplates(context: Context): unknown {
  const answer = listQuery({
    spec: TABLES.std_change_record_producer!,
    rows: context.state.rows('std_change_record_producer'),
    params: context.url.searchParams,
    state: context.state,
    userSysId: context.state.userByName(context.userName)?.sys_id ?? '',
    textFields: ['name', 'short_description', 'description'],
    defaultOrder: 'name',
  });
  return { result: [...answer.records.map((record) => renderTemplate(context, record)), answer.meta] };
}
