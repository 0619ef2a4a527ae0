import { describe, expect, it } from 'vitest';
import { computeResponseMetrics, durationStats, median, percentile, type IncidentTimes } from '../../../shared/rules/response-metrics';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const payments = { id: 'S1', name: 'Payments API' };
const checkout = { id: 'S2', name: 'Checkout Web' };
const team = { id: 'T1', name: 'Payments' };

function incident(id: string, service: typeof payments, daysAgo: number, ackMin: number | null, resolveMin: number | null): IncidentTimes {
  const triggeredAt = NOW - daysAgo * DAY;
  return {
    incidentId: id,
    service,
    team: service === payments ? team : null,
    triggeredAt,
    acknowledgedAt: ackMin === null ? null : triggeredAt + ackMin * MIN,
    resolvedAt: resolveMin === null ? null : triggeredAt + resolveMin * MIN,
  };
}

describe('statistics', () => {
  it.each([
    [[], null, null],
    [[5], 5, 5],
    [[1, 3], 2, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
  ])('median and p90 of %j', (values, expectedMedian, expectedP90) => {
    expect(median(values)).toBe(expectedMedian);
    expect(percentile(values, 0.9)).toBe(expectedP90);
  });

  it('summarises durations in any order', () => {
    expect(durationStats([30, 10, 20])).toEqual({ count: 3, medianMs: 20, meanMs: 20, p90Ms: 30 });
  });
});

describe('computeResponseMetrics', () => {
  const incidents = [
    incident('A', payments, 1, 2, 30),
    incident('B', payments, 3, 10, 90),
    incident('C', payments, 10, 4, 60),
    incident('D', checkout, 2, null, null),
    incident('E', checkout, 20, 6, null),
    incident('F', checkout, 40, 1, 5),
  ];

  it('counts only incidents triggered within the window', () => {
    const week = computeResponseMetrics(incidents, 7, NOW);
    expect(week.overall.incidents).toBe(3);
    const month = computeResponseMetrics(incidents, 30, NOW);
    expect(month.overall.incidents).toBe(5);
  });

  it('figures per service and per team, busiest first', () => {
    const week = computeResponseMetrics(incidents, 7, NOW);
    expect(week.byService.map((f) => [f.subject.name, f.incidents])).toEqual([
      ['Payments API', 2],
      ['Checkout Web', 1],
    ]);
    const paymentsWeek = week.byService[0]!;
    expect(paymentsWeek.timeToAcknowledge).toEqual({ count: 2, medianMs: 6 * MIN, meanMs: 6 * MIN, p90Ms: 10 * MIN });
    expect(paymentsWeek.timeToResolve.medianMs).toBe(60 * MIN);
    expect(week.byTeam.map((f) => f.subject.name)).toEqual(['Payments', 'No team']);
  });

  it('leaves out durations an incident does not have yet', () => {
    const checkoutMonth = computeResponseMetrics(incidents, 30, NOW).byService.find((f) => f.subject.id === 'S2')!;
    expect(checkoutMonth.incidents).toBe(2);
    expect(checkoutMonth.timeToAcknowledge.count).toBe(1);
    expect(checkoutMonth.timeToResolve).toEqual({ count: 0, medianMs: null, meanMs: null, p90Ms: null });
  });
});
