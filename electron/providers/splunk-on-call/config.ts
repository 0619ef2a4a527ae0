/**
 * The Splunk On-Call (formerly VictorOps) provider's configuration and its validation (one
 * line naming the field to fix, never echoing the key), and the credentials headless hosts
 * read from the environment: `SPLUNK_ONCALL_API_ID` (the organisation's API ID),
 * `SPLUNK_ONCALL_API_KEY` (a key from Integrations » API) and `SPLUNK_ONCALL_USER` (the
 * username that acknowledge, resolve and reroute are done as: the API takes the acting
 * user in the body, not from the key).
 */
import { z } from 'zod';
import { checkConfig, fromEnv, httpUrl, nonEmpty, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';
import { SPLUNK_ON_CALL_ROUTES, type SplunkOnCallRoute } from './route-pacer';

/** The public API's host (the spec's `host` and `schemes`). */
export const SPLUNK_ON_CALL_API_URL = 'https://api.victorops.com';
/** The web app an incident's page lives in (see mapper.ts for the page's URL pattern). */
export const SPLUNK_ON_CALL_WEB_URL = 'https://portal.victorops.com';

export interface SplunkOnCallConfig extends ClientTuning {
  /** Default https://api.victorops.com; a simulator's URL in tests and the demo. */
  apiUrl?: string;
  /** The organisation's API ID (X-VO-Api-Id). */
  apiId: string;
  /** An API key (X-VO-Api-Key); never logged, scrubbed from every message. A read-only key can only read. */
  apiKey: string;
  /** The Splunk On-Call username writes are done as (the body's `userName`). */
  username: string;
  /** The organisation's slug in the web app's URLs (portal.victorops.com/ui/<slug>/...); without it incidents have no link. */
  orgSlug?: string;
  /** Default https://portal.victorops.com. */
  webUrl?: string;
  /** Calls a minute per route, where the organisation's limits differ from the documented ones (route-pacer.ts). */
  rateLimits?: Partial<Record<SplunkOnCallRoute, number>>;
  /** Slack added to each one-minute window for clock and network differences, default 1,000 ms. */
  rateLimitMarginMs?: number;
  /** Longest wait for a route's next free slot before giving up for now (transient), default 65,000 ms. */
  maxPaceWaitMs?: number;
  /** Requests in flight when reading every team's members, default 4. */
  concurrency?: number;
  /** Most pages (100 incidents each, one a minute) one read of the incident history takes, default 10. */
  reportMaxPages?: number;
}

const routeLimit = z.number().int().min(1, 'rateLimits: a route allows at least 1 call a minute').max(600);

const ConfigData = z.object({
  apiUrl: httpUrl('apiUrl', SPLUNK_ON_CALL_API_URL).optional(),
  apiId: nonEmpty('apiId (SPLUNK_ONCALL_API_ID, the API ID on Integrations » API)'),
  apiKey: nonEmpty('apiKey (SPLUNK_ONCALL_API_KEY, an API key from Integrations » API)'),
  username: nonEmpty('username (SPLUNK_ONCALL_USER, the Splunk On-Call username writes are done as)').regex(
    /^[^\s/]+$/,
    'username must be a Splunk On-Call username (no spaces or slashes), e.g. jdoe',
  ),
  orgSlug: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/, 'orgSlug must be the organisation slug from the web app URL (portal.victorops.com/ui/<slug>/...)')
    .optional(),
  webUrl: httpUrl('webUrl', SPLUNK_ON_CALL_WEB_URL).optional(),
  rateLimits: z.partialRecord(z.enum(SPLUNK_ON_CALL_ROUTES), routeLimit).optional(),
  rateLimitMarginMs: z.number().int().min(0).max(30_000, 'rateLimitMarginMs must be at most 30000').optional(),
  maxPaceWaitMs: z.number().int().min(0).optional(),
  concurrency: z.number().int().min(1).max(10, 'concurrency must be between 1 and 10').optional(),
  reportMaxPages: z.number().int().min(1).max(100, 'reportMaxPages must be between 1 and 100').optional(),
  ...tuningFields,
});

/** Throws "Splunk On-Call configuration is invalid: <field>: <problem>" when the configuration's data is invalid. */
export function validateConfig(config: SplunkOnCallConfig): void {
  checkConfig('Splunk On-Call', ConfigData, config);
}

/** What a headless host reads from the environment. */
interface SplunkOnCallCredentials {
  apiId: string;
  apiKey: string;
  username: string;
}

const ENV_VARIABLES = [
  ['SPLUNK_ONCALL_API_ID', 'the API ID shown on Integrations » API'],
  ['SPLUNK_ONCALL_API_KEY', 'an API key from Integrations » API'],
  ['SPLUNK_ONCALL_USER', 'the Splunk On-Call username writes are done as'],
] as const;

/**
 * The credentials from SPLUNK_ONCALL_API_ID, SPLUNK_ONCALL_API_KEY and SPLUNK_ONCALL_USER,
 * or null when none is set. Throws one line naming the variables still to set when only
 * some are.
 */
export function splunkOnCallCredentialsFromEnv(env: Record<string, string | undefined>): SplunkOnCallCredentials | null {
  const values = ENV_VARIABLES.map(([name]) => fromEnv(env, name));
  if (values.every((value) => value === null)) return null;
  const missing = ENV_VARIABLES.filter((_, index) => values[index] === null);
  if (missing.length > 0) {
    const names = missing.map(([name, what]) => `${name} (${what})`).join(' and ');
    throw new Error(`Splunk On-Call: set ${names} too; the API needs the API ID, an API key and the username writes are done as.`);
  }
  const [apiId, apiKey, username] = values as [string, string, string];
  return { apiId, apiKey, username };
}
