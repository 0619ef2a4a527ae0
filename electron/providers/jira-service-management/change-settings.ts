/**
 * The Jira Service Management change system's configuration: the site and credentials (as
 * for ticketing) and, optionally, where changes live and what the site calls things. The
 * docs fix none of these names (/work/notes/jsm-change-api.md §1c, §1d, §2), so each has a
 * default that fits the ITSM template as far as it is known, and a setting:
 * - the change service desk: the first one with a request type named "Request a change";
 * - the change fields, found by name through /rest/api/3/field ("Change type", "Change risk",
 *   "Change start date", "Change completion date", "Affected services", "Implementation plan",
 *   "Backout plan", "Test plan", "Request Type");
 * - the option values of Change type (Standard, Normal, Emergency);
 * - the statuses a change closes to (Completed, Failed), the ones that mean it was declined
 *   (Declined), and extra status names per console state (see change-mapper.ts).
 */
import { z } from 'zod';
import { ChangeState } from '../../../shared/domain/change';
import { checkConfig, httpUrl, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';

export const CHANGE_FIELD_KEYS = [
  'changeType',
  'risk',
  'plannedStart',
  'plannedEnd',
  'affectedServices',
  'implementationPlan',
  'backoutPlan',
  'testPlan',
  'requestType',
] as const;
export type ChangeFieldKey = (typeof CHANGE_FIELD_KEYS)[number];

export const DEFAULT_CHANGE_FIELD_NAMES: Record<ChangeFieldKey, string> = {
  changeType: 'Change type',
  risk: 'Change risk',
  plannedStart: 'Change start date',
  plannedEnd: 'Change completion date',
  affectedServices: 'Affected services',
  implementationPlan: 'Implementation plan',
  backoutPlan: 'Backout plan',
  testPlan: 'Test plan',
  requestType: 'Request Type',
};

export interface JsmChangeSettings {
  /** The change project's service desk: its id, or its project key. */
  serviceDeskId?: string;
  projectKey?: string;
  /** The request type of normal and emergency changes (default "Request a change"). */
  requestTypeName?: string;
  /** Custom field ids, when finding them by name does not fit the site. */
  fields?: Partial<Record<ChangeFieldKey, string>>;
  /** The names the fields are found by. */
  fieldNames?: Partial<Record<ChangeFieldKey, string>>;
  /** Change type's option values (default Standard, Normal, Emergency). */
  changeTypes?: Partial<Record<'standard' | 'normal' | 'emergency', string>>;
  /** The statuses a change closes to (default Completed and Failed). */
  closeStatuses?: { successful?: string; unsuccessful?: string };
  /** Statuses that mean the change was declined (default Declined). */
  declinedStatuses?: string[];
  /** More status names per console state, checked before the defaults (e.g. {"authorize": ["Awaiting CAB approval"]}). */
  statuses?: Partial<Record<ChangeState, string[]>>;
}

export interface JiraServiceManagementChangeConfig extends ClientTuning {
  /** The site, e.g. https://your-site.atlassian.net, or a simulator URL. */
  siteUrl: string;
  /** The Atlassian account's email (JIRA_EMAIL). */
  email: string;
  /** An Atlassian API token (JIRA_API_TOKEN); never logged, never put in a message. */
  apiToken: string;
  changes?: JsmChangeSettings;
}

const Name = z.string().trim().min(1);
const FieldMap = z.partialRecord(z.enum(CHANGE_FIELD_KEYS), Name);

const ConfigData = z.object({
  siteUrl: httpUrl('siteUrl', 'https://your-site.atlassian.net'),
  email: z.email({ error: 'email must be the email address of the Atlassian account the API token belongs to (JIRA_EMAIL)' }),
  apiToken: z
    .string({ error: 'apiToken is required' })
    .trim()
    .min(1, 'apiToken is empty: create one at id.atlassian.com (Security, API tokens) and set JIRA_API_TOKEN'),
  ...tuningFields,
  changes: z
    .object({
      serviceDeskId: z.string().regex(/^\d+$/, 'changes.serviceDeskId must be the numeric id of a service desk, e.g. "2"').optional(),
      projectKey: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]+$/, 'changes.projectKey must be a Jira project key such as CHG')
        .optional(),
      requestTypeName: Name.optional(),
      fields: FieldMap.optional(),
      fieldNames: FieldMap.optional(),
      changeTypes: z.partialRecord(z.enum(['standard', 'normal', 'emergency']), Name).optional(),
      closeStatuses: z.object({ successful: Name.optional(), unsuccessful: Name.optional() }).optional(),
      declinedStatuses: z.array(Name).optional(),
      statuses: z.partialRecord(ChangeState, z.array(Name)).optional(),
    })
    .optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateChangeConfig(config: JiraServiceManagementChangeConfig): void {
  checkConfig('Jira Service Management', ConfigData, config);
}
