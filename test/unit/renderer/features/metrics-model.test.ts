import { describe, expect, it } from 'vitest';
import { computeResponseMetrics, type IncidentTimes, type MetricsIncident } from '../../../../shared/rules/response-metrics';
import {
  chartRows,
  clampToScale,
  durationScale,
  figuresFor,
  incidentDurationText,
  incidentLink,
  incidentListSummary,
  incidentsBehind,
  nextSort,
  scalePosition,
  sortFigures,
  spokenFigures,
  trendRows,
  DEFAULT_SORT,
} from '../../../../renderer/src/features/metrics/metrics-model';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function incident(id: string, service: string, ackMin: number | null, resolveMin: number | null): IncidentTimes {
  const triggeredAt = NOW - DAY;
  return {
    incidentId: id,
    number: id.charCodeAt(0) * 10 + Number(id.slice(1)),
    title: `Incident ${id}`,
    htmlUrl: `https://acme.pagerduty.com/incidents/${id}`,
    service: { id: service, name: service },
    team: null,
    triggeredAt,
    acknowledgedAt: ackMin === null ? null : triggeredAt + ackMin * MIN,
    resolvedAt: resolveMin === null ? null : triggeredAt + resolveMin * MIN,
  };
}

const metrics = computeResponseMetrics(
  [
    incident('A1', 'Alpha', 2, 30),
    incident('A2', 'Alpha', 4, 60),
    incident('A3', 'Alpha', 6, 90),
    incident('B1', 'Bravo', 1, null),
    incident('C1', 'Charlie', null, null),
    incident('C2', 'Charlie', 30, 600),
  ],
  7,
  NOW,
);
const names = (list: { subject: { name: string } }[]) => list.map((each) => each.subject.name);

describe('chartRows', () => {
  it('gives the busiest subjects first with median and p90 in ms, up to the limit', () => {
    const services = figuresFor(metrics, 'service');
    expect(chartRows(services, 'timeToAcknowledge')).toEqual([
      { subjectId: 'Alpha', subject: 'Alpha', incidents: 3, measured: 3, median: 4 * MIN, p90: 6 * MIN },
      { subjectId: 'Charlie', subject: 'Charlie', incidents: 2, measured: 1, median: 30 * MIN, p90: 30 * MIN },
      { subjectId: 'Bravo', subject: 'Bravo', incidents: 1, measured: 1, median: MIN, p90: MIN },
    ]);
    expect(chartRows(services, 'timeToResolve', 2).map((row) => [row.subject, row.median, row.p90])).toEqual([
      ['Alpha', 60 * MIN, 90 * MIN],
      ['Charlie', 600 * MIN, 600 * MIN],
    ]);
    expect(chartRows(services, 'timeToResolve').at(-1)).toMatchObject({ subject: 'Bravo', measured: 0, median: null, p90: null });
  });

  it('says a bar in words a screen reader reads well', () => {
    const [alpha, , bravo] = chartRows(figuresFor(metrics, 'service'), 'timeToResolve');
    expect(spokenFigures(alpha!, 'timeToResolve')).toBe('median 1 hour, 90th percentile 1 hour 30 minutes, 3 incidents');
    expect(spokenFigures(bravo!, 'timeToResolve')).toBe('none resolved, 1 incident');
  });
});

