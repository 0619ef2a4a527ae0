/**
 * Fault injection for the ServiceNow simulator: the PagerDuty simulator's fault kinds
 * plus a one-shot ACL refusal on writes (optionally only writes that set one field) and
 * an answer whose records lack a field (to test the clients' response validation).
 * Validated with zod so the HTTP control route accepts the shapes tests pass in-process.
 */
import { z } from 'zod';
import { ArmedFaultQueue, faultCount, faultPathPrefix, matchesPathPrefix } from '../http/fault-queue';
import { gatewayFaultKinds } from '../pagerduty/faults';
import type { ServiceNowFault } from './types';

const path = faultPathPrefix('/api/now/table/incident');

export const ServiceNowFaultSchema: z.ZodType<ServiceNowFault> = z.discriminatedUnion('kind', [
  ...gatewayFaultKinds(path),
  z.object({ kind: z.literal('acl-refusal'), count: faultCount, path, field: z.string().min(1).optional() }),
  z.object({ kind: z.literal('omit-field'), count: faultCount, path, field: z.string().min(1) }),
]);

export interface FaultTarget {
  pathname: string;
  method: string;
  /** The fields a write's JSON body sets (empty for reads). */
  bodyFields: readonly string[];
}

function applies(fault: ServiceNowFault, target: FaultTarget): boolean {
  if (!matchesPathPrefix(fault.path, target.pathname)) return false;
  if (fault.kind !== 'acl-refusal') return true;
  if (!['POST', 'PATCH', 'PUT'].includes(target.method)) return false;
  return fault.field === undefined || target.bodyFields.includes(fault.field);
}

export class ServiceNowFaultQueue extends ArmedFaultQueue<ServiceNowFault, FaultTarget> {
  constructor() {
    super(ServiceNowFaultSchema, applies);
  }
}

/** A Table API answer with `field` left out of its `result` (one record or a list), for the omit-field fault. */
export function omitField(body: unknown, field: string): unknown {
  if (body === null || typeof body !== 'object' || !('result' in body)) return body;
  const strip = (record: unknown) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
    const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    delete copy[field];
    return copy;
  };
  const { result } = body as { result: unknown };
  return { ...body, result: Array.isArray(result) ? result.map(strip) : strip(result) };
}
