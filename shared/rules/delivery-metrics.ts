/**
 * Delivery metrics (DORA's four keys) over a window, per service and per team, each split by
 * change type (standard, normal, emergency, none): deployment frequency, lead time for changes,
 * change failure rate and failed deployment recovery time, each with its DORA performance band,
 * a day-by-day or week-by-week trend, and, per deployment, whether it counts as failed and why.
 * Pure: the engine feeds it production deployments and incidents; the page can run it too.
 *
 * Definitions (GoogleCloudPlatform/fourkeys METRICS.md, the Four Keys reference implementation):
 * - Deployment frequency: "how frequently a team successfully releases to production", so only
 *   successful production deployments count; per day = count / window days, per week = x 7.
 * - Lead time for changes: first commit of a change to its successful production deployment;
 *   median and p90 (nearest rank, ./duration-stats). Failed deployments, rollbacks (they bring
 *   no new commits; their commits were measured when first shipped) and deployments whose commit
 *   range cannot be traced (firstCommitAt null) are left out, and counted so the page can say so.
 * - Change failure rate: failed production deployments / all production deployments (failed
 *   ones included). A deployment is failed when (a) the deployment itself failed, (b) its change
 *   was closed unsuccessful, or (c) an incident on its service opened within `failureWindowHours`
 *   after it and it was the service's latest production deployment when the incident opened
 *   (an incident is blamed on one deployment only: the change that went out last).
 * - Failed deployment recovery time: the 2023 report renamed "time to restore service" to this
 *   (gitlab-org/gitlab issue 428595) and asks how long it takes to restore service after a change
 *   to production degrades it and needs remediation (a hotfix, rollback, fix forward or patch).
 *   We measure from the failed deployment (fourkeys: "between the deployment which caused the
 *   failure and the remediation") to the earlier of: the service's next successful production
 *   deployment (the remediation shipped) and the resolution of the last of the incidents blamed on
 *   it (service restored some other way, e.g. a flag). Only what happened by the window's end
 *   counts; a failure not recovered by then is counted as unrecovered, not guessed.
 * - A rollback is a deployment of a version the service already ran in production that is not
 *   the one running now (a redeploy of the running version is not). Pass deployments from before
 *   the window too: they are history for rollbacks and blame, never counted.
 *
 * Bands: the 2023 Accelerate State of DevOps Report (dora.dev/research/2023) gives four clusters,
 * not thresholds: elite on demand / < 1 day / 5% / < 1 hour; high daily to weekly / 1 day to 1
 * week / 10% / < 1 day; medium weekly to monthly / 1 week to 1 month / 15% / 1 day to 1 week; low
 * weekly to monthly / 1 week to 1 month / 64% / 1 to 6 months (frequency / lead time / failure
 * rate / recovery). Low and medium share frequency and lead time, and there are gaps (recovery
 * between a week and a month), so we follow Apache DevLake's reading of it as contiguous
 * thresholds (apache/incubator-devlake, backend/plugins/dora/models/migrationscripts/
 * 20240223_add_dora_2023_benchmark.go, and the "2023 report" cases of its grafana/dashboards DORA
 * queries, whose boundaries we keep: times below a bound, rates at or below): lead time elite
 * < 1 day, high < 7 days, medium < 30 days; change failure rate elite <= 5%, high <= 10%, medium
 * <= 15%; recovery elite < 1 hour, high < 1 day, medium < 7 days; frequency elite on demand
 * (daily), high at least weekly, medium at least monthly; low otherwise. Where we differ: DevLake
 * bands frequency by the median number of deployment days per calendar week (elite = 7); we use
 * the window's mean rate of successful deployments (elite >= 1 a day, high >= 1 a week, medium
 * >= 1 in 30 days), because a 7-day window has at most two partial weeks to take a median of.
 * fourkeys' dashboard buckets follow the 2019 report instead (CFR 0-15/16-45/46-60%, no
 * elite/high/medium/low): not used.
 *
 * Cost: O(n log n + m log n) for n deployments and m incidents: one sort of the deployments, a
 * binary search per incident, and sorts of the lead and recovery times per subject and bucket
 * (each deployment falls in 2 x (1 + its teams) groups); everything else is linear.
 */
