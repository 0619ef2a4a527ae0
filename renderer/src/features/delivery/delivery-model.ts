/**
 * What the Delivery area shows, worked out from the contract's answers (pure, no React):
 * how fresh each source's figures are, in words; the versions a service's compare offers
 * and the two it starts with (production's previous and current); the words and colours
 * of DORA bands, version relations and deployment states; and the figures of everything
 * shown together (all services of the window, or of the chosen team), added up from the
 * window's deployments the same way shared/rules/delivery-metrics.ts does per subject.
 */
import type { DeliveryMetrics, DoraBand } from '../../../../shared/rules/delivery-metrics';
import { doraBand } from '../../../../shared/rules/delivery-metrics';
import { median, percentile } from '../../../../shared/rules/duration-stats';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import { formatRelative } from '../incidents/format-time';
import type {
  DeliveryServiceSummary,
  DeploymentState,
  ServiceDeployment,
  SourceFreshness,
  VersionRange,
} from '../../../../shared/domain/delivery';

export type DeliveryFigures = DeliveryMetrics['services'][number]['all'];
export type SubjectDelivery = DeliveryMetrics['services'][number];
export type ChangeTypeSplit = keyof SubjectDelivery['byChangeType'];
type Verdict = DeliveryMetrics['deployments'][number];
type TrendPoint = DeliveryFigures['trend'][number];

const DAY_MS = 24 * 3_600_000;

// --- freshness ---------------------------------------------------------------------------

/** "14:02" today, "12 Nov 14:02" another day: when the figures were read. */
export function clockTime(iso: string, nowMs: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (at.toDateString() === new Date(nowMs).toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/** "12 Nov 14:02" (with the year when it is not this one): when a deployment happened. */
export function shortDateTime(iso: string, nowMs: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const sameYear = at.getFullYear() === new Date(nowMs).getFullYear();
  return at.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/**
 * "12m ago", "3h 05m ago"; "just now" for the first seconds and for a time the page's clock
 * (which ticks every few seconds) has not reached yet.
 */
export function ago(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown';
  return nowMs - at < 60_000 ? 'just now' : formatRelative(iso, nowMs);
}

/** How long ago, to the minute ("2 min", "1 h 5 min"); "under a minute" before that. */
function since(iso: string, nowMs: number): string {
  const minutes = Math.floor(Math.max(0, nowMs - Date.parse(iso)) / 60_000);
  return minutes === 0 ? 'under a minute' : formatDurationWords(minutes * 60_000);
}

/**
 * One source's freshness in words: "GitHub read 2 min ago"; a source in error says for how
 * long and how old its figures are: "GitHub could not be read for 12 min: <error>; figures as of 14:02".
 */
export function freshnessText(source: SourceFreshness, nowMs: number): string {
  if (source.state === 'ok') return source.readAt ? `${source.label} read ${since(source.readAt, nowMs)} ago` : `${source.label} read`;
  if (source.state === 'never-read') return `${source.label} not read yet: no figures from it so far`;
  const error = source.error ?? 'no reason given';
  if (!source.readAt) return `${source.label} could not be read yet: ${error}; no figures from it so far`;
  return `${source.label} could not be read for ${since(source.readAt, nowMs)}: ${error}; figures as of ${clockTime(source.readAt, nowMs)}`;
}

// --- words and colours -------------------------------------------------------------------

/** Mantine colours for the bands, drawn as light badges: the theme keeps their text readable in both schemes (theme.ts). */
export const BAND_COLOR: Record<DoraBand, string> = { elite: 'green', high: 'blue', medium: 'yellow', low: 'red' };

export const RELATION_TEXT: Record<Extract<VersionRange, { traceable: true }>['relation'], string> = {
  ahead: 'ahead: a release (it brings commits the other lacks)',
  behind: 'behind: a rollback (it takes commits out)',
  diverged: 'diverged: each has commits the other lacks (a force push or a hotfix branch)',
  identical: 'identical: the same commits',
};

export function isFailedState(state: DeploymentState): boolean {
  return state === 'failure' || state === 'error';
}

export const STATE_COLOR: Record<DeploymentState, string> = {
  queued: 'gray',
  in_progress: 'blue',
  success: 'green',
  failure: 'red',
  error: 'red',
  inactive: 'gray',
};

export const STATE_TEXT: Record<DeploymentState, string> = {
  queued: 'queued',
  in_progress: 'in progress',
  success: 'succeeded',
  failure: 'failed',
  error: 'failed (error)',
  inactive: 'replaced',
};

/** "v2.14.1 in production, staging" for a service list line; a service's problem instead when it has one. */
export function environmentsLine(summary: DeliveryServiceSummary): string {
  if (summary.problem) return summary.problem;
  if (summary.environments.length === 0) return 'No environments known yet.';
  return summary.environments
    .map((environment) => `${environment.environment}: ${environment.current ? environment.current.ref : 'nothing deployed yet'}`)
    .join(' · ');
}

// --- compare -----------------------------------------------------------------------------

export interface VersionOption {
  value: string;
  label: string;
}

/** Each version the history names, newest first, labelled with where and when it last went out. */
export function versionOptions(history: readonly ServiceDeployment[], nowMs: number): VersionOption[] {
  const seen = new Map<string, ServiceDeployment>();
  for (const deployment of [...history].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)))
    if (!seen.has(deployment.ref)) seen.set(deployment.ref, deployment);
  return [...seen.values()].map((deployment) => ({
    value: deployment.ref,
    label: `${deployment.ref} (${deployment.environment}, ${formatDurationWords(Math.max(0, nowMs - Date.parse(deployment.createdAt)))} ago)`,
  }));
}

/**
 * The compare a service's page starts with: production's previous version (the last other
 * version that succeeded there) to its current one; failing that, the two newest versions.
 */
export function defaultCompare(
  summary: DeliveryServiceSummary,
  history: readonly ServiceDeployment[],
): { from: string; to: string } | null {
  const newestFirst = [...history].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const production = summary.environments.find((environment) => environment.production)?.current ?? null;
  if (production) {
    const previous = newestFirst.find(
      (deployment) =>
        deployment.production &&
        deployment.succeededAt !== null &&
        deployment.ref !== production.ref &&
        Date.parse(deployment.createdAt) <= Date.parse(production.createdAt),
    );
    if (previous) return { from: previous.ref, to: production.ref };
  }
  const versions = [...new Set(newestFirst.map((deployment) => deployment.ref))];
  return versions.length >= 2 ? { from: versions[1]!, to: versions[0]! } : null;
}

// --- metrics -----------------------------------------------------------------------------

/** "2.3 a day", "4 a week", "0.6 a week": how often it deploys, in the unit that reads best. */
export function frequencyText(figures: DeliveryFigures): string | null {
  const { perDay, perWeek } = figures.frequency;
  if (perDay === null || perWeek === null) return null;
  const round = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, ''));
  if (perDay >= 1) return `${round(perDay)} a day`;
  return `${round(perWeek)} a week`;
}

