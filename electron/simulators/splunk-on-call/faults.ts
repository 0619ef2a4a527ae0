/**
 * Fault injection for the Splunk On-Call simulator: the fault kinds the PagerDuty and
 * ServiceNow simulators share (rate limit, server errors up to 504, slow answers, dropped
 * connections, malformed JSON), each spent one request at a time on the requests whose
 * path starts with its prefix. "Down" is a `drop` (or a 503) with a large count, cleared
 * with faults.clear() or DELETE /_simulator/faults.
 */
import { z } from 'zod';
import { ArmedFaultQueue, faultPathPrefix, matchesPathPrefix } from '../http/fault-queue';
import { gatewayFaultKinds } from '../pagerduty/faults';
import type { SplunkOnCallFault } from './types';

export const SplunkOnCallFaultSchema: z.ZodType<SplunkOnCallFault> = z.discriminatedUnion(
  'kind',
  gatewayFaultKinds(faultPathPrefix('/api-public/v1/incidents')),
);

export class SplunkOnCallFaultQueue extends ArmedFaultQueue<SplunkOnCallFault, string> {
  constructor() {
    super(SplunkOnCallFaultSchema, (fault, pathname) => matchesPathPrefix(fault.path, pathname));
  }
}