import { z } from 'zod';
import { median, percentile } from './duration-stats';
import { isTimeZone } from './local-calendar';
import { trendBounds, trendUnitFor, TrendUnit, type BucketBounds } from './response-trend';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_DAYS = 7;
const MONTH_DAYS = 30;

const DeliveryChangeType = z.enum(['standard', 'normal', 'emergency']);
type DeliveryChangeType = z.infer<typeof DeliveryChangeType>;
/** The change-type splits: `none` holds deployments made without a change record. */
const ChangeTypeSplit = z.enum([...DeliveryChangeType.options, 'none']);
type ChangeTypeSplit = z.infer<typeof ChangeTypeSplit>;
const SPLITS: readonly ChangeTypeSplit[] = ChangeTypeSplit.options;

const DoraBand = z.enum(['elite', 'high', 'medium', 'low']);
export type DoraBand = z.infer<typeof DoraBand>;
export type DoraMeasure = 'deploymentFrequency' | 'leadTime' | 'changeFailureRate' | 'recoveryTime';

/** One deployment to a service's production environment. */
export interface ProductionDeployment {
  /** The deploying system's id for it. */
  id: string;
  service: string;
  /** The ids of the teams it counts for (a service's owners); may be empty. */
  teams: readonly string[];
  /** The version deployed (tag or commit SHA): how a rollback is recognised. */
  version: string;
  /** When it reached production (ISO 8601; echoed as given in the results). */
  at: string;
  outcome: 'success' | 'failure';
  /** The first commit of the change it brings (ISO 8601); null when its commit range cannot be traced. */
  firstCommitAt: string | null;
  changeType: DeliveryChangeType | null;
  /** Its change request was closed unsuccessful (failed, backed out). */
  changeClosedUnsuccessful: boolean;
}

export interface ServiceIncident {
  id: string;
  service: string;
  openedAt: string;
  resolvedAt: string | null;
}

export interface DeliveryMetricsInput {
  /** Production deployments, in any order; those before `from` serve as history only. */
  deployments: readonly ProductionDeployment[];
  incidents: readonly ServiceIncident[];
  /** The window (ISO 8601), `to` included. */
  from: string;
  to: string;
  /** An incident opened this long after a deployment (or less) counts against it. */
  failureWindowHours: number;
  /** The zone whose days and weeks the trend follows. */
  timeZone: string;
  /** Services and teams to report on even when nothing happened to them (the workspace's mapping). */
  services?: readonly string[];
  teams?: readonly string[];
}

// The results, as zod schemas: the contract checks them on their way to the page.

const Count = z.number().int().nonnegative();
const Milliseconds = z.number().nonnegative();
const Rate = z.number().min(0).max(1);

const FailureReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deployment-failed'), why: z.string() }),
  z.object({ kind: z.literal('change-closed-unsuccessful'), why: z.string() }),
  z.object({ kind: z.literal('incident'), incidentId: z.string(), openedAt: z.string(), why: z.string() }),
]);
type FailureReason = z.infer<typeof FailureReason>;

/** Why a deployment has no lead time. */
const LeadTimeLeftOut = z.enum(['failed', 'rollback', 'untraceable']);
type LeadTimeLeftOut = z.infer<typeof LeadTimeLeftOut>;

const Recovery = z.object({
  at: z.string(),
  ms: Milliseconds,
  /** Restored by the next successful deployment, or by its incidents' resolution. */
  by: z.enum(['deployment', 'incidents-resolved']),
  /** The deployment that restored it, when one did. */
  deploymentId: z.string().nullable(),
});
type Recovery = z.infer<typeof Recovery>;

/** One production deployment of the window, as the page lists it. */
const DeploymentVerdict = z.object({
  id: z.string(),
  service: z.string(),
  teams: z.array(z.string()).readonly(),
  version: z.string(),
  at: z.string(),
  outcome: z.enum(['success', 'failure']),
  changeType: ChangeTypeSplit,
  rollback: z.boolean(),
  leadTimeMs: Milliseconds.nullable(),
  leadTimeLeftOut: LeadTimeLeftOut.nullable(),
  failed: z.boolean(),
  /** Empty unless failed; every reason that applies. */
  failureReasons: z.array(FailureReason).readonly(),
  /** Null unless failed and restored by the window's end. */
  recovery: Recovery.nullable(),
});
type DeploymentVerdict = z.infer<typeof DeploymentVerdict>;

