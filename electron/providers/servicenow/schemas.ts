/**
 * Zod schemas for what the Table API sends back: records read with
 * sysparm_display_value=all (incidents here, requested items in specialist-items.ts; each
 * field {value, display_value}), plain records (users, groups, CIs, journal entries) read
 * with actual values, and the error body.
 */
import { z } from 'zod';
import type { QueryParams } from '../http/transport';

/** A field read with sysparm_display_value=all; a missing field (an instance without the plugin) reads as empty. */
const Both = z
  .object({
    value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
    display_value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
  })
  .nullish()
  .transform((field) => ({
    value: field?.value == null ? '' : String(field.value),
    display: field?.display_value == null ? '' : String(field.display_value),
  }));
export type BothValues = z.output<typeof Both>;

/** A field read with actual values (sysparm_display_value=false, reference links excluded). */
export const Plain = z
  .union([z.string(), z.number(), z.boolean()])
  .nullish()
  .transform((value) => (value == null ? '' : String(value)));

/**
 * A record read with sysparm_display_value=all: its schema (sys_id as the plain id, each of
 * `fields` as {value, display}) and the query parameters that ask for exactly those fields,
 * in this order, without reference links.
 */
export function displayedRecord<const F extends readonly string[]>(fields: F) {
  const shape = Object.fromEntries(fields.map((field) => [field, Both])) as Record<F[number], typeof Both>;
  const query: QueryParams = [
    ['sysparm_display_value', 'all'],
    ['sysparm_exclude_reference_link', 'true'],
    ['sysparm_fields', ['sys_id', ...fields].join(',')],
  ];
  return {
    schema: z.object({ sys_id: z.object({ value: z.string().min(1, 'sys_id is empty') }).transform((field) => field.value), ...shape }),
    query,
  };
}

/** The incident fields the provider reads. */
const incidentRead = displayedRecord([
  'number',
  'short_description',
  'state',
  'priority',
  'urgency',
  'impact',
  'assignment_group',
  'assigned_to',
  'business_service',
  'cmdb_ci',
  'correlation_id',
  'correlation_display',
  'major_incident_state',
  'close_code',
  'sys_created_on',
  'sys_created_by',
  'sys_updated_on',
  'sys_updated_by',
]);
export const SnIncident = incidentRead.schema;
/** The query parameters that read incidents as SnIncident expects them. */
export const INCIDENT_DISPLAY_ALL = incidentRead.query;
export type SnIncident = z.output<typeof SnIncident>;

export const SnIncidentList = z.object({ result: z.array(SnIncident) });
export const SnIncidentEnvelope = z.object({ result: SnIncident });

/** The sysparm_fields that read exactly the fields of a list's records, in the schema's order. */
export function fieldsOf(list: z.ZodObject<{ result: z.ZodArray<z.ZodObject> }>): string {
  return Object.keys(list.shape.result.element.shape).join(',');
}

export const SnUser = z.object({ sys_id: z.string().min(1), user_name: Plain, name: Plain, email: Plain, active: Plain });
export type SnUser = z.output<typeof SnUser>;
export const SnUserList = z.object({ result: z.array(SnUser) });

const SnGroup = z.object({ sys_id: z.string().min(1), name: Plain, description: Plain, active: Plain });
type SnGroup = z.output<typeof SnGroup>;
export const SnGroupList = z.object({ result: z.array(SnGroup) });

const SnCi = z.object({
  sys_id: z.string().min(1),
  name: Plain,
  sys_class_name: Plain,
  short_description: Plain,
  support_group: Plain,
  operational_status: Plain,
});
type SnCi = z.output<typeof SnCi>;
export const SnCiList = z.object({ result: z.array(SnCi) });

export const SnJournalEntry = z.object({
  sys_id: z.string().min(1),
  element_id: Plain,
  element: Plain,
  value: Plain,
  sys_created_on: Plain,
  sys_created_by: Plain,
});
export type SnJournalEntry = z.output<typeof SnJournalEntry>;
export const SnJournalList = z.object({ result: z.array(SnJournalEntry) });

export const SnErrorBody = z.object({
  error: z.object({ message: z.string().nullish(), detail: z.string().nullish() }),
  status: z.string().optional(),
});
