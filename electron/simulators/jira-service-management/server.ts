/**
 * The simulator's HTTP front door (plain node:http): control routes under /_simulator,
 * then for every other request: record it, apply an armed fault, check Basic auth (email
 * + API token), count it against the account's rate limit (429 with Retry-After and
 * X-RateLimit-* headers), parse JSON bodies and route, answering errors in Jira's shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, controlRouteOf, handleControlRoute, readControlJson } from '../http/control-routes';
import { gatewayErrorReason, waitOutSlowFault } from '../http/fault-queue';
import { readBody as readRequestBody, sendJson } from '../http/http-io';
import { recordRequest } from '../http/request-log';
import { FaultSchema, type FaultQueue } from '../pagerduty/faults';
import type { RateLimiter } from '../pagerduty/rate-limiter';
import { REQUEST_LOG_LIMITS } from '../pagerduty/server';
import { ChangeRefusal, type ChangeDesk } from './change-desk';
import { withChangeRoutes } from './change-routes';
import type { JsmUserRecord } from './demo-site';
import { JiraApiError, jiraErrors } from './errors';
import { assetsRoutes } from './rest/assets';
import { platformRoutes } from './rest/platform';
import { Router, type RestContext } from './rest/router';
import { serviceDeskRoutes } from './rest/servicedesk';
import type { Serializer } from './serializers';
import type { JsmState } from './state';
import type { JsmCredential, RecordedRequest } from './types';

const JIRA_JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** What an injected rate-limit fault tells the client to wait, in seconds. */
export const INJECTED_RETRY_AFTER_SECONDS = 2;
const UNAUTHENTICATED_MESSAGE = 'Client must be authenticated to access this resource.';

export interface ServerDeps {
  state: JsmState;
  changes: ChangeDesk;
  faults: FaultQueue;
  limiter: RateLimiter;
  validCredentials: readonly JsmCredential[] | null;
  requests: RecordedRequest[];
  serializer: () => Serializer;
  pendingTimers: Set<NodeJS.Timeout>;
}

const router = new Router().add(...withChangeRoutes([...serviceDeskRoutes, ...platformRoutes, ...assetsRoutes]));

function readBody(req: IncomingMessage): Promise<string> {
  return readRequestBody(
    req,
    MAX_BODY_BYTES,
    () => new JiraApiError(413, { errorMessages: ['The request body is larger than 5 MB.'], errors: {} }),
  );
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, headers, JIRA_JSON_CONTENT_TYPE);
}

/** The email and token of `Authorization: Basic base64(email:token)`, or null. */
function basicCredentials(header: string | undefined): JsmCredential | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { email: decoded.slice(0, colon), apiToken: decoded.slice(colon + 1) };
}

function authenticate(deps: ServerDeps, req: IncomingMessage): JsmUserRecord | null {
  const credential = basicCredentials(req.headers.authorization);
  if (!credential || credential.apiToken === '') return null;
  if (
    deps.validCredentials &&
    !deps.validCredentials.some(
      (valid) => valid.email.toLowerCase() === credential.email.toLowerCase() && valid.apiToken === credential.apiToken,
    )
  )
    return null;
  return deps.state.getUserByEmail(credential.email) ?? null;
}

