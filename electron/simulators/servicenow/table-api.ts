/**
 * The Table API routes: GET a list (encoded query, name-value filters, fields, display
 * values, limit/offset with X-Total-Count and Link headers), GET one record, POST an
 * incident, a change request or a standard change proposal, PATCH/PUT an incident, a
 * requested item (sc_req_item), a change request (the change workflow's rules, refusals in
 * the Table API's words), a proposal or an approval record (change-table-writes.ts). Other
 * tables are read-only for the integration user (403 on writes), as on an instance where it
 * holds itil but no admin role.
 */
import { ChangeRefusal } from './change-model';
import { APPROVAL_WRITE_TABLES, writeApprovalTable } from './change-table-writes';
import type { ChangeManagement } from './change-workflow';
import { QueryError, applyQuery, parseEncodedQuery, type Condition, type ParsedQuery } from './encoded-query';
import { snErrors } from './errors';
import { renderOptionsFrom, type Serializer } from './serializer';
import type { ServiceCatalog } from './service-catalog';
import type { ServiceNowState } from './state';
import type { TableSpec } from './tables';

/** The Table API's default sysparm_limit. */
const DEFAULT_LIMIT = 10_000;
const TABLE_PATH = /^\/api\/now\/(?:v[12]\/)?table\/([A-Za-z0-9_]+)(?:\/([A-Za-z0-9]+))?\/?$/;

export interface TableRequest {
  method: string;
  url: URL;
  /** The parsed JSON body of a write, or undefined for reads. */
  body: unknown;
  /** The acting user's user_name. */
  userName: string;
  state: ServiceNowState;
  serializer: Serializer;
  baseUrl: string;
  /** The Service Catalog rules (requested items are writable). */
  catalog?: ServiceCatalog;
  /** The change workflow (change requests are writable). */
  changes?: ChangeManagement;
}

export interface TableResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function isTablePath(pathname: string): boolean {
  return TABLE_PATH.test(pathname);
}

export function handleTableRequest(request: TableRequest): TableResponse {
  const match = TABLE_PATH.exec(request.url.pathname);
  if (!match) throw snErrors.invalidPath(request.url.pathname);
  const tableName = match[1] ?? '';
  const sysId = match[2];
  const spec = request.state.table(tableName);
  if (!spec) throw snErrors.invalidTable(tableName);
  const render = renderOptionsFrom(request.url.searchParams);
  const one = (record: Record<string, string>) => request.serializer.render(spec, record, render);

  if (request.method === 'GET') {
    if (sysId) {
      const record = request.state.get(tableName, sysId);
      if (!record) throw snErrors.notFound();
      return { status: 200, body: { result: one(record) } };
    }
    return listRecords(request, spec, one);
  }
  if (tableName === 'change_request' && request.changes && request.method !== 'GET') {
    return writeChange(request, request.changes, sysId, one);
  }
  if (APPROVAL_WRITE_TABLES.has(tableName) && request.changes && request.method !== 'DELETE') {
    const { method, userName, baseUrl, changes } = request;
    return writeApprovalTable({ method, table: tableName, sysId, body: objectBody(request.body), userName, baseUrl, changes, render: one });
  }
  if (request.method === 'POST' && !sysId) {
    if (tableName !== 'incident') throw snErrors.aclRefused();
    const created = request.state.createIncident(objectBody(request.body), { actor: request.userName });
    return {
      status: 201,
      body: { result: one(created) },
      headers: { Location: `${request.baseUrl}/api/now/table/incident/${created.sys_id}` },
    };
  }
  if ((request.method === 'PATCH' || request.method === 'PUT') && sysId) {
    if (tableName === 'sc_req_item' && request.catalog) {
      const updated = request.catalog.updateItem(sysId, objectBody(request.body), request.userName);
      return { status: 200, body: { result: one(updated) } };
    }
    if (tableName !== 'incident') {
      if (!request.state.get(tableName, sysId)) throw snErrors.notFound();
      throw snErrors.aclRefused();
    }
    const updated = request.state.updateIncident(sysId, objectBody(request.body), { actor: request.userName });
    return { status: 200, body: { result: one(updated) } };
  }
  if (request.method === 'DELETE' && sysId) {
    if (!request.state.get(tableName, sysId)) throw snErrors.notFound();
    throw snErrors.aclRefused();
  }
  throw snErrors.methodNotAllowed();
}