/** An incident opened in the window, and the deployment it counts against, if any. */
const IncidentBlame = z.object({
  id: z.string(),
  service: z.string(),
  openedAt: z.string(),
  deploymentId: z.string().nullable(),
  finding: z.enum(['followed-deployment', 'no-earlier-deployment', 'outside-failure-window']),
});
type IncidentBlame = z.infer<typeof IncidentBlame>;

const Banded = z.object({
  band: DoraBand.nullable(),
  /** Why the figure (and its band) is missing; null when there is one. */
  reason: z.string().nullable(),
});

const TrendPoint = z.object({
  from: z.string(),
  to: z.string(),
  partial: z.boolean(),
  deployments: Count,
  successful: Count,
  failed: Count,
  changeFailureRate: Rate.nullable(),
  leadTimeMedianMs: Milliseconds.nullable(),
});
type TrendPoint = z.infer<typeof TrendPoint>;

const DeliveryFigures = z.object({
  /** Production deployments in the window, failed ones included. */
  deployments: Count,
  successful: Count,
  rollbacks: Count,
  frequency: Banded.extend({ perDay: z.number().nonnegative().nullable(), perWeek: z.number().nonnegative().nullable() }),
  leadTime: Banded.extend({ count: Count, medianMs: Milliseconds.nullable(), p90Ms: Milliseconds.nullable(), untraceable: Count }),
  changeFailureRate: Banded.extend({ failed: Count, rate: Rate.nullable() }),
  recoveryTime: Banded.extend({
    failed: Count,
    recovered: Count,
    unrecovered: Count,
    medianMs: Milliseconds.nullable(),
    p90Ms: Milliseconds.nullable(),
  }),
  trend: z.array(TrendPoint),
});
type DeliveryFigures = z.infer<typeof DeliveryFigures>;

const SubjectDelivery = z.object({
  /** A service, a team, or everything in scope together (all services, or the team asked for). */
  kind: z.enum(['service', 'team', 'overall']),
  id: z.string(),
  all: DeliveryFigures,
  byChangeType: z.record(ChangeTypeSplit, DeliveryFigures),
});

export const DeliveryMetrics = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().positive(),
  failureWindowHours: z.number().nonnegative(),
  timeZone: z.string(),
  trendUnit: TrendUnit,
  services: z.array(SubjectDelivery),
  teams: z.array(SubjectDelivery),
  /** Every production deployment of the window together (id "all"): the page's and the command line's headline and change-type split. */
  overall: SubjectDelivery,
  /** The window's production deployments, oldest first. */
  deployments: z.array(DeploymentVerdict),
  /** The window's incidents, oldest first. */
  incidents: z.array(IncidentBlame),
});
export type DeliveryMetrics = z.infer<typeof DeliveryMetrics>;

/** The DORA 2023 band of a figure (see the top comment): deployments per day, ms, or a rate in 0..1. */
export function doraBand(measure: DoraMeasure, value: number): DoraBand {
  switch (measure) {
    case 'deploymentFrequency':
      return value >= 1 ? 'elite' : value >= 1 / WEEK_DAYS ? 'high' : value >= 1 / MONTH_DAYS ? 'medium' : 'low';
    case 'leadTime':
      return value < DAY_MS ? 'elite' : value < WEEK_DAYS * DAY_MS ? 'high' : value < MONTH_DAYS * DAY_MS ? 'medium' : 'low';
    case 'changeFailureRate':
      return value <= 0.05 ? 'elite' : value <= 0.1 ? 'high' : value <= 0.15 ? 'medium' : 'low';
    case 'recoveryTime':
      return value < HOUR_MS ? 'elite' : value < DAY_MS ? 'high' : value < WEEK_DAYS * DAY_MS ? 'medium' : 'low';
  }
}

interface Deployment {
  source: ProductionDeployment;
  atMs: number;
  firstCommitMs: number | null;
  rollback: boolean;
  /** The service's next successful production deployment after this one. */
  nextSuccess: Deployment | null;
  blamedIncidents: Incident[];
}

interface Incident {
  source: ServiceIncident;
  openedMs: number;
  resolvedMs: number | null;
}

