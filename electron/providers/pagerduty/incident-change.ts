/**
 * Turns the engine's IncidentChange into the fields of one PUT /incidents item
 * (`{id, type: "incident_reference", ...fields}`), as PagerDuty's REST API v2 names them.
 * Pure.
 */
import type { IncidentChange } from '../../engine/ports';

export type IncidentUpdateFields = Record<string, unknown>;

/** The PUT fields for a change; throws when the change asks for nothing. */
export function incidentUpdateFields(change: IncidentChange): IncidentUpdateFields {
  const fields: IncidentUpdateFields = {};
  if (change.assignTo) {
    if ('userIds' in change.assignTo) {
      if (change.assignTo.userIds.length === 0) throw new Error('Reassigning needs at least one user');
      fields.assignments = [...new Set(change.assignTo.userIds)].map((id) => ({ assignee: { id, type: 'user_reference' } }));
    } else {
      fields.escalation_policy = { id: change.assignTo.escalationPolicyId, type: 'escalation_policy_reference' };
    }
  }
  if (change.escalationLevel !== undefined) fields.escalation_level = change.escalationLevel;
  if (change.urgency !== undefined) fields.urgency = change.urgency;
  if (change.priorityId !== undefined)
    fields.priority = change.priorityId === null ? null : { id: change.priorityId, type: 'priority_reference' };
  if (Object.keys(fields).length === 0)
    throw new Error('An incident change must change something (assignees, escalation level, urgency or priority)');
  return fields;
}

/** A short verb phrase for error messages, e.g. "change the urgency of". */
export function describeChange(change: IncidentChange): string {
  if (change.assignTo) return 'reassign';
  if (change.escalationLevel !== undefined) return 'escalate';
  if (change.urgency !== undefined) return 'change the urgency of';
  return 'change the priority of';
}
