/**
 * The contract's requests over HTTP: one POST route per request name, derived in a loop
 * from shared/contract, so a new request needs no code here. This file only reads the
 * body and picks the status code; host/serve-request.ts serves the request itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRoute, requestNames, type RequestName } from '../../shared/contract';
import { serveRequest } from '../host/serve-request';
import type { ConsoleEngine } from '../host/types';
import { sendError, sendJson } from './responses';

/** Request bodies larger than this are refused with 413. */
const MAX_BODY_BYTES = 1024 * 1024;

export type Logger = (line: string) => void;

/** Route path -> request name, built from the contract. */
export function contractRoutes(): Map<string, RequestName> {
  return new Map(requestNames.map((name) => [httpRoute(name), name] as const));
}

/** Serves one contract request (the caller has already checked the token). */
export async function handleContractRequest(
  name: RequestName,
  req: IncomingMessage,
  res: ServerResponse,
  engine: ConsoleEngine,
  log: Logger,
): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 'bad_request', `${httpRoute(name)} only accepts POST.`, { status: 405, headers: { Allow: 'POST' } });
    return;
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  if (typeof body === 'object' && 'abandonedAt' in body) {
    const declared = req.headers['content-length'];
    log(
      `${name}: the client went away before sending the whole request body (${body.abandonedAt}${declared ? ` of ${declared}` : ''} bytes); nothing was done`,
    );
    return;
  }
  if (body === 'too_large') {
    sendError(res, 'bad_request', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
      status: 413,
      headers: { Connection: 'close' },
    });
    return;
  }
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (error) {
    sendError(res, 'bad_request', `${name}: the request body must be JSON (${(error as Error).message}).`);
    return;
  }

  const result = await serveRequest(engine, name, json, log);
  if (result.ok) sendJson(res, 200, result.value);
  else sendError(res, result.error.code, result.error.message);
}

/**
 * Reads the whole body, or reports 'too_large' as soon as it passes the limit, or how far
 * it got when the client went away mid-upload (an aborted request: not an error of ours).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large' | { abandonedAt: number }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too_large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbandoned);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onAbandoned = () => {
      stop();
      resolve({ abandonedAt: size });
    };
    const onClose = () => {
      if (!req.complete) onAbandoned();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbandoned);
    req.on('close', onClose);
  });
}