/** A deployment of the window with what the figures need. */
interface Row {
  verdict: DeploymentVerdict;
  atMs: number;
  recoveryMs: number | null;
}

export function computeDeliveryMetrics(input: DeliveryMetricsInput): DeliveryMetrics {
  const from = readTime(input.from, 'The window start (from)');
  const to = readTime(input.to, 'The window end (to)');
  if (!(from < to)) throw new RangeError(`The window must start before it ends (from ${input.from}, to ${input.to})`);
  if (!(Number.isFinite(input.failureWindowHours) && input.failureWindowHours >= 0))
    throw new RangeError(`failureWindowHours must be a number of hours, 0 or more (got ${input.failureWindowHours})`);
  if (!isTimeZone(input.timeZone))
    throw new RangeError(`Not a time zone this system knows: "${input.timeZone}" (use an IANA name such as Europe/Berlin, or UTC)`);
  const days = (to - from) / DAY_MS;
  const trendUnit = trendUnitFor(days);
  const bounds = trendBounds(from, to, trendUnit, input.timeZone);

  const deployments = input.deployments.map(readDeployment);
  const byTime = (a: Deployment, b: Deployment) => a.atMs - b.atMs || compareText(a.source.id, b.source.id);
  // Callers that keep their deployments in time order skip the sort.
  if (deployments.some((deployment, index) => index > 0 && byTime(deployments[index - 1]!, deployment) > 0)) deployments.sort(byTime);
  const byService = new Map<string, Deployment[]>();
  for (const deployment of deployments) {
    const list = byService.get(deployment.source.service);
    if (list) list.push(deployment);
    else byService.set(deployment.source.service, [deployment]);
  }
  for (const list of byService.values()) markHistory(list);

  const incidents = blameIncidents(input.incidents, byService, from, to, input.failureWindowHours * HOUR_MS);

  const rows: Row[] = [];
  for (const deployment of deployments) if (deployment.atMs >= from && deployment.atMs <= to) rows.push(judge(deployment, to));

  const subjects = groupRows(rows, input, deployments, incidents, from);
  const buckets = bucketsOf(bounds);
  const figuresOf = (list: Row[], split: ChangeTypeSplit | 'all') => figures(list, split, days, buckets);
  const subjectOf = (kind: z.infer<typeof SubjectDelivery>['kind'], id: string, group: Group): z.infer<typeof SubjectDelivery> => ({
    kind,
    id,
    all: figuresOf(group.all, 'all'),
    byChangeType: Object.fromEntries(SPLITS.map((split) => [split, figuresOf(group.split[split], split)])) as Record<
      ChangeTypeSplit,
      DeliveryFigures
    >,
  });
  const describe = (kind: 'service' | 'team') =>
    [...subjects[kind].entries()].sort(([a], [b]) => compareText(a, b)).map(([id, group]) => subjectOf(kind, id, group));
  const overall: Group = { all: rows, split: { standard: [], normal: [], emergency: [], none: [] } };
  for (const row of rows) overall.split[row.verdict.changeType].push(row);

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    days,
    failureWindowHours: input.failureWindowHours,
    timeZone: input.timeZone,
    trendUnit,
    services: describe('service'),
    teams: describe('team'),
    overall: subjectOf('overall', 'all', overall),
    deployments: rows.map((row) => row.verdict),
    incidents: incidents.map((blame) => blame.found),
  };
}

function readTime(text: string, what: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a date and time: "${text}" (use ISO 8601)`);
  return ms;
}

/** Shared by every deployment no incident is blamed on (replaced, never written to). */
const NO_INCIDENTS: Incident[] = Object.freeze([]) as unknown as Incident[];

function readDeployment(source: ProductionDeployment): Deployment {
  return {
    source,
    atMs: readTime(source.at, `Deployment ${source.id}'s time (at)`),
    firstCommitMs: source.firstCommitAt === null ? null : readTime(source.firstCommitAt, `Deployment ${source.id}'s firstCommitAt`),
    rollback: false,
    nextSuccess: null,
    blamedIncidents: NO_INCIDENTS,
  };
}

