import { describe, expect, it } from 'vitest';
import {
  computeDeliveryMetrics,
  DeliveryMetrics,
  doraBand,
  type DeliveryMetricsInput,
  type DoraBand,
  type DoraMeasure,
  type ProductionDeployment,
  type ServiceIncident,
} from '../../../shared/rules/delivery-metrics';

const H = 3_600_000;
const DAY = 24 * H;

type Shape = Pick<ProductionDeployment, 'id' | 'version' | 'at'> & Partial<ProductionDeployment>;
function deploy(shape: Shape): ProductionDeployment {
  return {
    service: 'payments',
    teams: ['team-pay'],
    outcome: 'success',
    firstCommitAt: null,
    changeType: 'standard',
    changeClosedUnsuccessful: false,
    ...shape,
  };
}
function incident(id: string, service: string, openedAt: string, resolvedAt: string | null): ServiceIncident {
  return { id, service, openedAt, resolvedAt };
}

// The window: Monday 2 March 2026 00:00 UTC to Monday 9 March 00:00 UTC, 7 whole days; an
// incident counts against a deployment when it opens within 24 hours after it.
const WINDOW = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z', failureWindowHours: 24, timeZone: 'UTC' };

// payments (team-pay). "LT" = lead time (first commit to deployment).
const payments: ProductionDeployment[] = [
  // Before the window: history only (v1.0 ran), never counted.
  deploy({ id: 'P0', version: 'v1.0', at: '2026-02-27T10:00:00Z', firstCommitAt: '2026-02-27T09:00:00Z' }),
  // Mon: LT 2 h.
  deploy({ id: 'P1', version: 'v1.1', at: '2026-03-02T10:00:00Z', firstCommitAt: '2026-03-02T08:00:00Z' }),
  // Tue: LT 24 h. FAILED: incident I1 opens 2 h later (resolved 1 h after that, at 13:00, before
  // P3 ships at 15:00), so it recovered in 3 h, by the incident's resolution.
  deploy({ id: 'P2', version: 'v1.2', at: '2026-03-03T10:00:00Z', firstCommitAt: '2026-03-02T10:00:00Z' }),
  // Tue: normal change, LT 4 h.
  deploy({ id: 'P3', version: 'v1.3', at: '2026-03-03T15:00:00Z', firstCommitAt: '2026-03-03T11:00:00Z', changeType: 'normal' }),
  // Wed: FAILED: the deployment itself failed (no LT); P5 ships 1 h later: recovered in 1 h.
  deploy({
    id: 'P4',
    version: 'v1.4',
    at: '2026-03-04T09:00:00Z',
    firstCommitAt: '2026-03-03T20:00:00Z',
    changeType: 'normal',
    outcome: 'failure',
  }),
  // Wed: the retry, normal change, LT 14 h (not a rollback: v1.4 never ran before).
  deploy({ id: 'P5', version: 'v1.4', at: '2026-03-04T10:00:00Z', firstCommitAt: '2026-03-03T20:00:00Z', changeType: 'normal' }),
  // Thu: LT 4 h. FAILED: its change was closed unsuccessful; P7 ships 2 h later: recovered in 2 h.
  deploy({ id: 'P6', version: 'v1.5', at: '2026-03-05T16:00:00Z', firstCommitAt: '2026-03-05T12:00:00Z', changeClosedUnsuccessful: true }),
  // Thu: ROLLBACK to v1.4 (ran before, v1.5 runs now) under an emergency change: counted, no LT.
  deploy({ id: 'P7', version: 'v1.4', at: '2026-03-05T18:00:00Z', changeType: 'emergency' }),
  // Fri: LT 24 h. Not failed: incident I2 opens 25 h later, outside the 24-hour failure window.
  deploy({ id: 'P8', version: 'v1.6', at: '2026-03-06T09:00:00Z', firstCommitAt: '2026-03-05T09:00:00Z' }),
  // Sun: no change record, commit range not traceable (no LT).
  deploy({ id: 'P9', version: 'v1.7', at: '2026-03-08T12:00:00Z', changeType: null }),
];
// payments, in the window: 9 deployments, 8 successful (8/7 a day: elite), LT [2, 4, 4, 14, 24, 24] h
// (median 9 h: elite, p90 24 h), 1 untraceable, 1 rollback; failed P2, P4, P6: 3/9 (low);
// recovery [1, 2, 3] h (median 2 h: high, p90 3 h).

