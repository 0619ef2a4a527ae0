/**
 * The simulator's HTTP front door (plain node:http): control routes under /_simulator,
 * then for every other request: record it, apply an armed fault, check Basic auth (email
 * + API token), count it against the account's rate limit (429 with Retry-After and
 * X-RateLimit-* headers), parse JSON bodies and route, answering errors in Jira's shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSchema, type FaultQueue } from '../pagerduty/faults';
import type { RateLimiter } from '../pagerduty/rate-limiter';
import { MAX_RECORDED_REQUESTS } from '../pagerduty/server';
import type { JsmUserRecord } from './demo-site';
import { JiraApiError, jiraErrors } from './errors';
import { assetsRoutes } from './rest/assets';
import { platformRoutes } from './rest/platform';
import { Router, type RestContext } from './rest/router';
import { serviceDeskRoutes } from './rest/servicedesk';
import type { Serializer } from './serializers';
import type { JsmState } from './state';
import type { JsmCredential, RecordedRequest } from './types';

const CONTROL_PREFIX = '/_simulator/';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** What an injected rate-limit fault tells the client to wait, in seconds. */
export const INJECTED_RETRY_AFTER_SECONDS = 2;
export const UNAUTHENTICATED_MESSAGE = 'Client must be authenticated to access this resource.';

export interface ServerDeps {
  state: JsmState;
  faults: FaultQueue;
  limiter: RateLimiter;
  validCredentials: readonly JsmCredential[] | null;
  requests: RecordedRequest[];
  serializer: () => Serializer;
  pendingTimers: Set<NodeJS.Timeout>;
}

const router = new Router().add(...serviceDeskRoutes, ...platformRoutes, ...assetsRoutes);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new JiraApiError(413, { errorMessages: ['The request body is larger than 5 MB.'], errors: {} }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json;charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** The email and token of `Authorization: Basic base64(email:token)`, or null. */
export function basicCredentials(header: string | undefined): JsmCredential | null {
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
  if (deps.validCredentials && !deps.validCredentials.some((valid) => valid.email.toLowerCase() === credential.email.toLowerCase() && valid.apiToken === credential.apiToken)) return null;
  return deps.state.getUserByEmail(credential.email) ?? null;
}

/** Jira's rate-limit headers from the shared minute-window limiter's verdict. */
function jiraLimitHeaders(headers: Record<string, string>, now: number, limited: boolean): Record<string, string> {
  const out: Record<string, string> = { 'x-ratelimit-limit': headers['ratelimit-limit'] ?? '0', 'x-ratelimit-remaining': headers['ratelimit-remaining'] ?? '0' };
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
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers: { ...req.headers },
    status: 0,
    body: rawBody.length > 0 ? rawBody : null,
    at: deps.state.now(),
  };
  deps.requests.push(record);
  if (deps.requests.length > MAX_RECORDED_REQUESTS) deps.requests.splice(0, deps.requests.length - MAX_RECORDED_REQUESTS + 1000);
  res.on('finish', () => {
    record.status = res.statusCode;
  });

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
        const reason = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Gateway Timeout';
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(`<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>\n`);
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        res.end('{"issues":[{"id":"10001","key":"ITSM-1","fields":{"summary":"Trunc');
        return;
      case 'slow':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            deps.pendingTimers.delete(timer);
            resolve();
          }, fault.delayMs);
          deps.pendingTimers.add(timer);
        });
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
        throw new JiraApiError(415, { errorMessages: [`Unsupported Media Type: send Content-Type: application/json (got "${contentType || 'none'}").`], errors: {} });
      }
      try {
        body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
      } catch {
        throw jiraErrors.badRequest(['Unexpected character in the request body: it is not valid JSON.']);
      }
    }
    const context: RestContext = { method, url, query: url.searchParams, params: found.params, body, actor, state: deps.state, serializer: deps.serializer() };
    const result = found.route.handler(context);
    send(res, result.status, result.body, limitHeaders);
  } catch (error) {
    if (error instanceof JiraApiError) return send(res, error.status, error.body, { ...limitHeaders, ...error.headers });
    throw error;
  }
}

async function handleControl(deps: ServerDeps, method: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = `${method} ${pathname.replace(/\/$/, '')}`;
  const readJson = async (): Promise<unknown> => {
    try {
      return JSON.parse(await readBody(req));
    } catch {
      return undefined;
    }
  };
  if (route === 'POST /_simulator/faults') {
    const json = await readJson();
    const parsed = FaultSchema.safeParse(json);
    if (!parsed.success) {
      return send(res, 400, { error: `Invalid fault: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'fault'}: ${issue.message}`).join('; ')}` });
    }
    deps.faults.inject(parsed.data);
    return send(res, 204, undefined);
  }
  if (route === 'DELETE /_simulator/faults') {
    deps.faults.clear();
    return send(res, 204, undefined);
  }
  if (route === 'POST /_simulator/deny-edits' || route === 'POST /_simulator/allow-edits') {
    const json = await readJson();
    const issueKey = typeof json === 'object' && json !== null && typeof (json as { issueKey?: unknown }).issueKey === 'string' ? (json as { issueKey: string }).issueKey : null;
    if (!issueKey) return send(res, 400, { error: 'Send {"issueKey": "ITSM-1"}' });
    if (route.endsWith('deny-edits')) deps.state.denyEdits(issueKey);
    else deps.state.allowEdits(issueKey);
    return send(res, 204, undefined);
  }
  if (route === 'POST /_simulator/reset-request-log') {
    deps.requests.length = 0;
    return send(res, 204, undefined);
  }
  if (route === 'GET /_simulator/requests') return send(res, 200, { requests: deps.requests });
  return send(res, 404, { error: `Unknown control route ${route}; see electron/simulators/jira-service-management/index.ts` });
}
