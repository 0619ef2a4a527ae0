/**
 * Fault injection: a queue of armed faults, each spent one request at a time on the
 * requests whose path starts with its prefix. Validated with zod so the HTTP control
 * route can accept the same shapes tests pass in-process.
 */
import { z } from 'zod';
import type { Fault } from './types';

const count = z.number().int().positive('count must be a positive integer (how many requests the fault hits)');
const path = z.string().startsWith('/', 'path must be a path prefix starting with "/", e.g. "/incidents"').optional();

export const FaultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate-limit'), count, path }),
  z.object({ kind: z.literal('server-error'), count, status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(), path }),
  z.object({ kind: z.literal('slow'), count, delayMs: z.number().int().min(0).max(120_000, 'delayMs must be at most 120000'), path }),
  z.object({ kind: z.literal('drop'), count, path }),
  z.object({ kind: z.literal('malformed'), count, path }),
]);

export class FaultQueue {
  private armed: { fault: Fault; remaining: number }[] = [];

  inject(fault: Fault): void {
    const parsed = FaultSchema.safeParse(fault);
    if (!parsed.success) {
      throw new Error(`Invalid fault: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'fault'}: ${issue.message}`).join('; ')}`);
    }
    this.armed.push({ fault: parsed.data, remaining: parsed.data.count });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault to apply to a request on `pathname`, if one is armed for it; spends one of its count. */
  take(pathname: string): Fault | null {
    const index = this.armed.findIndex((entry) => entry.fault.path === undefined || pathname.startsWith(entry.fault.path));
    const entry = this.armed[index];
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }
}
