/**
 * Loads every incident a GET /incidents query matches, fast and past the offset cap.
 *
 * The first page asks for `total=true`; the remaining pages are then fetched with a few
 * requests in flight, so 5,000 incidents cost 50 requests. PagerDuty refuses
 * offset + limit > 10,000 (HTTP 400), so when a query matches more than that, it is split
 * into windows of created_at (`since`/`until`, bisected until each window holds 10,000 or
 * fewer) and the windows' results are merged by id. The paging and bisecting are
 * offset-pages.ts's; this module knows where an incident list's windows start.
 *
 * `onPage` hears each page as it arrives (the first one before any other request is sent;
 * the others in the query's order), so a caller can show the first rows while the rest load.
 */
import {
  ceilSecond,
  dedupe,
  floorSecond,
  loadPages,
  loadProbedRange,
  OFFSET_CAP,
  rangeQuery,
  type OffsetPageReader,
  type TimeRange,
} from './offset-pages';
import type { QueryParams } from '../http/transport';
import type { PdIncident, PdIncidentPage } from './schemas';

/** PagerDuty's longest since..until range for GET /incidents. */
export const MAX_WINDOW_MS = 180 * 24 * 3600_000;
const SECOND = 1000;

export type FetchIncidentPage = (query: QueryParams, offset: number, withTotal: boolean) => Promise<PdIncidentPage>;

export interface IncidentLoaderOptions {
  fetchPage: FetchIncidentPage;
  concurrency: number;
  now: () => number;
  /** Where to start windows when the oldest incident cannot be told (default: 2 years back). */
  fallbackHorizonMs?: number;
  /**
   * Hears each page's incidents as they arrive, with the total the first page gave (null when
   * it gave none). Past the offset cap the windows' pages repeat incidents already heard.
   */
  onPage?: (incidents: PdIncident[], total: number | null) => void;
}

function reader(options: IncidentLoaderOptions, total: number | null = null): OffsetPageReader<PdIncidentPage, PdIncident> {
  const { onPage } = options;
  return {
    fetchPage: options.fetchPage,
    items: (page) => page.incidents,
    concurrency: options.concurrency,
    onPage: onPage && ((incidents) => onPage(incidents, total)),
  };
}

export async function loadAllIncidents(baseQuery: QueryParams, options: IncidentLoaderOptions): Promise<PdIncident[]> {
  const allQuery: QueryParams = [...baseQuery, ['date_range', 'all']];
  const first = await options.fetchPage(allQuery, 0, true);
  const total = first.total ?? null;
  if (total === null || total <= OFFSET_CAP) return loadPages(allQuery, first, reader(options, total));
  options.onPage?.(first.incidents, total);
  const oldestFirst = sortsOldestFirst(allQuery) ? first : await options.fetchPage(sortedOldestFirst(allQuery), 0, false);
  const parts = [];
  // Newest window first: with a newest-first query, the incidents at the top of a queue arrive first.
  for (const window of initialWindows(oldestFirst.incidents, options).reverse()) {
    const query = rangeQuery(baseQuery, window);
    parts.push(await loadProbedRange(baseQuery, window, query, await options.fetchPage(query, 0, true), reader(options, total)));
  }
  return dedupe(parts);
}

/**
 * Loads every incident a query matches that was created in [sinceMs, untilMs): windows of
 * at most 180 days (PagerDuty's longest range), each bisected while it holds more than
 * the offset cap allows.
 */
export async function loadIncidentsCreatedBetween(
  baseQuery: QueryParams,
  sinceMs: number,
  untilMs: number,
  options: IncidentLoaderOptions,
): Promise<PdIncident[]> {
  const parts: PdIncident[][] = [];
  for (let since = floorSecond(sinceMs); since < untilMs; since += MAX_WINDOW_MS) {
    const window = { since, until: Math.min(ceilSecond(untilMs), since + MAX_WINDOW_MS) };
    const query = rangeQuery(baseQuery, window);
    parts.push(await loadProbedRange(baseQuery, window, query, await options.fetchPage(query, 0, true), reader(options)));
  }
  return dedupe(parts);
}

function createdTimes(incidents: PdIncident[]): number[] {
  return incidents.map((incident) => Date.parse(incident.created_at)).filter((ms) => !Number.isNaN(ms));
}

function isCreatedAscending(incidents: PdIncident[]): boolean {
  const created = createdTimes(incidents);
  return created.every((ms, index) => index === 0 || created[index - 1]! <= ms);
}

/** The query sorts by creation, oldest first, or names no order (the first page then tells by itself, see initialWindows). */
function sortsOldestFirst(query: QueryParams): boolean {
  return query.every(([name, value]) => name !== 'sort_by' || value === 'created_at' || value === 'created_at:asc');
}

/** The query sorted oldest first (its first page then starts with the oldest incident). */
function sortedOldestFirst(query: QueryParams): QueryParams {
  return [...query.filter(([name]) => name !== 'sort_by'), ['sort_by', 'created_at:asc']];
}

/** Splits [oldest incident, now] into windows PagerDuty accepts (at most 180 days each); `oldestFirst`: a page sorted oldest first. */
function initialWindows(oldestFirst: PdIncident[], options: IncidentLoaderOptions): TimeRange[] {
  const now = options.now();
  const until = ceilSecond(now + 60 * SECOND);
  const created = createdTimes(oldestFirst);
  const oldest =
    isCreatedAscending(oldestFirst) && created.length ? created[0]! : now - (options.fallbackHorizonMs ?? 2 * 365 * 24 * 3600_000);
  const windows: TimeRange[] = [];
  for (let since = floorSecond(oldest); since < until; since += MAX_WINDOW_MS) {
    windows.push({ since, until: Math.min(until, since + MAX_WINDOW_MS) });
  }
  return windows;
}
