/**
 * Keeps every Splunk On-Call route within its documented rate limit. The API sends no
 * rate-limit headers (the shared header pacer has nothing to read), and each route states
 * its own limit in its description in the published Swagger document
 * (../shared/specs/splunk-on-call-api-v1.swagger.yaml): most allow 60 calls a minute, the
 * escalation-policy list and the reporting history once a minute. So the client counts
 * its own calls per route over a sliding window and waits for a free slot before each
 * one (retries included): the console never earns a refusal in normal use.
 *
 * The window's shape and whether the count is per key or per organisation are not
 * documented; a sliding window of a minute (plus a little slack) is never more than a
 * fixed window of a minute allows, whatever its phase.
 */
import { ProviderError } from '../../engine/ports';
import { cancellableSleep } from '../../engine/ports/request-context';

/** The routes the provider calls, as path templates, each with its documented calls a minute (the spec line says so). */
const DOCUMENTED_LIMITS = {
  'GET /api-public/v1/alerts/{uuid}': 60, // L317
  'GET /api-public/v1/incidents': 60, // L352
  'PATCH /api-public/v1/incidents/ack': 60, // L421
  'PATCH /api-public/v1/incidents/resolve': 60, // L527
  'POST /api-public/v1/incidents/reroute': 60, // L508
  'GET /api-public/v1/oncall/current': 60, // L613
  'GET /api-public/v1/org/routing-keys': 60, // L643
  'GET /api-public/v1/policies': 1, // L978: "a maximum of once a minute"
  'GET /api-public/v1/team': 60, // L1438
  'GET /api-public/v1/team/{team}/members': 60, // L1638
  'GET /api-public/v1/user': 60, // L1865
  'GET /api-public/v1/user/{user}': 60, // L1961
  'GET /api-reporting/v2/incidents': 1, // L2818: "a maximum of once a minute"
} as const;

export type SplunkOnCallRoute = keyof typeof DOCUMENTED_LIMITS;

export const SPLUNK_ON_CALL_ROUTES = Object.keys(DOCUMENTED_LIMITS) as [SplunkOnCallRoute, ...SplunkOnCallRoute[]];

const MINUTE_MS = 60_000;

interface RoutePacerOptions {
  /** Overrides of the documented calls a minute. */
  limits?: Partial<Record<SplunkOnCallRoute, number>>;
  /** Added to the minute, for clock and network differences. */
  marginMs: number;
  /** A wait longer than this is not waited: the caller is told when to come back. */
  maxWaitMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class RoutePacer {
  /** Start times of the calls in the current window (and reserved ones ahead), oldest first. */
  private readonly starts = new Map<SplunkOnCallRoute, number[]>();
  private readonly blockedUntil = new Map<SplunkOnCallRoute, number>();
  readonly windowMs: number;

  constructor(private readonly options: RoutePacerOptions) {
    this.windowMs = MINUTE_MS + options.marginMs;
  }

  /** Calls a minute the route allows. */
  limitOf(route: SplunkOnCallRoute): number {
    return this.options.limits?.[route] ?? DOCUMENTED_LIMITS[route];
  }

  /**
   * Waits for the route's next free slot and takes it. A wait longer than maxWaitMs (or
   * the request context's retry cap, `contextCapMs`) is not waited: a transient
   * ProviderError says when the route is free again.
   */
  async take(route: SplunkOnCallRoute, contextCapMs = Infinity): Promise<void> {
    const now = this.options.now();
    const starts = this.recent(route, now);
    const limit = this.limitOf(route);
    let slot = Math.max(now, this.blockedUntil.get(route) ?? 0);
    if (starts.length >= limit) slot = Math.max(slot, starts[starts.length - limit]! + this.windowMs);
    if (starts.length > 0) slot = Math.max(slot, starts[starts.length - 1]!);
    const waitMs = slot - now;
    if (waitMs > Math.min(this.options.maxWaitMs, contextCapMs)) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new ProviderError(
        'transient',
        `Splunk On-Call allows ${route} ${describeLimit(limit)}; the console holds it back for ${seconds} s more so as not to be refused`,
        undefined,
        slot,
      );
    }
    starts.push(slot);
    if (waitMs > 0) await cancellableSleep(waitMs, this.options.sleep);
  }

  /**
   * True when the route has been called as often as it allows within the last window,
   * counting the call just answered.
   */
  usedAtLimit(route: SplunkOnCallRoute): boolean {
    const now = this.options.now();
    return this.recent(route, now).filter((start) => start <= now).length >= this.limitOf(route);
  }

  /** After a rate-limit answer: nothing more on the route for a whole window (the only wait certain to clear it). */
  blockForWindow(route: SplunkOnCallRoute): void {
    this.blockedUntil.set(route, Math.max(this.blockedUntil.get(route) ?? 0, this.options.now() + this.windowMs));
  }

  /** The route's start times within the window ending now (reserved ones ahead included), pruned in place. */
  private recent(route: SplunkOnCallRoute, now: number): number[] {
    let starts = this.starts.get(route);
    if (!starts) {
      starts = [];
      this.starts.set(route, starts);
    }
    while (starts.length > 0 && starts[0]! <= now - this.windowMs) starts.shift();
    return starts;
  }
}

function describeLimit(limit: number): string {
  return limit === 1 ? 'once a minute' : `${limit} times a minute`;
}
