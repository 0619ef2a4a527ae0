/**
 * Zod schemas for what ServiceNow's Change Management API (sn_chg_rest) and the Table API
 * tables it leans on send back (see /work/notes/servicenow-change-api.md §2.1):
 *
 * - Every sn_chg_rest field is `{value, display_value}` (dates add display_value_internal).
 *   `value` is a string, a JSON number for integer choices (recorded as `-5.0`, which JSON
 *   reads as -5; the abbreviated doc examples write "-5"), or a boolean; every form is read
 *   as a string here, and missing or null fields as ''.
 * - A single record is `{"result": {...}}` (an object; it may carry `__meta.ignoredFields`).
 * - A list is `{"result": [rec, ..., {"__meta": {...}}]}`: the last element is metadata,
 *   not a record, and is skipped (an element with `__meta` and no `sys_id`).
 * - sys_id is `{value, display_value}` in the recordings, a bare string in some doc
 *   examples: both are read.
 */
import { z } from 'zod';
import { displayedRecord, Plain } from './schemas';

/** "3.0" (a number's text from an older serialiser) reads as "3"; other text is kept. */
function withoutPointZero(text: string): string {
  return /^-?\d+\.0+$/.test(text) ? text.replace(/\.0+$/, '') : text;
}

const Scalar = z.union([z.string(), z.number(), z.boolean()]).nullish();

/** One sn_chg_rest field, as {value, display} strings. */
const Field = z
  .object({ value: Scalar, display_value: Scalar })
  .nullish()
  .transform((field) => ({
    value: field?.value == null ? '' : withoutPointZero(String(field.value)),
    display: field?.display_value == null ? '' : String(field.display_value),
  }));
export type SnField = z.output<typeof Field>;

const SysId = z
  .union([z.string(), z.object({ value: z.string() })])
  .transform((id) => (typeof id === 'string' ? id : id.value))
  .pipe(z.string().min(1, 'sys_id is empty'));

/** The change_request fields the console reads (CMAPI GET /change §result; note §2.2). */
export const SnChange = z.object({
  sys_id: SysId,
  number: Field,
  type: Field,
  state: Field,
  approval: Field,
  risk: Field,
  short_description: Field,
  description: Field,
  cmdb_ci: Field,
  start_date: Field,
  end_date: Field,
  close_code: Field,
  close_notes: Field,
  correlation_id: Field,
  correlation_display: Field,
  /** Journal: value '', display_value the rendered entries, newest first. */
  work_notes: Field,
  std_change_producer_version: Field,
  /** The last conflict check's outcome: "Not Run", "Conflict" or "No Conflict" (note §2.2, §6). */
  conflict_status: Field,
  sys_created_on: Field,
  sys_updated_on: Field,
});
export type SnChange = z.output<typeof SnChange>;

/** What a create or patch did not apply (unknown, read-only or restricted fields). */
const Meta = z.object({ ignoredFields: z.array(z.string()).nullish() }).nullish();

/** One change: create, read, patch and the approvals call answer with it. */
export const SnChangeEnvelope = z.object({
  result: SnChange.extend({ __meta: Meta }),
});

/** A list element that is the trailing `__meta` block rather than a record. */
function isMetaElement(element: unknown): boolean {
  return typeof element === 'object' && element !== null && '__meta' in element && !('sys_id' in element);
}

/** A sn_chg_rest list: its records, without the trailing `__meta` element. */
function listOf<S extends z.ZodType>(record: S) {
  return z.object({
    result: z
      .array(z.unknown())
      .transform((elements) => elements.filter((element) => !isMetaElement(element)))
      .pipe(z.array(record)),
  });
}

export const SnChangeList = listOf(SnChange);

/** POST /change/{sys_id}/conflict: `{"result": "<worker sys_id>"}` (CMAPI). */
export const SnConflictStart = z.object({ result: z.string() });

/** A plain value of the conflict status: a string (or a number) as the CMAPI example writes them; missing reads as ''. */
const Text = Scalar.transform((value) => (value == null ? '' : String(value)));

/**
 * One conflict record (table `conflict`, "all valid fields in record", CMAPI GET conflict):
 * its type (ci_already_scheduled, blackout, not_in_maintenance_window and their child_ /
 * parent_ forms, note §6), the change it conflicts with or the schedule, and the CIs.
 */
