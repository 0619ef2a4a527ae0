/**
 * The request log every simulator keeps for tests: one record per request (control routes
 * excepted), its status filled in when the response finishes, trimmed when it grows too long.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LoggedRequest {
  method: string;
  /** The path without the query string, e.g. "/incidents". */
  path: string;
  /** The raw query string without the leading "?", e.g. "limit=100&offset=0". */
  query: string;
  /** Request headers, names lower-cased, as Node received them. */
  headers: Record<string, string | string[] | undefined>;
  /** The status returned; 0 when the connection was dropped by a fault. */
  status: number;
  /** The request body as text, or null when there was none. */
  body: string | null;
  /** When the request arrived (the simulator's clock). */
  at: number;
}

export interface RequestLogLimits {
  maxRecords: number;
  /** Past maxRecords the oldest records go: the overflow plus this many more. */
  trimBy: number;
}

/** Appends the request to `log` and returns its record (status 0 until the response finishes). */
export function recordRequest(
  log: LoggedRequest[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  body: string,
  at: number,
  limits: RequestLogLimits,
): LoggedRequest {
  const record: LoggedRequest = {
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers: { ...req.headers },
    status: 0,
    body: body.length > 0 ? body : null,
    at,
  };
  log.push(record);
  if (log.length > limits.maxRecords) log.splice(0, log.length - limits.maxRecords + limits.trimBy);
  res.on('finish', () => {
    record.status = res.statusCode;
  });
  return record;
}