/** Rollbacks (a version shipped before that is not the one running) and each deployment's next success, for one service. */
function markHistory(list: Deployment[]): void {
  const shipped = new Set<string>();
  let running: string | null = null;
  for (const deployment of list) {
    const version = deployment.source.version;
    deployment.rollback = shipped.has(version) && version !== running;
    if (deployment.source.outcome === 'success') {
      shipped.add(version);
      running = version;
    }
  }
  let next: Deployment | null = null;
  for (let index = list.length - 1; index >= 0; index -= 1) {
    list[index]!.nextSuccess = next;
    if (list[index]!.source.outcome === 'success') next = list[index]!;
  }
}

/** Each incident opened in the window (oldest first), blamed on its service's latest deployment when that is recent enough. */
function blameIncidents(
  sources: readonly ServiceIncident[],
  byService: ReadonlyMap<string, Deployment[]>,
  from: number,
  to: number,
  failureWindowMs: number,
): { found: IncidentBlame; incident: Incident }[] {
  const inWindow = sources
    .map((source): Incident => ({
      source,
      openedMs: readTime(source.openedAt, `Incident ${source.id}'s openedAt`),
      resolvedMs: source.resolvedAt === null ? null : readTime(source.resolvedAt, `Incident ${source.id}'s resolvedAt`),
    }))
    .filter((incident) => incident.openedMs >= from && incident.openedMs <= to)
    .sort((a, b) => a.openedMs - b.openedMs || compareText(a.source.id, b.source.id));
  const blamed: { found: IncidentBlame; incident: Incident }[] = [];
  for (const incident of inWindow) {
    const source = incident.source;
    const list = byService.get(source.service) ?? [];
    const latest = list[lastAtOrBefore(list, incident.openedMs)] ?? null;
    let finding: IncidentBlame['finding'] = 'no-earlier-deployment';
    if (latest) finding = incident.openedMs - latest.atMs <= failureWindowMs ? 'followed-deployment' : 'outside-failure-window';
    if (finding === 'followed-deployment') {
      if (latest!.blamedIncidents === NO_INCIDENTS) latest!.blamedIncidents = [];
      latest!.blamedIncidents.push(incident);
    }
    blamed.push({
      incident,
      found: {
        id: source.id,
        service: source.service,
        openedAt: source.openedAt,
        deploymentId: finding === 'followed-deployment' ? latest!.source.id : null,
        finding,
      },
    });
  }
  return blamed;
}

/** Index of the last deployment at or before `at` in a time-ordered list; -1 when none (binary search). */
function lastAtOrBefore(list: readonly Deployment[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]!.atMs <= at) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Shared by every deployment that did not fail (never written to). */
const NO_REASONS: FailureReason[] = Object.freeze([]) as unknown as FailureReason[];

function judge(deployment: Deployment, to: number): Row {
  const source = deployment.source;
  const reasons: FailureReason[] =
    source.outcome === 'success' && !source.changeClosedUnsuccessful && !deployment.blamedIncidents.length ? NO_REASONS : [];
  if (source.outcome === 'failure') reasons.push({ kind: 'deployment-failed', why: 'The deployment itself failed.' });
  if (source.changeClosedUnsuccessful) reasons.push({ kind: 'change-closed-unsuccessful', why: 'Its change was closed unsuccessful.' });
  for (const incident of deployment.blamedIncidents)
    reasons.push({
      kind: 'incident',
      incidentId: incident.source.id,
      openedAt: incident.source.openedAt,
      why: `Incident ${incident.source.id} opened on ${source.service} ${hoursText(incident.openedMs - deployment.atMs)} after it.`,
    });
  const failed = reasons.length > 0;

  let leadTimeLeftOut: LeadTimeLeftOut | null = null;
  if (source.outcome === 'failure') leadTimeLeftOut = 'failed';
  else if (deployment.rollback) leadTimeLeftOut = 'rollback';
  else if (deployment.firstCommitMs === null) leadTimeLeftOut = 'untraceable';
  const leadTimeMs = leadTimeLeftOut === null ? Math.max(0, deployment.atMs - deployment.firstCommitMs!) : null;

  const recovery = failed ? recoveryOf(deployment, to) : null;
  return {
    atMs: deployment.atMs,
    recoveryMs: recovery?.ms ?? null,
    verdict: {
      id: source.id,
      service: source.service,
      teams: source.teams,
      version: source.version,
      at: source.at,
      outcome: source.outcome,
      changeType: source.changeType ?? 'none',
      rollback: deployment.rollback,
      leadTimeMs,
      leadTimeLeftOut,
      failed,
      failureReasons: reasons,
      recovery,
    },
  };
}

