/**
 * Fault injection: a queue of armed faults, validated with the simulator's zod schema, each
 * spent one matching request at a time; plus the pieces of applying one that every simulator
 * does the same way (waiting out a slow fault, the reason phrase of a gateway error).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

export const faultCount = z.number().int().positive('count must be a positive integer (how many requests the fault hits)');
export const faultDelayMs = z.number().int().min(0).max(120_000, 'delayMs must be at most 120000');

/** An optional path prefix; `example` goes in the error message. */
export function faultPathPrefix(example?: string) {
  return z
    .string()
    .startsWith('/', `path must be a path prefix starting with "/"${example ? `, e.g. "${example}"` : ''}`)
    .optional();
}

export function describeFaultIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'fault'}: ${issue.message}`).join('; ');
}

/** True when the fault has no path prefix or the request's path starts with it. */
export function matchesPathPrefix(prefix: string | undefined, pathname: string): boolean {
  return prefix === undefined || pathname.startsWith(prefix);
}

export class ArmedFaultQueue<F extends { count: number }, Target> {
  private armed: { fault: F; remaining: number }[] = [];

  constructor(
    private readonly schema: z.ZodType<F>,
    private readonly applies: (fault: F, target: Target) => boolean,
  ) {}

  inject(fault: F): void {
    const parsed = this.schema.safeParse(fault);
    if (!parsed.success) throw new Error(`Invalid fault: ${describeFaultIssues(parsed.error)}`);
    this.armed.push({ fault: parsed.data, remaining: parsed.data.count });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault that applies to this request, spending one of its count. */
  take(target: Target): F | null {
    const index = this.armed.findIndex((entry) => this.applies(entry.fault, target));
    const entry = this.armed[index];
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }
}

/** Waits `delayMs` on a timer the server clears when it closes. */
export function waitOutSlowFault(delayMs: number, pendingTimers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      resolve();
    }, delayMs);
    pendingTimers.add(timer);
  });
}

/** The reason phrase of an injected 502 / 503 / 504. */
export function gatewayErrorReason(status: number): string {
  return status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Gateway Timeout';
}

/** The HTML page a front proxy (nginx) answers an injected 502 / 503 / 504 with, in front of a JSON API. */
function proxyErrorPage(status: number): string {
  const reason = gatewayErrorReason(status);
  return `<html><head><title>${status} ${reason}</title></head><body><center><h1>${status} ${reason}</h1></center></body></html>\n`;
}

/** The faults a JSON API behind a front proxy simulates (PagerDuty's and Splunk On-Call's simulators). */
type ProxiedApiFault =
  | { kind: 'drop' | 'rate-limit' | 'malformed' }
  | { kind: 'server-error'; status?: 500 | 502 | 503 | 504 }
  | { kind: 'slow'; delayMs: number };

/** What a vendor's simulator says for a fault in its own words. */
export interface VendorFaultAnswers {
  /** Sends the vendor's rate-limit answer. */
  rateLimited(): void;
  /** Sends the vendor's own 500 body (a 502/503/504 comes from the proxy in front). */
  internalError(): void;
  /** A 200 cut off mid-body. */
  truncated: { contentType: string; text: string };
  /** Timers of slow answers, cleared when the server closes. */
  pendingTimers: Set<NodeJS.Timeout>;
}

/**
 * Answers an injected fault the vendor's way: true when the request is done with (answered,
 * or its connection dropped), false when it goes on as usual (a slow fault, after its wait,
 * unless the client gave up meanwhile).
 */
export async function answerFault(
  fault: ProxiedApiFault,
  req: IncomingMessage,
  res: ServerResponse,
  vendor: VendorFaultAnswers,
): Promise<boolean> {
  switch (fault.kind) {
    case 'drop':
      req.socket.destroy();
      return true;
    case 'rate-limit':
      vendor.rateLimited();
      return true;
    case 'server-error': {
      const status = fault.status ?? 500;
      if (status === 500) {
        vendor.internalError();
        return true;
      }
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(proxyErrorPage(status));
      return true;
    }
    case 'malformed':
      res.writeHead(200, { 'content-type': vendor.truncated.contentType });
      res.end(vendor.truncated.text);
      return true;
    case 'slow':
      await waitOutSlowFault(fault.delayMs, vendor.pendingTimers);
      return res.destroyed;
  }
}
