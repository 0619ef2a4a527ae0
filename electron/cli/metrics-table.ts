/**
 * `metrics` output without --json: for each window, a heading and two aligned plain-text
 * tables (by service, by team) of time to acknowledge and time to resolve.
 */
import { formatDuration } from '../../shared/rules/format-duration';
import type { ResponseFigures, ResponseMetrics } from '../../shared/rules/response-metrics';

const NAME_WIDTH = 32;

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** "2026-11-19 14:05 UTC" */
function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function row(figures: ResponseFigures): string[] {
  const ack = figures.timeToAcknowledge;
  const resolve = figures.timeToResolve;
  return [
    truncate(figures.subject.name, NAME_WIDTH),
    String(figures.incidents),
    String(ack.count),
    formatDuration(ack.medianMs, '-'),
    formatDuration(ack.p90Ms, '-'),
    String(resolve.count),
    formatDuration(resolve.medianMs, '-'),
    formatDuration(resolve.p90Ms, '-'),
  ];
}

/** Pads columns to line up; numbers and durations are right-aligned. */
function align(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  return rows.map((cells) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

function table(subjectHeading: string, overall: ResponseFigures, groups: ResponseFigures[]): string[] {
  const header = [subjectHeading, 'INCIDENTS', 'ACKED', 'TTA MEDIAN', 'TTA P90', 'RESOLVED', 'TTR MEDIAN', 'TTR P90'];
  return align([header, ...groups.map(row), row({ ...overall, subject: { ...overall.subject, name: 'All incidents' } })]);
}

/** The lines for one or more windows, separated by a blank line. */
export function formatMetricsTables(windows: ResponseMetrics[]): string[] {
  const lines: string[] = [];
  for (const metrics of windows) {
    if (lines.length > 0) lines.push('');
    const count = metrics.overall.incidents;
    lines.push(
      `Last ${metrics.windowDays} days (${formatInstant(metrics.from)} to ${formatInstant(metrics.to)}): ${count} incident${count === 1 ? '' : 's'}`,
    );
    if (count === 0) continue;
    lines.push('', ...table('SERVICE', metrics.overall, metrics.byService), '', ...table('TEAM', metrics.overall, metrics.byTeam));
  }
  lines.push('', 'TTA: time to acknowledge (first acknowledgement); TTR: time to resolve; both from when the incident triggered.');
  return lines;
}
