/**
 * sn_chg_rest list queries (CMAPI GET /change, /change/{type}, /change/standard/template):
 * name-value pairs (`?state=scheduled&cmdb_ci=Payments API`) or `sysparm_query` (the two
 * are mutually exclusive: with a query the pairs are ignored), `textSearch`, `order`,
 * `sysparm_limit` (default 500) and `sysparm_offset`. Choice fields match by value, name or
 * label and references by sys_id or display value, in pairs and queries alike. Unknown
 * fields are left out of the filter and reported in the trailing `__meta` element
 * (`{"__meta":{"encodedQuery", "fields":{"applied","ignored"}}}`, as recorded); a malformed
 * query is refused with 400 as on the Table API.
 */
import { QueryError, applyQuery, parseEncodedQuery, type Condition, type ParsedQuery } from './encoded-query';
import { snErrors } from './errors';
import { resolveChoice, resolveReference } from './change-fields';
import { parseState } from './change-model';
import type { ServiceNowState } from './state';
import { nonNegativeInteger } from './table-api';
import type { TableSpec } from './tables';
import type { SnRecord } from './types';

const DEFAULT_LIMIT = 500;
/** Parameters that are not name-value filters. */
const NOT_FILTERS = new Set(['order', 'textSearch', 'api_version']);
const MATCH_OPERATORS = new Set(['=', '!=', 'IN', 'NOT IN']);
/** A field set that admits every name, so unknown fields parse and can be reported rather than refused. */
const ANY_FIELD: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

export interface ListQuery {
  spec: TableSpec;
  rows: readonly SnRecord[];
  params: URLSearchParams;
  state: ServiceNowState;
  /** The caller's sys_id (javascript:gs.getUserID()). */
  userSysId: string;
  /** Fields textSearch looks in. */
  textFields: readonly string[];
  defaultOrder: string;
}

export interface ListAnswer {
  records: SnRecord[];
  meta: { __meta: { encodedQuery: string; fields: { applied: string[]; ignored: string[] } } };
}

export function listQuery(query: ListQuery): ListAnswer {
  const { spec, params } = query;
  const limit = nonNegativeInteger(params, 'sysparm_limit', DEFAULT_LIMIT) || DEFAULT_LIMIT;
  const offset = nonNegativeInteger(params, 'sysparm_offset', 0);
  const applied: string[] = [];
  const ignored: string[] = [];
  const pairs = [...params].filter(([name]) => !name.startsWith('sysparm_') && !NOT_FILTERS.has(name));
  const encoded = params.get('sysparm_query') ?? '';
  let parsed: ParsedQuery;
  let encodedQuery: string;
  if (encoded.trim() !== '') {
    parsed = parse(encoded, query.userSysId);
    ignored.push(...pairs.map(([name]) => name));
    encodedQuery = encoded;
  } else {
    parsed = { clauses: pairs.map(([field, value]) => [{ field, operator: '=', value }]), orderBy: [] };
    encodedQuery = pairs.map(([name, value]) => `${name}=${value}`).join('^');
  }
  parsed.clauses = parsed.clauses
    .map((clause) =>
      clause.filter((condition) => {
        const known = condition.field in spec.fields;
        (known ? applied : ignored).push(condition.field);
        return known;
      }),
    )
    .filter((clause) => clause.length > 0)
    .map((clause) => clause.map((condition) => normalise(query, condition)));
  parsed.orderBy = parsed.orderBy.filter((order) => order.field in spec.fields);
  if (parsed.orderBy.length === 0) {
    const order = params.get('order') ?? query.defaultOrder;
    const field = order.replace(/^-/, '');
    if (field in spec.fields) parsed.orderBy.push({ field, descending: order.startsWith('-') });
  }
  let records = applyQuery(query.rows, parsed);
  const text = (params.get('textSearch') ?? '').trim().toLowerCase();
  if (text) records = records.filter((record) => query.textFields.some((field) => (record[field] ?? '').toLowerCase().includes(text)));
  return {
    records: records.slice(offset, offset + limit),
    meta: { __meta: { encodedQuery, fields: { applied: [...new Set(applied)], ignored: [...new Set(ignored)] } } },
  };
}

function parse(encoded: string, userSysId: string): ParsedQuery {
  try {
    return parseEncodedQuery(encoded, { userSysId, fields: ANY_FIELD });
  } catch (error) {
    if (error instanceof QueryError) throw snErrors.invalidQuery(error.message);
    throw error;
  }
}

/** A condition on a choice or reference field, with labels and display values turned into stored values. */
function normalise(query: ListQuery, condition: Condition): Condition {
  const field = query.spec.fields[condition.field];
  if (!field || !MATCH_OPERATORS.has(condition.operator)) return condition;
  let map: ((value: string) => string[]) | null = null;
  if (condition.field === 'state' && query.spec.name === 'change_request') map = (value) => [parseState(value) ?? value];
  else if (field.kind === 'choice' && field.choices) map = (value) => [resolveChoice(field.choices!, value)];
  else if (field.kind === 'reference' && field.refTable) map = (value) => referenceIds(query, field.refTable!, value);
  if (!map) return condition;
  const list = condition.operator === 'IN' || condition.operator === 'NOT IN';
  const values = (list ? condition.value.split(',') : [condition.value]).flatMap((value) => map(value));
  if (values.length === 1 && (condition.operator === '=' || condition.operator === '!=')) return { ...condition, value: values[0] ?? '' };
  const operator = condition.operator === '=' || condition.operator === 'IN' ? 'IN' : 'NOT IN';
  return { ...condition, operator, value: values.join(',') };
}

/** The sys_ids a reference value stands for: itself, or every record whose display value it is. */
function referenceIds(query: ListQuery, table: string, value: string): string[] {
  const direct = resolveReference(query.state, table, value);
  if (direct === value) return [value];
  const spec = query.state.table(table);
  const wanted = value.trim().toLowerCase();
  const ids = spec
    ? query.state.rows(table).flatMap((row) => ((row[spec.displayField] ?? '').toLowerCase() === wanted ? [row.sys_id ?? ''] : []))
    : [];
  return ids.length > 0 ? ids : [value];
}
