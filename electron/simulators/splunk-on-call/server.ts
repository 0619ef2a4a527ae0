/**
 * The simulator's HTTP front door (plain node:http): control routes under /_simulator,
 * then for every other request: record it, apply an armed fault, and serve either the
 * REST endpoint integration (POST /integrations/generic/20131114/alert/...) or the public
 * and reporting APIs (X-VO-Api-Id / X-VO-Api-Key, read-only keys, the route's rate limit,
 * JSON body on writes, route, {"message": ...} errors).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, handleControlRoute } from '../http/control-routes';
import { answerFault } from '../http/fault-queue';
import { readBody as readRequestBody, sendJson } from '../http/http-io';
import { recordRequest, type RequestLogLimits } from '../http/request-log';
import { VoApiError, voErrors } from './errors';
import { SplunkOnCallFaultSchema, type SplunkOnCallFaultQueue } from './faults';
import { isRateLimitedRoute, type RouteRateLimiter } from './rate-limits';
import { handleRestEndpoint, REST_ENDPOINT_PREFIX } from './rest-endpoint';
import { apiRouter } from './routes';
import type { Serializer } from './serializers';
import type { SplunkOnCallState } from './state';
import type { ApiCredential, SplunkOnCallRecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;
/** The request log keeps at most this many records (oldest dropped), so a long demo session cannot grow without bound. */
const REQUEST_LOG_LIMITS: RequestLogLimits = { maxRecords: 20_000, trimBy: 1000 };
/** The REST endpoint's route in the request log (it is not in the SPEC). */
const REST_ENDPOINT_ROUTE = `POST ${REST_ENDPOINT_PREFIX}{apiKey}/{routingKey}`;

interface ServerDeps {
  state: SplunkOnCallState;
  serializer: Serializer;
  faults: SplunkOnCallFaultQueue;
  limiter: RouteRateLimiter;
  rateLimitStatus: 403 | 429;
  /** null: any pair with both headers is accepted. */
  credentials: readonly ApiCredential[] | null;
  restEndpointKey: string;
  requests: SplunkOnCallRecordedRequest[];
  /** Timers of slow responses, cleared on close. */
  pendingTimers: Set<NodeJS.Timeout>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return readRequestBody(req, MAX_BODY_BYTES, () => voErrors.badRequest('The request body is larger than 1 MB'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (error instanceof VoApiError) return send(res, error.status, error.body);
      console.error('[splunk-on-call-simulator] unexpected error', error);
      send(res, 500, voErrors.internal().body);
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    return handleControlRoute(method, url.pathname, req, res, {
      faultSchema: SplunkOnCallFaultSchema,
      faults: deps.faults,
      requests: deps.requests,
      readBody,
      send,
      unknownRouteHint: '; see electron/simulators/splunk-on-call/README.md',
    });
  }

  const rawBody = await readBody(req);
  const isRestEndpoint = url.pathname.startsWith(REST_ENDPOINT_PREFIX);
  const found = isRestEndpoint ? null : apiRouter.match(method, url.pathname);
  // The shared record, given the route it matched (the log holds this very object).
  Object.assign(recordRequest(deps.requests, req, res, url, method, rawBody, deps.state.now(), REQUEST_LOG_LIMITS), {
    route: isRestEndpoint ? REST_ENDPOINT_ROUTE : found?.route ? `${found.route.method} ${found.route.template}` : null,
  });

  const fault = deps.faults.take(url.pathname);
  const answered =
    fault &&
    (await answerFault(fault, req, res, {
      rateLimited: () => send(res, deps.rateLimitStatus, voErrors.rateLimited(deps.rateLimitStatus).body),
      internalError: () => send(res, 500, voErrors.internal().body),
      truncated: { contentType: 'application/json', text: '{"incidents":[{"alertCount":1,"currentPhase":"UNA' },
      pendingTimers: deps.pendingTimers,
    }));
  if (answered) return;

  if (isRestEndpoint) {
    const answer = handleRestEndpoint(deps.state, deps.restEndpointKey, method, url.pathname, rawBody);
    return send(res, answer.status, answer.body);
  }

  // Credentials first (a refused pair does not count against a limit), then the route's limit.
  const apiId = header(req, 'x-vo-api-id');
  const apiKey = header(req, 'x-vo-api-key');
  if (!apiId || !apiKey) throw voErrors.credentialsMissing();
  const credential = deps.credentials ? deps.credentials.find((each) => each.apiId === apiId && each.apiKey === apiKey) : { apiId, apiKey };
  if (!credential) throw voErrors.authenticationFailed();
  if (!found?.route) throw voErrors.pathNotFound();
  if (credential.readOnly && method !== 'GET') throw voErrors.readOnlyKey();
  const routeName = `${found.route.method} ${found.route.template}`;
  if (isRateLimitedRoute(routeName) && !deps.limiter.take(routeName, apiId)) throw voErrors.rateLimited(deps.rateLimitStatus);

  let body: unknown;
  if (method !== 'GET') {
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
    } catch {
      throw voErrors.badRequest('The request body is not valid JSON');
    }
  }
  const result = found.route.handler({
    params: found.params,
    query: url.searchParams,
    body,
    state: deps.state,
    serializer: deps.serializer,
  });
  send(res, 200, result);
}
