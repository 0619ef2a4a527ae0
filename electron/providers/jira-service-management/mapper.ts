/**
 * Jira issues to the console's Ticket, and the console's words to Jira's: PagerDuty
 * priorities P1..P5 to Highest..Lowest, urgency to the Urgency field, workflow statuses to
 * ticket stages, and the labels that link a request to its paging incident or to the
 * console's specialist request.
 */
import type { Ref } from '../../../shared/domain/incident';
import type { Ticket, TicketStage } from '../../../shared/domain/ticket';
import type { SpecialistTicket } from '../../engine/ports/ticketing';
import { AssetValues, ServiceValues, TeamValue, type JiraIssue } from './schemas';

export const JSM_PROVIDER_ID = 'jira-service-management';
/** Every request the console raises carries this label (so changes can be searched in one query)... */
export const CONSOLE_LABEL = 'pagerduty';
/** ...and this one, naming its paging incident. */
export function labelFor(pagingIncidentId: string): string {
  return `${CONSOLE_LABEL}-${pagingIncidentId}`;
}
export function pagingIncidentIdOf(labels: readonly string[]): string | null {
  const label = labels.find((item) => item.startsWith(`${CONSOLE_LABEL}-`));
  return label ? label.slice(CONSOLE_LABEL.length + 1) : null;
}

/** Every specialist request the console raises carries this label... */
export const SPECIALIST_LABEL = 'oncall-console-request';
const SPECIALIST_REQUEST_PREFIX = 'console-request-';
/** ...and this one, naming the console's request. */
export function specialistLabelFor(requestId: string): string {
  return `${SPECIALIST_REQUEST_PREFIX}${requestId}`;
}
export function specialistRequestIdOf(labels: readonly string[]): string | null {
  const label = labels.find((item) => item.startsWith(SPECIALIST_REQUEST_PREFIX) && item.length > SPECIALIST_REQUEST_PREFIX.length);
  return label ? label.slice(SPECIALIST_REQUEST_PREFIX.length) : null;
}

/** The Major incident field's value when set (null when not). */
export const MAJOR_INCIDENT_VALUE = 'MAJOR_INCIDENT';
export const HIGHEST_PRIORITY = 'Highest';

const PRIORITY_BY_PAGING_NAME: Record<string, string> = { P1: 'Highest', P2: 'High', P3: 'Medium', P4: 'Low', P5: 'Lowest' };

/** PagerDuty's P1..P5 to Jira's Highest..Lowest; null when there is no paging priority or it is not P1..P5. */
export function jiraPriorityFor(pagingPriority: string | null): string | null {
  if (!pagingPriority) return null;
  return PRIORITY_BY_PAGING_NAME[pagingPriority.trim().toUpperCase()] ?? null;
}

export function jiraUrgencyFor(urgency: 'high' | 'low'): string {
  return urgency === 'high' ? 'High' : 'Low';
}

export interface StatusNames {
  inProgress: string;
  resolved: string;
}

const STAGE_BY_STATUS: Record<string, TicketStage> = {
  open: 'new',
  new: 'new',
  'waiting for support': 'new',
  'work in progress': 'in-progress',
  'in progress': 'in-progress',
  investigating: 'in-progress',
  pending: 'on-hold',
  'waiting for customer': 'on-hold',
  resolved: 'resolved',
  done: 'resolved',
  closed: 'closed',
  canceled: 'canceled',
  cancelled: 'canceled',
  declined: 'canceled',
};

/** Where a status stands: by its name when known, else by its Jira status category. */
export function stageOf(statusName: string, categoryKey: string | undefined, names: StatusNames): TicketStage {
  const lower = statusName.trim().toLowerCase();
  if (lower === names.inProgress.toLowerCase()) return 'in-progress';
  if (lower === names.resolved.toLowerCase()) return 'resolved';
  const known = STAGE_BY_STATUS[lower];
  if (known) return known;
  if (categoryKey === 'new') return 'new';
  if (categoryKey === 'done') return 'resolved';
  return 'in-progress';
}

