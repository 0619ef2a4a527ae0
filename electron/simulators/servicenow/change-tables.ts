/**
 * Change Management's tables as the Table API and sn_chg_rest serve them: change_request,
 * the approval records (sysapproval_approver), the change models (chg_model) and the
 * standard change catalog (its sc_catalog and sc_category, std_change_record_producer, its
 * versions, templates and proposals), with the choice lists of a base instance (docs:
 * c_ChangeStateModel, c_ApprovalStatus; risk as the CMAPI examples and the Ansible
 * collection use it; proposal states 1 New, 2 Work in progress, 3 Closed, 4 Cancelled as
 * the OOB StdChangeUtilsSNC constants), and what conflict detection reads and writes: the
 * blackout schedules (cmn_schedule_blackout, a cmn_schedule class, and its cmn_schedule_span
 * windows) and the conflict records (table `conflict`, fields as the OOB ChangeConflictHandler
 * writes them; types as the OOB ChangeConflict constants).
 */
import { bool, choice, dt, int, journal, ref, s, SYSTEM_FIELDS, URGENCY_IMPACT, type TableSpec } from './field-specs';

/** change_request.state: value -> label. */
export const CHANGE_STATE_LABELS: Record<string, string> = {
  '-5': 'New',
  '-4': 'Assess',
  '-3': 'Authorize',
  '-2': 'Scheduled',
  '-1': 'Implement',
  '0': 'Review',
  '3': 'Closed',
  '4': 'Canceled',
};
export const CHANGE_TYPES: Record<string, string> = { normal: 'Normal', standard: 'Standard', emergency: 'Emergency' };
/** The task's approval roll-up and one approver's state share these values. */
const APPROVAL_STATES: Record<string, string> = {
  'not requested': 'Not Yet Requested',
  requested: 'Requested',
  approved: 'Approved',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  not_required: 'No Longer Required',
};
const CHANGE_RISKS: Record<string, string> = { '1': 'Very High', '2': 'High', '3': 'Moderate', '4': 'Low' };
const CHANGE_PRIORITIES: Record<string, string> = { '1': '1 - Critical', '2': '2 - High', '3': '3 - Moderate', '4': '4 - Low' };
const CHANGE_CLOSE_CODES: Record<string, string> = {
  successful: 'Successful',
  successful_issues: 'Successful with issues',
  unsuccessful: 'Unsuccessful',
};

/** cmn_schedule and its classes (cmn_schedule_blackout): `type` blackout or maintenance; `condition` an encoded query over `applies_to`. */
const SCHEDULE_FIELDS = {
  ...SYSTEM_FIELDS,
  name: s,
  description: s,
  type: choice({ blackout: 'Blackout', maintenance: 'Maintenance', excluded: 'Excluded' }),
  time_zone: s,
  applies_to: s,
  condition: s,
};

/** conflict.type: value -> label ("Not In Maintenance Window" as the CMAPI example; the other labels are this simulator's). */
const CONFLICT_TYPES: Record<string, string> = {
  ci_already_scheduled: 'Already Scheduled',
  not_in_maintenance_window: 'Not In Maintenance Window',
  blackout: 'Blackout',
  child_ci_already_scheduled: 'Child CI Already Scheduled',
  child_not_in_maintenance_window: 'Child Not In Maintenance Window',
  parent_ci_already_scheduled: 'Parent CI Already Scheduled',
  parent_not_in_maintenance_window: 'Parent Not In Maintenance Window',
};

/**
 * A conflict record (table `conflict`) as GET /change/{id}/conflict lists them. The conflict
 * checker keeps its records itself (a rerun replaces a change's records), so the Table API
 * does not serve this table.
 */
export const CONFLICT_TABLE: TableSpec = {
  name: 'conflict',
  storedIn: 'conflict',
  displayField: 'sys_id',
  fields: {
    ...SYSTEM_FIELDS,
    change: ref('change_request'),
    configuration_item: ref('cmdb_ci'),
    type: choice(CONFLICT_TYPES),
    conflicting_change: ref('change_request'),
    related_configuration_item: ref('cmdb_ci'),
    schedule: ref('cmn_schedule'),
  },
};

/** change_request fields sn_chg_rest sends as JSON numbers (integer choices and integers), as recorded. */
export const NUMERIC_CHANGE_FIELDS: ReadonlySet<string> = new Set(['state', 'impact', 'urgency', 'priority', 'risk', 'sys_mod_count']);

