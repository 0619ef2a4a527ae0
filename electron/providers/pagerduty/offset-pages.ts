/**
 * PagerDuty's classic offset pagination, past its offset cap, for any list read over a
 * created_at range (incidents: incident-loader.ts; log entries: log-entry-loader.ts). A
 * range's first page asks for `total=true`; the other pages follow with a few requests in
 * flight; a range holding more than the cap allows is bisected into whole-second halves
 * (overlapping by one second, merged by id) until each half fits.
 */
import { mapWithConcurrency } from '../http/bounded-concurrency';
import type { QueryParams } from '../http/transport';

export const PAGE_LIMIT = 100;
/** offset + limit may not exceed this on PagerDuty's classic pagination. */
export const OFFSET_CAP = 10_000;
const SECOND = 1000;

/** One page as PagerDuty sends it: the pagination fields (the list itself is read by `items`). */
interface OffsetPage {
  offset?: number | null;
  more?: boolean | null;
  total?: number | null;
}

export interface OffsetPageReader<P extends OffsetPage, T extends { id: string }> {
  fetchPage: (query: QueryParams, offset: number, withTotal: boolean) => Promise<P>;
  /** The page's records. */
  items: (page: P) => T[];
  concurrency: number;
  /** Hears each page's records as soon as it (and every page before it) has arrived, so a caller can show the first ones early. */
  onPage?: (items: T[]) => void;
}

/** A created_at range, ms since the epoch (PagerDuty's since/until). */
export interface TimeRange {
  since: number;
  until: number;
}

export function rangeQuery(baseQuery: QueryParams, range: TimeRange): QueryParams {
  return [...baseQuery, ['since', iso(range.since)], ['until', iso(range.until)]];
}

/**
 * Every record of `query` (the base query over `range`), whose first page (with its total)
 * is already in hand: the pages up to the cap, bisecting the range while it holds more.
 */
export async function loadProbedRange<P extends OffsetPage, T extends { id: string }>(
  baseQuery: QueryParams,
  range: TimeRange,
  query: QueryParams,
  first: P,
  reader: OffsetPageReader<P, T>,
): Promise<T[]> {
  const total = first.total;
  // Cannot split further: take the first 10,000 rather than fail the whole load.
  if (total == null || total <= OFFSET_CAP || range.until - range.since <= 2 * SECOND) return loadPages(query, first, reader);
  // Whole-second halves that overlap by one second: whatever since/until's inclusivity, nothing falls between.
  const middle = floorSecond(range.since + (range.until - range.since) / 2);
  const halves: TimeRange[] = [
    { since: range.since, until: middle + SECOND },
    { since: middle, until: range.until },
  ];
  const queries = halves.map((half) => rangeQuery(baseQuery, half));
  const probes = await Promise.all(queries.map((halfQuery) => reader.fetchPage(halfQuery, 0, true)));
  // Both halves as big as the whole: the server ignores since/until here, and splitting would never end.
  if (probes.every((probe) => probe.total != null && probe.total >= total)) return loadPages(query, first, reader);
  const parts: T[][] = [];
  for (const [index, half] of halves.entries()) {
    parts.push(await loadProbedRange(baseQuery, half, queries[index]!, probes[index]!, reader));
  }
  return dedupe(parts);
}

/**
 * Every record of `query` up to the offset cap, from its first page: without a total, by
 * following `more` one page at a time; with one, the other pages a few at a time.
 */
export async function loadPages<P extends OffsetPage, T extends { id: string }>(
  query: QueryParams,
  first: P,
  reader: OffsetPageReader<P, T>,
): Promise<T[]> {
  const total = first.total;
  reader.onPage?.(reader.items(first));
  if (total == null) return [...reader.items(first), ...(await pageOnSequentially(query, first, reader))];
  const offsets: number[] = [];
  for (let offset = PAGE_LIMIT; offset < total && offset + PAGE_LIMIT <= OFFSET_CAP; offset += PAGE_LIMIT) offsets.push(offset);
  const inOrder = handInOrder(reader);
  const pages = await mapWithConcurrency(offsets, reader.concurrency, async (offset, index) =>
    inOrder(index, await reader.fetchPage(query, offset, false)),
  );
  const last = pages.length ? pages[pages.length - 1]! : first;
  // Records that arrived during the load can push the total past the last planned page.
  const extra = last.more ? await pageOnSequentially(query, last, reader) : [];
  return dedupe([reader.items(first), ...pages.map((page) => reader.items(page)), extra]);
}

/**
 * Hands pages fetched a few at a time to `onPage` in offset order: a page that overtakes the
 * one before it waits for it, so the records arrive in the query's sort order. Returns the page.
 */
function handInOrder<P extends OffsetPage, T extends { id: string }>(reader: OffsetPageReader<P, T>): (index: number, page: P) => P {
  const waiting = new Map<number, P>();
  let next = 0;
  return (index, page) => {
    if (!reader.onPage) return page;
    waiting.set(index, page);
    for (let ready = waiting.get(next); ready !== undefined; ready = waiting.get(next)) {
      waiting.delete(next++);
      reader.onPage(reader.items(ready));
    }
    return page;
  };
}

/** Follows `more` one page at a time (when PagerDuty gave no total), up to the offset cap. */
async function pageOnSequentially<P extends OffsetPage, T extends { id: string }>(
  query: QueryParams,
  from: P,
  reader: OffsetPageReader<P, T>,
): Promise<T[]> {
  const records: T[] = [];
  let page = from;
  let offset = (from.offset ?? 0) + PAGE_LIMIT;
  while (page.more && reader.items(page).length > 0 && offset + PAGE_LIMIT <= OFFSET_CAP) {
    page = await reader.fetchPage(query, offset, false);
    records.push(...reader.items(page));
    reader.onPage?.(reader.items(page));
    offset += PAGE_LIMIT;
  }
  return records;
}

/** The records of all parts, each id once (the last copy wins). */
export function dedupe<T extends { id: string }>(parts: T[][]): T[] {
  const byId = new Map<string, T>();
  for (const part of parts) for (const record of part) byId.set(record.id, record);
  return [...byId.values()];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
export function floorSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}
export function ceilSecond(ms: number): number {
  return Math.ceil(ms / SECOND) * SECOND;
}
