/**
 * `incidents list` output: an aligned plain-text table of incidents, newest first; with
 * several paging platforms, a PLATFORM column carries each incident's mark (PD, SOC).
 */
import type { Incident } from '../../shared/domain/incident';
import { platformMark } from './paging-platforms';

const TITLE_WIDTH = 60;

/** "45s", "12m", "5h", "3d": how long ago an incident was created. */
export function formatAge(createdAt: string, now: number): string {
  const created = Date.parse(createdAt);
  if (Number.isNaN(created)) return '?';
  const seconds = Math.max(0, Math.floor((now - created) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/**
 * The table's lines: a header and one row per incident, columns padded to line up.
 * `platforms`: show each incident's platform mark (the workspace names more than one).
 */
export function formatIncidentTable(incidents: Incident[], now: number, options: { platforms?: boolean } = {}): string[] {
  if (incidents.length === 0) return ['No open incidents.'];
  const sorted = [...incidents].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number - a.number);
  const platformCells = (cell: string) => (options.platforms ? [cell] : []);
  const rows = [
    ['#', ...platformCells('PLATFORM'), 'STATUS', 'URGENCY', 'PRIORITY', 'SERVICE', 'TITLE', 'AGE'],
    ...sorted.map((incident) => [
      `#${incident.number}`,
      ...platformCells(platformMark(incident.provider)),
      incident.status,
      incident.urgency,
      incident.priority?.name ?? '-',
      truncate(incident.service.name, 30),
      truncate(incident.title.replace(/\s+/g, ' '), TITLE_WIDTH),
      formatAge(incident.createdAt, now),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
