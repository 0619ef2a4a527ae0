/**
 * Loads every account-wide log entry (GET /log_entries) created in a time range, past
 * the offset cap: the range's first page asks for `total=true`, the other pages follow
 * with a few requests in flight, and a range holding more than 10,000 entries is bisected
 * into halves (overlapping by one second, merged by id) until each half fits (offset-pages.ts).
 */
import { ceilSecond, dedupe, floorSecond, loadProbedRange, rangeQuery } from './offset-pages';
import type { QueryParams } from '../http/transport';
import type { PdLogEntry, PdLogEntryPage } from './schemas';

export type FetchLogEntryPage = (query: QueryParams, offset: number, withTotal: boolean) => Promise<PdLogEntryPage>;

export interface LogEntryLoaderOptions {
  fetchPage: FetchLogEntryPage;
  concurrency: number;
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
  const entries = await loadProbedRange(baseQuery, range, query, await options.fetchPage(query, 0, true), {
    fetchPage: options.fetchPage,
    items: (page) => page.log_entries,
    concurrency: options.concurrency,
  });
  return dedupe([entries]);
}
