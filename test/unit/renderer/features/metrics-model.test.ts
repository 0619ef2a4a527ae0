import { describe, expect, it } from 'vitest';
import { computeResponseMetrics, type IncidentTimes } from '../../../../shared/rules/response-metrics';
import { chartRows, durationTicks, figuresFor, nextSort, sortFigures, DEFAULT_SORT } from '../../../../renderer/src/features/metrics/metrics-model';

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
  it('gives the busiest subjects first with median and p90 in minutes, up to the limit', () => {
    const services = figuresFor(metrics, 'service');
    expect(chartRows(services, 'timeToAcknowledge')).toEqual([
      { subject: 'Alpha', median: 4, p90: 6 },
      { subject: 'Charlie', median: 30, p90: 30 },
      { subject: 'Bravo', median: 1, p90: 1 },
    ]);
    expect(chartRows(services, 'timeToResolve', 2)).toEqual([
      { subject: 'Alpha', median: 60, p90: 90 },
      { subject: 'Charlie', median: 600, p90: 600 },
    ]);
    expect(chartRows(services, 'timeToResolve').at(-1)).toEqual({ subject: 'Bravo', median: null, p90: null });
  });
});

describe('durationTicks', () => {
  it.each([
    [6, [0, 2, 4, 6]],
    [24, [0, 5, 10, 15, 20, 25]],
    [100, [0, 30, 60, 90, 120]],
    [750, [0, 180, 360, 540, 720, 900]],
  ])('for a largest value of %d minutes: %j', (largest, ticks) => {
    expect(durationTicks([{ subject: 'x', median: largest / 2, p90: largest }])).toEqual(ticks);
  });

  it('draws an axis even without figures', () => {
    expect(durationTicks([{ subject: 'x', median: null, p90: null }])).toEqual([0, 1]);
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
