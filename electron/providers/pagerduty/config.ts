/**
 * The PagerDuty provider's configuration and its validation: a mistake here is reported
 * as one line saying which field to fix (and never echoes the token).
 */
import { z } from 'zod';
import type { RequestInfo } from './pagerduty-client';
import type { PagerDutyScope } from './scope';

export interface PagerDutyConfig {
  /** e.g. https://api.pagerduty.com, or a simulator URL. */
  baseUrl: string;
  /** A REST API token; never logged, never put in an error message. */
  token: string;
  /** The email of a PagerDuty user, sent as the From header on writes. */
  from: string;
  /** Empty = everything the token sees. */
  scope: PagerDutyScope;
  /** Per request, default 10,000. */
  timeoutMs?: number;
  /** Retries of transient failures, default 4. */
  maxRetries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called after every HTTP exchange, for metrics and benchmarks; carries no headers. */
  onRequest?: (info: RequestInfo) => void;
  /** Requests in flight during a full load, default 5. */
  concurrency?: number;
}

const ConfigData = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as https://api.pagerduty.com' }),
  token: z.string({ error: 'token is required' }).trim().min(1, 'token is empty: paste a PagerDuty REST API token'),
  from: z.email({ error: 'from must be the email address of a PagerDuty user (sent as the From header on writes)' }),
  scope: z.object(
    {
      teamIds: z.array(z.string().min(1, 'scope.teamIds holds an empty id')).optional(),
      serviceIds: z.array(z.string().min(1, 'scope.serviceIds holds an empty id')).optional(),
      assignedToMe: z.boolean().optional(),
    },
    { error: 'scope must be an object, e.g. {} for everything the token sees' },
  ),
  timeoutMs: z.number().int().positive('timeoutMs must be a positive number of milliseconds').optional(),
  maxRetries: z.number().int().min(0, 'maxRetries must be 0 or more').max(10, 'maxRetries must be 10 or fewer').optional(),
  concurrency: z.number().int().min(1).max(10, 'concurrency must be between 1 and 10').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateConfig(config: PagerDutyConfig): void {
  const { fetch: _f, sleep: _s, random: _r, now: _n, onRequest: _o, ...data } = config;
  const result = ConfigData.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new Error(`PagerDuty configuration is invalid: ${problems.join('; ')}`);
  }
}
