/**
 * The console's connections to outside systems (PagerDuty, Splunk On-Call, ServiceNow,
 * Jira Service Management, GitHub) as the settings keep them: everything but the secret. Each
 * connection's secret (token, password, API key) lives in the OS keychain under the
 * account `<kind>:<id>` (secretAccount) and never in these records.
 *
 * Stored connections are lenient (an imported workspace may leave the personal parts,
 * such as your From email, blank until you fill them in); the drafts a form saves are
 * strict, with messages that say what to type.
 */
import { z } from 'zod';

export const ConnectionKind = z.enum(['pagerduty', 'splunk-on-call', 'servicenow', 'jira-service-management', 'github']);
export type ConnectionKind = z.infer<typeof ConnectionKind>;

/** What each kind is called on screen. */
export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = {
  pagerduty: 'PagerDuty',
  'splunk-on-call': 'Splunk On-Call',
  servicenow: 'ServiceNow',
  'jira-service-management': 'Jira Service Management',
  github: 'GitHub',
};

export const ConnectionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a connection id is 1-40 lowercase letters, digits and dashes');

/** The keychain account that holds a connection's secret, e.g. `pagerduty:3f9a01bc`. */
export function secretAccount(kind: ConnectionKind, id: string): string {
  return `${kind}:${id}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine(isHttpUrl, `must be an http(s) URL, e.g. ${example}`)
    .transform((url) => url.replace(/\/+$/, ''));

/** An email, or blank (not filled in yet). */
const optionalEmail = z.union([z.literal(''), z.email('must be an email address')]).default('');
const idList = z.array(z.string().trim().min(1, 'an id is empty')).default([]);
const label = z.string().trim().min(1, 'give the connection a name').max(80, 'keep the name under 80 characters');

/** Where a PagerDuty service's tickets go in the ticketing system (the system's own ids). */
const ServiceMappingEntry = z.object({
  pagerDutyServiceId: z.string().trim().min(1),
  assignmentGroup: z.string().trim().min(1).nullable().default(null),
  businessService: z.string().trim().min(1).nullable().default(null),
  configurationItem: z.string().trim().min(1).nullable().default(null),
});
type ServiceMappingEntry = z.infer<typeof ServiceMappingEntry>;

const pollSeconds = (fallback: number) => z.number().int().min(2).max(300).default(fallback);

export const PagerDutyConnection = z.object({
  id: ConnectionId,
  kind: z.literal('pagerduty'),
  label,
  baseUrl: httpUrl('https://api.pagerduty.com').default('https://api.pagerduty.com'),
  /** Your PagerDuty user's email, sent as the From header on writes. */
  fromEmail: optionalEmail,
  scope: z.object({ teamIds: idList, serviceIds: idList, assignedToMe: z.boolean().default(false) }).prefault({}),
  pollIntervalSeconds: pollSeconds(5),
  reconcileMinutes: z.number().int().min(1).max(1440).default(10),
  requestTimeoutSeconds: z.number().int().min(1).max(120).default(10),
  /** The incident managers' escalation policies, for the on-call panel. */
  incidentManagerPolicyIds: idList,
});
export type PagerDutyConnection = z.infer<typeof PagerDutyConnection>;

const SPLUNK_ON_CALL_API_URL = 'https://api.victorops.com';

/** Splunk On-Call's usernames: no spaces or slashes (the username is a path segment of GET /user/{user}). */
const SPLUNK_ON_CALL_USERNAME = /^[^\s/]+$/;

/**
 * A Splunk On-Call (formerly VictorOps) organisation beside PagerDuty in the same queue. The
 * secret is an API key, which belongs to the organisation (sent with its API ID); writes are
 * done as `username`. Its incidents are polled as often as PagerDuty's (the workspace has one
 * poll interval for every platform), so it has no interval of its own.
 */
export const SplunkOnCallConnection = z.object({
  id: ConnectionId,
  kind: z.literal('splunk-on-call'),
  label,
  apiUrl: httpUrl(SPLUNK_ON_CALL_API_URL).default(SPLUNK_ON_CALL_API_URL),
  /** The organisation's API ID (Integrations » API), sent with the key; blank until filled in after an import. */
  apiId: z.string().trim().default(''),
  /** The Splunk On-Call username acknowledgements, resolutions and reroutes are done as; blank until filled in. */
  username: z.string().trim().default(''),
  /** The organisation's slug in the web app's URLs (portal.victorops.com/ui/<slug>/...), for links to incidents. */
  orgSlug: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/, 'enter the organisation slug from the web app URL (portal.victorops.com/ui/<slug>/...), or leave it blank')
    .optional(),
  requestTimeoutSeconds: z.number().int().min(1).max(120).default(10),
});
export type SplunkOnCallConnection = z.infer<typeof SplunkOnCallConnection>;

/** How the console signs in to ServiceNow: the secret is the password, the OAuth token or the API key. */
const ServiceNowAuthKind = z.enum(['basic', 'bearer', 'api-key']);
type ServiceNowAuthKind = z.infer<typeof ServiceNowAuthKind>;

const automationBackfillHours = z
  .number()
  .min(0)
  .max(24 * 30)
  .default(24);

export const ServiceNowConnection = z.object({
  id: ConnectionId,
  kind: z.literal('servicenow'),
  label,
  instanceUrl: httpUrl('https://acme.service-now.com'),
  authKind: ServiceNowAuthKind.default('basic'),
  /** The user name for basic auth; blank otherwise. */
  user: z.string().trim().default(''),
  closeCode: z.string().trim().min(1).optional(),
  mapping: z.array(ServiceMappingEntry).default([]),
  pollIntervalSeconds: pollSeconds(10),
  /** Incidents older than this when first seen get no ticket from the automations. */
  automationBackfillHours,
});
export type ServiceNowConnection = z.infer<typeof ServiceNowConnection>;

export const JiraServiceManagementConnection = z.object({
  id: ConnectionId,
  kind: z.literal('jira-service-management'),
  label,
  siteUrl: httpUrl('https://acme.atlassian.net'),
  /** The Atlassian account the API token belongs to. */
  email: optionalEmail,
  projectKey: z.string().trim().min(1).optional(),
  serviceDeskId: z.string().trim().min(1).optional(),
  requestTypeName: z.string().trim().min(1).optional(),
  mapping: z.array(ServiceMappingEntry).default([]),
  pollIntervalSeconds: pollSeconds(10),
  automationBackfillHours,
});
export type JiraServiceManagementConnection = z.infer<typeof JiraServiceManagementConnection>;

const GITHUB_API_URL = 'https://api.github.com';

export const GitHubConnection = z.object({
  id: ConnectionId,
  kind: z.literal('github'),
  label,
  apiUrl: httpUrl(GITHUB_API_URL).default(GITHUB_API_URL),
});
export type GitHubConnection = z.infer<typeof GitHubConnection>;

export const Connection = z.discriminatedUnion('kind', [
  PagerDutyConnection,
  SplunkOnCallConnection,
  ServiceNowConnection,
  JiraServiceManagementConnection,
  GitHubConnection,
]);
export type Connection = z.infer<typeof Connection>;

/** Text that must be filled in: the same message whether it is blank or missing. */
const requiredText = (message: string) => z.string({ error: message }).trim().min(1, message);

/** A connection as a form sends it: no id yet when it is new, and the personal parts filled in. */
export const ConnectionDraft = z.discriminatedUnion('kind', [
  PagerDutyConnection.extend({
    id: ConnectionId.optional(),
    fromEmail: z.email('enter the email of your PagerDuty user (sent as the From header on writes)'),
  }),
  SplunkOnCallConnection.extend({
    id: ConnectionId.optional(),
    apiId: requiredText('enter the API ID shown in Splunk On-Call under Integrations » API').regex(
      /^\S+$/,
      'the API ID has no spaces: copy it from Integrations » API in Splunk On-Call',
    ),
    username: requiredText('enter your Splunk On-Call username (acknowledgements and resolutions are done as this user)').regex(
      SPLUNK_ON_CALL_USERNAME,
      'enter a Splunk On-Call username (no spaces or slashes), e.g. jdoe',
    ),
  }),
  ServiceNowConnection.extend({ id: ConnectionId.optional() }).refine((draft) => draft.authKind !== 'basic' || draft.user !== '', {
    message: 'enter the ServiceNow user name for basic auth',
    path: ['user'],
  }),
  JiraServiceManagementConnection.extend({
    id: ConnectionId.optional(),
    email: z.email('enter the email of the Atlassian account the API token belongs to'),
  }),
  GitHubConnection.extend({ id: ConnectionId.optional() }),
]);
export type ConnectionDraft = z.infer<typeof ConnectionDraft>;

/** A secret typed into a form: crosses to the engine once, in a save or test request, and never comes back. */
export const SecretText = z
  .string()
  .trim()
  .min(1, 'paste the token (or password)')
  .max(4096, 'that is longer than any token: paste the token only');

/** What the settings list: a connection and whether its secret is stored (never the secret). */
export const ConnectionEntry = z.object({
  connection: Connection,
  hasSecret: z.boolean(),
});
export type ConnectionEntry = z.infer<typeof ConnectionEntry>;

/** The settings' connections section. */
export const StoredConnections = z.array(Connection).default([]);
