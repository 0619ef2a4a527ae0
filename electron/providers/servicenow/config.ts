/**
 * The ServiceNow provider's configuration and its validation (a mistake is reported as
 * one line naming the field to fix, never echoing a secret), and how headless hosts read
 * credentials from the environment:
 *
 * - `SERVICENOW_USER` + `SERVICENOW_PASSWORD`: HTTP Basic auth (an integration user with
 *   the itil role, "web service access only").
 * - `SERVICENOW_TOKEN`: an OAuth access token sent as `Authorization: Bearer ...`, or, with
 *   `SERVICENOW_TOKEN_TYPE=api-key`, a REST API key sent in the `x-sn-apikey` header (API Key
 *   and HMAC Authentication plugin, auth parameter "x-sn-apikey: Auth Header").
 */
import { z } from 'zod';
import { checkConfig, fromEnv, httpUrl, nonEmpty, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';

export type ServiceNowAuth =
  { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string } | { kind: 'api-key'; key: string };

/** The close code used when resolving, unless configured: the current releases' default choice. */
export const DEFAULT_CLOSE_CODE = 'Solution provided';

export interface ServiceNowConfig extends ClientTuning {
  /** The instance URL, e.g. https://acme.service-now.com, or a simulator URL. */
  instanceUrl: string;
  auth: ServiceNowAuth;
  /** Close code set when resolving (default "Solution provided"; older instances use "Solved (Permanently)"). */
  closeCode?: string;
  /** The Service Catalog item ordered for specialist requests: its name or sys_id (default "Ask a specialist team"). */
  specialistCatalogItem?: string;
  /** Records per page (sysparm_limit), default 100. */
  pageSize?: number;
}

const AuthData = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('basic'),
      user: nonEmpty('auth.user (SERVICENOW_USER)'),
      password: nonEmpty('auth.password (SERVICENOW_PASSWORD)'),
    }),
    z.object({ kind: z.literal('bearer'), token: nonEmpty('auth.token (SERVICENOW_TOKEN)') }),
    z.object({ kind: z.literal('api-key'), key: nonEmpty('auth.key (SERVICENOW_TOKEN with SERVICENOW_TOKEN_TYPE=api-key)') }),
  ],
  { error: 'auth.kind must be "basic", "bearer" or "api-key"' },
);

const ConfigData = z.object({
  instanceUrl: httpUrl('instanceUrl', 'https://acme.service-now.com'),
  auth: AuthData,
  closeCode: z.string().trim().min(1, 'closeCode is empty: leave it out for "Solution provided"').optional(),
  specialistCatalogItem: z.string().trim().min(1, 'specialistCatalogItem is empty: leave it out for "Ask a specialist team"').optional(),
  ...tuningFields,
  pageSize: z.number().int().min(1).max(10_000, 'pageSize must be between 1 and 10000').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateConfig(config: ServiceNowConfig): void {
  checkConfig('ServiceNow', ConfigData, config);
}

/**
 * ServiceNow credentials from environment variables (see the module comment), or null
 * when none are set. Throws when they are set half-way (a user without a password, say).
 */
export function serviceNowAuthFromEnv(env: Record<string, string | undefined>): ServiceNowAuth | null {
  const user = fromEnv(env, 'SERVICENOW_USER');
  const password = env.SERVICENOW_PASSWORD;
  const token = fromEnv(env, 'SERVICENOW_TOKEN');
  const tokenType = (env.SERVICENOW_TOKEN_TYPE ?? 'bearer').trim().toLowerCase();
  if (user || password) {
    if (!user) throw new Error('SERVICENOW_PASSWORD is set but SERVICENOW_USER is not: set both for Basic auth, or use SERVICENOW_TOKEN');
    if (!password)
      throw new Error('SERVICENOW_USER is set but SERVICENOW_PASSWORD is not: set both for Basic auth, or use SERVICENOW_TOKEN');
    return { kind: 'basic', user, password };
  }
  if (token) {
    if (tokenType === 'api-key' || tokenType === 'apikey') return { kind: 'api-key', key: token };
    if (tokenType === 'bearer' || tokenType === 'oauth') return { kind: 'bearer', token };
    throw new Error(
      `SERVICENOW_TOKEN_TYPE must be "bearer" (an OAuth access token) or "api-key" (sent as x-sn-apikey), not "${tokenType}"`,
    );
  }
  return null;
}

/** The secret in an auth, to scrub from messages. */
export function secretOf(auth: ServiceNowAuth): string {
  return auth.kind === 'basic' ? auth.password : auth.kind === 'bearer' ? auth.token : auth.key;
}
