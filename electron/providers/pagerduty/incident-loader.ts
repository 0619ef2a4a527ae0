/**
 * Loads every incident a GET /incidents query matches, fast and past the offset cap.
 *
 * The first page asks for `total=true`; the remaining pages are then fetched with a few
 * requests in flight, so 5,000 incidents cost 50 requests. PagerDuty refuses
 * offset + limit > 10,000 (HTTP 400), so when a query matches more than that, it is split
 * into windows of created_at (`since`/`until`, bisected until each window holds 10,000 or
 * fewer) and the windows' results are merged by id.
 */
import { mapWithConcurrency } from '../http/bounded-concurrency';
import type { QueryParams } from './pagerduty-client';
import type { PdIncident, PdIncidentPage } from './schemas';

export const PAGE_LIMIT = 100;
/** offset + limit may not exceed this on PagerDuty's classic pagination. */
export const OFFSET_CAP = 10_000;
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
}

interface Window {
  since: number;
  until: number;
}

export async function loadAllIncidents(baseQuery: QueryParams, options: IncidentLoaderOptions): Promise<PdIncident[]> {
  const first = await options.fetchPage([...baseQuery, ['date_range', 'all']], 0, true);
  const total = first.total;
  if (total == null) return [...first.incidents, ...(await pageOnSequentially([...baseQuery, ['date_range', 'all']], first, options))];
  if (total <= OFFSET_CAP) {
    const rest = await fetchRemainingPages([...baseQuery, ['date_range', 'all']], first, total, options);
    return dedupe([first.incidents, ...rest]);
  }
  const windows = initialWindows(first.incidents, options);
  const parts = [];
  for (const window of windows) {
    const query = windowQuery(baseQuery, window);
    parts.push(await loadProbedWindow(baseQuery, window, query, await options.fetchPage(query, 0, true), options));
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
    const query = windowQuery(baseQuery, window);
    parts.push(await loadProbedWindow(baseQuery, window, query, await options.fetchPage(query, 0, true), options));
  }
  return dedupe(parts);
}

/** Splits [oldest incident, now] into windows PagerDuty accepts (at most 180 days each). */
function initialWindows(firstPage: PdIncident[], options: IncidentLoaderOptions): Window[] {
  const now = options.now();
  const until = ceilSecond(now + 60 * SECOND);
  const created = firstPage.map((incident) => Date.parse(incident.created_at)).filter((ms) => !Number.isNaN(ms));
  const sortedAscending = created.every((ms, index) => index === 0 || created[index - 1]! <= ms);
  const oldest = sortedAscending && created.length ? created[0]! : now - (options.fallbackHorizonMs ?? 2 * 365 * 24 * 3600_000);
  const windows: Window[] = [];
  for (let since = floorSecond(oldest); since < until; since += MAX_WINDOW_MS) {
    windows.push({ since, until: Math.min(until, since + MAX_WINDOW_MS) });
  }
  return windows;
}

function windowQuery(baseQuery: QueryParams, window: Window): QueryParams {
  return [...baseQuery, ['since', iso(window.since)], ['until', iso(window.until)]];
}

/** Loads one created_at window whose first page (with its total) is already in hand. */
async function loadProbedWindow(
  baseQuery: QueryParams,
  window: Window,
  query: QueryParams,
  first: PdIncidentPage,
  options: IncidentLoaderOptions,
): Promise<PdIncident[]> {
  const total = first.total;
  if (total == null) return [...first.incidents, ...(await pageOnSequentially(query, first, options))];
  const loadCapped = async () => dedupe([first.incidents, ...(await fetchRemainingPages(query, first, total, options))]);
  // Cannot split further: take the first 10,000 rather than fail the whole load.
  if (total <= OFFSET_CAP || window.until - window.since <= 2 * SECOND) return loadCapped();
  // Whole-second halves that overlap by one second: whatever since/until's inclusivity, nothing falls between.
  const middle = floorSecond(window.since + (window.until - window.since) / 2);
  const halves: Window[] = [
    { since: window.since, until: middle + SECOND },
    { since: middle, until: window.until },
  ];
  const queries = halves.map((half) => windowQuery(baseQuery, half));
  const probes = await Promise.all(queries.map((halfQuery) => options.fetchPage(halfQuery, 0, true)));
  // Both halves as big as the whole: the server ignores since/until here, and splitting would never end.
  if (probes.every((probe) => probe.total != null && probe.total >= total)) return loadCapped();
  const parts: PdIncident[][] = [];
  for (const [index, half] of halves.entries()) {
    parts.push(await loadProbedWindow(baseQuery, half, queries[index]!, probes[index]!, options));
  }
  return dedupe(parts);
}

async function fetchRemainingPages(
  query: QueryParams,
  first: PdIncidentPage,
  total: number,
  options: IncidentLoaderOptions,
): Promise<PdIncident[][]> {
  const offsets: number[] = [];
  for (let offset = PAGE_LIMIT; offset < total && offset + PAGE_LIMIT <= OFFSET_CAP; offset += PAGE_LIMIT) offsets.push(offset);
  const pages = await mapWithConcurrency(offsets, options.concurrency, (offset) => options.fetchPage(query, offset, false));
  const last = pages.length ? pages[pages.length - 1]! : first;
  // Incidents that arrived during the load can push the total past the last planned page.
  const extra = last.more ? await pageOnSequentially(query, last, options) : [];
  return [...pages.map((page) => page.incidents), extra];
}

/** Follows `more` one page at a time (when PagerDuty did not give a total), up to the offset cap. */
async function pageOnSequentially(query: QueryParams, from: PdIncidentPage, options: IncidentLoaderOptions): Promise<PdIncident[]> {
  const incidents: PdIncident[] = [];
  let page = from;
  let offset = (from.offset ?? 0) + PAGE_LIMIT;
  while (page.more && page.incidents.length > 0 && offset + PAGE_LIMIT <= OFFSET_CAP) {
    page = await options.fetchPage(query, offset, false);
    incidents.push(...page.incidents);
    offset += PAGE_LIMIT;
  }
  return incidents;
}

function dedupe(parts: PdIncident[][]): PdIncident[] {
  const byId = new Map<string, PdIncident>();
  for (const part of parts) for (const incident of part) byId.set(incident.id, incident);
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
