/**
 * The `/_simulator/*` control routes tests use out of process (no credentials, not
 * recorded): `POST /_simulator/faults` (a JSON fault), `DELETE /_simulator/faults`,
 * `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeFaultIssues } from './fault-queue';

export const CONTROL_PREFIX = '/_simulator/';

export interface ControlRouteOptions<F> {
  faultSchema: z.ZodType<F>;
  faults: { inject(fault: F): void; clear(): void };
  requests: unknown[];
  readBody: (req: IncomingMessage) => Promise<string>;
  send: (res: ServerResponse, status: number, body: unknown) => void;
  /** Appended to the 404 of an unknown control route, e.g. "; see electron/simulators/pagerduty/index.ts". */
  unknownRouteHint?: string;
  /** An unreadable fault body: answer how to send one (default), or validate it as undefined. */
  unparsableFault?: 'explain' | 'validate';
}

/** "POST /_simulator/faults": the method and the path without a trailing slash. */
export function controlRouteOf(method: string, pathname: string): string {
  return `${method} ${pathname.replace(/\/$/, '')}`;
}

/** The JSON of the body, or undefined when it cannot be read or parsed. */
export async function readControlJson(req: IncomingMessage, readBody: (req: IncomingMessage) => Promise<string>): Promise<unknown> {
  try {
    return JSON.parse(await readBody(req));
  } catch {
    return undefined;
  }
}

export async function handleControlRoute<F>(
  method: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  options: ControlRouteOptions<F>,
): Promise<void> {
  const { send } = options;
  const route = controlRouteOf(method, pathname);
  if (route === 'POST /_simulator/faults') {
    const json = await readControlJson(req, options.readBody);
    if (json === undefined && options.unparsableFault !== 'validate')
      return send(res, 400, { error: 'Send a JSON fault, e.g. {"kind":"rate-limit","count":3}' });
    const parsed = options.faultSchema.safeParse(json);
    if (!parsed.success) return send(res, 400, { error: `Invalid fault: ${describeFaultIssues(parsed.error)}` });
    options.faults.inject(parsed.data);
    return send(res, 204, undefined);
  }
  if (route === 'DELETE /_simulator/faults') {
    options.faults.clear();
    return send(res, 204, undefined);
  }
  if (route === 'POST /_simulator/reset-request-log') {
    options.requests.length = 0;
    return send(res, 204, undefined);
  }
  if (route === 'GET /_simulator/requests') return send(res, 200, { requests: options.requests });
  return send(res, 404, { error: `Unknown control route ${route}${options.unknownRouteHint ?? ''}` });
}
