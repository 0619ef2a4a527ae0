/**
 * What the Delivery area shows, worked out from the contract's answers (pure, no React):
 * how fresh each source's figures are, in words; the versions a service's compare offers
 * and the two it starts with (production's previous and current); the words and colours
 * of DORA bands, version relations and deployment states. The figures themselves (per
 * subject, and everything shown together) come worked out from shared/rules/delivery-metrics.ts.
 */
import type { DeliveryMetrics, DoraBand } from '../../../../shared/rules/delivery-metrics';
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
