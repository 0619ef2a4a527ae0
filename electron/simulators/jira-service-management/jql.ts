/**
 * The subset of JQL the simulator understands: clauses joined by AND, each `field op
 * value` (=, !=, >, >=, <, <=, ~) or `field [NOT] IN (v1, v2)`, and an ORDER BY. Dates
 * ("2026/11/26 10:00", "2026-11-26") are read in the searching user's time zone, with
 * minute precision, as Jira does. Anything else is refused with Jira's kind of 400. The
 * clause matchers and the ORDER BY sort serve the change project's search too (change-jql.ts).
 */
import { jiraErrors } from './errors';
import { statusNamed } from './workflow';
import type { IssueRecord } from './types';

type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | 'in' | 'not in';

interface Clause {
  field: string;
  operator: Operator;
  values: string[];
}

export interface JqlQuery {
  clauses: Clause[];
  orderBy: { field: string; descending: boolean }[];
}

const FIELDS = new Set([
  'project',
  'labels',
  'updated',
  'created',
  'status',
  'statuscategory',
  'key',
  'issuekey',
  'assignee',
  'priority',
  'resolution',
]);
const DATE_FIELDS = new Set(['updated', 'created']);
const ORDERABLE = new Set(['updated', 'created', 'key', 'priority']);

function tokenize(jql: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(!=|>=|<=|=|>|<|~|\(|\)|,)|([^\s"'(),=!<>~]+))/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(jql)) !== null) {
    consumed = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push(`"${match[1].replace(/\\(.)/g, '$1')}`);
    else if (match[2] !== undefined) tokens.push(`"${match[2].replace(/\\(.)/g, '$1')}`);
    else tokens.push((match[3] ?? match[4]) as string);
    if (pattern.lastIndex >= jql.length) break;
  }
  if (jql.slice(consumed).trim() !== '')
    throw jiraErrors.badRequest([`Error in the JQL Query: unexpected text at character ${consumed + 1}.`]);
  return tokens;
}

/** A token's value: quoted strings start with a marker quote. */
function valueOf(token: string): string {
  return token.startsWith('"') ? token.slice(1) : token;
}

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let index = 0;
  const peek = () => tokens[index];
  const next = () => {
    const token = tokens[index++];
    if (token === undefined) throw jiraErrors.badRequest(['Error in the JQL Query: the query ended unexpectedly.']);
    return token;
  };
  const clauses: Clause[] = [];
  const orderBy: JqlQuery['orderBy'] = [];
  const isOrder = () => peek()?.toLowerCase() === 'order';
  while (index < tokens.length && !isOrder()) {
    if (clauses.length > 0) {
      const joiner = next();
      if (joiner.toLowerCase() !== 'and') {
        throw jiraErrors.badRequest([`Error in the JQL Query: the simulator only joins clauses with AND (found '${valueOf(joiner)}').`]);
      }
    }
    const field = valueOf(next()).toLowerCase();
    if (!FIELDS.has(field)) throw jiraErrors.badRequest([`Field '${field}' does not exist or you do not have permission to view it.`]);
    let operator = next().toLowerCase();
    if (operator === 'not') {
      if (next().toLowerCase() !== 'in') throw jiraErrors.badRequest(["Error in the JQL Query: expected 'in' after 'not'."]);
      operator = 'not in';
    }
    if (!['=', '!=', '>', '>=', '<', '<=', '~', 'in', 'not in'].includes(operator)) {
      throw jiraErrors.badRequest([`Error in the JQL Query: the operator '${operator}' is not supported for field '${field}'.`]);
    }
    const values: string[] = [];
    if (operator === 'in' || operator === 'not in') {
      if (next() !== '(') throw jiraErrors.badRequest([`Error in the JQL Query: expected '(' after '${operator}'.`]);
      for (;;) {
        values.push(valueOf(next()));
        const separator = next();
        if (separator === ')') break;
        if (separator !== ',') throw jiraErrors.badRequest(["Error in the JQL Query: expected ',' or ')' in the list."]);
      }
    } else {
      values.push(valueOf(next()));
    }
    clauses.push({ field, operator: operator as Operator, values });
  }
  if (isOrder()) {
    next();
    if (next().toLowerCase() !== 'by') throw jiraErrors.badRequest(["Error in the JQL Query: expected 'by' after 'order'."]);
    for (;;) {
      const field = valueOf(next()).toLowerCase();
      if (!ORDERABLE.has(field)) throw jiraErrors.badRequest([`Error in the JQL Query: the simulator cannot order by '${field}'.`]);
      let descending = false;
      const direction = peek()?.toLowerCase();
      if (direction === 'asc' || direction === 'desc') {
        descending = direction === 'desc';
        next();
      }
      orderBy.push({ field, descending });
      if (peek() !== ',') break;
      next();
    }
    if (index < tokens.length)
      throw jiraErrors.badRequest([`Error in the JQL Query: unexpected '${valueOf(tokens[index] ?? '')}' after ORDER BY.`]);
  }
  if (clauses.length === 0)
    throw jiraErrors.badRequest(['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  return { clauses, orderBy };
}

/** The offset of `timeZone` from UTC at instant `at`, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
}

/** A JQL date ("2026/11/26 10:00", "2026-11-26 10:00", "2026/11/26") in `timeZone`, as ms since the epoch. */
function parseJqlDate(text: string, timeZone: string): number {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!match) {
    throw jiraErrors.badRequest([
      `Date value '${text}' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    ]);
  }
  const [, y, mo, d, h, mi] = match;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  let at = naive - zoneOffsetMs(naive, timeZone);
  at = naive - zoneOffsetMs(at, timeZone);
  return at;
}

/** A text field's clause: = and IN (any value, any case), != and NOT IN (none of them), ~ (contains); other operators are refused. */
export function matchesText(actual: string[], clause: Clause): boolean {
  const lower = actual.map((value) => value.toLowerCase());
  const wanted = clause.values.map((value) => value.toLowerCase());
  switch (clause.operator) {
    case '=':
    case 'in':
      return wanted.some((value) => lower.includes(value));
    case '!=':
    case 'not in':
      return !wanted.some((value) => lower.includes(value));
    case '~':
      return wanted.some((value) => lower.some((item) => item.includes(value)));
    default:
      throw jiraErrors.badRequest([`Error in the JQL Query: the operator '${clause.operator}' is not supported for this field.`]);
  }
}

/** A date field's clause (created, updated) against `actual` (ms), its value read in `timeZone`; IN, NOT IN and ~ are refused. */
export function matchesDate(actual: number, clause: Clause, timeZone: string): boolean {
  if (clause.operator === 'in' || clause.operator === 'not in' || clause.operator === '~') {
    throw jiraErrors.badRequest([
      `Error in the JQL Query: the operator '${clause.operator}' is not supported by the '${clause.field}' field.`,
    ]);
  }
  const operand = parseJqlDate(clause.values[0] ?? '', timeZone);
  switch (clause.operator) {
    case '=':
      return actual === operand;
    case '!=':
      return actual !== operand;
    case '>':
      return actual > operand;
    case '>=':
      return actual >= operand;
    case '<':
      return actual < operand;
    case '<=':
      return actual <= operand;
  }
}

export interface JqlContext {
  projectKey: string;
  timeZone: string;
  assigneeName: (accountId: string) => string | null;
}

export function matchesJql(issue: IssueRecord, query: JqlQuery, context: JqlContext): boolean {
  return query.clauses.every((clause) => {
    if (DATE_FIELDS.has(clause.field))
      return matchesDate(clause.field === 'updated' ? issue.updated : issue.created, clause, context.timeZone);
    switch (clause.field) {
      case 'project':
        return matchesText([context.projectKey], clause);
      case 'labels':
        return matchesText(issue.labels, clause);
      case 'status':
        return matchesText([issue.statusName], clause);
      case 'statuscategory': {
        const category = statusNamed(issue.statusName).category;
        return matchesText([category.name, category.key], clause);
      }
      case 'key':
      case 'issuekey':
        return matchesText([issue.key, issue.id], clause);
      case 'assignee':
        return matchesText(issue.assigneeId ? [issue.assigneeId, context.assigneeName(issue.assigneeId) ?? ''] : ['empty'], clause);
      case 'priority':
        return matchesText([issue.priorityName], clause);
      case 'resolution':
        return matchesText([issue.resolution ?? 'unresolved'], clause);
      default:
        return false;
    }
  });
}

const PRIORITY_RANK: Record<string, number> = { Highest: 1, High: 2, Medium: 3, Low: 4, Lowest: 5 };

export function sortIssues(issues: IssueRecord[], query: JqlQuery): IssueRecord[] {
  return sortByQuery(issues, query, (issue, field) => {
    if (field === 'updated') return issue.updated;
    if (field === 'created') return issue.created;
    if (field === 'priority') return PRIORITY_RANK[issue.priorityName] ?? 9;
    return Number(issue.id);
  });
}

/** Items in the query's ORDER BY (by key, newest first, without one), ties by id; `valueOf` reads an orderable field as a number. */
export function sortByQuery<T extends { id: string }>(
  items: readonly T[],
  query: JqlQuery,
  valueOf: (item: T, field: string) => number,
): T[] {
  const order = query.orderBy.length ? query.orderBy : [{ field: 'key', descending: true }];
  return [...items].sort((a, b) => {
    for (const { field, descending } of order) {
      const diff = valueOf(a, field) - valueOf(b, field);
      if (diff !== 0) return descending ? -diff : diff;
    }
    return Number(a.id) - Number(b.id);
  });
}
