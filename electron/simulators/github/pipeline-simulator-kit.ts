/**
 * What the three pipeline simulators (GitHub Actions, GitLab, Jenkins) share: a loopback
 * node:http server with a request log, fault injection and the `/_simulator` control
 * routes, and the run life cycle (queued -> running -> an outcome chosen by the inputs).
 * It lives here because GitHub's simulator came first; GitLab's and Jenkins' import it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';
import type { RecordedRequest, RunConclusion, RunTiming } from './types';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_RECORDED_REQUESTS = 5_000;

// ---------------------------------------------------------------------------------------
// Run life cycle

/**
 * The outcome a run will have, from its inputs: a value containing `simulate-failure`
 * fails it, `simulate-timeout` times it out, `simulate-cancel` cancels it; anything else
 * succeeds. (GitHub's simulator also fails runs whose `simulate_failure` input is true.)
 */
export function outcomeFromInputs(inputs: Record<string, string>): RunConclusion {
  const values = Object.values(inputs).map((value) => value.toLowerCase());
  if (values.some((value) => value.includes('simulate-failure'))) return 'failure';
  if (values.some((value) => value.includes('simulate-timeout'))) return 'timed_out';
  if (values.some((value) => value.includes('simulate-cancel'))) return 'cancelled';
  return 'success';
}

export const DEFAULT_TIMING: RunTiming = { queuedMs: 3_000, runningMs: 8_000 };

/** Where a run created at `createdAt` stands at `now`, and when it started / finished. */
export function phaseAt(
  createdAt: number,
  timing: RunTiming,
  now: number,
  forced: { finishedAt: number } | null,
): { phase: 'queued' | 'running' | 'done'; startedAt: number | null; finishedAt: number | null } {
  const startedAt = createdAt + timing.queuedMs;
  const finishedAt = forced?.finishedAt ?? startedAt + timing.runningMs;
  if (now >= finishedAt) return { phase: 'done', startedAt: Math.min(startedAt, finishedAt), finishedAt };
  if (now >= startedAt) return { phase: 'running', startedAt, finishedAt: null };
  return { phase: 'queued', startedAt: null, finishedAt: null };
}

// ---------------------------------------------------------------------------------------
// Faults

const count = z.number().int().positive('count must be a positive integer (how many requests the fault hits)');
const path = z.string().startsWith('/', 'path must be a path prefix starting with "/"').optional();
const method = z
  .string()
  .regex(/^[A-Z]+$/, 'method must be an upper-case HTTP method such as POST')
  .optional();

export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate-limit'), count, path, method }),
  z.object({ kind: z.literal('server-error'), count, status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(), path, method }),
  z.object({ kind: z.literal('slow'), count, delayMs: z.number().int().min(0).max(120_000, 'delayMs must be at most 120000'), path, method }),
  z.object({ kind: z.literal('drop'), count, path, method }),
  z.object({ kind: z.literal('malformed'), count, path, method }),
  z.object({ kind: z.literal('drop-after'), count, path, method }),
]);
export type Fault = z.infer<typeof FaultSchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'fault'}: ${issue.message}`).join('; ');
}

export class FaultQueue {
  private armed: { fault: Fault; remaining: number }[] = [];

  inject(fault: Fault): void {
    const parsed = FaultSchema.safeParse(fault);
    if (!parsed.success) throw new Error(`Invalid fault: ${describeIssues(parsed.error)}`);
    this.armed.push({ fault: parsed.data, remaining: parsed.data.count });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault for this request, spending one of its count. */
  take(pathname: string, requestMethod: string): Fault | null {
    const index = this.armed.findIndex(
      ({ fault }) => (fault.path === undefined || pathname.startsWith(fault.path)) && (fault.method === undefined || fault.method === requestMethod),
    );
    const entry = this.armed[index];
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }
}

// ---------------------------------------------------------------------------------------
// HTTP

/** An error a route throws: the server answers with this status, body and headers. */
export class SimulatedHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    /** Send the body as is (HTML, plain text) with this content type instead of JSON. */
    readonly contentType?: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'SimulatedHttpError';
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SimulatedHttpError(413, { message: 'Request body too large' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendError(res: ServerResponse, error: SimulatedHttpError): void {
  if (error.contentType) sendText(res, error.status, String(error.body), error.contentType, error.headers);
  else sendJson(res, error.status, error.body, error.headers);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** What a vendor route sees of a request. */
export interface SimRequest {
  method: string;
  url: URL;
  /** The raw path, still percent-encoded (GitLab ids such as network%2Ffirewall-as-code). */
  rawPath: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` as is with this content type instead of JSON. */
  contentType?: string;
}

