/**
 * What the response-metrics view shows, worked out from the engine's figures without
 * React: the rows of the charts (busiest subjects first, durations in minutes), the
 * table's sort order, and the summary line. Pure, so it is tested on its own.
 */
import type { ResponseFigures, ResponseMetrics } from '../../../../shared/rules/response-metrics';

export type MetricsWindow = 7 | 30;
export const METRICS_WINDOWS: readonly MetricsWindow[] = [7, 30];

export type GroupBy = 'service' | 'team';

/** The charts show at most this many subjects; the table shows them all. */
export const CHART_SUBJECT_LIMIT = 12;

const MINUTE = 60_000;

export interface ChartRow {
  subject: string;
  /** Minutes (the charts' unit: ticks fall on whole minutes and hours); null when there is no figure. */
  median: number | null;
  p90: number | null;
}

/** The subjects the view is grouped by. */
export function figuresFor(metrics: ResponseMetrics, groupBy: GroupBy): ResponseFigures[] {
  return groupBy === 'service' ? metrics.byService : metrics.byTeam;
}

/**
 * One chart's rows: the busiest subjects (the engine sends them busiest first), each with
 * its median and p90 of the chosen measure in minutes.
 */
export function chartRows(figures: readonly ResponseFigures[], measure: 'timeToAcknowledge' | 'timeToResolve', limit = CHART_SUBJECT_LIMIT): ChartRow[] {
  return figures.slice(0, limit).map((each) => ({
    subject: each.subject.name,
    median: toMinutes(each[measure].medianMs),
    p90: toMinutes(each[measure].p90Ms),
  }));
}

function toMinutes(ms: number | null): number | null {
  return ms === null ? null : ms / MINUTE;
}

/** Tick steps in minutes that read well as durations: 1m, 2m, 5m, ... 1h, 2h, ... 1d, 2d, 1w. */
const TICK_STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10_080];

/**
 * Axis ticks in minutes from 0 past the largest value, at most `maxTicks` intervals, on
 * a step that reads well ("30m", "1h", "1h 30m" rather than "1h 15m", "1h 40m").
 */
export function durationTicks(rows: readonly ChartRow[], maxTicks = 5): number[] {
  const largest = Math.max(0, ...rows.flatMap((row) => [row.median ?? 0, row.p90 ?? 0]));
  if (largest <= 0) return [0, 1];
  const step = TICK_STEPS_MINUTES.find((candidate) => largest / candidate <= maxTicks) ?? Math.ceil(largest / maxTicks / 10_080) * 10_080;
  const count = Math.max(1, Math.ceil(largest / step));
  return Array.from({ length: count + 1 }, (_, index) => index * step);
}

export type SortKey = 'subject' | 'incidents' | 'ackCount' | 'ackMedian' | 'ackP90' | 'resolveCount' | 'resolveMedian' | 'resolveP90';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortState = { key: 'incidents', direction: 'desc' };

function sortValue(figures: ResponseFigures, key: Exclude<SortKey, 'subject'>): number | null {
  switch (key) {
    case 'incidents':
      return figures.incidents;
    case 'ackCount':
      return figures.timeToAcknowledge.count;
    case 'ackMedian':
      return figures.timeToAcknowledge.medianMs;
    case 'ackP90':
      return figures.timeToAcknowledge.p90Ms;
    case 'resolveCount':
      return figures.timeToResolve.count;
    case 'resolveMedian':
      return figures.timeToResolve.medianMs;
    case 'resolveP90':
      return figures.timeToResolve.p90Ms;
  }
}

/** The table's rows in the chosen order; subjects without the figure go last either way, ties by name. */
export function sortFigures(figures: readonly ResponseFigures[], sort: SortState): ResponseFigures[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: ResponseFigures, b: ResponseFigures) => a.subject.name.localeCompare(b.subject.name);
  if (sort.key === 'subject') return [...figures].sort((a, b) => sign * byName(a, b));
  const key = sort.key;
  return [...figures].sort((a, b) => {
    const left = sortValue(a, key);
    const right = sortValue(b, key);
    if (left === null || right === null) return left === right ? byName(a, b) : left === null ? 1 : -1;
    return sign * (left - right) || byName(a, b);
  });
}

/** Clicking a column: the same column flips its direction; a new one starts with names A-Z and figures highest first. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'subject' ? 'asc' : 'desc' };
}
