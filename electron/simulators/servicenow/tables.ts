/**
 * The tables the simulator serves (incidents, users, groups, CIs, the journal, the
 * Service Catalog's items, requests and requested items, and Change Management's tables
 * from change-tables.ts) and what it knows about their fields: which are
 * references (and to what), which are choices (with their labels), which field names a
 * record when it is shown, and which journal fields are write-only. Display values and
 * query validation are derived from here.
 */

import { CHANGE_TABLES } from './change-tables';
import { bool, choice, dt, int, journal, ref, s, SYSTEM_FIELDS, URGENCY_IMPACT, type FieldSpec, type TableSpec } from './field-specs';

export type { TableSpec } from './field-specs';

export const INCIDENT_STATES: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
  '8': 'Canceled',
};
export const PRIORITIES: Record<string, string> = {
  '1': '1 - Critical',
  '2': '2 - High',
  '3': '3 - Moderate',
  '4': '4 - Low',
  '5': '5 - Planning',
};
/** The incident close codes of current releases (the older "Solved (Permanently)" family is gone from new instances). */
const CLOSE_CODES: Record<string, string> = Object.fromEntries(
  [
    'Duplicate',
    'Known error',
    'No resolution provided',
    'Resolved by caller',
    'Resolved by change',
    'Resolved by problem',
    'Resolved by request',
    'Solution provided',
    'Workaround provided',
    'User error',
  ].map((code) => [code, code]),
);
/** sc_req_item / sc_request task states (the base system's choices). */
export const REQUESTED_ITEM_STATES: Record<string, string> = {
  '-5': 'Pending',
  '1': 'Open',
  '2': 'Work in Progress',
  '3': 'Closed Complete',
  '4': 'Closed Incomplete',
  '7': 'Closed Skipped',
};
const REQUEST_STATES: Record<string, string> = {
  requested: 'Pending Approval',
  in_process: 'Open',
  closed_complete: 'Closed Complete',
  closed_incomplete: 'Closed Incomplete',
  closed_cancelled: 'Closed Cancelled',
};
const MAJOR_INCIDENT_STATES: Record<string, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  rejected: 'Rejected',
  canceled: 'Canceled',
};

const CI_FIELDS: Record<string, FieldSpec> = {
  ...SYSTEM_FIELDS,
  name: s,
  short_description: s,
  operational_status: choice({ '1': 'Operational', '2': 'Non-Operational', '3': 'Repair in Progress', '6': 'Retired' }),
  support_group: ref('sys_user_group'),
  managed_by_group: ref('sys_user_group'),
  owned_by: ref('sys_user'),
  busines_criticality: choice({
    '1 - most critical': '1 - most critical',
    '2 - somewhat critical': '2 - somewhat critical',
    '3 - less critical': '3 - less critical',
    '4 - not critical': '4 - not critical',
  }),
  environment: s,
  category: s,
};

export const TABLES: Record<string, TableSpec> = {
  incident: {
    name: 'incident',
    storedIn: 'incident',
    displayField: 'number',
    fields: {
      ...SYSTEM_FIELDS,
      number: s,
      short_description: s,
      description: s,
      state: choice(INCIDENT_STATES),
      incident_state: choice(INCIDENT_STATES),
      urgency: choice(URGENCY_IMPACT),
      impact: choice(URGENCY_IMPACT),
      priority: choice(PRIORITIES),
      active: bool,
      category: s,
      contact_type: s,
      caller_id: ref('sys_user'),
      opened_by: ref('sys_user'),
      opened_at: dt,
      assignment_group: ref('sys_user_group'),
      assigned_to: ref('sys_user'),
      business_service: ref('cmdb_ci_service'),
      cmdb_ci: ref('cmdb_ci'),
      correlation_id: s,
      correlation_display: s,
      work_notes: journal,
      comments: journal,
      close_code: choice(CLOSE_CODES),
      close_notes: s,
      resolved_at: dt,
      resolved_by: ref('sys_user'),
      closed_at: dt,
      closed_by: ref('sys_user'),
      reassignment_count: int,
      major_incident_state: choice(MAJOR_INCIDENT_STATES),
      proposed_by: ref('sys_user'),
      proposed_on: dt,
      promoted_by: ref('sys_user'),
      promoted_on: dt,
    },
  },
  sys_user: {
    name: 'sys_user',
    storedIn: 'sys_user',
    displayField: 'name',
    fields: {
      ...SYSTEM_FIELDS,
      user_name: s,
      name: s,
      first_name: s,
      last_name: s,
      email: s,
      title: s,
      active: bool,
      time_zone: s,
      department: s,
    },
  },
  sys_user_group: {
    name: 'sys_user_group',
    storedIn: 'sys_user_group',
    displayField: 'name',
    fields: { ...SYSTEM_FIELDS, name: s, description: s, email: s, manager: ref('sys_user'), active: bool, type: s },
  },
  cmdb_ci: { name: 'cmdb_ci', storedIn: 'cmdb_ci', displayField: 'name', fields: CI_FIELDS },
  cmdb_ci_service: {
    name: 'cmdb_ci_service',
    storedIn: 'cmdb_ci',
    displayField: 'name',
    fields: { ...CI_FIELDS, service_classification: s },
    classes: ['cmdb_ci_service'],
  },
  sc_cat_item: {
    name: 'sc_cat_item',
    storedIn: 'sc_cat_item',
    displayField: 'name',
    fields: { ...SYSTEM_FIELDS, name: s, short_description: s, description: s, active: bool, category: s },
  },
  sc_request: {
    name: 'sc_request',
    storedIn: 'sc_request',
    displayField: 'number',
    fields: {
      ...SYSTEM_FIELDS,
      number: s,
      short_description: s,
      description: s,
      state: choice(REQUESTED_ITEM_STATES),
      request_state: choice(REQUEST_STATES),
      active: bool,
      requested_for: ref('sys_user'),
      opened_by: ref('sys_user'),
      opened_at: dt,
      closed_at: dt,
    },
  },
  sc_req_item: {
    name: 'sc_req_item',
    storedIn: 'sc_req_item',
    displayField: 'number',
    fields: {
      ...SYSTEM_FIELDS,
      number: s,
      request: ref('sc_request'),
      cat_item: ref('sc_cat_item'),
      short_description: s,
      description: s,
      state: choice(REQUESTED_ITEM_STATES),
      stage: s,
      active: bool,
      urgency: choice(URGENCY_IMPACT),
      priority: choice(PRIORITIES),
      requested_for: ref('sys_user'),
      opened_by: ref('sys_user'),
      opened_at: dt,
      assignment_group: ref('sys_user_group'),
      assigned_to: ref('sys_user'),
      correlation_id: s,
      correlation_display: s,
      work_notes: journal,
      comments: journal,
      close_notes: s,
      closed_at: dt,
      closed_by: ref('sys_user'),
    },
  },
  sys_journal_field: {
    name: 'sys_journal_field',
    storedIn: 'sys_journal_field',
    displayField: 'value',
    fields: { sys_id: s, sys_created_on: dt, sys_created_by: s, name: s, element: s, element_id: s, value: s },
  },
  ...CHANGE_TABLES,
};

/** The label ServiceNow shows for a choice value ("" stays "", an unknown value shows as itself). */
export function choiceLabel(spec: FieldSpec, value: string): string {
  if (value === '') return '';
  return spec.choices?.[value] ?? value;
}