export interface LoopbackSimulatorServer {
  baseUrl: string;
  faults: FaultQueue;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface LoopbackServerOptions {
  port?: number;
  /** For log lines: "github-simulator". */
  name: string;
  now: () => number;
  /** Paths served without recording or faults (HTML pages for people). */
  isPage: (pathname: string) => boolean;
  /** Answers a request (API or page). Throw SimulatedHttpError for vendor errors. */
  route: (request: SimRequest, baseUrl: string) => SimResponse | Promise<SimResponse>;
  /** The vendor's answer to an injected rate limit. */
  rateLimited: () => SimulatedHttpError;
  /** The vendor's answer to an injected server error. */
  serverError: (status: 500 | 502 | 503) => SimulatedHttpError;
}

/** Starts the server on 127.0.0.1 with the request pipeline: control routes, log, faults, route. */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackSimulatorServer> {
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/_simulator/')) return handleControl(method, url.pathname, req, res);
    const body = await readBody(req);
    const request: SimRequest = { method, url, rawPath, headers: req.headers, body };
    if (options.isPage(url.pathname)) return answer(res, await options.route(request, baseUrl));

    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: { ...req.headers },
      body: body.length > 0 ? body : null,
      status: 0,
      at: options.now(),
    };
    requests.push(record);
    if (requests.length > MAX_RECORDED_REQUESTS) requests.splice(0, 1_000);
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    const fault = faults.take(url.pathname, method);
    if (fault) {
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'rate-limit':
          throw options.rateLimited();
        case 'server-error':
          throw options.serverError(fault.status ?? 500);
        case 'malformed':
          sendText(res, 200, '{"id":12,"status":"que', 'application/json; charset=utf-8');
          return;
        case 'slow':
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, fault.delayMs);
            timers.add(timer);
          });
          if (res.destroyed) return;
          break;
        case 'drop-after':
          try {
            await options.route(request, baseUrl);
          } finally {
            req.socket.destroy();
          }
          return;
      }
    }
    answer(res, await options.route(request, baseUrl));
  };

  const answer = (res: ServerResponse, response: SimResponse): void => {
    if (response.contentType) sendText(res, response.status, String(response.body ?? ''), response.contentType, response.headers);
    else sendJson(res, response.status, response.body, response.headers);
  };

  const handleControl = async (method: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const route = `${method} ${pathname.replace(/\/$/, '')}`;
    if (route === 'POST /_simulator/faults') {
      let json: unknown;
      try {
        json = JSON.parse(await readBody(req));
      } catch {
        return sendJson(res, 400, { error: 'Send a JSON fault, e.g. {"kind":"rate-limit","count":3}' });
      }
      const parsed = FaultSchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: `Invalid fault: ${describeIssues(parsed.error)}` });
      faults.inject(parsed.data);
      return sendJson(res, 204, undefined);
    }
    if (route === 'DELETE /_simulator/faults') {
      faults.clear();
      return sendJson(res, 204, undefined);
    }
    if (route === 'POST /_simulator/reset-request-log') {
      requests.length = 0;
      return sendJson(res, 204, undefined);
    }
    if (route === 'GET /_simulator/requests') return sendJson(res, 200, { requests });
    return sendJson(res, 404, { error: `Unknown control route ${route}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof SimulatedHttpError) return sendError(res, error);
      console.error(`[${options.name}] unexpected error`, error);
      sendJson(res, 500, { message: 'Internal simulator error' });
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error(`The ${options.name} did not get a TCP port`);
  baseUrl = `http://127.0.0.1:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    baseUrl,
    faults,
    requests,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