/** Jira's rate-limit headers from the shared minute-window limiter's verdict. */
function jiraLimitHeaders(headers: Record<string, string>, now: number, limited: boolean): Record<string, string> {
  const out: Record<string, string> = {
    'x-ratelimit-limit': headers['ratelimit-limit'] ?? '0',
    'x-ratelimit-remaining': headers['ratelimit-remaining'] ?? '0',
  };
  if (limited) {
    const seconds = Number(headers['ratelimit-reset'] ?? 1);
    out['retry-after'] = String(seconds);
    out['x-ratelimit-reset'] = new Date(now + seconds * 1000).toISOString().slice(0, 16) + 'Z';
    out['ratelimit-reason'] = 'jira-burst-based';
  }
  return out;
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (error instanceof JiraApiError) return send(res, error.status, error.body, error.headers);
      console.error('[jira-service-management-simulator] unexpected error', error);
      send(res, 500, jiraErrors.internal().body);
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
  if (fault) {
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'rate-limit': {
        const now = deps.state.now();
        return send(res, 429, jiraErrors.rateLimited().body, {
          'retry-after': String(INJECTED_RETRY_AFTER_SECONDS),
          'x-ratelimit-reset': new Date(now + INJECTED_RETRY_AFTER_SECONDS * 1000).toISOString().slice(0, 16) + 'Z',
          'ratelimit-reason': 'jira-burst-based',
        });
      }
      case 'server-error': {
        const status = fault.status ?? 500;
        if (status === 500) return send(res, 500, jiraErrors.internal().body);
        const reason = gatewayErrorReason(status);
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(`<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>\n`);
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': JIRA_JSON_CONTENT_TYPE });
        res.end('{"issues":[{"id":"10001","key":"ITSM-1","fields":{"summary":"Trunc');
        return;
      case 'slow':
        await waitOutSlowFault(fault.delayMs, deps.pendingTimers);
        if (res.destroyed) return;
        break;
    }
  }

  const actor = authenticate(deps, req);
  if (!actor) {
    if (res.headersSent) return;
    res.writeHead(401, { 'content-type': 'text/plain;charset=UTF-8', 'www-authenticate': 'Basic realm="protected-by-api-token"' });
    res.end(UNAUTHENTICATED_MESSAGE);
    return;
  }
  const verdict = deps.limiter.take(actor.accountId);
  const limitHeaders = jiraLimitHeaders(verdict.headers, deps.state.now(), !verdict.allowed);
  if (!verdict.allowed) return send(res, 429, jiraErrors.rateLimited().body, limitHeaders);
  try {
    const found = router.match(method, url.pathname);
    if (!found.route) {
      if (found.pathKnown) throw jiraErrors.methodNotAllowed();
      throw jiraErrors.notFound(`No resource at ${url.pathname} (the simulator implements the subset of the API the console uses).`);
    }
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const contentType = req.headers['content-type'] ?? '';
      if (!contentType.toLowerCase().includes('application/json')) {
        throw new JiraApiError(415, {
          errorMessages: [`Unsupported Media Type: send Content-Type: application/json (got "${contentType || 'none'}").`],
          errors: {},
        });
      }
      try {
        body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
      } catch {
        throw jiraErrors.badRequest(['Unexpected character in the request body: it is not valid JSON.']);
      }
    }
    const context: RestContext = {
      method,
      url,
      query: url.searchParams,
      params: found.params,
      body,
      headers: req.headers,
      actor,
      state: deps.state,
      changes: deps.changes,
      serializer: deps.serializer(),
    };
    const result = found.route.handler(context);
    send(res, result.status, result.body, limitHeaders);
  } catch (error) {
    if (error instanceof JiraApiError) return send(res, error.status, error.body, { ...limitHeaders, ...error.headers });
    throw error;
  }
}

async function handleControl(deps: ServerDeps, method: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = controlRouteOf(method, pathname);
  if (route === 'POST /_simulator/deny-edits' || route === 'POST /_simulator/allow-edits') {
    const json = await readControlJson(req, readBody);
    const issueKey =
      typeof json === 'object' && json !== null && typeof (json as { issueKey?: unknown }).issueKey === 'string'
        ? (json as { issueKey: string }).issueKey
        : null;
    if (!issueKey) return send(res, 400, { error: 'Send {"issueKey": "ITSM-1"}' });
    if (route.endsWith('deny-edits')) deps.state.denyEdits(issueKey);
    else deps.state.allowEdits(issueKey);
    return send(res, 204, undefined);
  }
  if (route === 'POST /_simulator/changes/decide') return decideChange(deps, await readControlJson(req, readBody), res);
  return handleControlRoute(method, pathname, req, res, {
    faultSchema: FaultSchema,
    faults: deps.faults,
    requests: deps.requests,
    readBody,
    send,
    unknownRouteHint: '; see electron/simulators/jira-service-management/index.ts',
    unparsableFault: 'validate',
  });
}

/** `POST /_simulator/changes/decide` {"issueKey", "approverEmail", "decision": "approve"|"decline", "comment"?}: the approver answers in Jira. */
function decideChange(deps: ServerDeps, json: unknown, res: ServerResponse): void {
  const input = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const { issueKey, approverEmail, decision, comment } = input;
  if (typeof issueKey !== 'string' || typeof approverEmail !== 'string' || (decision !== 'approve' && decision !== 'decline'))
    return send(res, 400, {
      error: 'Send {"issueKey": "CHG-1", "approverEmail": "...", "decision": "approve" | "decline", "comment"?: "..."}',
    });
  try {
    deps.changes.decide(issueKey, approverEmail, decision, typeof comment === 'string' ? comment : '');
  } catch (error) {
    if (error instanceof ChangeRefusal) return send(res, error.status, { error: error.message });
    throw error;
  }
  send(res, 204, undefined);
}