// search (team-search and team-pay), both normal changes.
const search: ProductionDeployment[] = [
  // Wed: LT 6 days (144 h).
  deploy({
    id: 'S1',
    service: 'search',
    teams: ['team-search', 'team-pay'],
    version: 'v2.0',
    at: '2026-03-04T12:00:00Z',
    firstCommitAt: '2026-02-26T12:00:00Z',
    changeType: 'normal',
  }),
  // Fri: LT 3 days (72 h). FAILED: incident IS2 opens 8 h later, still open; nothing shipped since: not recovered.
  deploy({
    id: 'S2',
    service: 'search',
    teams: ['team-search', 'team-pay'],
    version: 'v2.1',
    at: '2026-03-06T12:00:00Z',
    firstCommitAt: '2026-03-03T12:00:00Z',
    changeType: 'normal',
  }),
];
// search: 2 deployments (2/7 a day: high), LT [72, 144] h (median 108 h: high, p90 144 h), 1/2 failed (low), 1 unrecovered.

const incidents: ServiceIncident[] = [
  incident('I0', 'payments', '2026-03-01T12:00:00Z', '2026-03-01T13:00:00Z'), // before the window: ignored
  incident('IS1', 'search', '2026-03-02T03:00:00Z', '2026-03-02T04:00:00Z'), // no search deployment before it
  incident('I1', 'payments', '2026-03-03T12:00:00Z', '2026-03-03T13:00:00Z'), // 2 h after P2
  incident('IS2', 'search', '2026-03-06T20:00:00Z', null), // 8 h after S2
  incident('I2', 'payments', '2026-03-07T10:00:00Z', '2026-03-07T11:00:00Z'), // 25 h after P8: outside the window
  incident('I9', 'payments', '2026-03-09T00:00:01Z', null), // after the window: ignored
];

const input: DeliveryMetricsInput = {
  ...WINDOW,
  // Reversed, to show order does not matter; ledger has no deployment at all.
  deployments: [...payments, ...search].reverse(),
  incidents,
  services: ['ledger'],
};

function subject(metrics: DeliveryMetrics, kind: 'service' | 'team', id: string) {
  const found = (kind === 'service' ? metrics.services : metrics.teams).find((entry) => entry.id === id);
  if (!found) throw new Error(`no ${kind} ${id}`);
  return found;
}
function verdict(metrics: DeliveryMetrics, id: string) {
  const found = metrics.deployments.find((entry) => entry.id === id);
  if (!found) throw new Error(`no deployment ${id}`);
  return found;
}

