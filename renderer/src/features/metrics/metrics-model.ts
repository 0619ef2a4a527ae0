/**
 * What the response-metrics view shows, worked out from the engine's figures without
 * React: the rows of the bar charts (busiest subjects first), the logarithmic duration
 * scale they share (ticks from seconds or minutes to days, labelled in words), the trend's
 * rows and labels, the incidents behind a bar, the table's sort order. Pure, so it is
 * tested on its own.
 */
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import type { MetricsIncident, ResponseFigures, ResponseMetrics } from '../../../../shared/rules/response-metrics';
import type { ResponseTrend } from '../../../../shared/rules/response-trend';

export type MetricsWindow = 7 | 30;

export type GroupBy = 'service' | 'team';
export type Measure = 'timeToAcknowledge' | 'timeToResolve';

/** The charts show at most this many subjects; the table shows them all. */
export const CHART_SUBJECT_LIMIT = 12;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ChartRow {
  subjectId: string;
  subject: string;
  incidents: number;
  /** How many of the incidents have the measure (acknowledged, or resolved). */
  measured: number;
  /** Milliseconds; null when there is no figure. */
  median: number | null;
  p90: number | null;
}

/** The subjects the view is grouped by. */
export function figuresFor(metrics: ResponseMetrics, groupBy: GroupBy): ResponseFigures[] {
  return groupBy === 'service' ? metrics.byService : metrics.byTeam;
}

/**
 * One chart's rows: the busiest subjects (the engine sends them busiest first), each with
 * its median and p90 of the chosen measure.
 */
export function chartRows(figures: readonly ResponseFigures[], measure: Measure, limit = CHART_SUBJECT_LIMIT): ChartRow[] {
  return figures.slice(0, limit).map((each) => ({
    subjectId: each.subject.id,
    subject: each.subject.name,
    incidents: each.incidents,
    measured: each[measure].count,
    median: each[measure].medianMs,
    p90: each[measure].p90Ms,
  }));
}

interface ScaleTick {
  ms: number;
  label: string;
}

/** Where a logarithmic duration axis may put its ticks: each a round duration people say. */
const DURATION_TICKS: readonly ScaleTick[] = [
  { ms: SECOND, label: '1 s' },
  { ms: 10 * SECOND, label: '10 s' },
  { ms: MINUTE, label: '1 min' },
  { ms: 10 * MINUTE, label: '10 min' },
  { ms: HOUR, label: '1 h' },
  { ms: 6 * HOUR, label: '6 h' },
  { ms: DAY, label: '1 day' },
  { ms: 7 * DAY, label: '1 week' },
  { ms: 30 * DAY, label: '30 days' },
];

/** The scale always spans at least 1 minute to 1 day, so minutes and days read on one axis. */
const SCALE_FLOOR_MS = MINUTE;
const SCALE_CEILING_MS = DAY;

export interface DurationScale {
  minMs: number;
  maxMs: number;
  ticks: ScaleTick[];
}

/**
 * A logarithmic scale for these durations: from the tick at or below the smallest
 * (1 minute at most) to the tick at or above the largest (1 day at least), with the ticks
 * in between. Zero, negative and missing values are left out of the range (a zero is drawn
 * at the scale's start).
 */
export function durationScale(values: ReadonlyArray<number | null>): DurationScale {
  const positive = values.filter((value): value is number => value !== null && Number.isFinite(value) && value > 0);
  const smallest = Math.min(SCALE_FLOOR_MS, ...positive);
  const largest = Math.max(SCALE_CEILING_MS, ...positive);
  const first = DURATION_TICKS[0]!;
  const last = DURATION_TICKS[DURATION_TICKS.length - 1]!;
  const minTick = [...DURATION_TICKS].reverse().find((tick) => tick.ms <= smallest) ?? first;
  const maxTick = DURATION_TICKS.find((tick) => tick.ms >= largest) ?? { ms: largest, label: formatDurationWords(largest) };
  const ticks = DURATION_TICKS.filter((tick) => tick.ms >= minTick.ms && tick.ms <= maxTick.ms);
  if (maxTick.ms > last.ms) ticks.push(maxTick);
  return { minMs: minTick.ms, maxMs: maxTick.ms, ticks };
}

/** Where `ms` falls on the scale, from 0 (its start) to 1 (its end); clamped. */
export function scalePosition(scale: DurationScale, ms: number): number {
  if (!(ms > scale.minMs)) return 0;
  if (ms >= scale.maxMs) return 1;
  return Math.log(ms / scale.minMs) / Math.log(scale.maxMs / scale.minMs);
}

/** A value as a logarithmic axis can draw it: within the scale (a zero sits at its start). */
export function clampToScale(scale: DurationScale, ms: number | null): number | null {
  if (ms === null) return null;
  return Math.min(scale.maxMs, Math.max(scale.minMs, ms));
}

