/**
 * A request's fields applied to a change as sn_chg_rest applies them (CMAPI POST/PATCH
 * /change...): unknown, read-only and (on a standard change's creation) template-restricted
 * fields are not applied but reported in `__meta.ignoredFields`; a state may be sent as
 * value, name or label; choices accept their label, references a sys_id or display value;
 * work_notes and comments become journal entries. Values a client gets wrong (a date
 * that is not `YYYY-MM-DD HH:MM:SS`, a reference to nothing) are refused with 400 so the
 * mistake shows up in tests.
 */
import { snErrors } from './errors';
import { ChangeRefusal, parseState } from './change-model';
import type { ServiceNowState } from './state';
import { TABLES } from './tables';
import type { SnRecord } from './types';

/** Fields the instance sets itself (the API reports them as ignored). */
const READ_ONLY = new Set([
  'number',
  'type',
  'chg_model',
  'std_change_producer_version',
  'approval',
  'approval_set',
  'approval_history',
  'active',
  'phase',
  'opened_at',
  'opened_by',
  'closed_at',
  'closed_by',
  'conflict_status',
  'conflict_last_run',
  'reassignment_count',
]);
/** What a standard change takes from its template only (CMAPI POST /change/standard; business rule "Restrict fields from Standard Change"). */
export const STANDARD_RESTRICTED = ['description', 'backout_plan', 'test_plan', 'implementation_plan'] as const;
const GLIDE_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export interface AssignedFields {
  /** Journal entries to add once the record is saved. */
  journal: ['work_notes' | 'comments', string][];
  ignoredFields: string[];
}

function scalar(raw: unknown): string | undefined {
  if (raw === null) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

/** A reference given as a sys_id or as the referenced record's display value (name, number). */
export function resolveReference(state: ServiceNowState, table: string, value: string): string | undefined {
  if (value === '' || state.get(table, value)) return value;
  const spec = state.table(table);
  if (!spec) return undefined;
  const wanted = value.trim().toLowerCase();
  return state.rows(table).find((row) => (row[spec.displayField] ?? '').toLowerCase() === wanted)?.sys_id;
}

/** A choice given as its value or its label (any case). */
export function resolveChoice(choices: Record<string, string>, value: string): string {
  if (value in choices) return value;
  const wanted = value.trim().toLowerCase();
  return Object.entries(choices).find(([, label]) => label.toLowerCase() === wanted)?.[0] ?? value;
}

/** Copies the applicable fields of `input` onto `record` (a copy the caller saves); returns what to journal and what was ignored. */
export function assignChangeFields(
  state: ServiceNowState,
  record: SnRecord,
  input: Record<string, unknown>,
  options: { creating: boolean; standard: boolean },
): AssignedFields {
  const fields = TABLES.change_request!.fields;
  const assigned: AssignedFields = { journal: [], ignoredFields: [] };
  for (const [name, raw] of Object.entries(input)) {
    const spec = fields[name];
    const value = scalar(raw);
    const restricted = options.creating && options.standard && (STANDARD_RESTRICTED as readonly string[]).includes(name);
    if (
      !spec ||
      value === undefined ||
      name.startsWith('sys_') ||
      READ_ONLY.has(name) ||
      restricted ||
      (options.creating && name === 'state')
    ) {
      assigned.ignoredFields.push(name);
      continue;
    }
    if (spec.kind === 'journal') {
      if (value.trim() !== '') assigned.journal.push([name as 'work_notes' | 'comments', value]);
      continue;
    }
    record[name] = fieldValue(state, name, spec, value);
  }
  return assigned;
}

function fieldValue(
  state: ServiceNowState,
  name: string,
  spec: { kind: string; refTable?: string; choices?: Record<string, string> },
  value: string,
) {
  if (name === 'state') {
    const parsed = parseState(value);
    if (parsed === undefined) throw ChangeRefusal.transition();
    return parsed;
  }
  if (spec.kind === 'choice' && spec.choices) return resolveChoice(spec.choices, value);
  if (spec.kind === 'reference' && spec.refTable) {
    const id = resolveReference(state, spec.refTable, value);
    if (id === undefined)
      throw snErrors.badRequest('Invalid reference', `${name}: no ${spec.refTable} record with sys_id or name "${value}"`);
    return id;
  }
  if (spec.kind === 'datetime' && value !== '' && !GLIDE_DATE_TIME.test(value))
    throw snErrors.badRequest('Invalid date', `${name}: "${value}" is not a date-time in the format YYYY-MM-DD HH:MM:SS (UTC)`);
  if (spec.kind === 'boolean') {
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false' && lower !== '')
      throw snErrors.badRequest('Invalid value', `${name}: "${value}" is not true or false`);
    return lower === 'true' ? 'true' : 'false';
  }
  return value;
}
