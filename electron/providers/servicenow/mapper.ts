/**
 * ServiceNow incidents to the console's Ticket, and the console's words to ServiceNow's:
 * state numbers to stages, paging priorities (P1..P5) and urgency to impact x urgency
 * (priority follows from the instance's default lookup: priority = impact + urgency - 1),
 * and the Table API's UTC date-times to ISO 8601 and back.
 */
import type { Ref } from '../../../shared/domain/incident';
import type { Ticket, TicketStage } from '../../../shared/domain/ticket';
import type { BothValues, SnIncident } from './schemas';

export const SERVICENOW_PROVIDER_ID = 'servicenow';

const STATE_NEW = '1';
export const STATE_IN_PROGRESS = '2';
const STATE_ON_HOLD = '3';
export const STATE_RESOLVED = '6';
const STATE_CLOSED = '7';
export const STATE_CANCELED = '8';

const STAGES: Record<string, TicketStage> = {
  '1': 'new',
  '2': 'in-progress',
  '3': 'on-hold',
  '6': 'resolved',
  '7': 'closed',
  '8': 'canceled',
};
const STATE_NAMES: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
  '8': 'Canceled',
};

export function stageOf(state: string): TicketStage {
  return STAGES[state] ?? 'in-progress';
}

export function isOpenState(state: string): boolean {
  return state === STATE_NEW || state === STATE_IN_PROGRESS || state === STATE_ON_HOLD;
}

/** Closed and canceled incidents are read-only for everyone but admins. */
export function isReadOnlyState(state: string): boolean {
  return state === STATE_CLOSED || state === STATE_CANCELED;
}

export function stateName(state: BothValues): string {
  return state.display || STATE_NAMES[state.value] || state.value;
}

/** Impact and urgency (1 high ... 3 low) for a new ticket: from the paging priority's name when it has one, else from the urgency. */
export function impactUrgencyFor(priority: string | null, urgency: 'high' | 'low'): { impact: string; urgency: string } {
  const level = priority ? /^P([1-5])\b/i.exec(priority.trim())?.[1] : undefined;
  switch (level) {
    case '1':
      return { impact: '1', urgency: '1' };
    case '2':
      return { impact: '2', urgency: '1' };
    case '3':
      return { impact: '2', urgency: '2' };
    case '4':
      return { impact: '3', urgency: '2' };
    case '5':
      return { impact: '3', urgency: '3' };
  }
  return urgency === 'high' ? { impact: '2', urgency: '1' } : { impact: '2', urgency: '3' };
}

/** The instance's default priority lookup (1 Critical ... 5 Planning). */
export function priorityFor(impact: string, urgency: string): string {
  const i = Number(impact);
  const u = Number(urgency);
  return i >= 1 && i <= 3 && u >= 1 && u <= 3 ? String(i + u - 1) : '5';
}

/** "2026-11-26 10:00:00" (UTC) -> "2026-11-26T10:00:00Z"; anything else is passed through. */
export function isoFromGlide(value: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
}

/** ms since the epoch -> "2026-11-26 10:00:00" (UTC), the value format sysparm_query compares with. */
export function glideFromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function msFromGlide(value: string): number | null {
  const ms = Date.parse(isoFromGlide(value));
  return Number.isNaN(ms) ? null : ms;
}

function ref(field: BothValues): Ref | null {
  return field.value ? { id: field.value, name: field.display || field.value } : null;
}

/** The incident's page in the instance's UI. */
function incidentUrl(instanceUrl: string, sysId: string): string {
  return `${instanceUrl}/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${sysId}`)}`;
}

export function toTicket(incident: SnIncident, instanceUrl: string): Ticket {
  return {
    id: incident.sys_id,
    provider: SERVICENOW_PROVIDER_ID,
    number: incident.number.value,
    state: stateName(incident.state),
    stage: stageOf(incident.state.value),
    title: incident.short_description.value,
    assignmentGroup: ref(incident.assignment_group),
    assignedTo: ref(incident.assigned_to),
    businessService: ref(incident.business_service),
    configurationItem: ref(incident.cmdb_ci),
    priority: incident.priority.display || incident.priority.value || null,
    majorIncident: incident.major_incident_state.value === 'accepted',
    pagingIncidentId: incident.correlation_id.value || null,
    url: incidentUrl(instanceUrl, incident.sys_id),
    updatedAt: isoFromGlide(incident.sys_updated_on.value),
  };
}
