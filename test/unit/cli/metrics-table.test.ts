import { describe, expect, it } from 'vitest';
import { computeResponseMetrics, type IncidentTimes } from '../../../shared/rules/response-metrics';
import { parseWindows } from '../../../electron/cli/metrics-command';
import { formatMetricsTables } from '../../../electron/cli/metrics-table';
import { UsageError } from '../../../electron/cli/cli-error';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function incident(
  id: string,
  service: string,
  team: string | null,
  daysAgo: number,
  ackMin: number | null,
  resolveMin: number | null,
): IncidentTimes {
  const triggeredAt = NOW - daysAgo * DAY;
  return {
    incidentId: id,
    number: id.charCodeAt(0),
    title: `Incident ${id}`,
    htmlUrl: `https://example.pagerduty.com/incidents/${id}`,
    service: { id: service, name: service },
    team: team ? { id: team, name: team } : null,
    triggeredAt,
    acknowledgedAt: ackMin === null ? null : triggeredAt + ackMin * MIN,
    resolvedAt: resolveMin === null ? null : triggeredAt + resolveMin * MIN,
  };
}

const incidents = [
  incident('A', 'Payments API', 'Payments', 1, 4.5, 130),
  incident('B', 'Payments API', 'Payments', 2, 2, 30),
  incident('C', 'Search API', null, 3, null, null),
  incident('D', 'Search API', null, 20, 10, 60),
];

describe('parseWindows', () => {
  it('asks for both windows by default, or the one --days names', () => {
    expect(parseWindows(undefined)).toEqual([7, 30]);
    expect(parseWindows('7')).toEqual([7]);
    expect(parseWindows('30')).toEqual([30]);
  });

  it('refuses any other number of days, saying which are allowed', () => {
    expect(() => parseWindows('14')).toThrow(UsageError);
    expect(() => parseWindows('14')).toThrow(/--days must be 7 or 30 \(got "14"\)/);
  });
});

describe('formatMetricsTables', () => {
  it('prints a heading and aligned tables by service and by team for each window', () => {
    const lines = formatMetricsTables([computeResponseMetrics(incidents, 7, NOW), computeResponseMetrics(incidents, 30, NOW)]);
    expect(lines[0]).toBe('Last 7 days (2026-11-19 12:00 UTC to 2026-11-26 12:00 UTC): 3 incidents');
    const serviceHeader = lines.find((line) => line.startsWith('SERVICE'))!;
    expect(serviceHeader.split(/\s{2,}/)).toEqual([
      'SERVICE',
      'INCIDENTS',
      'ACKED',
      'TTA MEDIAN',
      'TTA P90',
      'RESOLVED',
      'TTR MEDIAN',
      'TTR P90',
    ]);
    const payments = lines.find((line) => line.startsWith('Payments API'))!;
    expect(payments.split(/\s{2,}/)).toEqual(['Payments API', '2', '2', '3m 15s', '4m 30s', '2', '1h 20m', '2h 10m']);
    const search = lines.find((line) => line.startsWith('Search API'))!;
    expect(search.split(/\s{2,}/)).toEqual(['Search API', '1', '0', '-', '-', '0', '-', '-']);
    // Columns line up: every row of a table is as wide as its header.
    const table = lines.slice(lines.indexOf(serviceHeader), lines.indexOf(serviceHeader) + 4);
    expect(table.at(-1)!.startsWith('All incidents')).toBe(true);
    const incidentsEnd = serviceHeader.indexOf('INCIDENTS') + 'INCIDENTS'.length;
    for (const line of table) expect(line.slice(incidentsEnd - 1, incidentsEnd + 1)).toMatch(/^\S /);
    expect(lines.some((line) => line.startsWith('TEAM'))).toBe(true);
    expect(lines.find((line) => line.startsWith('No team'))?.split(/\s{2,}/)[1]).toBe('1');
    expect(lines).toContain('Last 30 days (2026-10-27 12:00 UTC to 2026-11-26 12:00 UTC): 4 incidents');
  });

  it('says so when a window has no incidents', () => {
    const lines = formatMetricsTables([computeResponseMetrics([], 7, NOW)]);
    expect(lines[0]).toMatch(/^Last 7 days .*: 0 incidents$/);
    expect(lines.some((line) => line.startsWith('SERVICE'))).toBe(false);
  });
});
