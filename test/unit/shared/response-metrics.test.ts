import { describe, expect, it } from 'vitest';
import {
  computeResponseMetrics,
  durationStats,
  median,
  percentile,
  ResponseMetrics,
  slowestIds,
  SLOWEST_LIMIT,
  type IncidentTimes,
} from '../../../shared/rules/response-metrics';
import { timeToResolveMs } from '../../../shared/rules/duration-stats';

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
    number: 100 + id.charCodeAt(0),
    title: `Incident ${id}`,
    htmlUrl: `https://acme.pagerduty.com/incidents/${id}`,
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
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
    [[7, 7, 7], 7, 7],
  ])('median and p90 of %j', (values, expectedMedian, expectedP90) => {
    expect(median(values)).toBe(expectedMedian);
    expect(percentile(values, 0.9)).toBe(expectedP90);
  });

  it('summarises durations in any order', () => {
    expect(durationStats([30, 10, 20])).toEqual({ count: 3, medianMs: 20, meanMs: 20, p90Ms: 30 });
    expect(durationStats([])).toEqual({ count: 0, medianMs: null, meanMs: null, p90Ms: null });
  });

  it.each([
    [0.5, 50],
    [0.9, 90],
    [0.95, 95],
    [0.99, 99],
    [1, 100],
    [0, 1],
  ])('percentile %d of 1..100 by nearest rank is %d', (fraction, expected) => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, fraction)).toBe(expected);
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

