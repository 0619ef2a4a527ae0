/**
 * Loads every account-wide log entry (GET /log_entries) created in a time range, past
 * the offset cap: the range's first page asks for `total=true`, the other pages follow
 * with a few requests in flight, and a range holding more than 10,000 entries is bisected
 * into halves (overlapping by one second, merged by id) until each half fits.
 */
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { OFFSET_CAP, PAGE_LIMIT } from './incident-loader';
import type { QueryParams } from './pagerduty-client';
import type { PdLogEntry, PdLogEntryPage } from './schemas';

const SECOND = 1000;

export type FetchLogEntryPage = (query: QueryParams, offset: number, withTotal: boolean) => Promise<PdLogEntryPage>;

export interface LogEntryLoaderOptions {
  fetchPage: FetchLogEntryPage;
  concurrency: number;
}

interface Range {
  since: number;
  until: number;
}

/** Every log entry the query matches with since <= created_at < until (ms), each once. */
export async function loadLogEntriesBetween(
  baseQuery: QueryParams,
  sinceMs: number,
  untilMs: number,
  options: LogEntryLoaderOptions,
): Promise<PdLogEntry[]> {
  const range = { since: floorSecond(sinceMs), until: ceilSecond(untilMs) };
  const query = rangeQuery(baseQuery, range);
  const entries = await loadProbedRange(baseQuery, range, query, await options.fetchPage(query, 0, true), options);
  return dedupe([entries]);
}

async function loadProbedRange(
  baseQuery: QueryParams,
  range: Range,
  query: QueryParams,
  first: PdLogEntryPage,
  options: LogEntryLoaderOptions,
): Promise<PdLogEntry[]> {
  const total = first.total;
  if (total == null) return [...first.log_entries, ...(await pageOnSequentially(query, first, options))];
  // Cannot split further: take the first 10,000 rather than fail the whole read.
  if (total <= OFFSET_CAP || range.until - range.since <= 2 * SECOND) return loadRemaining(query, first, total, options);
  const middle = floorSecond(range.since + (range.until - range.since) / 2);
  const halves: Range[] = [
    { since: range.since, until: middle + SECOND },
    { since: middle, until: range.until },
  ];
  const queries = halves.map((half) => rangeQuery(baseQuery, half));
  const probes = await Promise.all(queries.map((halfQuery) => options.fetchPage(halfQuery, 0, true)));
  // Both halves as big as the whole: the server ignores since/until, and splitting would never end.
  if (probes.every((probe) => probe.total != null && probe.total >= total)) return loadRemaining(query, first, total, options);
  const parts: PdLogEntry[][] = [];
  for (const [index, half] of halves.entries()) {
    parts.push(await loadProbedRange(baseQuery, half, queries[index]!, probes[index]!, options));
  }
  return dedupe(parts);
}

/** The pages after the first, a few at a time, up to the offset cap. */
async function loadRemaining(
  query: QueryParams,
  first: PdLogEntryPage,
  total: number,
  options: LogEntryLoaderOptions,
): Promise<PdLogEntry[]> {
  const offsets: number[] = [];
  for (let offset = PAGE_LIMIT; offset < total && offset + PAGE_LIMIT <= OFFSET_CAP; offset += PAGE_LIMIT) offsets.push(offset);
  const pages = await mapWithConcurrency(offsets, options.concurrency, (offset) => options.fetchPage(query, offset, false));
  const last = pages.length ? pages[pages.length - 1]! : first;
  // Entries written during the read can push the total past the last planned page.
  const extra = last.more ? await pageOnSequentially(query, last, options) : [];
  return dedupe([first.log_entries, ...pages.map((page) => page.log_entries), extra]);
}

/** Follows `more` one page at a time (when PagerDuty gave no total), up to the offset cap. */
async function pageOnSequentially(query: QueryParams, from: PdLogEntryPage, options: LogEntryLoaderOptions): Promise<PdLogEntry[]> {
  const entries: PdLogEntry[] = [];
  let page = from;
  let offset = (from.offset ?? 0) + PAGE_LIMIT;
  while (page.more && page.log_entries.length > 0 && offset + PAGE_LIMIT <= OFFSET_CAP) {
    page = await options.fetchPage(query, offset, false);
    entries.push(...page.log_entries);
    offset += PAGE_LIMIT;
  }
  return entries;
}

function rangeQuery(baseQuery: QueryParams, range: Range): QueryParams {
  return [...baseQuery, ['since', iso(range.since)], ['until', iso(range.until)]];
}

function dedupe(parts: PdLogEntry[][]): PdLogEntry[] {
  const byId = new Map<string, PdLogEntry>();
  for (const part of parts) for (const entry of part) byId.set(entry.id, entry);
  return [...byId.values()];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
function floorSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}
function ceilSecond(ms: number): number {
  return Math.ceil(ms / SECOND) * SECOND;
}
