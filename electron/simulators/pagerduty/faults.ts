/**
 * Fault injection: a queue of armed faults, each spent one request at a time on the
 * requests whose path starts with its prefix. Validated with zod so the HTTP control
 * route can accept the same shapes tests pass in-process.
 */
import { z } from 'zod';
import { ArmedFaultQueue, faultCount, faultDelayMs, faultPathPrefix, matchesPathPrefix } from '../http/fault-queue';
import type { Fault } from './types';

/** The fault kinds the PagerDuty and ServiceNow simulators share (gateway errors up to 504), for a path prefix schema. */
export function gatewayFaultKinds(path: ReturnType<typeof faultPathPrefix>) {
  return [
    z.object({ kind: z.literal('rate-limit'), count: faultCount, path }),
    z.object({
      kind: z.literal('server-error'),
      count: faultCount,
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
      path,
    }),
    z.object({ kind: z.literal('slow'), count: faultCount, delayMs: faultDelayMs, path }),
    z.object({ kind: z.literal('drop'), count: faultCount, path }),
    z.object({ kind: z.literal('malformed'), count: faultCount, path }),
  ] as const;
}

export const FaultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', gatewayFaultKinds(faultPathPrefix('/incidents')));

export class FaultQueue extends ArmedFaultQueue<Fault, string> {
  constructor() {
    super(FaultSchema, (fault, pathname) => matchesPathPrefix(fault.path, pathname));
  }
}