/** POST (a normal or emergency change) and PATCH/PUT of change_request, answered after the record is rendered, then the workflow's flows run. */
function writeChange(
  request: TableRequest,
  changes: ChangeManagement,
  sysId: string | undefined,
  one: (record: Record<string, string>) => unknown,
): TableResponse {
  try {
    if (request.method === 'POST' && !sysId) {
      const { type, ...fields } = objectBody(request.body);
      const created = changes.create(type === 'emergency' ? 'emergency' : 'normal', fields, request.userName).record;
      return {
        status: 201,
        body: { result: one(created) },
        headers: { Location: `${request.baseUrl}/api/now/table/change_request/${created.sys_id}` },
      };
    }
    if ((request.method === 'PATCH' || request.method === 'PUT') && sysId) {
      const updated = changes.update(sysId, objectBody(request.body), request.userName, { defer: true }).record;
      return { status: 200, body: { result: one(updated) } };
    }
    if (request.method === 'DELETE' && sysId) {
      if (!changes.get(sysId)) throw snErrors.notFound();
      throw snErrors.aclRefused();
    }
    throw snErrors.methodNotAllowed();
  } catch (error) {
    if (error instanceof ChangeRefusal) throw error.forTableApi();
    throw error;
  } finally {
    changes.settle();
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw snErrors.badRequest(
      'Exception while reading request',
      'The payload is not a JSON object: send the fields to set, e.g. {"short_description":"..."}',
    );
  }
  return body as Record<string, unknown>;
}

export function nonNegativeInteger(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw snErrors.badRequest(`${name} is ${raw}`, `${name} must be a whole number`);
  if (value < 0)
    throw snErrors.badRequest(`${name.replace('sysparm_', '')} is ${raw}`, `Negative ${name.replace('sysparm_', '')} is not supported`);
  return value;
}

function listRecords(request: TableRequest, spec: TableSpec, one: (record: Record<string, string>) => unknown): TableResponse {
  const params = request.url.searchParams;
  const limit = nonNegativeInteger(params, 'sysparm_limit', DEFAULT_LIMIT) || DEFAULT_LIMIT;
  const offset = nonNegativeInteger(params, 'sysparm_offset', 0);
  const userSysId = request.state.userByName(request.userName)?.sys_id ?? '';
  let query: ParsedQuery;
  try {
    query = parseEncodedQuery(params.get('sysparm_query') ?? '', { userSysId, fields: new Set(Object.keys(spec.fields)) });
  } catch (error) {
    if (error instanceof QueryError) throw snErrors.invalidQuery(error.message);
    throw error;
  }
  // Name-value pairs (e.g. ?email=a@b.c) filter too: each is an equality condition.
  const pairs: Condition[] = [];
  for (const [name, value] of params) {
    if (!name.startsWith('sysparm_') && name in spec.fields) pairs.push({ field: name, operator: '=', value });
  }
  for (const condition of pairs) query.clauses.push([condition]);

  const all = applyQuery(request.state.rows(spec.name), query);
  const page = all.slice(offset, offset + limit);
  const headers: Record<string, string> = {};
  if ((params.get('sysparm_no_count') ?? 'false') !== 'true') headers['X-Total-Count'] = String(all.length);
  if ((params.get('sysparm_suppress_pagination_header') ?? 'false') !== 'true') {
    headers.Link = linkHeader(request.baseUrl, request.url, all.length, offset, limit);
  }
  return { status: 200, body: { result: page.map(one) }, headers };
}

/** The Link header ServiceNow sends: first, prev (when not on the first page), next (when more remain), last. */
function linkHeader(baseUrl: string, url: URL, total: number, offset: number, limit: number): string {
  const at = (pageOffset: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('sysparm_offset', String(pageOffset));
    params.set('sysparm_limit', String(limit));
    return `${baseUrl}${url.pathname}?${params.toString()}`;
  };
  const links = [`<${at(0)}>;rel="first"`];
  if (offset > 0) links.push(`<${at(Math.max(0, offset - limit))}>;rel="prev"`);
  if (offset + limit < total) links.push(`<${at(offset + limit)}>;rel="next"`);
  const lastOffset = total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  links.push(`<${at(lastOffset)}>;rel="last"`);
  return links.join(',');
}