export function rateText(rate: number | null): string | null {
  return rate === null ? null : `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0)}%`;
}

export const SPLIT_LABEL: Record<ChangeTypeSplit, string> = {
  standard: 'Standard (pre-approved)',
  normal: 'Normal (approved one by one)',
  emergency: 'Emergency',
  none: 'Without a change',
};

/** The change types to compare: standard and normal always; emergency and "without a change" when they happened. */
export function shownSplits(byChangeType: Record<ChangeTypeSplit, DeliveryFigures>): ChangeTypeSplit[] {
  return (['standard', 'normal', 'emergency', 'none'] as const).filter(
    (split) => split === 'standard' || split === 'normal' || byChangeType[split].deployments > 0,
  );
}

const SPLIT_WORDS: Record<ChangeTypeSplit | 'all', string> = {
  all: 'production deployments',
  standard: 'production deployments under a standard change',
  normal: 'production deployments under a normal change',
  emergency: 'production deployments under an emergency change',
  none: 'production deployments without a change',
};

/** The trend's buckets, from any subject (every subject's trend has the same ones). */
function bucketsOf(metrics: DeliveryMetrics): Pick<TrendPoint, 'from' | 'to' | 'partial'>[] {
  const subject = metrics.services[0] ?? metrics.teams[0];
  return (subject?.all.trend ?? []).map(({ from, to, partial }) => ({ from, to, partial }));
}

function summary(values: number[]): { medianMs: number | null; p90Ms: number | null } {
  const sorted = values.sort((a, b) => a - b);
  return { medianMs: median(sorted), p90Ms: percentile(sorted, 0.9) };
}

