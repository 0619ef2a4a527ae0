/**
 * The simulator's HTTP front door (plain node:http): control routes under /_simulator,
 * then for every other request: record it, apply an armed fault, and serve either the
 * Events API (/v2/enqueue, /v2/change/enqueue) or the REST API (token check, per-token rate limit, From
 * header on writes, route, PagerDuty-shaped errors).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, handleControlRoute } from '../http/control-routes';
import { answerFault } from '../http/fault-queue';
import { readBody as readRequestBody, sendJson } from '../http/http-io';
import { recordRequest, type RequestLogLimits } from '../http/request-log';
import { CHANGE_EVENTS_PATH, handleChangeEvent, type ChangeEventsOptions } from './change-events';
import { ApiError, errors } from './errors';
import { handleEvent } from './events-api';
import { FaultSchema, type FaultQueue } from './faults';
import type { IdFactory } from './random';
import type { RateLimiter } from './rate-limiter';
import { changeEventRoutes } from './rest/change-events';
import { directoryRoutes } from './rest/directory';
import { incidentRoutes } from './rest/incidents';
import { logEntryRoutes } from './rest/log-entries';
import { Router, type RestContext } from './rest/router';
import type { Serializer } from './serializers';
import type { SimulatorState } from './state';
import type { RecordedRequest } from './types';

export const EVENTS_PATH = '/v2/enqueue';
/** Issues a personal REST API token for a user of the org: `{"email": "..."}` -> `{"token": "...", "user": {...}}`. */
const USER_TOKENS_ROUTE = `${CONTROL_PREFIX}user-tokens`;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The request log keeps at most this many records (oldest dropped), so a long demo session cannot grow without bound. */
const MAX_RECORDED_REQUESTS = 20_000;
/** Past the cap the log drops its oldest 1,000 records or so at once. */
export const REQUEST_LOG_LIMITS: RequestLogLimits = { maxRecords: MAX_RECORDED_REQUESTS, trimBy: 1000 };

export interface ServerDeps {
  state: SimulatorState;
  ids: IdFactory;
  faults: FaultQueue;
  limiter: RateLimiter;
  validTokens: ReadonlySet<string> | null;
  /** Personal (user) API tokens issued through the control route: token -> user id. */
  userTokens: Map<string, string>;
  requests: RecordedRequest[];
  serializer: () => Serializer;
  /** Timers of slow responses, cleared on close. */
  pendingTimers: Set<NodeJS.Timeout>;
  /** The change events' rate limit and what an over-long summary gets. */
  changeEvents: ChangeEventsOptions;
}

const router = new Router().add(...incidentRoutes, ...logEntryRoutes, ...changeEventRoutes, ...directoryRoutes);

function readBody(req: IncomingMessage): Promise<string> {
  return readRequestBody(
    req,
    MAX_BODY_BYTES,
    () =>
      new ApiError(413, { error: { message: 'Request Entity Too Large', code: 2001, errors: ['The request body is larger than 5 MB'] } }),
  );
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, headers);
}

/** The token of `Authorization: Token token=...` (or an OAuth `Bearer ...`), or null when missing or malformed. */
function tokenOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Token token=([^\s"]+)$/.exec(header.trim()) ?? /^Bearer ([^\s"]+)$/.exec(header.trim());
  return match?.[1] ?? null;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (error instanceof ApiError) return send(res, error.status, error.body);
      console.error('[pagerduty-simulator] unexpected error', error);
      send(res, 500, errors.internal().body);
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(deps, method, url.pathname, req, res);

  const rawBody = await readBody(req);
  recordRequest(deps.requests, req, res, url, method, rawBody, deps.state.now(), REQUEST_LOG_LIMITS);

  const fault = deps.faults.take(url.pathname);
  const answered =
    fault &&
    (await answerFault(fault, req, res, {
      rateLimited: () => {
        const token = tokenOf(headerValue(req, 'authorization'));
        send(res, 429, errors.rateLimited().body, token ? { ...deps.limiter.peek(token), 'ratelimit-remaining': '0' } : {});
      },
      internalError: () => send(res, 500, errors.internal().body),
      truncated: {
        contentType: 'application/json; charset=utf-8',
        text: '{"incidents":[{"id":"Q1TRUNC","type":"incident","summary":"[#1] Trunc',
      },
      pendingTimers: deps.pendingTimers,
    }));
  if (answered) return;

  if (url.pathname === CHANGE_EVENTS_PATH || url.pathname === `${CHANGE_EVENTS_PATH}/`) {
    if (method !== 'POST')
      return send(res, 404, { status: 'invalid request', message: 'Not Found', errors: ['Use POST to send change events'] });
    const result = handleChangeEvent(deps.state, deps.ids, rawBody, deps.changeEvents);
    return send(res, result.status, result.body);
  }
  if (url.pathname === EVENTS_PATH || url.pathname === `${EVENTS_PATH}/`) {
    if (method !== 'POST') return send(res, 404, { status: 'invalid request', message: 'Not Found', errors: ['Use POST to send events'] });
    deps.state.wakeSnoozed();
    const result = handleEvent(deps.state, deps.ids, rawBody);
    return send(res, result.status, result.body);
  }
  return handleRest(deps, method, url, req, res, rawBody);
}

