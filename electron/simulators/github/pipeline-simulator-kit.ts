/**
 * What the three pipeline simulators (GitHub Actions, GitLab, Jenkins) share: their fault
 * kinds, the request pipeline of a loopback server (control routes, request log, faults,
 * vendor route) built from the generic pieces in ../http, and the run life cycle
 * (queued -> running -> an outcome chosen by the inputs). It lives here because GitHub's
 * simulator came first; GitLab's and Jenkins' import it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CONTROL_PREFIX, handleControlRoute } from '../http/control-routes';
import { ArmedFaultQueue, faultCount, faultDelayMs, faultPathPrefix, matchesPathPrefix, waitOutSlowFault } from '../http/fault-queue';
import { readBody as readRequestBody, sendJson, sendText } from '../http/http-io';
import { listenOnLoopback } from '../http/loopback-server';
import { recordRequest, type RequestLogLimits } from '../http/request-log';
import type { RecordedRequest, RunConclusion, RunTiming } from './types';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RECORDED_REQUESTS = 5_000;
/** Past the cap the log drops its oldest 1,000 records at once. */
const REQUEST_LOG_LIMITS: RequestLogLimits = { maxRecords: MAX_RECORDED_REQUESTS, trimBy: 999 };

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

const DEMO_CHUNKS = 24;
const FAIL_AT_CHUNK = 17;

/**
 * What a demo pipeline's own script prints (each simulator wraps these lines in its
 * vendor's log format): the inputs it got, its steps, and how it ended; `outcome` null
 * while it runs, `progress` (0..1) how far it got. A failure says which input made it
 * fail (the outcome rule above), a timeout stops mid-way, a cancel says it was stopped.
 * Deterministic: the same run always prints the same lines.
 */
export function demoScriptOutput(
  what: string,
  inputs: Readonly<Record<string, string>>,
  outcome: RunConclusion | null,
  progress = 1,
): string[] {
  const failing =
    Object.entries(inputs).find(([, value]) => value.toLowerCase().includes('simulate-failure')) ??
    Object.entries(inputs).find(([name, value]) => name === 'simulate_failure' && value === 'true');
  const chunksDone =
    outcome === 'failure' ? FAIL_AT_CHUNK : outcome === 'timed_out' || outcome === 'cancelled' ? Math.floor(DEMO_CHUNKS / 2) : DEMO_CHUNKS;
  const lines = [
    `==> ${what}`,
    'Inputs:',
    ...Object.entries(inputs).map(([name, value]) => `  ${name}=${value}`),
    'Checking the inputs... ok',
    'Taking a lock on the target (lease 15 minutes)... ok',
    `Copying ${DEMO_CHUNKS} chunks`,
    ...Array.from(
      { length: chunksDone },
      (_, index) =>
        `  chunk ${index + 1}/${DEMO_CHUNKS} copied (${(3.1 + ((index * 7) % 11) / 10).toFixed(1)} MB, ${40 + ((index * 13) % 37)} ms)`,
    ),
  ];
  if (outcome === 'failure') {
    const [name, value] = failing ?? ['(none)', ''];
    lines.push(
      `ERROR: chunk ${FAIL_AT_CHUNK + 1}/${DEMO_CHUNKS} refused: the input ${name}="${value}" asks this demo pipeline to fail`,
      'Rolling back the chunks copied so far... ok',
      'Releasing the lock... ok',
      `FAILED: ${what} (nothing was changed)`,
    );
  } else if (outcome === 'cancelled') {
    lines.push('Received SIGTERM: stopping after the current chunk', 'Releasing the lock... ok');
  } else if (outcome === 'success') {
    lines.push('Verifying checksums... ok', 'Releasing the lock... ok', `Done: ${what}`);
  }
  if (outcome !== null) return lines;
  return lines.slice(0, Math.max(1, Math.floor(lines.length * Math.min(1, Math.max(0, progress)))));
}

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

const count = faultCount;
const path = faultPathPrefix();
const method = z
  .string()
  .regex(/^[A-Z]+$/, 'method must be an upper-case HTTP method such as POST')
  .optional();

const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate-limit'), count, path, method }),
  z.object({
    kind: z.literal('server-error'),
    count,
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    path,
    method,
  }),
  z.object({ kind: z.literal('slow'), count, delayMs: faultDelayMs, path, method }),
  z.object({ kind: z.literal('drop'), count, path, method }),
  z.object({ kind: z.literal('malformed'), count, path, method }),
  z.object({ kind: z.literal('drop-after'), count, path, method }),
]);
export type Fault = z.infer<typeof FaultSchema>;

/** Faults for requests whose path starts with the fault's prefix and, when it names one, whose method matches. */
class FaultQueue extends ArmedFaultQueue<Fault, { pathname: string; method: string }> {
  constructor() {
    super(
      FaultSchema,
      (fault, request) =>
        matchesPathPrefix(fault.path, request.pathname) && (fault.method === undefined || fault.method === request.method),
    );
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

function readBody(req: IncomingMessage): Promise<string> {
  return readRequestBody(req, MAX_BODY_BYTES, () => new SimulatedHttpError(413, { message: 'Request body too large' }));
}

function sendError(res: ServerResponse, error: SimulatedHttpError): void {
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
    if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(method, url.pathname, req, res);
    const body = await readBody(req);
    const request: SimRequest = { method, url, rawPath, headers: req.headers, body };
    if (options.isPage(url.pathname)) return answer(res, await options.route(request, baseUrl));

    recordRequest(requests, req, res, url, method, body, options.now(), REQUEST_LOG_LIMITS);

    const fault = faults.take({ pathname: url.pathname, method });
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
          await waitOutSlowFault(fault.delayMs, timers);
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

  const handleControl = (method: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> =>
    handleControlRoute(method, pathname, req, res, { faultSchema: FaultSchema, faults, requests, readBody, send: sendJson });

  const listener = await listenOnLoopback(
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (error instanceof SimulatedHttpError) return sendError(res, error);
        console.error(`[${options.name}] unexpected error`, error);
        sendJson(res, 500, { message: 'Internal simulator error' });
      });
    },
    { port: options.port, label: options.name, pendingTimers: timers },
  );
  baseUrl = listener.baseUrl;

  return {
    baseUrl,
    faults,
    requests,
    close: () => listener.close(),
  };
}