/** When service was restored after a failed deployment, by the window's end; null when not yet. */
function recoveryOf(deployment: Deployment, to: number): Recovery | null {
  const next = deployment.nextSuccess && deployment.nextSuccess.atMs <= to ? deployment.nextSuccess : null;
  // Restored by the incidents once the last of them is resolved (all of them, by the window's end).
  let lastResolved: Incident | null = null;
  for (const incident of deployment.blamedIncidents) {
    if (incident.resolvedMs === null || incident.resolvedMs > to) {
      lastResolved = null;
      break;
    }
    if (!lastResolved || incident.resolvedMs > lastResolved.resolvedMs!) lastResolved = incident;
  }
  if (next && (!lastResolved || next.atMs <= lastResolved.resolvedMs!))
    return { at: next.source.at, ms: next.atMs - deployment.atMs, by: 'deployment', deploymentId: next.source.id };
  if (lastResolved)
    return {
      at: lastResolved.source.resolvedAt!,
      ms: Math.max(0, lastResolved.resolvedMs! - deployment.atMs),
      by: 'incidents-resolved',
      deploymentId: null,
    };
  return null;
}

interface Group {
  all: Row[];
  split: Record<ChangeTypeSplit, Row[]>;
}

/** The rows of each service and team (time order kept), every subject named anywhere included. */
function groupRows(
  rows: readonly Row[],
  input: DeliveryMetricsInput,
  deployments: readonly Deployment[],
  incidents: readonly { found: IncidentBlame }[],
  from: number,
): Record<'service' | 'team', Map<string, Group>> {
  const subjects = { service: new Map<string, Group>(), team: new Map<string, Group>() };
  const groupOf = (kind: 'service' | 'team', id: string): Group => {
    let group = subjects[kind].get(id);
    if (!group) {
      group = { all: [], split: { standard: [], normal: [], emergency: [], none: [] } };
      subjects[kind].set(id, group);
    }
    return group;
  };
  for (const id of input.services ?? []) groupOf('service', id);
  for (const id of input.teams ?? []) groupOf('team', id);
  // Rows cover the window; subjects seen only before it are named here.
  for (const deployment of deployments) {
    if (deployment.atMs >= from) break;
    groupOf('service', deployment.source.service);
    for (const team of deployment.source.teams) groupOf('team', team);
  }
  for (const { found } of incidents) groupOf('service', found.service);
  const add = (group: Group, row: Row) => {
    group.all.push(row);
    group.split[row.verdict.changeType].push(row);
  };
  for (const row of rows) {
    const { service, teams } = row.verdict;
    add(groupOf('service', service), row);
    if (teams.length === 1) add(groupOf('team', teams[0]!), row);
    else for (const team of new Set(teams)) add(groupOf('team', team), row);
  }
  return subjects;
}

const SPLIT_WORDS: Record<ChangeTypeSplit | 'all', string> = {
  all: 'production deployments',
  standard: 'production deployments under a standard change',
  normal: 'production deployments under a normal change',
  emergency: 'production deployments under an emergency change',
  none: 'production deployments without a change',
};

