/**
 * The simulator's HTTP front door (plain node:http): control routes under /_simulator,
 * then for every other request: record it, apply an armed fault, and serve either the
 * Events API (/v2/enqueue) or the REST API (token check, per-token rate limit, From
 * header on writes, route, PagerDuty-shaped errors).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from './errors';
import { handleEvent } from './events-api';
import { FaultSchema, type FaultQueue } from './faults';
import type { IdFactory } from './random';
import type { RateLimiter } from './rate-limiter';
import { directoryRoutes } from './rest/directory';
import { incidentRoutes } from './rest/incidents';
import { logEntryRoutes } from './rest/log-entries';
import { Router, type RestContext } from './rest/router';
import type { Serializer } from './serializers';
import type { SimulatorState } from './state';
import type { RecordedRequest } from './types';

export const EVENTS_PATH = '/v2/enqueue';
const CONTROL_PREFIX = '/_simulator/';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The request log keeps at most this many records (oldest dropped), so a long demo session cannot grow without bound. */
export const MAX_RECORDED_REQUESTS = 20_000;

export interface ServerDeps {
  state: SimulatorState;
  ids: IdFactory;
  faults: FaultQueue;
  limiter: RateLimiter;
  validTokens: ReadonlySet<string> | null;
  requests: RecordedRequest[];
  serializer: () => Serializer;
  /** Timers of slow responses, cleared on close. */
  pendingTimers: Set<NodeJS.Timeout>;
}

const router = new Router().add(...incidentRoutes, ...logEntryRoutes, ...directoryRoutes);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, { error: { message: 'Request Entity Too Large', code: 2001, errors: ['The request body is larger than 5 MB'] } }));
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
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) }),
  });
  res.end(text);
}

/** The token of `Authorization: Token token=...` (or an OAuth `Bearer ...`), or null when missing or malformed. */
export function tokenOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Token token=([^\s"]+)$/.exec(header.trim()) ?? /^Bearer ([^\s"]+)$/.exec(header.trim());
  return match?.[1] ?? null;
}

function header(req: IncomingMessage, name: string): string | undefined {
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
        const token = tokenOf(header(req, 'authorization'));
        return send(res, 429, errors.rateLimited().body, token ? { ...deps.limiter.peek(token), 'ratelimit-remaining': '0' } : {});
      }
      case 'server-error': {
        const status = fault.status ?? 500;
        if (status === 500) return send(res, 500, errors.internal().body);
        const reason = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Gateway Timeout';
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(`<html><head><title>${status} ${reason}</title></head><body><center><h1>${status} ${reason}</h1></center></body></html>\n`);
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"incidents":[{"id":"Q1TRUNC","type":"incident","summary":"[#1] Trunc');
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

  if (url.pathname === EVENTS_PATH || url.pathname === `${EVENTS_PATH}/`) {
    if (method !== 'POST') return send(res, 404, { status: 'invalid request', message: 'Not Found', errors: ['Use POST to send events'] });
    deps.state.wakeSnoozed();
    const result = handleEvent(deps.state, deps.ids, rawBody);
    return send(res, result.status, result.body);
  }
  return handleRest(deps, method, url, req, res, rawBody);
}

function handleRest(deps: ServerDeps, method: string, url: URL, req: IncomingMessage, res: ServerResponse, rawBody: string): void {
  const token = tokenOf(header(req, 'authorization'));
  if (!token || (deps.validTokens && !deps.validTokens.has(token))) return send(res, 401, errors.unauthorized().body);
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
      const from = header(req, 'from')?.trim();
      if (!from && found.route.fromHeader !== 'optional') throw errors.fromHeaderMissing();
      if (from) {
        requester = deps.state.getUserByEmail(from) ?? null;
        if (!requester) throw errors.requesterNotFound();
      }
      const contentType = header(req, 'content-type') ?? '';
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
  const route = `${method} ${pathname.replace(/\/$/, '')}`;
  if (route === 'POST /_simulator/faults') {
    let json: unknown;
    try {
      json = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: 'Send a JSON fault, e.g. {"kind":"rate-limit","count":3}' });
    }
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
  if (route === 'POST /_simulator/reset-request-log') {
    deps.requests.length = 0;
    return send(res, 204, undefined);
  }
  if (route === 'GET /_simulator/requests') return send(res, 200, { requests: deps.requests });
  return send(res, 404, { error: `Unknown control route ${route}; see electron/simulators/pagerduty/index.ts` });
}