/** The custom field ids the provider reads and writes (null where the site has no such field). */
export interface FieldMap {
  team: string | null;
  affectedServices: string | null;
  configurationItem: string | null;
  majorIncident: string | null;
  urgency: string | null;
}

export interface MapContext {
  siteUrl: string;
  fields: FieldMap;
  statuses: StatusNames;
  /** Names of Assets objects by global id ("workspace:object"), when known. */
  assetName: (globalId: string) => string | null;
}

function customField(issue: JiraIssue, id: string | null): unknown {
  return id ? (issue.fields as Record<string, unknown>)[id] : undefined;
}

export function teamRefOf(issue: JiraIssue, fields: FieldMap): Ref | null {
  const parsed = TeamValue.safeParse(customField(issue, fields.team));
  if (!parsed.success || !parsed.data) return null;
  if (typeof parsed.data === 'string') return { id: parsed.data, name: parsed.data };
  return { id: parsed.data.id, name: parsed.data.name ?? parsed.data.title ?? parsed.data.id };
}

export function serviceRefOf(issue: JiraIssue, fields: FieldMap): Ref | null {
  const parsed = ServiceValues.safeParse(customField(issue, fields.affectedServices));
  const first = parsed.success ? parsed.data?.[0] : undefined;
  return first ? { id: first.id, name: first.name ?? first.id } : null;
}

/** The Assets global id ("workspace:object") of the first configuration item. */
export function assetIdOf(issue: JiraIssue, fields: FieldMap): string | null {
  const parsed = AssetValues.safeParse(customField(issue, fields.configurationItem));
  const first = parsed.success ? parsed.data?.[0] : undefined;
  if (!first) return null;
  if (first.id) return first.id;
  return first.workspaceId && first.objectId ? `${first.workspaceId}:${first.objectId}` : null;
}

export function isMajor(issue: JiraIssue, fields: FieldMap): boolean {
  const value = customField(issue, fields.majorIncident);
  return value !== null && value !== undefined && value !== false && value !== '';
}

export function toTicket(issue: JiraIssue, context: MapContext): Ticket {
  const fields = issue.fields;
  const assetId = assetIdOf(issue, context.fields);
  return {
    id: issue.id,
    provider: JSM_PROVIDER_ID,
    number: issue.key,
    state: fields.status.name,
    stage: stageOf(fields.status.name, fields.status.statusCategory?.key, context.statuses),
    title: fields.summary,
    assignmentGroup: teamRefOf(issue, context.fields),
    assignedTo: fields.assignee ? { id: fields.assignee.accountId, name: fields.assignee.displayName ?? fields.assignee.accountId } : null,
    businessService: serviceRefOf(issue, context.fields),
    configurationItem: assetId ? { id: assetId, name: context.assetName(assetId) ?? assetId } : null,
    priority: fields.priority?.name ?? null,
    majorIncident: isMajor(issue, context.fields),
    pagingIncidentId: pagingIncidentIdOf(fields.labels ?? []),
    url: `${context.siteUrl}/browse/${issue.key}`,
    updatedAt: toIso(fields.updated),
  };
}

/** A specialist request's ticket: the issue key is its id (what the specialist methods take). */
export function toSpecialistTicket(ticket: Ticket): SpecialistTicket {
  return {
    id: ticket.number,
    number: ticket.number,
    url: ticket.url,
    state: ticket.state,
    stage: ticket.stage,
    assignmentGroup: ticket.assignmentGroup,
    assignedTo: ticket.assignedTo,
  };
}

/** Jira's 2026-11-26T10:00:00.000+0000 as ISO 8601 UTC (unchanged when it does not parse). */
function toIso(jiraDate: string): string {
  const at = Date.parse(jiraDate);
  return Number.isNaN(at) ? jiraDate : new Date(at).toISOString();
}