/** The figures of some of the window's deployments (time-ordered), as the metrics rule works them out for one subject. */
function figuresOf(
  verdicts: readonly Verdict[],
  split: ChangeTypeSplit | 'all',
  days: number,
  buckets: readonly Pick<TrendPoint, 'from' | 'to' | 'partial'>[],
): DeliveryFigures {
  const trend = trendOf(verdicts, buckets);
  if (verdicts.length === 0) {
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
  const successful = verdicts.filter((verdict) => verdict.outcome === 'success').length;
  const rollbacks = verdicts.filter((verdict) => verdict.rollback).length;
  const untraceable = verdicts.filter((verdict) => verdict.leadTimeLeftOut === 'untraceable').length;
  const failed = verdicts.filter((verdict) => verdict.failed).length;
  const leadTimes = verdicts.flatMap((verdict) => (verdict.leadTimeMs === null ? [] : [verdict.leadTimeMs]));
  const recoveries = verdicts.flatMap((verdict) => (verdict.failed && verdict.recovery ? [verdict.recovery.ms] : []));
  const perDay = successful / days;
  const rate = failed / verdicts.length;
  const lead = summary(leadTimes);
  const recovery = summary(recoveries);
  return {
    deployments: verdicts.length,
    successful,
    rollbacks,
    frequency: { perDay, perWeek: perDay * 7, band: doraBand('deploymentFrequency', perDay), reason: null },
    leadTime: {
      count: leadTimes.length,
      ...lead,
      untraceable,
      band: lead.medianMs === null ? null : doraBand('leadTime', lead.medianMs),
      reason:
        leadTimes.length > 0
          ? null
          : successful === 0
            ? 'No successful production deployment in the window.'
            : `No successful deployment in the window brings commits that can be traced (${untraceable} untraceable, ${rollbacks} rollbacks).`,
    },
    changeFailureRate: { failed, rate, band: doraBand('changeFailureRate', rate), reason: null },
    recoveryTime: {
      failed,
      recovered: recoveries.length,
      unrecovered: failed - recoveries.length,
      ...recovery,
      band: recovery.medianMs === null ? null : doraBand('recoveryTime', recovery.medianMs),
      reason:
        recoveries.length > 0
          ? null
          : failed === 0
            ? 'No failed deployment in the window: nothing to recover from.'
            : `${failed === 1 ? 'The failed deployment was not' : `None of the ${failed} failed deployments was`} recovered by the window's end.`,
    },
    trend,
  };
}

function trendOf(verdicts: readonly Verdict[], buckets: readonly Pick<TrendPoint, 'from' | 'to' | 'partial'>[]): TrendPoint[] {
  const starts = buckets.map((bucket) => Date.parse(bucket.from));
  const groups: Verdict[][] = buckets.map(() => []);
  for (const verdict of verdicts) {
    const at = Date.parse(verdict.at);
    let index = -1;
    for (let each = 0; each < starts.length; each += 1) if (starts[each]! <= at) index = each;
    groups[Math.max(0, index)]?.push(verdict);
  }
  return buckets.map((bucket, index) => {
    const list = groups[index]!;
    const failed = list.filter((verdict) => verdict.failed).length;
    const leadTimes = list.flatMap((verdict) => (verdict.leadTimeMs === null ? [] : [verdict.leadTimeMs])).sort((a, b) => a - b);
    return {
      ...bucket,
      deployments: list.length,
      successful: list.filter((verdict) => verdict.outcome === 'success').length,
      failed,
      changeFailureRate: list.length === 0 ? null : failed / list.length,
      leadTimeMedianMs: median(leadTimes),
    };
  });
}

/** Everything the metrics show together (all services, or the chosen team's), with its split by change type. */
export function overallDelivery(metrics: DeliveryMetrics): Pick<SubjectDelivery, 'all' | 'byChangeType'> {
  const days = metrics.days || (Date.parse(metrics.to) - Date.parse(metrics.from)) / DAY_MS;
  const buckets = bucketsOf(metrics);
  const verdicts = [...metrics.deployments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const of = (split: ChangeTypeSplit) =>
    figuresOf(
      verdicts.filter((verdict) => verdict.changeType === split),
      split,
      days,
      buckets,
    );
  return {
    all: figuresOf(verdicts, 'all', days, buckets),
    byChangeType: { standard: of('standard'), normal: of('normal'), emergency: of('emergency'), none: of('none') },
  };
}
