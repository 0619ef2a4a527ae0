/**
 * The headless host: the engine behind HTTP + server-sent events on 127.0.0.1, serving the
 * built renderer as the web console. Every API call needs the host's token; requests for
 * another host name (DNS rebinding) or from another origin are refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { HTTP_EVENTS_ROUTE } from '../../shared/contract';
import type { ConsoleEngine } from '../host/types';
import { contractRoutes, handleContractRequest, type Logger } from './api-routes';
import { EventStreamHub, HEARTBEAT_MS } from './event-stream';
import { sendError } from './responses';
import { applySecurityHeaders, newAccessToken, refuseForeignRequest, requestToken, tokensMatch } from './security';
import { assertRendererBuilt, serveStatic } from './static-files';

export interface HttpHostOptions {
  engine: ConsoleEngine;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** The built renderer, normally <repo>/out/renderer. */
  staticDir: string;
  /** Defaults to a random 32-byte base64url token. */
  token?: string;
  /** Where unexpected errors are written; defaults to stderr. */
  log?: Logger;
  /** Interval of the SSE keep-alive comments. */
  heartbeatMs?: number;
}

export interface HttpHost {
  /** `http://127.0.0.1:N/#token=T`: opens the web console already signed in. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const staticDir = resolve(options.staticDir);
  assertRendererBuilt(staticDir);
  const token = options.token ?? newAccessToken();
  if (token.length < 16) throw new Error('The access token must be at least 16 characters long.');
  const log: Logger = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const { engine } = options;
  const routes = contractRoutes();
  const hub = new EventStreamHub(engine, log, options.heartbeatMs ?? HEARTBEAT_MS);
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    applySecurityHeaders(res);
    const refusal = refuseForeignRequest(req, port);
    if (refusal) {
      sendError(res, 'unauthorized', refusal, { status: 403 });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) {
      await serveStatic(staticDir, req, res, url.pathname);
      return;
    }

    const isEvents = url.pathname === HTTP_EVENTS_ROUTE;
    const given = requestToken(req, url, isEvents);
    if (given === null || !tokensMatch(given, token)) {
      sendError(res, 'unauthorized', 'A valid access token is required (Authorization: Bearer <token>).', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
      return;
    }
    if (isEvents) {
      if (req.method !== 'GET') {
        sendError(res, 'bad_request', `${HTTP_EVENTS_ROUTE} only accepts GET.`, { status: 405, headers: { Allow: 'GET' } });
        return;
      }
      hub.attach(res);
      return;
    }
    const name = routes.get(url.pathname);
    if (!name) {
      sendError(res, 'not_found', `There is no API route ${url.pathname}.`);
      return;
    }
    await handleContractRequest(name, req, res, engine, log);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`Request ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendError(res, 'internal', 'The request failed unexpectedly; see the host log.');
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  }).catch((error: unknown) => {
    hub.close();
    throw error;
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        hub.close();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
