/**
 * The vocabulary the simulator's table definitions are written in: field kinds, a table's
 * spec (display field, storage, class filter) and the shorthands for common fields,
 * shared by tables.ts (incidents, users, the catalog) and change-tables.ts (Change
 * Management) so neither imports the other.
 */

type FieldKind = 'string' | 'datetime' | 'integer' | 'boolean' | 'choice' | 'reference' | 'journal';

export interface FieldSpec {
  kind: FieldKind;
  /** For references: the table referred to. */
  refTable?: string;
  /** For choices: value -> label. */
  choices?: Record<string, string>;
}

export interface TableSpec {
  name: string;
  /** The field that names a record in display values and references (name, number). */
  displayField: string;
  fields: Record<string, FieldSpec>;
  /** The tables whose rows this table also lists (ServiceNow's table hierarchy: cmdb_ci lists every CI class). */
  storedIn: string;
  /** For a child table stored in a parent's rows: the sys_class_name values it lists. */
  classes?: string[];
}

export const s: FieldSpec = { kind: 'string' };
export const dt: FieldSpec = { kind: 'datetime' };
export const int: FieldSpec = { kind: 'integer' };
export const bool: FieldSpec = { kind: 'boolean' };
export const journal: FieldSpec = { kind: 'journal' };
export const ref = (table: string): FieldSpec => ({ kind: 'reference', refTable: table });
export const choice = (choices: Record<string, string>): FieldSpec => ({ kind: 'choice', choices });

export const SYSTEM_FIELDS: Record<string, FieldSpec> = {
  sys_id: s,
  sys_created_on: dt,
  sys_created_by: s,
  sys_updated_on: dt,
  sys_updated_by: s,
  sys_mod_count: int,
  sys_class_name: s,
};

export const URGENCY_IMPACT: Record<string, string> = { '1': '1 - High', '2': '2 - Medium', '3': '3 - Low' };
