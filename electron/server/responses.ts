/**
 * Small helpers that write the headless host's responses: JSON bodies and contract errors.
 */
import type { ServerResponse } from 'node:http';
import type { ContractError } from '../../shared/contract';

/** The HTTP status for each contract error code (see httpRoute in shared/contract). */
const STATUS_BY_CODE: Record<ContractError['code'], number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  upstream: 502,
  internal: 500,
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** `{ "error": { code, message } }` with the status that goes with the code (or the one given). */
export function sendError(
  res: ServerResponse,
  code: ContractError['code'],
  message: string,
  options: { status?: number; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const error: ContractError = { code, message };
  sendJson(res, options.status ?? STATUS_BY_CODE[code], { error }, options.headers);
}
