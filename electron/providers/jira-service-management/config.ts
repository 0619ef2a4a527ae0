/**
 * The Jira Service Management provider's configuration and its validation: a mistake here
 * is reported as one line saying which field to fix (and never echoes the API token).
 */
import { z } from 'zod';
import { checkConfig, httpUrl, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';

export interface JiraServiceManagementConfig extends ClientTuning {
  /** The site, e.g. https://your-site.atlassian.net, or a simulator URL. */
  siteUrl: string;
  /** The Atlassian account's email (JIRA_EMAIL). */
  email: string;
  /** An Atlassian API token (JIRA_API_TOKEN); never logged, never put in a message. */
  apiToken: string;
  /** The service desk to raise requests in: its id, or its project key. Default: the first the account sees. */
  serviceDeskId?: string;
  projectKey?: string;
  /** The request type for incidents: its id, or its name (default "Report a system problem"). */
  requestTypeId?: string;
  requestTypeName?: string;
  /** The request type for the catalogue's specialist requests: its id or name (default "Ask a specialist team"). */
  specialistRequestType?: string;
  /** Workflow status names (default "Work in progress" and "Resolved"). */
  statuses?: { inProgress?: string; resolved?: string };
  /** The resolution set when resolving (default "Done"). */
  resolutionName?: string;
  /** Custom field ids, when the defaults found by name do not fit the site. */
  fields?: Partial<Record<'team' | 'affectedServices' | 'configurationItem' | 'majorIncident' | 'urgency', string>>;
  /** Names the custom fields are looked up by (defaults "Team", "Affected services", "Configuration item", "Major incident", "Urgency"). */
  fieldNames?: Partial<Record<'team' | 'affectedServices' | 'configurationItem' | 'majorIncident' | 'urgency', string>>;
  /** Where Assets answers: https://api.atlassian.com for *.atlassian.net sites (default), else the site. */
  assetsBaseUrl?: string;
  /** The AQL that lists configuration items (default: objectSchema = "IT Assets"). */
  assetsQuery?: string;
  /** Requests in flight while reading changes, default 4. */
  concurrency?: number;
}

const FieldKeys = z.object({
  team: z.string().min(1).optional(),
  affectedServices: z.string().min(1).optional(),
  configurationItem: z.string().min(1).optional(),
  majorIncident: z.string().min(1).optional(),
  urgency: z.string().min(1).optional(),
});

const ConfigData = z.object({
  siteUrl: httpUrl('siteUrl', 'https://your-site.atlassian.net'),
  email: z.email({ error: 'email must be the email address of the Atlassian account the API token belongs to (JIRA_EMAIL)' }),
  apiToken: z
    .string({ error: 'apiToken is required' })
    .trim()
    .min(1, 'apiToken is empty: create one at id.atlassian.com (Security, API tokens) and set JIRA_API_TOKEN'),
  serviceDeskId: z.string().regex(/^\d+$/, 'serviceDeskId must be the numeric id of a service desk, e.g. "1"').optional(),
  projectKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]+$/, 'projectKey must be a Jira project key such as ITSM')
    .optional(),
  requestTypeId: z.string().regex(/^\d+$/, 'requestTypeId must be the numeric id of a request type').optional(),
  requestTypeName: z.string().min(1).optional(),
  specialistRequestType: z.string().trim().min(1, 'specialistRequestType is empty: leave it out for "Ask a specialist team"').optional(),
  statuses: z.object({ inProgress: z.string().min(1).optional(), resolved: z.string().min(1).optional() }).optional(),
  resolutionName: z.string().min(1).optional(),
  fields: FieldKeys.optional(),
  fieldNames: FieldKeys.optional(),
  assetsBaseUrl: httpUrl('assetsBaseUrl', 'https://api.atlassian.com').optional(),
  assetsQuery: z.string().min(1).optional(),
  ...tuningFields,
  concurrency: z.number().int().min(1).max(10, 'concurrency must be between 1 and 10').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateConfig(config: JiraServiceManagementConfig): void {
  checkConfig('Jira Service Management', ConfigData, config);
}

/** Assets is served by api.atlassian.com for Cloud sites; anything else (a simulator, a proxy) serves it itself. */
export function defaultAssetsBaseUrl(siteUrl: string): string {
  return /\.atlassian\.net$/i.test(new URL(siteUrl).hostname) ? 'https://api.atlassian.com' : siteUrl;
}