const SnConflict = z.object({
  type: Field,
  conflicting_change: Field,
  schedule: Field,
  configuration_item: Field,
  related_configuration_item: Field,
});
export type SnConflict = z.output<typeof SnConflict>;

/**
 * GET /change/{sys_id}/conflict: the running check's status or the last one's results,
 * `{"result": {status, last_run, record_count, job_status, conflicts: [...]}}` (CMAPI; note §6:
 * `status` says "Conflict" even when `conflicts` is empty, so only the list is trusted).
 */
export const SnConflictStatus = z.object({
  result: z.object({
    status: Text,
    last_run: Text,
    record_count: Text,
    job_status: Text,
    conflicts: z
      .array(SnConflict)
      .nullish()
      .transform((conflicts) => conflicts ?? []),
  }),
});
export type SnConflictStatus = z.output<typeof SnConflictStatus>['result'];

/**
 * A standard change template (std_change_record_producer) from GET
 * /change/standard/template: its sys_id (what POST /change/standard/{id} takes), `template`
 * (the std_change_template: value its sys_id, display value its name), and the producer's
 * own fields. The producer holds no CI, risk or plans on an out-of-box instance (they live
 * in the std_change_template's encoded query, SnTemplateValuesList); they are read here
 * too when the answer has them.
 */
export const SnTemplate = z.object({
  sys_id: SysId,
  name: Field,
  template: Field,
  short_description: Field,
  description: Field,
  active: Field,
  retired: Field,
  cmdb_ci: Field,
  risk: Field,
  implementation_plan: Field,
  backout_plan: Field,
  test_plan: Field,
  /** Its std_change_producer_version: the version its proposal published (std_change_producer_version.std_change_proposal). */
  current_version: Field,
  sys_created_on: Field,
  sys_updated_on: Field,
});
export type SnTemplate = z.output<typeof SnTemplate>;

export const SnTemplateList = listOf(SnTemplate);

/**
 * A std_change_template read through the Table API (actual values): `template` is the
 * encoded query of the change fields the standard change gets ("cmdb_ci=<sys_id>^risk=4^
 * implementation_plan=...", note §5).
 */
export const SnTemplateValuesList = z.object({ result: z.array(z.object({ sys_id: z.string().min(1), template: Plain })) });

/**
 * One approver's record (Table API sysapproval_approver, read with
 * sysparm_display_value=all): the approver (display: the user's name), the state
 * (requested, approved, rejected, cancelled, not requested, not_required), the comments
 * journal and when it last changed (note §4.5).
 */
const approverRead = displayedRecord(['sysapproval', 'approver', 'state', 'comments', 'sys_updated_on']);
export const SnApprover = approverRead.schema;
export type SnApprover = z.output<typeof SnApprover>;
export const SnApproverList = z.object({ result: z.array(SnApprover) });
/** A PATCH of one approval record, answered as read with APPROVER_DISPLAY_ALL. */
export const SnApproverEnvelope = z.object({ result: SnApprover });
/** The query parameters that read approvers as SnApprover expects them. */
export const APPROVER_DISPLAY_ALL = approverRead.query;

/**
 * A standard change proposal (Table API std_change_proposal, read with
 * sysparm_display_value=all, note §5): its number (STDCHG...), the template's name and the
 * change field values it would publish (template_value, an encoded query), state (1 New,
 * 2 Work in progress, 3 Closed, 4 Cancelled), approval, who opened it, and the version it
 * published once approved.
 */
const proposalRead = displayedRecord([
  'number',
  'template_name',
  'short_description',
  'template_value',
  'state',
  'approval',
  'active',
  'opened_by',
  'std_change_producer_version',
  'sys_created_on',
  'sys_updated_on',
]);
export const SnProposal = proposalRead.schema;
export type SnProposal = z.output<typeof SnProposal>;
export const SnProposalList = z.object({ result: z.array(SnProposal) });
export const SnProposalEnvelope = z.object({ result: SnProposal });
/** The query parameters that read proposals as SnProposal expects them. */
export const PROPOSAL_DISPLAY_ALL = proposalRead.query;

/** A catalog (sc_catalog) or category (sc_category) by its title, read with actual values. */
export const SnTitledList = z.object({ result: z.array(z.object({ sys_id: z.string().min(1), title: Plain })) });
