/**
 * Fault injection for the ServiceNow simulator: the PagerDuty simulator's fault kinds
 * plus a one-shot ACL refusal on writes (optionally only writes that set one field).
 * Validated with zod so the HTTP control route accepts the shapes tests pass in-process.
 */
import { z } from 'zod';
import type { ServiceNowFault } from './types';

const count = z.number().int().positive('count must be a positive integer (how many requests the fault hits)');
const path = z.string().startsWith('/', 'path must be a path prefix starting with "/", e.g. "/api/now/table/incident"').optional();

export const ServiceNowFaultSchema: z.ZodType<ServiceNowFault> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate-limit'), count, path }),
  z.object({ kind: z.literal('server-error'), count, status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(), path }),
  z.object({ kind: z.literal('slow'), count, delayMs: z.number().int().min(0).max(120_000, 'delayMs must be at most 120000'), path }),
  z.object({ kind: z.literal('drop'), count, path }),
  z.object({ kind: z.literal('malformed'), count, path }),
  z.object({ kind: z.literal('acl-refusal'), count, path, field: z.string().min(1).optional() }),
]);

export interface FaultTarget {
  pathname: string;
  method: string;
  /** The fields a write's JSON body sets (empty for reads). */
  bodyFields: readonly string[];
}

function applies(fault: ServiceNowFault, target: FaultTarget): boolean {
  if (fault.path !== undefined && !target.pathname.startsWith(fault.path)) return false;
  if (fault.kind !== 'acl-refusal') return true;
  if (!['POST', 'PATCH', 'PUT'].includes(target.method)) return false;
  return fault.field === undefined || target.bodyFields.includes(fault.field);
}

export class ServiceNowFaultQueue {
  private armed: { fault: ServiceNowFault; remaining: number }[] = [];

  inject(fault: ServiceNowFault): void {
    const parsed = ServiceNowFaultSchema.safeParse(fault);
    if (!parsed.success) {
      throw new Error(`Invalid fault: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'fault'}: ${issue.message}`).join('; ')}`);
    }
    this.armed.push({ fault: parsed.data, remaining: parsed.data.count });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault that applies to this request, spending one of its count. */
  take(target: FaultTarget): ServiceNowFault | null {
    const index = this.armed.findIndex((entry) => applies(entry.fault, target));
    const entry = this.armed[index];
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }
}