describe('computeDeliveryMetrics over the hand-counted week', () => {
  const metrics = computeDeliveryMetrics(input);

  it('lists the services and teams, ledger included', () => {
    expect(metrics.services.map((entry) => entry.id)).toEqual(['ledger', 'payments', 'search']);
    expect(metrics.teams.map((entry) => entry.id)).toEqual(['team-pay', 'team-search']);
    expect(metrics).toMatchObject({ days: 7, trendUnit: 'day', failureWindowHours: 24, from: '2026-03-02T00:00:00.000Z' });
  });

  it("counts payments' four keys", () => {
    const { all } = subject(metrics, 'service', 'payments');
    expect(all).toMatchObject({ deployments: 9, successful: 8, rollbacks: 1 });
    expect(all.frequency).toEqual({ perDay: 8 / 7, perWeek: 8, band: 'elite', reason: null });
    expect(all.leadTime).toEqual({ count: 6, medianMs: 9 * H, p90Ms: 24 * H, untraceable: 1, band: 'elite', reason: null });
    expect(all.changeFailureRate).toEqual({ failed: 3, rate: 3 / 9, band: 'low', reason: null });
    expect(all.recoveryTime).toEqual({
      failed: 3,
      recovered: 3,
      unrecovered: 0,
      medianMs: 2 * H,
      p90Ms: 3 * H,
      band: 'high',
      reason: null,
    });
  });

  it('splits payments by change type: standard against normal, emergency and none apart', () => {
    const { byChangeType } = subject(metrics, 'service', 'payments');
    // standard: P1, P2, P6, P8. LT [2, 4, 24, 24] h; failed P2 and P6; recovered in 3 h and 2 h.
    expect(byChangeType.standard).toMatchObject({ deployments: 4, successful: 4 });
    expect(byChangeType.standard.frequency).toMatchObject({ perWeek: 4, band: 'high' });
    expect(byChangeType.standard.leadTime).toMatchObject({ count: 4, medianMs: 14 * H, p90Ms: 24 * H, band: 'elite' });
    expect(byChangeType.standard.changeFailureRate).toMatchObject({ failed: 2, rate: 0.5, band: 'low' });
    expect(byChangeType.standard.recoveryTime).toMatchObject({ medianMs: 2.5 * H, p90Ms: 3 * H, band: 'high' });
    // normal: P3, P4 (failed), P5. LT [4, 14] h; recovered in exactly 1 h: high, not elite (< 1 h).
    expect(byChangeType.normal).toMatchObject({ deployments: 3, successful: 2 });
    expect(byChangeType.normal.frequency).toMatchObject({ perWeek: 2, band: 'high' });
    expect(byChangeType.normal.leadTime).toMatchObject({ count: 2, medianMs: 9 * H, p90Ms: 14 * H });
    expect(byChangeType.normal.changeFailureRate).toMatchObject({ failed: 1, rate: 1 / 3, band: 'low' });
    expect(byChangeType.normal.recoveryTime).toMatchObject({ medianMs: 1 * H, band: 'high' });
    // emergency: the rollback P7 only: counted, no lead time, not failed.
    expect(byChangeType.emergency).toMatchObject({ deployments: 1, successful: 1, rollbacks: 1 });
    expect(byChangeType.emergency.frequency).toMatchObject({ perWeek: 1, band: 'high' });
    expect(byChangeType.emergency.leadTime).toMatchObject({ count: 0, medianMs: null, band: null });
    expect(byChangeType.emergency.leadTime.reason).toMatch(/0 untraceable, 1 rollbacks/);
    expect(byChangeType.emergency.changeFailureRate).toMatchObject({ failed: 0, rate: 0, band: 'elite' });
    expect(byChangeType.emergency.recoveryTime).toMatchObject({
      medianMs: null,
      band: null,
      reason: expect.stringMatching(/nothing to recover/),
    });
    // none: P9, untraceable.
    expect(byChangeType.none).toMatchObject({ deployments: 1, leadTime: { count: 0, untraceable: 1, band: null } });
  });

  it('says which deployments failed and why, and how each recovered', () => {
    expect(metrics.deployments.map((entry) => entry.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'S1', 'P6', 'P7', 'P8', 'S2', 'P9']);
    expect(metrics.deployments.filter((entry) => entry.failed).map((entry) => entry.id)).toEqual(['P2', 'P4', 'P6', 'S2']);
    expect(verdict(metrics, 'P2').failureReasons).toEqual([
      { kind: 'incident', incidentId: 'I1', openedAt: '2026-03-03T12:00:00Z', why: 'Incident I1 opened on payments 2 h after it.' },
    ]);
    expect(verdict(metrics, 'P2').recovery).toEqual({
      at: '2026-03-03T13:00:00Z',
      ms: 3 * H,
      by: 'incidents-resolved',
      deploymentId: null,
    });
    expect(verdict(metrics, 'P4').failureReasons.map((reason) => reason.kind)).toEqual(['deployment-failed']);
    expect(verdict(metrics, 'P4')).toMatchObject({ leadTimeMs: null, leadTimeLeftOut: 'failed' });
    expect(verdict(metrics, 'P4').recovery).toEqual({ at: '2026-03-04T10:00:00Z', ms: 1 * H, by: 'deployment', deploymentId: 'P5' });
    expect(verdict(metrics, 'P6').failureReasons.map((reason) => reason.kind)).toEqual(['change-closed-unsuccessful']);
    expect(verdict(metrics, 'P6')).toMatchObject({ leadTimeMs: 4 * H, recovery: { ms: 2 * H, deploymentId: 'P7' } });
    expect(verdict(metrics, 'S2')).toMatchObject({ failed: true, recovery: null });
    expect(verdict(metrics, 'P8')).toMatchObject({ failed: false, failureReasons: [], recovery: null, leadTimeMs: 24 * H });
  });

  it('notes the rollback and counts it, without a lead time', () => {
    expect(verdict(metrics, 'P7')).toMatchObject({
      rollback: true,
      leadTimeMs: null,
      leadTimeLeftOut: 'rollback',
      changeType: 'emergency',
    });
    expect(verdict(metrics, 'P5')).toMatchObject({ rollback: false, leadTimeMs: 14 * H });
    expect(verdict(metrics, 'P9')).toMatchObject({ changeType: 'none', leadTimeLeftOut: 'untraceable' });
  });

  it('blames each incident of the window on one deployment, or says why not', () => {
    expect(metrics.incidents).toEqual([
      { id: 'IS1', service: 'search', openedAt: '2026-03-02T03:00:00Z', deploymentId: null, finding: 'no-earlier-deployment' },
      { id: 'I1', service: 'payments', openedAt: '2026-03-03T12:00:00Z', deploymentId: 'P2', finding: 'followed-deployment' },
      { id: 'IS2', service: 'search', openedAt: '2026-03-06T20:00:00Z', deploymentId: 'S2', finding: 'followed-deployment' },
      { id: 'I2', service: 'payments', openedAt: '2026-03-07T10:00:00Z', deploymentId: null, finding: 'outside-failure-window' },
    ]);
  });

  it('counts search, with its failure not yet recovered', () => {
    const { all } = subject(metrics, 'service', 'search');
    expect(all.frequency).toMatchObject({ perWeek: 2, band: 'high' });
    expect(all.leadTime).toMatchObject({ count: 2, medianMs: 108 * H, p90Ms: 144 * H, band: 'high' });
    expect(all.changeFailureRate).toMatchObject({ failed: 1, rate: 0.5, band: 'low' });
    expect(all.recoveryTime).toEqual({
      failed: 1,
      recovered: 0,
      unrecovered: 1,
      medianMs: null,
      p90Ms: null,
      band: null,
      reason: "The failed deployment was not recovered by the window's end.",
    });
  });

  it('adds up a team over its services (team-pay owns payments and search)', () => {
    const { all } = subject(metrics, 'team', 'team-pay');
    expect(all).toMatchObject({ deployments: 11, successful: 10, rollbacks: 1 });
    expect(all.frequency).toMatchObject({ perWeek: 10, band: 'elite' });
    // LT [2, 4, 4, 14, 24, 24, 72, 144] h.
    expect(all.leadTime).toMatchObject({ count: 8, medianMs: 19 * H, p90Ms: 144 * H, band: 'elite' });
    expect(all.changeFailureRate).toMatchObject({ failed: 4, rate: 4 / 11, band: 'low' });
    expect(all.recoveryTime).toMatchObject({ failed: 4, recovered: 3, unrecovered: 1, medianMs: 2 * H, band: 'high' });
    expect(subject(metrics, 'team', 'team-search').all).toEqual(subject(metrics, 'service', 'search').all);
  });

  it('adds up everything together: the window, every service (ledger deployed nothing, so team-pay is all of it)', () => {
    expect(subject(metrics, 'service', 'ledger').all.deployments).toBe(0);
    expect(metrics.overall.kind).toBe('overall');
    expect(metrics.overall.all).toEqual(subject(metrics, 'team', 'team-pay').all);
    expect(metrics.overall.byChangeType).toEqual(subject(metrics, 'team', 'team-pay').byChangeType);
    expect(metrics.overall.all.deployments).toBe(metrics.deployments.length);
  });

  it('draws the trend day by day', () => {
    const trend = subject(metrics, 'service', 'payments').all.trend;
    expect(trend.map((point) => point.from.slice(0, 10))).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(trend.every((point) => !point.partial)).toBe(true);
    expect(trend.map((point) => point.successful)).toEqual([1, 2, 1, 2, 1, 0, 1]);
    expect(trend.map((point) => point.deployments)).toEqual([1, 2, 2, 2, 1, 0, 1]);
    expect(trend.map((point) => point.failed)).toEqual([0, 1, 1, 1, 0, 0, 0]);
    expect(trend.map((point) => point.changeFailureRate)).toEqual([0, 0.5, 0.5, 0.5, 0, null, 0]);
    expect(trend.map((point) => point.leadTimeMedianMs)).toEqual([2 * H, 14 * H, 14 * H, 4 * H, 24 * H, null, null]);
  });

  it('gives a service with no deployment null figures, null bands and a reason', () => {
    const ledger = subject(metrics, 'service', 'ledger');
    const reason = 'No production deployments in the window.';
    expect(ledger.all).toMatchObject({
      deployments: 0,
      frequency: { perDay: null, perWeek: null, band: null, reason },
      leadTime: { medianMs: null, p90Ms: null, band: null, reason },
      changeFailureRate: { rate: null, band: null, reason },
      recoveryTime: { medianMs: null, band: null, reason },
    });
    expect(ledger.byChangeType.standard.frequency.reason).toBe('No production deployments under a standard change in the window.');
    expect(ledger.all.trend.map((point) => point.deployments)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('fits its zod schema exactly (the contract checks it on the way to the page), nothing stripped', () => {
    expect(DeliveryMetrics.parse(metrics)).toEqual(metrics);
  });
});

describe('computeDeliveryMetrics edge cases', () => {
  const base = { ...WINDOW, incidents: [] as ServiceIncident[] };

  it('has no figures at all without deployments', () => {
    const metrics = computeDeliveryMetrics({ ...base, deployments: [], services: ['quiet'], teams: ['team-quiet'] });
    expect(metrics.deployments).toEqual([]);
    for (const entry of [...metrics.services, ...metrics.teams, metrics.overall]) {
      expect(entry.all.frequency).toEqual({ perDay: null, perWeek: null, band: null, reason: 'No production deployments in the window.' });
      expect(entry.all.changeFailureRate.band).toBeNull();
    }
  });

  it('reads one deployment', () => {
    const metrics = computeDeliveryMetrics({
      ...base,
      deployments: [deploy({ id: 'A', version: 'v1', at: '2026-03-04T12:00:00Z', firstCommitAt: '2026-03-04T09:00:00Z' })],
    });
    const { all } = subject(metrics, 'service', 'payments');
    expect(all.frequency).toMatchObject({ perDay: 1 / 7, perWeek: 1, band: 'high' });
    expect(all.leadTime).toMatchObject({ count: 1, medianMs: 3 * H, p90Ms: 3 * H, band: 'elite' });
    expect(all.changeFailureRate).toMatchObject({ failed: 0, rate: 0, band: 'elite' });
    expect(all.recoveryTime).toMatchObject({
      failed: 0,
      medianMs: null,
      band: null,
      reason: 'No failed deployment in the window: nothing to recover from.',
    });
  });

  it('reads one failed deployment, then its recovery by the next successful one', () => {
    const failed = deploy({
      id: 'F',
      version: 'v2',
      at: '2026-03-04T12:00:00Z',
      firstCommitAt: '2026-03-04T09:00:00Z',
      outcome: 'failure',
    });
    const alone = subject(computeDeliveryMetrics({ ...base, deployments: [failed] }), 'service', 'payments').all;
    expect(alone).toMatchObject({ deployments: 1, successful: 0 });
    expect(alone.frequency).toMatchObject({ perDay: 0, band: 'low' });
    expect(alone.leadTime).toMatchObject({ count: 0, band: null, reason: 'No successful production deployment in the window.' });
    expect(alone.changeFailureRate).toMatchObject({ failed: 1, rate: 1, band: 'low' });
    expect(alone.recoveryTime).toMatchObject({ failed: 1, unrecovered: 1, band: null });

    const fixed = deploy({ id: 'G', version: 'v2', at: '2026-03-04T12:30:00Z', firstCommitAt: '2026-03-04T09:00:00Z' });
    const recovered = computeDeliveryMetrics({ ...base, deployments: [fixed, failed] });
    expect(subject(recovered, 'service', 'payments').all.recoveryTime).toMatchObject({ recovered: 1, medianMs: 0.5 * H, band: 'elite' });
    expect(verdict(recovered, 'G').rollback).toBe(false);
  });

  it('knows a rollback from a redeploy, and a failed rollback is still a rollback', () => {
    const deployments = [
      deploy({ id: 'A', version: 'v1', at: '2026-03-02T10:00:00Z' }),
      deploy({ id: 'B', version: 'v1', at: '2026-03-02T11:00:00Z' }), // redeploy of the running version
      deploy({ id: 'C', version: 'v2', at: '2026-03-03T10:00:00Z' }),
      deploy({ id: 'D', version: 'v1', at: '2026-03-03T11:00:00Z', outcome: 'failure' }), // rollback, failed
      deploy({ id: 'E', version: 'v1', at: '2026-03-03T12:00:00Z' }), // rollback again, succeeded
      deploy({ id: 'F', version: 'v1', at: '2026-03-03T13:00:00Z' }), // v1 runs now: a redeploy
    ];
    const metrics = computeDeliveryMetrics({ ...base, deployments });
    expect(metrics.deployments.map((entry) => [entry.id, entry.rollback])).toEqual([
      ['A', false],
      ['B', false],
      ['C', false],
      ['D', true],
      ['E', true],
      ['F', false],
    ]);
    expect(subject(metrics, 'service', 'payments').all).toMatchObject({ deployments: 6, rollbacks: 2 });
  });

  it('does not count an incident with no deployment before it, nor deployments before the window', () => {
    const metrics = computeDeliveryMetrics({
      ...base,
      deployments: [deploy({ id: 'OLD', version: 'v1', at: '2026-03-01T23:00:00Z' })],
      incidents: [incident('X', 'checkout', '2026-03-03T10:00:00Z', null), incident('Y', 'payments', '2026-03-02T01:00:00Z', null)],
    });
    expect(metrics.deployments).toEqual([]);
    expect(metrics.incidents).toEqual([
      { id: 'Y', service: 'payments', openedAt: '2026-03-02T01:00:00Z', deploymentId: 'OLD', finding: 'followed-deployment' },
      { id: 'X', service: 'checkout', openedAt: '2026-03-03T10:00:00Z', deploymentId: null, finding: 'no-earlier-deployment' },
    ]);
    expect(subject(metrics, 'service', 'checkout').all.changeFailureRate).toMatchObject({ rate: null, band: null });
    expect(subject(metrics, 'service', 'payments').all.deployments).toBe(0);
  });

  it('includes both ends of the window and counts recovery only up to its end', () => {
    const metrics = computeDeliveryMetrics({
      ...base,
      deployments: [
        deploy({ id: 'FIRST', version: 'v1', at: WINDOW.from, outcome: 'failure' }),
        deploy({ id: 'LAST', version: 'v2', at: WINDOW.to, outcome: 'failure' }),
        deploy({ id: 'AFTER', version: 'v2', at: '2026-03-09T00:30:00Z' }),
      ],
    });
    expect(metrics.deployments.map((entry) => entry.id)).toEqual(['FIRST', 'LAST']);
    expect(verdict(metrics, 'LAST').recovery).toBeNull();
    expect(subject(metrics, 'service', 'payments').all.recoveryTime).toMatchObject({
      failed: 2,
      unrecovered: 2,
      reason: expect.stringMatching(/None of the 2/),
    });
    const trend = subject(metrics, 'service', 'payments').all.trend;
    expect([trend[0]!.deployments, trend[6]!.deployments]).toEqual([1, 1]);
  });

  it('waits for every incident blamed on a deployment before calling it recovered by them', () => {
    const metrics = computeDeliveryMetrics({
      ...base,
      deployments: [
        deploy({ id: 'A', version: 'v1', at: '2026-03-03T10:00:00Z' }),
        deploy({ id: 'B', version: 'v2', at: '2026-03-04T10:00:00Z' }),
      ],
      incidents: [
        incident('I2', 'payments', '2026-03-03T11:00:00Z', '2026-03-03T14:00:00Z'),
        incident('I1', 'payments', '2026-03-03T10:30:00Z', '2026-03-03T11:00:00Z'),
      ],
    });
    expect(verdict(metrics, 'A').failureReasons.map((reason) => (reason.kind === 'incident' ? reason.incidentId : reason.kind))).toEqual([
      'I1',
      'I2',
    ]);
    expect(verdict(metrics, 'A').recovery).toMatchObject({ ms: 4 * H, by: 'incidents-resolved' });
    expect(subject(metrics, 'service', 'payments').all.changeFailureRate).toMatchObject({ failed: 1, rate: 0.5 });
  });

  it('goes week by week over 30 days', () => {
    const metrics = computeDeliveryMetrics({
      ...base,
      from: '2026-02-07T00:00:00Z',
      deployments: [deploy({ id: 'A', version: 'v1', at: '2026-03-04T12:00:00Z' })],
    });
    expect(metrics.trendUnit).toBe('week');
    const trend = subject(metrics, 'service', 'payments').all.trend;
    expect(trend.map((point) => point.successful).reduce((sum, count) => sum + count)).toBe(1);
    expect(trend[0]!.partial).toBe(true);
  });

  it('refuses input it cannot read, saying what to fix', () => {
    const one = [deploy({ id: 'A', version: 'v1', at: '2026-03-04T12:00:00Z' })];
    expect(() => computeDeliveryMetrics({ ...base, deployments: one, from: WINDOW.to, to: WINDOW.from })).toThrow(/start before it ends/);
    expect(() => computeDeliveryMetrics({ ...base, deployments: one, failureWindowHours: -1 })).toThrow(/failureWindowHours/);
    expect(() => computeDeliveryMetrics({ ...base, deployments: one, timeZone: 'Mars/Olympus' })).toThrow(/Not a time zone/);
    expect(() => computeDeliveryMetrics({ ...base, deployments: [deploy({ id: 'Z', version: 'v1', at: 'yesterday' })] })).toThrow(
      /Deployment Z's time \(at\) is not a date/,
    );
    expect(() => computeDeliveryMetrics({ ...base, deployments: [], incidents: [incident('Q', 's', 'soon', null)] })).toThrow(
      /Incident Q's openedAt/,
    );
  });
});

describe('doraBand (DORA 2023, as Apache DevLake reads it)', () => {
  const cases: [DoraMeasure, number, DoraBand][] = [
    // Deployment frequency, in successful deployments per day.
    ['deploymentFrequency', 3, 'elite'],
    ['deploymentFrequency', 1, 'elite'], // once a day
    ['deploymentFrequency', 0.99, 'high'],
    ['deploymentFrequency', 1 / 7, 'high'], // once a week
    ['deploymentFrequency', 0.99 / 7, 'medium'],
    ['deploymentFrequency', 1 / 30, 'medium'], // once a month (30 days)
    ['deploymentFrequency', 0.99 / 30, 'low'],
    ['deploymentFrequency', 0, 'low'],
    // Lead time for changes (median).
    ['leadTime', 0, 'elite'],
    ['leadTime', DAY - 1, 'elite'],
    ['leadTime', DAY, 'high'],
    ['leadTime', 7 * DAY - 1, 'high'],
    ['leadTime', 7 * DAY, 'medium'],
    ['leadTime', 30 * DAY - 1, 'medium'],
    ['leadTime', 30 * DAY, 'low'],
    // Change failure rate (upper bounds included).
    ['changeFailureRate', 0, 'elite'],
    ['changeFailureRate', 1 / 20, 'elite'],
    ['changeFailureRate', 0.051, 'high'],
    ['changeFailureRate', 1 / 10, 'high'],
    ['changeFailureRate', 0.101, 'medium'],
    ['changeFailureRate', 3 / 20, 'medium'],
    ['changeFailureRate', 0.151, 'low'],
    ['changeFailureRate', 1, 'low'],
    // Failed deployment recovery time (median).
    ['recoveryTime', H - 1, 'elite'],
    ['recoveryTime', H, 'high'],
    ['recoveryTime', DAY - 1, 'high'],
    ['recoveryTime', DAY, 'medium'],
    ['recoveryTime', 7 * DAY - 1, 'medium'],
    ['recoveryTime', 7 * DAY, 'low'],
  ];
  it.each(cases)('%s of %s is %s', (measure, value, band) => {
    expect(doraBand(measure, value)).toBe(band);
  });
});