export const CHANGE_TABLES: Record<string, TableSpec> = {
  change_request: {
    name: 'change_request',
    storedIn: 'change_request',
    displayField: 'number',
    fields: {
      ...SYSTEM_FIELDS,
      number: s,
      type: choice(CHANGE_TYPES),
      chg_model: ref('chg_model'),
      std_change_producer_version: ref('std_change_producer_version'),
      state: choice(CHANGE_STATE_LABELS),
      phase: choice({
        requested: 'Requested',
        scheduled: 'Scheduled',
        implementation: 'Implementation',
        review: 'Review',
        closed: 'Closed',
      }),
      approval: choice(APPROVAL_STATES),
      approval_set: dt,
      approval_history: journal,
      risk: choice(CHANGE_RISKS),
      impact: choice(URGENCY_IMPACT),
      urgency: choice(URGENCY_IMPACT),
      priority: choice(CHANGE_PRIORITIES),
      category: s,
      short_description: s,
      description: s,
      justification: s,
      implementation_plan: s,
      backout_plan: s,
      test_plan: s,
      risk_impact_analysis: s,
      start_date: dt,
      end_date: dt,
      work_start: dt,
      work_end: dt,
      cmdb_ci: ref('cmdb_ci'),
      business_service: ref('cmdb_ci_service'),
      assignment_group: ref('sys_user_group'),
      assigned_to: ref('sys_user'),
      requested_by: ref('sys_user'),
      opened_by: ref('sys_user'),
      opened_at: dt,
      active: bool,
      on_hold: bool,
      on_hold_reason: s,
      cab_required: bool,
      unauthorized: bool,
      conflict_status: choice({ 'Not Run': 'Not Run', Conflict: 'Conflict', 'No Conflict': 'No Conflict' }),
      conflict_last_run: dt,
      upon_approval: choice({ proceed: 'Proceed to Next Task', wait: 'Wait for' }),
      upon_reject: choice({ cancel: 'Cancel all future Tasks', goto: 'Go to a previous Task' }),
      correlation_id: s,
      correlation_display: s,
      work_notes: journal,
      comments: journal,
      close_code: choice(CHANGE_CLOSE_CODES),
      close_notes: s,
      closed_at: dt,
      closed_by: ref('sys_user'),
      reassignment_count: int,
    },
  },
  sysapproval_approver: {
    name: 'sysapproval_approver',
    storedIn: 'sysapproval_approver',
    displayField: 'sys_id',
    fields: {
      ...SYSTEM_FIELDS,
      approver: ref('sys_user'),
      state: choice(APPROVAL_STATES),
      // A reference to task on an instance: a change request or a standard change proposal here
      // (a proposal's row shows no display value for it: the simulator's references name one table).
      sysapproval: ref('change_request'),
      document_id: s,
      source_table: s,
      comments: journal,
    },
  },
  chg_model: {
    name: 'chg_model',
    storedIn: 'chg_model',
    displayField: 'name',
    fields: {
      ...SYSTEM_FIELDS,
      name: s,
      description: s,
      active: bool,
      available_in_ui: bool,
      default_change_model: bool,
      state_field: s,
      table_name: s,
    },
  },
  std_change_record_producer: {
    name: 'std_change_record_producer',
    storedIn: 'std_change_record_producer',
    displayField: 'name',
    fields: {
      ...SYSTEM_FIELDS,
      name: s,
      sys_name: s,
      short_description: s,
      description: s,
      category: ref('sc_category'),
      /** A list of sc_catalog sys_ids (comma-separated), as OOB code sets it from the proposal's catalog. */
      sc_catalogs: s,
      active: bool,
      retired: bool,
      template: ref('std_change_template'),
      current_version: ref('std_change_producer_version'),
    },
  },
  std_change_producer_version: {
    name: 'std_change_producer_version',
    storedIn: 'std_change_producer_version',
    displayField: 'name',
    fields: {
      ...SYSTEM_FIELDS,
      name: s,
      version: int,
      std_change_producer: ref('std_change_record_producer'),
      std_change_proposal: ref('std_change_proposal'),
    },
  },
  std_change_template: {
    name: 'std_change_template',
    storedIn: 'std_change_template',
    displayField: 'name',
    fields: { ...SYSTEM_FIELDS, name: s, short_description: s, template: s, active: bool },
  },
  std_change_proposal: {
    name: 'std_change_proposal',
    storedIn: 'std_change_proposal',
    displayField: 'number',
    fields: {
      ...SYSTEM_FIELDS,
      number: s,
      template_name: s,
      short_description: s,
      template_value: s,
      catalog: ref('sc_catalog'),
      category: ref('sc_category'),
      proposal_type: choice({ '1': 'New', '2': 'Modify', '3': 'Retire' }),
      state: choice({ '1': 'New', '2': 'Work in progress', '3': 'Closed', '4': 'Cancelled' }),
      approval: choice(APPROVAL_STATES),
      active: bool,
      std_change_producer: ref('std_change_record_producer'),
      std_change_producer_version: ref('std_change_producer_version'),
      assignment_group: ref('sys_user_group'),
      opened_by: ref('sys_user'),
    },
  },
  cmn_schedule: {
    name: 'cmn_schedule',
    storedIn: 'cmn_schedule',
    displayField: 'name',
    fields: SCHEDULE_FIELDS,
  },
  cmn_schedule_blackout: {
    name: 'cmn_schedule_blackout',
    storedIn: 'cmn_schedule',
    displayField: 'name',
    fields: SCHEDULE_FIELDS,
    classes: ['cmn_schedule_blackout'],
  },
  cmn_schedule_span: {
    name: 'cmn_schedule_span',
    storedIn: 'cmn_schedule_span',
    displayField: 'name',
    fields: {
      ...SYSTEM_FIELDS,
      name: s,
      schedule: ref('cmn_schedule'),
      // Schedule date-times as the platform stores them: "20260703T160000", in the schedule's time zone.
      start_date_time: s,
      end_date_time: s,
      repeat_type: choice({ daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', yearly: 'Yearly' }),
      repeat_count: int,
      days_of_week: s,
      all_day: bool,
    },
  },
  sc_catalog: {
    name: 'sc_catalog',
    storedIn: 'sc_catalog',
    displayField: 'title',
    fields: { ...SYSTEM_FIELDS, title: s, description: s, active: bool },
  },
  sc_category: {
    name: 'sc_category',
    storedIn: 'sc_category',
    displayField: 'title',
    fields: { ...SYSTEM_FIELDS, title: s, description: s, sc_catalog: ref('sc_catalog'), active: bool },
  },
};