function figures(rows: readonly Row[], split: ChangeTypeSplit | 'all', days: number, buckets: readonly Bucket[]): DeliveryFigures {
  const trend = trendOf(rows, buckets);
  if (rows.length === 0) {
    const reason = `No ${SPLIT_WORDS[split]} in the window.`;
    return {
      deployments: 0,
      successful: 0,
      rollbacks: 0,
      frequency: { perDay: null, perWeek: null, band: null, reason },
      leadTime: { count: 0, medianMs: null, p90Ms: null, untraceable: 0, band: null, reason },
      changeFailureRate: { failed: 0, rate: null, band: null, reason },
      recoveryTime: { failed: 0, recovered: 0, unrecovered: 0, medianMs: null, p90Ms: null, band: null, reason },
      trend,
    };
  }
  let successful = 0;
  let rollbacks = 0;
  let untraceable = 0;
  let failed = 0;
  const leadTimes: number[] = [];
  const recoveries: number[] = [];
  for (const { verdict, recoveryMs } of rows) {
    if (verdict.outcome === 'success') successful += 1;
    if (verdict.rollback) rollbacks += 1;
    if (verdict.leadTimeLeftOut === 'untraceable') untraceable += 1;
    if (verdict.leadTimeMs !== null) leadTimes.push(verdict.leadTimeMs);
    if (verdict.failed) failed += 1;
    if (recoveryMs !== null) recoveries.push(recoveryMs);
  }
  const perDay = successful / days;
  const rate = failed / rows.length;
  const lead = summary(leadTimes, 'leadTime');
  const recovery = summary(recoveries, 'recoveryTime');
  const unrecovered = failed - recoveries.length;
  return {
    deployments: rows.length,
    successful,
    rollbacks,
    frequency: { perDay, perWeek: perDay * WEEK_DAYS, band: doraBand('deploymentFrequency', perDay), reason: null },
    leadTime: {
      ...lead,
      untraceable,
      reason:
        lead.count > 0
          ? null
          : successful === 0
            ? 'No successful production deployment in the window.'
            : `No successful deployment in the window brings commits that can be traced (${untraceable} untraceable, ${rollbacks} rollbacks).`,
    },
    changeFailureRate: { failed, rate, band: doraBand('changeFailureRate', rate), reason: null },
    recoveryTime: {
      medianMs: recovery.medianMs,
      p90Ms: recovery.p90Ms,
      band: recovery.band,
      failed,
      recovered: recoveries.length,
      unrecovered,
      reason:
        recovery.count > 0
          ? null
          : failed === 0
            ? 'No failed deployment in the window: nothing to recover from.'
            : `${failed === 1 ? 'The failed deployment was not' : `None of the ${failed} failed deployments was`} recovered by the window's end.`,
    },
    trend,
  };
}

function summary(values: number[], measure: 'leadTime' | 'recoveryTime') {
  const sorted = values.sort((a, b) => a - b);
  const middle = median(sorted);
  return {
    count: sorted.length,
    medianMs: middle,
    p90Ms: percentile(sorted, 0.9),
    band: middle === null ? null : doraBand(measure, middle),
  };
}

/** A trend bucket's bounds, its ISO texts worked out once for every subject. */
interface Bucket {
  from: number;
  fromText: string;
  toText: string;
  partial: boolean;
}

function bucketsOf(bounds: readonly BucketBounds[]): Bucket[] {
  return bounds.map((bound) => ({
    from: bound.from,
    fromText: new Date(bound.from).toISOString(),
    toText: new Date(bound.to).toISOString(),
    partial: bound.partial,
  }));
}

/** The rows (time-ordered) counted per bucket in one sweep; the last bucket includes the window's end. */
function trendOf(rows: readonly Row[], buckets: readonly Bucket[]): TrendPoint[] {
  const points: TrendPoint[] = buckets.map((bucket) => ({
    from: bucket.fromText,
    to: bucket.toText,
    partial: bucket.partial,
    deployments: 0,
    successful: 0,
    failed: 0,
    changeFailureRate: null,
    leadTimeMedianMs: null,
  }));
  let index = 0;
  let start = 0;
  const close = (end: number) => {
    const point = points[index]!;
    if (point.deployments === 0) return;
    point.changeFailureRate = point.failed / point.deployments;
    const leadTimes: number[] = [];
    for (let at = start; at < end; at += 1) if (rows[at]!.verdict.leadTimeMs !== null) leadTimes.push(rows[at]!.verdict.leadTimeMs!);
    point.leadTimeMedianMs = median(leadTimes.sort((a, b) => a - b));
  };
  for (let at = 0; at < rows.length; at += 1) {
    const row = rows[at]!;
    while (index < buckets.length - 1 && row.atMs >= buckets[index + 1]!.from) {
      close(at);
      index += 1;
      start = at;
    }
    const point = points[index]!;
    point.deployments += 1;
    if (row.verdict.outcome === 'success') point.successful += 1;
    if (row.verdict.failed) point.failed += 1;
  }
  close(rows.length);
  return points;
}

function hoursText(ms: number): string {
  const hours = ms / HOUR_MS;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
