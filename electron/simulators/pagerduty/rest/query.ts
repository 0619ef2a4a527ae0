/**
 * Query-string handling shared by the REST routes: array parameters (`statuses[]=a&statuses[]=b`),
 * include[] sets, booleans, times, and PagerDuty's classic offset pagination (limit
 * default 25, clamped to 100; offset + limit at most 10,000; total only when total=true).
 */
import { errors } from '../errors';

const MAX_LIMIT = 100;
const MAX_OFFSET_PLUS_LIMIT = 10_000;

/** All values of `name[]` (and `name`), comma-separated values split, empty ones dropped. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(`${name}[]`), ...query.getAll(name)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

export function includeParam(query: URLSearchParams): Set<string> {
  return new Set(listParam(query, 'include'));
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

/** Parses an ISO 8601 time parameter, or answers 400 like PagerDuty. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw errors.invalidDateRange([`${name} is not a valid ISO 8601 date: ${value}`]);
  return ms;
}

/** Checks values against an allowed set, answering 400 with what is allowed. */
export function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const values = listParam(query, name);
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw errors.invalidInput([`${name}[] must be one of ${allowed.join(', ')} (got "${value}")`]);
    }
  }
  return values as T[];
}

export interface PageRequest {
  limit: number;
  offset: number;
  total: boolean;
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw errors.invalidInput([`${name} must be an integer (got "${raw}")`]);
  return Number(raw);
}

export function pageParams(query: URLSearchParams, defaultLimit = 25): PageRequest {
  const requestedLimit = intParam(query, 'limit') ?? defaultLimit;
  const offset = intParam(query, 'offset') ?? 0;
  if (requestedLimit < 1) throw errors.invalidInput(['limit must be at least 1']);
  if (offset < 0) throw errors.invalidInput(['offset must be 0 or more']);
  const limit = Math.min(requestedLimit, MAX_LIMIT);
  if (offset + limit > MAX_OFFSET_PLUS_LIMIT) {
    throw errors.invalidInput([
      `Offset must be less than ${MAX_OFFSET_PLUS_LIMIT}: offset + limit may not exceed ${MAX_OFFSET_PLUS_LIMIT} (got ${offset} + ${limit})`,
    ]);
  }
  return { limit, offset, total: boolParam(query, 'total') };
}

/** One page of `items` under `key`, serialising only the records on the page. */
export function paginate<T>(key: string, items: readonly T[], page: PageRequest, serialise: (item: T) => unknown): Record<string, unknown> {
  const slice = items.slice(page.offset, page.offset + page.limit);
  return {
    [key]: slice.map(serialise),
    limit: page.limit,
    offset: page.offset,
    more: page.offset + slice.length < items.length,
    total: page.total ? items.length : null,
  };
}

/** Case-insensitive substring match for the `query` parameter of directory lists. */
export function matchesQuery(query: URLSearchParams, ...fields: string[]): boolean {
  const needle = query.get('query')?.trim().toLowerCase();
  if (!needle) return true;
  return fields.some((field) => field.toLowerCase().includes(needle));
}
