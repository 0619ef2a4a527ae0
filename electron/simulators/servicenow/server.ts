/**
 * The simulator's HTTP front door (plain node:http): control routes under /_simulator,
 * a read-only incident page for the console's "open in ServiceNow" links, then for every
 * API request (Table API, Service Catalog, Change Management): record it, apply an armed
 * fault, authenticate (Basic, Bearer or x-sn-apikey), count it against the hourly rate
 * limit, and route it, answering failures with ServiceNow's error body. The Date header
 * follows the simulated clock.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, controlRouteOf, handleControlRoute, readControlJson } from '../http/control-routes';
import { gatewayErrorReason, waitOutSlowFault } from '../http/fault-queue';
import { readBody as readRequestBody, sendJson } from '../http/http-io';
import { recordRequest } from '../http/request-log';
import { authenticate } from './auth';
import { handleChangeRequest, isChangePath } from './change-api';
import type { ChangeSerializer } from './change-serializer';
import type { ChangeManagement } from './change-workflow';
import { simulatorControl, type SimulatorClock } from './controls';
import { snErrors, SnApiError } from './errors';
import { omitField, ServiceNowFaultSchema, type ServiceNowFaultQueue } from './faults';
import { incidentPage } from './incident-page';
import type { HourlyRateLimiter } from './rate-limiter';
import type { Serializer } from './serializer';
import type { ServiceNowState } from './state';
import { isOrderPath, type ServiceCatalog } from './service-catalog';
import { handleTableRequest, isTablePath } from './table-api';
import type { RecordedRequest, SimulatorCredential } from './types';

const SN_JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The request log keeps at most this many records (oldest dropped). */
const MAX_RECORDED_REQUESTS = 20_000;
/** Retry-After of an injected 429, in seconds. */
export const INJECTED_RETRY_AFTER_SECONDS = 2;

export interface ServerDeps {
  state: ServiceNowState;
  faults: ServiceNowFaultQueue;
  limiter: HourlyRateLimiter;
  validCredentials: readonly SimulatorCredential[] | null;
  requests: RecordedRequest[];
  serializer: () => Serializer;
  baseUrl: () => string;
  pendingTimers: Set<NodeJS.Timeout>;
  /** The Service Catalog (order_now, requested items). */
  catalog: ServiceCatalog;
  /** Change Management (sn_chg_rest, and change_request writes through the Table API). */
  changes: ChangeManagement;
  changeSerializer: ChangeSerializer;
  clock: SimulatorClock;
}

function readBody(req: IncomingMessage): Promise<string> {
  return readRequestBody(
    req,
    MAX_BODY_BYTES,
    () =>
      new SnApiError(413, {
        error: { message: 'Request Entity Too Large', detail: 'The request body is larger than 5 MB' },
        status: 'failure',
      }),
  );
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, headers, SN_JSON_CONTENT_TYPE);
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (error instanceof SnApiError) return send(res, error.status, error.body, error.headers);
      console.error('[servicenow-simulator] unexpected error', error);
      send(res, 500, snErrors.internal().body);
    });
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  // The Date header follows the instance's clock, as sys_updated_on does (clients take "now" from it).
  res.setHeader('Date', new Date(deps.state.now()).toUTCString());
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(deps, method, url.pathname, req, res);
  if (method === 'GET' && (url.pathname === '/nav_to.do' || url.pathname === '/incident.do')) {
    const page = incidentPage(deps.state, url);
    res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page.html);
    return;
  }

  const rawBody = await readBody(req);
  recordRequest(deps.requests, req, res, url, method, rawBody, deps.state.now(), { maxRecords: MAX_RECORDED_REQUESTS, trimBy: 1000 });

  const parsed = parseJson(rawBody);
  const bodyFields =
    parsed.ok && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? Object.keys(parsed.value) : [];
  const fault = deps.faults.take({ pathname: url.pathname, method, bodyFields });
  if (fault) {
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'rate-limit':
        throw snErrors.rateLimited(deps.limiter.limitPerHour, deps.limiter.refusalHeaders('integration', INJECTED_RETRY_AFTER_SECONDS));
      case 'server-error': {
        const status = fault.status ?? 500;
        if (status === 500) throw snErrors.internal();
        const reason = gatewayErrorReason(status);
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(
          `<html><head><title>${status} ${reason}</title></head><body><h1>${reason}</h1><p>The instance is unavailable.</p></body></html>\n`,
        );
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': SN_JSON_CONTENT_TYPE });
        res.end('{"result":[{"sys_id":"0123456789abcdef0123456789abcdef","number":"INC00');
        return;
      case 'acl-refusal':
        throw snErrors.aclRefused();
      case 'slow':
        await waitOutSlowFault(fault.delayMs, deps.pendingTimers);
        if (res.destroyed) return;
        break;
      case 'omit-field':
        break;
    }
  }
  const answer = (body: unknown): unknown => (fault?.kind === 'omit-field' ? omitField(body, fault.field) : body);

  const userName = authenticate(req.headers, deps.validCredentials, (name) => deps.state.userByName(name) !== undefined);
  if (userName === null) throw snErrors.unauthenticated();
  const verdict = deps.limiter.take(userName);
  if (!verdict.allowed) throw snErrors.rateLimited(deps.limiter.limitPerHour, verdict.headers);
  const ordering = isOrderPath(url.pathname);
  const changeApi = isChangePath(url.pathname);
  if (!ordering && !changeApi && !isTablePath(url.pathname)) throw snErrors.invalidPath(url.pathname);
  if (!parsed.ok) {
    throw new SnApiError(
      400,
      { error: { message: 'Exception while reading request', detail: 'The payload is not valid JSON.' }, status: 'failure' },
      verdict.headers,
    );
  }
  try {
    if (ordering) {
      if (method !== 'POST') throw snErrors.methodNotAllowed();
      const ordered = deps.catalog.order(url.pathname, parsed.value, userName);
      return send(res, ordered.status, answer(ordered.body), verdict.headers);
    }
    if (changeApi) {
      const result = handleChangeRequest({
        method,
        url,
        body: parsed.value,
        userName,
        state: deps.state,
        changes: deps.changes,
        serializer: deps.changeSerializer,
      });
      return send(res, result.status, answer(result.body), verdict.headers);
    }
    const result = handleTableRequest({
      method,
      url,
      body: parsed.value,
      userName,
      state: deps.state,
      serializer: deps.serializer(),
      baseUrl: deps.baseUrl(),
      catalog: deps.catalog,
      changes: deps.changes,
    });
    send(res, result.status, answer(result.body), { ...verdict.headers, ...result.headers });
  } catch (error) {
    if (error instanceof SnApiError) return send(res, error.status, error.body, { ...verdict.headers, ...error.headers });
    throw error;
  }
}

async function handleControl(deps: ServerDeps, method: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = controlRouteOf(method, pathname);
  if (route === 'POST /_simulator/clock' || route === 'POST /_simulator/changes/decide') {
    const answered = simulatorControl(route, await readControlJson(req, readBody), deps);
    if (answered) return send(res, answered.status, answered.body);
  }
  return handleControlRoute(method, pathname, req, res, {
    faultSchema: ServiceNowFaultSchema,
    faults: deps.faults,
    requests: deps.requests,
    readBody,
    send,
    unknownRouteHint: '; see electron/simulators/servicenow/index.ts',
  });
}