describe('durationScale', () => {
  const labels = (values: Array<number | null>) => durationScale(values).ticks.map((tick) => tick.label);

  it('always spans at least 1 minute to 1 day, so minutes and days show together', () => {
    expect(labels([2 * MIN, 40 * MIN])).toEqual(['1 min', '10 min', '1 h', '6 h', '1 day']);
    expect(labels([])).toEqual(['1 min', '10 min', '1 h', '6 h', '1 day']);
    expect(labels([null, 0])).toEqual(['1 min', '10 min', '1 h', '6 h', '1 day']);
  });

  it('reaches down to seconds and up to weeks when the figures do', () => {
    expect(labels([25_000, 3 * DAY])).toEqual(['10 s', '1 min', '10 min', '1 h', '6 h', '1 day', '1 week']);
    expect(labels([500, 20 * DAY])).toEqual(['1 s', '10 s', '1 min', '10 min', '1 h', '6 h', '1 day', '1 week', '30 days']);
    const beyond = durationScale([45 * DAY]);
    expect(beyond.maxMs).toBe(45 * DAY);
    expect(beyond.ticks.at(-1)).toEqual({ ms: 45 * DAY, label: '45 days' });
  });

  it('places values logarithmically: ten times longer is the same step wherever it is', () => {
    const scale = durationScale([10_000, 10 * DAY]);
    const step = (ms: number) => scalePosition(scale, ms * 10) - scalePosition(scale, ms);
    expect(step(MIN)).toBeCloseTo(step(60 * MIN), 10);
    expect(scalePosition(scale, scale.minMs)).toBe(0);
    expect(scalePosition(scale, scale.maxMs)).toBe(1);
    expect(scalePosition(scale, 0)).toBe(0);
    expect(scalePosition(scale, 100 * DAY)).toBe(1);
    const linearMinute = MIN / scale.maxMs;
    expect(scalePosition(scale, MIN)).toBeGreaterThan(linearMinute * 50);
  });

  it('clamps what a logarithmic axis cannot draw into its range', () => {
    const scale = durationScale([2 * MIN]);
    expect(clampToScale(scale, 0)).toBe(MIN);
    expect(clampToScale(scale, 5 * MIN)).toBe(5 * MIN);
    expect(clampToScale(scale, 9 * DAY)).toBe(DAY);
    expect(clampToScale(scale, null)).toBeNull();
  });
});

describe('trendRows', () => {
  const week = computeResponseMetrics(
    [incident('A1', 'Alpha', 2, 30), incident('A2', 'Alpha', 4, 60), incident('B1', 'Bravo', null, null)],
    7,
    NOW,
    'America/New_York',
  );

  it("labels days in the trend's zone, says which are partial, and keeps the true medians beside the drawn ones", () => {
    const rows = trendRows(week.trend, durationScale([]), 'en-GB');
    // NOW is Thursday 26 November 2026, 07:00 in New York: 8 buckets, Thursday 19 to Thursday 26.
    expect(rows.map((row) => row.label)).toEqual(['Thu 19', 'Fri 20', 'Sat 21', 'Sun 22', 'Mon 23', 'Tue 24', 'Wed 25', 'Thu 26']);
    expect(rows[0]!.title).toBe('Thu 19 Nov, from 07:00');
    expect(rows[7]!.title).toBe('Thu 26 Nov, to 07:00 (now)');
    expect(rows.map((row) => row.partial)).toEqual([true, false, false, false, false, false, false, true]);
    const busy = rows.find((row) => row.incidents > 0)!;
    expect(busy).toMatchObject({ label: 'Wed 25', incidents: 3, partial: false, ackMs: 3 * MIN, ack: 3 * MIN, resolveMs: 45 * MIN });
    expect(rows[0]).toMatchObject({ incidents: 0, partial: true, ack: null, ackMs: null });
  });

  it('labels weeks by their Monday', () => {
    const month = computeResponseMetrics([incident('A1', 'Alpha', 2, 30)], 30, NOW, 'UTC');
    const rows = trendRows(month.trend, durationScale([]), 'en-GB');
    expect(rows.map((row) => row.label)).toEqual(['27 Oct', '2 Nov', '9 Nov', '16 Nov', '23 Nov']);
    expect(rows[1]!.title).toBe('Week of Mon 2 Nov');
    expect(rows[0]!.title).toBe('Week of Tue 27 Oct, from 12:00');
  });
});

