/**
 * Splunk On-Call's per-route rate limits, as each route's description in the SPEC
 * (../shared/specs/splunk-on-call-api-v1.swagger.yaml) states them: "This API may be called
 * a maximum of 60 times per minute" on most routes, "once a minute" on the policy list and
 * the reporting history. The SPEC does not say how the minute is counted, per what, or
 * whether a Retry-After comes back: the simulator counts a fixed 60 s window per API ID and
 * route (the window opens at the first request), sends no Retry-After, and lets tests and
 * benches change or switch off every limit (options.rateLimits).
 */
import { FixedWindowCounter } from '../http/fixed-window';

const WINDOW_MS = 60_000;

/** The documented limit of each route the simulator serves (SPEC line of the sentence in brackets). */
const DOCUMENTED_LIMITS = {
  'GET /api-public/v1/incidents': 60, // L352
  'PATCH /api-public/v1/incidents/ack': 60, // L421
  'PATCH /api-public/v1/incidents/resolve': 60, // L527
  'POST /api-public/v1/incidents/reroute': 60, // L508
  'GET /api-public/v1/alerts/{uuid}': 60, // L318
  'GET /api-public/v1/oncall/current': 60, // L613
  'GET /api-public/v1/org/routing-keys': 60, // L643
  'GET /api-public/v1/policies': 1, // L978 "once a minute"
  'GET /api-public/v1/team': 60, // L1438
  'GET /api-public/v1/team/{team}/members': 60, // L1638
  'GET /api-public/v1/team/{team}/policies': 60, // L1828
  'GET /api-public/v1/user': 60, // L1865
  'GET /api-public/v1/user/{user}': 60, // L1961
  'GET /api-reporting/v2/incidents': 1, // L2818 "once a minute"
} as const;

export type RateLimitedRoute = keyof typeof DOCUMENTED_LIMITS;

export function isRateLimitedRoute(route: string): route is RateLimitedRoute {
  return route in DOCUMENTED_LIMITS;
}

export class RouteRateLimiter {
  /** The limit in force per route (documented unless overridden); empty when limits are off. */
  readonly limits: ReadonlyMap<RateLimitedRoute, number>;
  private readonly counters = new Map<RateLimitedRoute, FixedWindowCounter>();

  constructor(
    overrides: Partial<Record<RateLimitedRoute, number>> | false | undefined,
    private readonly now: () => number,
  ) {
    const limits = new Map<RateLimitedRoute, number>();
    if (overrides !== false) {
      for (const route of Object.keys(DOCUMENTED_LIMITS) as RateLimitedRoute[]) {
        const limit = overrides?.[route] ?? DOCUMENTED_LIMITS[route];
        limits.set(route, limit);
        this.counters.set(route, new FixedWindowCounter(limit, WINDOW_MS));
      }
    }
    this.limits = limits;
  }

  /** Counts one request of the API ID on the route (unless refused) and says whether it may go on. */
  take(route: RateLimitedRoute, apiId: string): boolean {
    const counter = this.counters.get(route);
    return counter ? counter.take(apiId, this.now()).allowed : true;
  }
}
