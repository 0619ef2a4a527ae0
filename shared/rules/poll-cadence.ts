/**
 * How often the paging sync polls: faster while I am on call or have the console in front
 * of me (a new page shows sooner), the workspace's interval otherwise, slower when I am off
 * call and nobody has looked for a while (the platform's budget is shared with my other
 * tools), and never faster than the platform's rate-limit headers allow.
 *
 * The fast pace is sized by a budget, not fixed: an idle console spends at most
 * IDLE_BUDGET_PER_MINUTE requests a minute, counting the full reconciles amortised (one
 * every few minutes, one request per page of open incidents), so the more incidents are
 * open the slower the fast pace, and a small queue polls up to once a second.
 */

/** What an idle console may spend a minute while polling fast: the budget (PagerDuty allows 960 per user across all tools). */
export const IDLE_BUDGET_PER_MINUTE = 30;
/** Never poll more often than this. */
const FASTEST_MS = 1_000;
/** Off call with nobody looking for this long: idle, poll slower. */
export const IDLE_AFTER_MS = 5 * 60_000;
/** Idle polls this many times the configured interval... */
const SLOW_FACTOR = 2;
/** ...but no slower than this (unless the workspace itself asks for a longer interval). */
const SLOWEST_IDLE_MS = 30_000;
/** After a rate limit (429), the console does not speed up again for this long. */
export const RATE_LIMIT_COOL_DOWN_MS = 2 * 60_000;
/** The console takes at most this share of the requests left in the rate-limit window; the rest is for the user's other tools. */
const SHARE_OF_REMAINING = 1 / 10;
/** Below this share of the limit left in the window, other tools are busy: no speeding up. */
const BUSY_BELOW_SHARE_OF_LIMIT = 1 / 2;

/** What the rate-limit headers of the latest answer said (ratelimit-limit, -remaining, -reset). */
interface RateLimitBudget {
  /** Requests allowed per window, when the vendor says. */
  limit: number | null;
  /** Requests left in the current window. */
  remaining: number;
  /** Time until the window resets, ms. */
  resetInMs: number;
}

/**
 * Platforms never polled faster than configured: Splunk On-Call allows most routes 60 calls
 * a minute and the console paces its routes itself, so it keeps the workspace's interval
 * (it still slows down when idle). Any other platform (PagerDuty: 960 a minute per user) may.
 */
const KEEPS_CONFIGURED_PACE = new Set(['splunk-on-call']);

export interface PollCadenceInputs {
  /** The paging platform polled (an incident's `provider`: "pagerduty", "splunk-on-call"). */
  platform: string;
  /** The workspace's poll interval (pollIntervalSeconds). */
  configuredMs: number;
  /** Whether I am on call now; null while not known (neither fast nor slow for that reason). */
  onCallNow: boolean | null;
  /** Whether a page of the console is in front of someone (visible) now. */
  viewerInFront: boolean;
  /** How long since a viewer was last in front or I was last on call (since the engine started, if never). */
  idleForMs: number;
  /** Requests a minute the full reconciles add beyond a poll's one request (amortised); 0 when not known yet. */
  reconcileExtraPerMinute: number;
  /** The latest rate-limit headers, while their window lasts; null when unknown or expired. */
  budget: RateLimitBudget | null;
  /** How long ago the platform last answered 429; null if not recently. */
  sinceRateLimitedMs: number | null;
}

/** Why the interval is what it is (the contract's setViewerPresence answers it). */
export const POLL_PACES = ['fast', 'configured', 'slow', 'held back'] as const;
type PollPace = (typeof POLL_PACES)[number];

export interface PollCadence {
  intervalMs: number;
  pace: PollPace;
}

/** The interval until the next poll, and why. */
export function pollCadence(inputs: PollCadenceInputs): PollCadence {
  const { configuredMs } = inputs;
  const wantsFast = !KEEPS_CONFIGURED_PACE.has(inputs.platform) && (inputs.onCallNow === true || inputs.viewerInFront);
  const idle = inputs.onCallNow === false && !inputs.viewerInFront && inputs.idleForMs >= IDLE_AFTER_MS;
  let cadence: PollCadence = { intervalMs: configuredMs, pace: 'configured' };
  if (wantsFast) {
    const fast = fastIntervalMs(configuredMs, inputs.reconcileExtraPerMinute);
    if (fast < configuredMs)
      cadence = heldBackFromFast(inputs) ? { intervalMs: configuredMs, pace: 'held back' } : { intervalMs: fast, pace: 'fast' };
  } else if (idle) {
    cadence = { intervalMs: Math.max(configuredMs, Math.min(SLOW_FACTOR * configuredMs, SLOWEST_IDLE_MS)), pace: 'slow' };
  }
  const allowed = budgetIntervalMs(inputs.budget);
  return allowed > cadence.intervalMs ? { intervalMs: Math.ceil(allowed), pace: 'held back' } : cadence;
}

/** The fast interval the idle budget allows: polls a minute = budget - what reconciles add; between FASTEST_MS and the configured interval. */
function fastIntervalMs(configuredMs: number, reconcileExtraPerMinute: number): number {
  const pollsPerMinute = IDLE_BUDGET_PER_MINUTE - Math.max(0, reconcileExtraPerMinute);
  if (pollsPerMinute <= 60_000 / configuredMs) return configuredMs;
  return Math.min(configuredMs, Math.max(FASTEST_MS, Math.ceil(60_000 / pollsPerMinute)));
}

/** A recent 429, or a window in which other tools have spent much of the limit: stay at the configured pace. */
function heldBackFromFast({ sinceRateLimitedMs, budget }: PollCadenceInputs): boolean {
  if (sinceRateLimitedMs !== null && sinceRateLimitedMs < RATE_LIMIT_COOL_DOWN_MS) return true;
  return budget !== null && !plentyLeft(budget);
}

/** At least half the limit left in the window (an unknown limit: never sure). */
function plentyLeft(budget: RateLimitBudget): boolean {
  return budget.limit !== null && budget.remaining >= budget.limit * BUSY_BELOW_SHARE_OF_LIMIT;
}

/** The shortest interval the headers allow once the budget runs low: the console's share of what is left, spread over the rest of the window. */
function budgetIntervalMs(budget: RateLimitBudget | null): number {
  if (!budget || budget.resetInMs <= 0 || plentyLeft(budget)) return 0;
  const share = Math.floor(budget.remaining * SHARE_OF_REMAINING);
  return share >= 1 ? budget.resetInMs / share : budget.resetInMs;
}