describe('the incidents behind a bar', () => {
  const alpha = figuresFor(metrics, 'service').find((figures) => figures.subject.id === 'Alpha')!;
  const charlie = figuresFor(metrics, 'service').find((figures) => figures.subject.id === 'Charlie')!;

  it('lists them slowest first by the measure, each once with its number and link', () => {
    expect(incidentsBehind(metrics, alpha, 'timeToResolve').map((each) => each.id)).toEqual(['A3', 'A2', 'A1']);
    expect(incidentsBehind(metrics, charlie, 'timeToAcknowledge').map((each) => [each.id, each.number, each.htmlUrl])).toEqual([
      ['C2', 672, 'https://acme.pagerduty.com/incidents/C2'],
      ['C1', 671, 'https://acme.pagerduty.com/incidents/C1'],
    ]);
  });

  it('says how many there are and which are shown', () => {
    expect(incidentListSummary(alpha, 'timeToResolve', 3, 7)).toBe(
      '3 incidents triggered in the last 7 days, the slowest to resolve first.',
    );
    expect(incidentListSummary({ ...alpha, incidents: 212 }, 'timeToAcknowledge', 50, 30)).toBe(
      'The 50 slowest to acknowledge of 212 incidents triggered in the last 30 days.',
    );
  });

  it('says why a duration is missing', () => {
    const base: MetricsIncident = { ...metrics.incidents[0]!, timeToAcknowledgeMs: null, timeToResolveMs: null };
    expect(incidentDurationText(base, 'timeToAcknowledge')).toBe('Not acknowledged yet');
    expect(incidentDurationText(base, 'timeToResolve')).toBe('Not resolved yet');
    expect(incidentDurationText({ ...base, timeToResolveMs: 20 * MIN }, 'timeToAcknowledge')).toBe('Resolved unacknowledged');
    expect(
      incidentDurationText({ ...base, timeToAcknowledgeMs: 270_000, timeToResolveMs: 2 * DAY + 3 * 3600_000 }, 'timeToAcknowledge'),
    ).toBe('4 min 30 s');
    expect(incidentDurationText({ ...base, timeToResolveMs: 2 * DAY + 3 * 3600_000 }, 'timeToResolve')).toBe('2 days 3 h');
  });

  it('links only to https pages', () => {
    expect(incidentLink('https://acme.pagerduty.com/incidents/Q1')).toBe('https://acme.pagerduty.com/incidents/Q1');
    expect(incidentLink('javascript:alert(1)')).toBeNull();
    expect(incidentLink('http://acme.pagerduty.com/incidents/Q1')).toBeNull();
    expect(incidentLink('https://user:pw@acme.pagerduty.com/')).toBeNull();
    expect(incidentLink('')).toBeNull();
  });
});

describe('sortFigures', () => {
  const services = figuresFor(metrics, 'service');

  it('sorts by a figure, subjects without it last in either direction', () => {
    expect(names(sortFigures(services, { key: 'resolveMedian', direction: 'desc' }))).toEqual(['Charlie', 'Alpha', 'Bravo']);
    expect(names(sortFigures(services, { key: 'resolveMedian', direction: 'asc' }))).toEqual(['Alpha', 'Charlie', 'Bravo']);
    expect(names(sortFigures(services, { key: 'ackP90', direction: 'asc' }))).toEqual(['Bravo', 'Alpha', 'Charlie']);
  });

  it('sorts by name, and breaks ties by name', () => {
    expect(names(sortFigures(services, { key: 'subject', direction: 'desc' }))).toEqual(['Charlie', 'Bravo', 'Alpha']);
    expect(names(sortFigures(services, { key: 'ackCount', direction: 'desc' }))).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(names(sortFigures(services, DEFAULT_SORT))).toEqual(['Alpha', 'Charlie', 'Bravo']);
  });

  it('flips the direction on the same column and starts a new one sensibly', () => {
    expect(nextSort(DEFAULT_SORT, 'incidents')).toEqual({ key: 'incidents', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'subject')).toEqual({ key: 'subject', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'ackMedian')).toEqual({ key: 'ackMedian', direction: 'desc' });
  });
});
