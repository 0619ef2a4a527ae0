/**
 * Requests per minute per route against each route's rate limit, as pure functions: the
 * most requests a route took in any sliding window, as a rate per minute, and the margin
 * to its limit. The 2x-margin target is "at most half the limit"; for a route allowed once
 * a minute half a call is no whole number, so its window is stretched to the shortest
 * whole number of minutes in which half the limit is whole calls (120 s: at most one call
 * in any two minutes).
 */

/** A logged request: the route it matched ("GET /api-public/v1/incidents", null when none) and when it arrived (ms). */
interface TimedRequest {
  route: string | null;
  at: number;
}

export interface RouteRate {
  route: string;
  /** Requests a minute the route allows. */
  limit: number;
  /** Requests to the route in the measured window. */
  requests: number;
  /** The sliding window the peak was counted over. */
  windowMs: number;
  /** The most requests in any window of windowMs. */
  peakInWindow: number;
  /** peakInWindow as requests a minute. */
  peakPerMinute: number;
  /** limit / peakPerMinute (Infinity when the route was not called). */
  margin: number;
}

const MINUTE_MS = 60_000;

/** The window a route's peak is counted over: a minute, or as many whole minutes as make half the limit whole calls. */
function windowForLimit(limitPerMinute: number): number {
  if (!Number.isInteger(limitPerMinute) || limitPerMinute < 1) {
    throw new Error(`windowForLimit: a limit is a whole number of requests a minute, at least 1, got ${limitPerMinute}`);
  }
  let minutes = 1;
  while (!Number.isInteger((limitPerMinute * minutes) / 2)) minutes += 1;
  return minutes * MINUTE_MS;
}

/** The most of these times (ms) that fall in any half-open window [t, t + windowMs). */
function peakInWindow(times: readonly number[], windowMs: number): number {
  if (!(windowMs > 0)) throw new Error(`peakInWindow: windowMs must be positive, got ${windowMs}`);
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end += 1;
    peak = Math.max(peak, end - start);
  }
  return peak;
}

/**
 * Each limited route's peak rate over the requests (routes without a limit are left out;
 * see `unlimitedRoutes`), most loaded first (by margin, then route). Every limited route is
 * listed, called or not.
 */
export function routeRates(requests: ReadonlyArray<TimedRequest>, limits: ReadonlyMap<string, number>): RouteRate[] {
  const timesOf = new Map<string, number[]>();
  for (const request of requests) {
    if (request.route === null || !limits.has(request.route)) continue;
    const times = timesOf.get(request.route) ?? [];
    times.push(request.at);
    timesOf.set(request.route, times);
  }
  return [...limits.entries()]
    .map(([route, limit]): RouteRate => {
      const times = timesOf.get(route) ?? [];
      const windowMs = windowForLimit(limit);
      const peak = peakInWindow(times, windowMs);
      const peakPerMinute = peak / (windowMs / MINUTE_MS);
      return {
        route,
        limit,
        requests: times.length,
        windowMs,
        peakInWindow: peak,
        peakPerMinute,
        margin: peakPerMinute === 0 ? Infinity : limit / peakPerMinute,
      };
    })
    .sort((a, b) => a.margin - b.margin || a.route.localeCompare(b.route));
}

/** Routes requested that have no limit in the map ("none" matched counts as its method and path), for a note. */
export function unlimitedRoutes(
  requests: ReadonlyArray<TimedRequest & { method: string; path: string }>,
  limits: ReadonlyMap<string, number>,
): string[] {
  const names = new Set<string>();
  for (const request of requests) {
    const name = request.route ?? `${request.method} ${request.path}`;
    if (!limits.has(name)) names.add(name);
  }
  return [...names].sort();
}