/** "median 4 minutes, 90th percentile 2 hours 10 minutes", for a bar's accessible name. */
export function spokenFigures(row: ChartRow, measure: Measure): string {
  const count = `${row.incidents} ${row.incidents === 1 ? 'incident' : 'incidents'}`;
  if (row.median === null) return `${measure === 'timeToAcknowledge' ? 'none acknowledged' : 'none resolved'}, ${count}`;
  return `median ${formatDurationWords(row.median, 'long')}, 90th percentile ${formatDurationWords(row.p90, 'long')}, ${count}`;
}

export interface TrendRow {
  /** The bucket's start (ISO), unique. */
  key: string;
  /** Short axis label: "Mon 23" for a day, "Nov 23" for the week starting then. */
  label: string;
  /** What the bucket covers, in full: "Thu, Nov 19, from 14:37" or "Week of Nov 23 (Mon) to now". */
  title: string;
  partial: boolean;
  incidents: number;
  /** Medians in ms as drawn on a logarithmic axis (clamped to `scale`), and as they are. */
  ack: number | null;
  resolve: number | null;
  ackMs: number | null;
  resolveMs: number | null;
}

function parts(ms: number, timeZone: string, locale: string | undefined, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat(locale, { timeZone, ...options }).formatToParts(ms)) out[part.type] = part.value;
  return out;
}

const format = (ms: number, timeZone: string, locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(ms);

/**
 * The trend's rows for the charts, labelled in the trend's own time zone (where its days
 * and weeks begin) in the reader's locale.
 */
export function trendRows(trend: ResponseTrend, scale: DurationScale, locale?: string): TrendRow[] {
  const zone = trend.timeZone;
  const dayMonth: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
  const fullDay: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' };
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  const last = trend.buckets.length - 1;
  return trend.buckets.map((bucket, index) => {
    const from = Date.parse(bucket.from);
    const to = Date.parse(bucket.to);
    let label: string;
    let title: string;
    if (trend.unit === 'day') {
      const day = parts(from, zone, locale, { weekday: 'short', day: 'numeric' });
      label = `${day.weekday} ${day.day}`;
      title = format(from, zone, locale, fullDay);
    } else {
      label = format(from, zone, locale, dayMonth);
      title = `Week of ${format(from, zone, locale, fullDay)}`;
    }
    if (bucket.partial && index === 0) title += `, from ${format(from, zone, locale, time)}`;
    if (bucket.partial && index === last) title += `, to ${format(to, zone, locale, time)} (now)`;
    const ackMs = bucket.timeToAcknowledge.medianMs;
    const resolveMs = bucket.timeToResolve.medianMs;
    return {
      key: bucket.from,
      label,
      title,
      partial: bucket.partial,
      incidents: bucket.incidents,
      ack: clampToScale(scale, ackMs),
      resolve: clampToScale(scale, resolveMs),
      ackMs,
      resolveMs,
    };
  });
}

/** The incidents behind a figure, slowest first by the measure (as many as the engine sent). */
export function incidentsBehind(metrics: ResponseMetrics, figures: ResponseFigures, measure: Measure): MetricsIncident[] {
  const byId = new Map(metrics.incidents.map((incident) => [incident.id, incident]));
  return figures.slowest[measure].flatMap((id) => byId.get(id) ?? []);
}

/** One sentence over the list: how many there are and which ones are shown. */
export function incidentListSummary(figures: ResponseFigures, measure: Measure, shown: number, windowDays: number): string {
  const what = measure === 'timeToAcknowledge' ? 'to acknowledge' : 'to resolve';
  const total = `${figures.incidents} ${figures.incidents === 1 ? 'incident' : 'incidents'}`;
  if (shown < figures.incidents) return `The ${shown} slowest ${what} of ${total} triggered in the last ${windowDays} days.`;
  return `${total} triggered in the last ${windowDays} days, the slowest ${what} first.`;
}

/** A duration cell of the incident list: the time, or why there is none. */
export function incidentDurationText(incident: MetricsIncident, measure: Measure): string {
  if (measure === 'timeToResolve')
    return incident.timeToResolveMs === null ? 'Not resolved yet' : formatDurationWords(incident.timeToResolveMs);
  if (incident.timeToAcknowledgeMs !== null) return formatDurationWords(incident.timeToAcknowledgeMs);
  return incident.timeToResolveMs === null ? 'Not acknowledged yet' : 'Resolved unacknowledged';
}

/** The incident's page in PagerDuty when it is an https URL (nothing else is opened), else null. */
export function incidentLink(htmlUrl: string): string | null {
  try {
    const url = new URL(htmlUrl);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

export type SortKey = 'subject' | 'incidents' | 'ackCount' | 'ackMedian' | 'ackP90' | 'resolveCount' | 'resolveMedian' | 'resolveP90';
type SortDirection = 'asc' | 'desc';
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
