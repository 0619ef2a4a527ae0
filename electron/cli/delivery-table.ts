/**
 * `delivery` output without --json: a heading with the window and how fresh each source
 * is, then aligned plain-text tables by service and by team of the four figures with their
 * DORA bands, and the standard-against-normal split that shows what pre-approval buys.
 */
import type { RequestOutput } from '../../shared/contract';
import { formatDuration } from '../../shared/rules/format-duration';
import type { DeliveryMetrics } from '../../shared/rules/delivery-metrics';

type Figures = DeliveryMetrics['services'][number]['all'];

function instant(iso: string): string {
  return `${new Date(Date.parse(iso)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function banded(value: string, band: string | null): string {
  return band ? `${value} ${band}` : value;
}

function cells(name: string, figures: Figures): string[] {
  const { frequency, leadTime, changeFailureRate, recoveryTime } = figures;
  return [
    name,
    String(figures.deployments),
    banded(frequency.perDay === null ? '-' : `${frequency.perDay.toFixed(2)}/day`, frequency.band),
    banded(formatDuration(leadTime.medianMs, '-'), leadTime.band),
    formatDuration(leadTime.p90Ms, '-'),
    banded(changeFailureRate.rate === null ? '-' : `${Math.round(changeFailureRate.rate * 100)}%`, changeFailureRate.band),
    banded(formatDuration(recoveryTime.medianMs, '-'), recoveryTime.band),
  ];
}

/** Pads columns to line up; all but the first right-aligned. */
function align(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

const HEADER = ['DEPLOYS', 'FREQUENCY', 'LEAD MEDIAN', 'LEAD P90', 'FAILURE RATE', 'RECOVERY'];

export function formatDeliveryTables(
  { metrics, sources }: RequestOutput<'getDeliveryMetrics'>,
  teamName: (id: string) => string,
): string[] {
  const lines = [
    `Last ${metrics.days} days (${instant(metrics.from)} to ${instant(metrics.to)}): ${metrics.deployments.length} production deployments`,
  ];
  for (const source of sources)
    lines.push(
      source.state === 'error'
        ? `${source.label}: could not be read (${source.error}); figures as of ${source.readAt ? instant(source.readAt) : 'never'}`
        : `${source.label}: read ${source.readAt ? instant(source.readAt) : 'never'}`,
    );
  const services = metrics.services.map((subject) => cells(subject.id, subject.all));
  lines.push('', ...align([['SERVICE', ...HEADER], ...services, cells('All services', metrics.overall.all)]));
  if (metrics.teams.length > 0)
    lines.push('', ...align([['TEAM', ...HEADER], ...metrics.teams.map((subject) => cells(teamName(subject.id), subject.all))]));
  // What pre-approval buys: the same figures for standard (pre-approved) against normal changes, every service together.
  const splitRows = (['standard', 'normal', 'emergency', 'none'] as const)
    .filter((type) => metrics.overall.byChangeType[type].deployments > 0)
    .map((type) => cells(type === 'none' ? 'no change' : type, metrics.overall.byChangeType[type]));
  if (splitRows.length > 0) lines.push('', ...align([['CHANGE TYPE', ...HEADER], ...splitRows]));
  return lines;
}
