/**
 * ServiceNow encoded queries (sysparm_query), the subset the simulator supports:
 * conditions joined by `^` (AND) and `^OR` (OR with the previous condition), the
 * operators = != > >= < <= IN, NOT IN, LIKE, NOT LIKE, STARTSWITH, ENDSWITH, ISEMPTY,
 * ISNOTEMPTY, values `javascript:gs.getUserID()` and `javascript:gs.dateGenerate('YYYY-MM-DD','HH:MM:SS')`,
 * and ORDERBY / ORDERBYDESC. Anything else is refused with a QueryError naming it (a
 * real instance silently ignores invalid parts; refusing makes a client's mistake visible).
 */
import type { SnRecord } from './types';

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

type Operator =
  '=' | '!=' | '>' | '>=' | '<' | '<=' | 'IN' | 'NOT IN' | 'LIKE' | 'NOT LIKE' | 'STARTSWITH' | 'ENDSWITH' | 'ISEMPTY' | 'ISNOTEMPTY';

export interface Condition {
  field: string;
  operator: Operator;
  value: string;
}

export interface ParsedQuery {
  /** AND of clauses; each clause is an OR of conditions. */
  clauses: Condition[][];
  orderBy: { field: string; descending: boolean }[];
}

/** Longest operators first, so `!=` wins over `=` and `NOT IN` over `IN`. */
const OPERATORS: Operator[] = [
  'ISNOTEMPTY',
  'ISEMPTY',
  'STARTSWITH',
  'ENDSWITH',
  'NOT LIKE',
  'NOT IN',
  'LIKE',
  'IN',
  '!=',
  '>=',
  '<=',
  '=',
  '>',
  '<',
];
const UNSUPPORTED_OPERATORS = [
  'ANYTHING',
  'SAMEAS',
  'NSAMEAS',
  'BETWEEN',
  'DYNAMIC',
  'EMPTYSTRING',
  'VALCHANGES',
  'CHANGESFROM',
  'CHANGESTO',
  'MORETHAN',
  'LESSTHAN',
  'DATEPART',
  'RELATIVE',
  'ON',
];

export interface QueryContext {
  /** The calling user's sys_id, for javascript:gs.getUserID(). */
  userSysId: string;
  /** The table's field names; a condition on any other field is refused. */
  fields: ReadonlySet<string>;
}

export function parseEncodedQuery(query: string, context: QueryContext): ParsedQuery {
  const parsed: ParsedQuery = { clauses: [], orderBy: [] };
  if (query.trim() === '') return parsed;
  for (const rawToken of query.split('^')) {
    const token = rawToken.trim();
    if (token === '' || token === 'EQ') continue;
    if (token.startsWith('ORDERBYDESC')) {
      parsed.orderBy.push({ field: checkField(token.slice('ORDERBYDESC'.length), context, token), descending: true });
      continue;
    }
    if (token.startsWith('ORDERBY')) {
      parsed.orderBy.push({ field: checkField(token.slice('ORDERBY'.length), context, token), descending: false });
      continue;
    }
    if (token.startsWith('NQ')) throw new QueryError(`"^NQ" (a new query) is not supported by this simulator: send one query`);
    if (token.startsWith('OR')) {
      const previous = parsed.clauses[parsed.clauses.length - 1];
      if (!previous) throw new QueryError(`"${token}": ^OR needs a condition before it`);
      previous.push(parseCondition(token.slice(2), context));
      continue;
    }
    parsed.clauses.push([parseCondition(token, context)]);
  }
  return parsed;
}

function checkField(field: string, context: QueryContext, token: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(field)) {
    throw new QueryError(`"${token}": "${field}" is not a field name this simulator supports (dot-walking is not supported)`);
  }
  if (!context.fields.has(field)) throw new QueryError(`"${token}": the table has no field "${field}"`);
  return field;
}

function parseCondition(token: string, context: QueryContext): Condition {
  const match = /^([a-z_][a-z0-9_.]*)(.*)$/.exec(token);
  if (!match) throw new QueryError(`"${token}" is not a condition (expected <field><operator><value>)`);
  const field = checkField(match[1] ?? '', context, token);
  const rest = match[2] ?? '';
  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (!operator) {
    const unsupported = UNSUPPORTED_OPERATORS.find((candidate) => rest.startsWith(candidate));
    throw new QueryError(
      `"${token}": ${unsupported ? `the operator ${unsupported} is not supported by this simulator` : 'no operator this simulator knows'}`,
    );
  }
  const rawValue = rest.slice(operator.length);
  if ((operator === 'ISEMPTY' || operator === 'ISNOTEMPTY') && rawValue !== '')
    throw new QueryError(`"${token}": ${operator} takes no value`);
  return { field, operator, value: resolveValue(rawValue, context, token) };
}

function resolveValue(raw: string, context: QueryContext, token: string): string {
  if (!raw.startsWith('javascript:')) return raw;
  const script = raw.slice('javascript:'.length).trim();
  if (/^gs\.getUserID\(\)$/.test(script)) return context.userSysId;
  const date = /^gs\.dateGenerate\(\s*'(\d{4}-\d{2}-\d{2})'\s*,\s*'(\d{2}:\d{2}:\d{2})'\s*\)$/.exec(script);
  if (date) return `${date[1]} ${date[2]}`;
  throw new QueryError(`"${token}": only javascript:gs.getUserID() and javascript:gs.dateGenerate('YYYY-MM-DD','HH:MM:SS') are supported`);
}

function compare(a: string, b: string): number {
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(record: SnRecord, condition: Condition): boolean {
  const actual = record[condition.field] ?? '';
  const { value } = condition;
  switch (condition.operator) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '>':
      return actual !== '' && compare(actual, value) > 0;
    case '>=':
      return actual !== '' && compare(actual, value) >= 0;
    case '<':
      return actual !== '' && compare(actual, value) < 0;
    case '<=':
      return actual !== '' && compare(actual, value) <= 0;
    case 'IN':
      return value.split(',').includes(actual);
    case 'NOT IN':
      return !value.split(',').includes(actual);
    case 'LIKE':
      return actual.toLowerCase().includes(value.toLowerCase());
    case 'NOT LIKE':
      return !actual.toLowerCase().includes(value.toLowerCase());
    case 'STARTSWITH':
      return actual.toLowerCase().startsWith(value.toLowerCase());
    case 'ENDSWITH':
      return actual.toLowerCase().endsWith(value.toLowerCase());
    case 'ISEMPTY':
      return actual === '';
    case 'ISNOTEMPTY':
      return actual !== '';
  }
}

/** The records the query selects, in its order (stable: ties keep the table's order). */
export function applyQuery(records: readonly SnRecord[], query: ParsedQuery): SnRecord[] {
  const selected = records.filter((record) => query.clauses.every((clause) => clause.some((condition) => matches(record, condition))));
  if (query.orderBy.length === 0) return selected;
  return selected
    .map((record, index) => ({ record, index }))
    .sort((a, b) => {
      for (const { field, descending } of query.orderBy) {
        const order = compare(a.record[field] ?? '', b.record[field] ?? '');
        if (order !== 0) return descending ? -order : order;
      }
      return a.index - b.index;
    })
    .map(({ record }) => record);
}
