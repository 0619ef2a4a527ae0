/**
 * The PagerDuty provider's configuration and its validation: a mistake here is reported
 * as one line saying which field to fix (and never echoes the token).
 */
import { z } from 'zod';
import { checkConfig, httpUrl, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';
import type { PagerDutyScope } from './scope';

export interface PagerDutyConfig extends ClientTuning {
  /** e.g. https://api.pagerduty.com, or a simulator URL. */
  baseUrl: string;
  /** A REST API token; never logged, never put in an error message. */
  token: string;
  /** The email of a PagerDuty user, sent as the From header on writes. */
  from: string;
  /** Empty = everything the token sees. */
  scope: PagerDutyScope;
  /** Requests in flight during a full load, default 5. */
  concurrency?: number;
}

const ConfigData = z.object({
  baseUrl: httpUrl('baseUrl', 'https://api.pagerduty.com'),
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
  ...tuningFields,
  concurrency: z.number().int().min(1).max(10, 'concurrency must be between 1 and 10').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateConfig(config: PagerDutyConfig): void {
  checkConfig('PagerDuty', ConfigData, config);
}
