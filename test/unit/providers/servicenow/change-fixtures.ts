/**
 * Vendor-shaped sn_chg_rest and Table API JSON for the change system's tests, after the
 * recordings in /work/notes/servicenow-change-api.md:
 * - a change record as OCTO-MOCK recorded GET/PATCH /api/sn_chg_rest/change/{id} on a real
 *   instance (note §2.1: every field {value, display_value}, dates with
 *   display_value_internal, integer choices as numbers, journals rendered in
 *   display_value), trimmed to the fields that matter plus a few the provider ignores;
 * - a list as OCTO-MOCK recorded GET /change?sysparm_query=... (note §2.1: the last element
 *   is a `__meta` block);
 * - standard change templates as the CMAPI GET /change/standard/template example (note §1);
 * - approvers as the Table API answers sysapproval_approver with sysparm_display_value=all
 *   (note §4.5).
 */

type Field = { value: string | number | boolean; display_value: string; display_value_internal?: string };

/** A UTC value and its display in the user's zone (America/Los_Angeles, as recorded). */
function date(value: string, display = value): Field {
  return { display_value: display, value, display_value_internal: display };
}

const EMPTY_DATE: Field = { display_value: '', value: '', display_value_internal: '' };

function text(value: string): Field {
  return { display_value: value, value };
}

/** A change record; `fields` replace the recorded ones (note §2.1, OCTO-MOCK change_id.go). */
export function snChange(sysId: string, fields: Record<string, Field> = {}): Record<string, Field> {
  return {
    upon_reject: { display_value: 'Cancel all future Tasks', value: 'cancel' },
    sys_updated_on: date('2026-02-17 00:45:10', '2026-02-16 16:45:10'),
    type: { display_value: 'Normal', value: 'normal' },
    number: text('CHG0030001'),
    state: { display_value: 'New', value: -5 },
    sys_created_by: text('octopus'),
    cmdb_ci: { display_value: 'Payments API', value: 'ci000000000000000000000000000001' },
    impact: { display_value: '3 - Low', value: 3 },
    active: { display_value: 'true', value: true },
    priority: { display_value: '4 - Low', value: 4 },
    approval_set: EMPTY_DATE,
    implementation_plan: text(''),
    end_date: EMPTY_DATE,
    short_description: text('Deploy Payments API 1.4.2'),
    correlation_display: text(''),
    std_change_producer_version: text(''),
    start_date: EMPTY_DATE,
    correlation_id: text(''),
    backout_plan: text(''),
    sys_created_on: date('2026-02-17 00:34:32', '2026-02-16 16:34:32'),
    chg_model: { display_value: 'Normal', value: '007c4001c343101035ae3f52c1d3aeb2' },
    work_notes: text(''),
    close_code: text(''),
    assignment_group: { display_value: 'Analytics Settings Managers', value: '019ad92ec7230010393d265c95c260dd' },
    description: text(''),
    close_notes: text(''),
    sys_id: text(sysId),
    approval: { display_value: 'Not Yet Requested', value: 'not requested' },
    sys_mod_count: { display_value: '10', value: 10 },
    risk: text(''),
    ...fields,
  };
}

/** `{"result": {...}}`, with `__meta.ignoredFields` as on create and patch answers. */
export function one(change: Record<string, unknown>, ignoredFields: string[] = []): Record<string, unknown> {
  return { result: { ...change, __meta: { ignoredFields } } };
}

/** `{"result": [..., {"__meta": ...}]}`: a list with its trailing metadata element (OCTO-MOCK change.go). */
export function list(records: Record<string, unknown>[], encodedQuery = ''): Record<string, unknown> {
  return {
    result: [...records, { __meta: { encodedQuery, fields: { applied: ['number'], ignored: [] } } }],
  };
}

export function state(value: number, label: string): Field {
  return { display_value: label, value };
}

export { text };

/** A std_change_record_producer as GET /change/standard/template answers it (CMAPI example, note §1). */
export function snTemplate(sysId: string, name: string, fields: Record<string, Field> = {}): Record<string, Field> {
  return {
    sys_id: text(sysId),
    template: { value: '1c8e02ec47410200e90d87e8dee49057', display_value: name },
    name: text(name),
    short_description: text(`Standard change template: ${name}`),
    active: { display_value: 'true', value: true },
    retired: { display_value: 'false', value: false },
    sys_updated_on: date('2026-01-10 09:00:00'),
    ...fields,
  };
}

/** A sysapproval_approver record read with sysparm_display_value=all (Table API, note §4.5). */
export function snApprover(
  sysId: string,
  changeSysId: string,
  approver: { id: string; name: string },
  approvalState: 'requested' | 'approved' | 'rejected' | 'cancelled' | 'not requested',
  comments = '',
): Record<string, Field> {
  return {
    sys_id: text(sysId),
    sysapproval: { display_value: 'CHG0030001', value: changeSysId },
    approver: { display_value: approver.name, value: approver.id },
    state: { display_value: approvalState[0]?.toUpperCase() + approvalState.slice(1), value: approvalState },
    comments: { display_value: comments, value: '' },
    sys_updated_on: { display_value: '2026-02-16 16:45:06', value: '2026-02-17 00:45:06' },
  };
}