describe('the incidents behind each figure', () => {
  const incidents = [
    incident('A', payments, 1, 2, 30),
    incident('B', payments, 3, 10, 90),
    incident('C', payments, 4, null, null),
    incident('D', payments, 2, null, 20),
    incident('E', checkout, 2, 6, 3 * 24 * 60),
  ];

  it('lists them slowest first by each measure, those without it after, the longest waiting first', () => {
    const week = computeResponseMetrics(incidents, 7, NOW);
    const paymentsWeek = week.byService.find((f) => f.subject.id === 'S1')!;
    expect(paymentsWeek.slowest.timeToAcknowledge).toEqual(['B', 'A', 'C', 'D']);
    expect(paymentsWeek.slowest.timeToResolve).toEqual(['B', 'A', 'D', 'C']);
    expect(week.overall.slowest.timeToResolve).toEqual(['E', 'B', 'A', 'D', 'C']);
    expect(week.byTeam.find((f) => f.subject.name === 'No team')!.slowest.timeToAcknowledge).toEqual(['E']);
  });

  it('describes each listed incident once, with its number, title, link and durations', () => {
    const week = computeResponseMetrics(incidents, 7, NOW);
    expect(week.incidents.map((each) => each.id).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(week.incidents.find((each) => each.id === 'D')).toEqual({
      id: 'D',
      number: 168,
      title: 'Incident D',
      htmlUrl: 'https://acme.pagerduty.com/incidents/D',
      service: payments,
      team,
      triggeredAt: new Date(NOW - 2 * DAY).toISOString(),
      timeToAcknowledgeMs: null,
      timeToResolveMs: 20 * MIN,
    });
    expect(ResponseMetrics.safeParse(week).success).toBe(true);
  });

  it(`keeps at most ${SLOWEST_LIMIT} per figure, and describes only those`, () => {
    const many = Array.from({ length: 130 }, (_, index) =>
      incident(`M${String(index).padStart(3, '0')}`, payments, 1 + (index % 5), index + 1, (index * 37) % 200),
    );
    const week = computeResponseMetrics(many, 7, NOW);
    const figures = week.byService[0]!;
    expect(figures.incidents).toBe(130);
    expect(figures.slowest.timeToAcknowledge).toHaveLength(SLOWEST_LIMIT);
    // The 50 slowest to acknowledge are the last 50 made (acknowledged after index + 1 minutes).
    expect(figures.slowest.timeToAcknowledge).toEqual(Array.from({ length: 50 }, (_, index) => `M${String(129 - index).padStart(3, '0')}`));
    const byResolve = [...many].sort((a, b) => timeToResolveMs(b)! - timeToResolveMs(a)! || a.incidentId.localeCompare(b.incidentId));
    expect(figures.slowest.timeToResolve).toEqual(byResolve.slice(0, 50).map((each) => each.incidentId));
    const listed = new Set([...figures.slowest.timeToAcknowledge, ...figures.slowest.timeToResolve]);
    expect(listed.size).toBeGreaterThan(50);
    expect(new Set(week.incidents.map((each) => each.id))).toEqual(listed);
    expect(ResponseMetrics.safeParse(week).success).toBe(true);
  });

  it('ranks ties by id, whatever the order they came in', () => {
    const tied = [incident('Z', payments, 1, 5, 5), incident('Y', payments, 1, 5, 5), incident('X', payments, 1, 9, 9)];
    expect(slowestIds(tied, timeToResolveMs)).toEqual(['X', 'Y', 'Z']);
    expect(slowestIds([...tied].reverse(), timeToResolveMs, 2)).toEqual(['X', 'Y']);
  });
});

describe('ResponseMetrics at the boundary', () => {
  const week = computeResponseMetrics([incident('A', payments, 1, 2, 30), incident('B', checkout, 2, 5, 60)], 7, NOW);

  it('refuses a figure that lists an incident it does not describe', () => {
    const broken = structuredClone(week);
    broken.incidents = broken.incidents.filter((each) => each.id !== 'A');
    const result = ResponseMetrics.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain('Lists incident A, which is not in incidents');
  });

  it('refuses incidents no figure lists, and lists longer than the figure or the limit', () => {
    const extra = structuredClone(week);
    extra.incidents.push({ ...extra.incidents[0]!, id: 'Q' });
    expect(ResponseMetrics.safeParse(extra).error?.issues.map((issue) => issue.message)).toContain('Incident Q is listed by no figure');
    const longer = structuredClone(week);
    longer.byService[0]!.slowest.timeToResolve.push('B');
    expect(ResponseMetrics.safeParse(longer).error?.issues[0]?.path).toEqual(['byService', 0, 'slowest', 'timeToResolve']);
    const tooMany = structuredClone(week);
    tooMany.overall.slowest.timeToAcknowledge = Array.from({ length: SLOWEST_LIMIT + 1 }, () => 'A');
    expect(ResponseMetrics.safeParse(tooMany).success).toBe(false);
  });

  it('refuses negative durations and a trigger time that is not a timestamp', () => {
    const negative = structuredClone(week);
    negative.incidents[0]!.timeToAcknowledgeMs = -1;
    expect(ResponseMetrics.safeParse(negative).success).toBe(false);
    const when = structuredClone(week);
    when.incidents[0]!.triggeredAt = 'yesterday';
    expect(ResponseMetrics.safeParse(when).success).toBe(false);
  });
});

describe('the trend in the metrics', () => {
  it('splits the 7-day window by day and the 30-day window by week, counting every incident of the window once', () => {
    const incidents = [
      incident('A', payments, 1, 2, 30),
      incident('B', payments, 3, 10, 90),
      incident('C', payments, 10, 4, 60),
      incident('E', checkout, 20, 6, null),
    ];
    const week = computeResponseMetrics(incidents, 7, NOW, 'Europe/Berlin');
    expect(week.trend.unit).toBe('day');
    expect(week.trend.timeZone).toBe('Europe/Berlin');
    expect(week.trend.buckets).toHaveLength(8);
    expect(week.trend.buckets.reduce((sum, bucket) => sum + bucket.incidents, 0)).toBe(week.overall.incidents);
    const month = computeResponseMetrics(incidents, 30, NOW);
    expect(month.trend.unit).toBe('week');
    expect(month.trend.timeZone).toBe('UTC');
    expect(month.trend.buckets.reduce((sum, bucket) => sum + bucket.incidents, 0)).toBe(4);
    expect(month.trend.buckets[0]!.from).toBe(month.from);
    expect(month.trend.buckets.at(-1)!.to).toBe(month.to);
  });
});