function handleRest(deps: ServerDeps, method: string, url: URL, req: IncomingMessage, res: ServerResponse, rawBody: string): void {
  const token = tokenOf(headerValue(req, 'authorization'));
  const tokenUserId = token ? deps.userTokens.get(token) : undefined;
  if (!token || (deps.validTokens && !deps.validTokens.has(token) && !tokenUserId)) return send(res, 401, errors.unauthorized().body);
  const verdict = deps.limiter.take(token);
  const limitHeaders = verdict.headers;
  if (!verdict.allowed) return send(res, 429, errors.rateLimited().body, limitHeaders);
  try {
    // Snoozes run out on the simulator's clock; the first request after that sees the incident re-triggered.
    deps.state.wakeSnoozed();
    const found = router.match(method, url.pathname);
    if (!found.route) throw errors.notFound();
    let body: unknown;
    let requester = null;
    if (method === 'POST' || method === 'PUT') {
      const from = headerValue(req, 'from')?.trim();
      if (!from && found.route.fromHeader !== 'optional') throw errors.fromHeaderMissing();
      if (from) {
        requester = deps.state.getUserByEmail(from) ?? null;
        if (!requester) throw errors.requesterNotFound();
      }
      const contentType = headerValue(req, 'content-type') ?? '';
      if (!contentType.toLowerCase().includes('application/json')) {
        throw errors.invalidInput([`Content-Type must be application/json (got "${contentType || 'none'}")`]);
      }
      try {
        body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
      } catch {
        throw errors.invalidInput(['The request body is not valid JSON']);
      }
    }
    const context: RestContext = {
      method,
      path: url.pathname,
      query: url.searchParams,
      params: found.params,
      headers: req.headers,
      body,
      requester,
      caller: (tokenUserId ? deps.state.getUser(tokenUserId) : undefined) ?? deps.state.me,
      callerIsPersonal: tokenUserId !== undefined,
      state: deps.state,
      serializer: deps.serializer(),
    };
    const result = found.route.handler(context);
    send(res, result.status, result.body, limitHeaders);
  } catch (error) {
    if (error instanceof ApiError) return send(res, error.status, error.body, limitHeaders);
    throw error;
  }
}

async function handleControl(deps: ServerDeps, method: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (method === 'POST' && pathname === USER_TOKENS_ROUTE) return issueUserToken(deps, req, res);
  return handleControlRoute(method, pathname, req, res, {
    faultSchema: FaultSchema,
    faults: deps.faults,
    requests: deps.requests,
    readBody,
    send,
    unknownRouteHint: '; see electron/simulators/pagerduty/index.ts',
  });
}

/**
 * A personal REST API token, as a user creates one in their PagerDuty profile: requests
 * made with it act as that user (GET /users/me answers with them). Other tokens act as
 * the org's demo user.
 */
async function issueUserToken(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let email: unknown;
  try {
    email = (JSON.parse(await readBody(req)) as { email?: unknown }).email;
  } catch {
    email = undefined;
  }
  if (typeof email !== 'string') return send(res, 400, { error: 'Send {"email": "<a user of the simulated org>"}' });
  const user = deps.state.getUserByEmail(email);
  if (!user) return send(res, 404, { error: `No user with the email ${email} in the simulated org` });
  const token = `u+${randomBytes(12).toString('base64url')}`;
  deps.userTokens.set(token, user.id);
  return send(res, 201, { token, user: { id: user.id, name: user.name, email: user.email } });
}
