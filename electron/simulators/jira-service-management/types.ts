/**
 * The Jira Service Management simulator's vocabulary: its options, the custom field ids
 * it models, and the records its state keeps (plain data, serialised to Jira's wire
 * shapes only when a response is written).
 */
import type { ChangeDeskOptions } from './change-config';
import type { MirroredOrg } from './demo-site';

export type { Fault, RecordedRequest } from '../pagerduty/types';

export interface JsmCredential {
  email: string;
  apiToken: string;
}

export interface JiraServiceManagementSimulatorOptions {
  /** Default 0 (any free port); the server always binds 127.0.0.1. */
  port?: number;
  /** When set, any other email/token pair gets 401; otherwise any site user's email with any non-empty token is accepted. */
  validCredentials?: JsmCredential[];
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Seed of the PagerDuty demo organisation to mirror (default 1), when `org` is not given. */
  seed?: number;
  /** The PagerDuty organisation to mirror, e.g. a PagerDuty simulator's `state` (default: the demo org for `seed`). */
  org?: MirroredOrg;
  /** Requests per minute per account before 429 (default 600). */
  rateLimitPerMinute?: number;
  /** Requests seeded at start, linked to no paging incident (default 0). */
  seedRequests?: number;
  /** The change project's workflow and service approvers (change-config.ts). */
  changes?: ChangeDeskOptions;
  /** Seed changes in every state (default true); the standard change templates are always there. */
  seedChanges?: boolean;
}

/** The custom fields the simulated site has. Real sites number theirs differently: the provider looks them up by name. */
export const FIELD_IDS = {
  team: 'customfield_10001',
  requestType: 'customfield_10010',
  affectedServices: 'customfield_10043',
  urgency: 'customfield_10044',
  majorIncident: 'customfield_10046',
  configurationItem: 'customfield_10050',
} as const;

/** The value of the Major incident field when set (null otherwise). */
export const MAJOR_INCIDENT_VALUE = 'MAJOR_INCIDENT';

export interface IssueRecord {
  /** Numeric issue id as a string, e.g. "10001". */
  id: string;
  key: string;
  requestTypeId: string;
  summary: string;
  description: string | null;
  statusName: string;
  resolution: string | null;
  resolutionDate: number | null;
  priorityName: string;
  labels: string[];
  reporterId: string;
  assigneeId: string | null;
  teamId: string | null;
  affectedServiceIds: string[];
  /** Assets object ids (within the workspace). */
  configurationItemIds: string[];
  urgency: string | null;
  majorIncident: boolean;
  created: number;
  updated: number;
}

export interface CommentRecord {
  id: string;
  issueId: string;
  authorId: string;
  body: string;
  public: boolean;
  created: number;
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangelogRecord {
  id: string;
  issueId: string;
  authorId: string;
  created: number;
  items: ChangeItem[];
}
