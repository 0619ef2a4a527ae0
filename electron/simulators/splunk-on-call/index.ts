/**
 * The Splunk On-Call (formerly VictorOps) simulator: a stateful loopback HTTP server that
 * speaks the public REST API and the reporting API as the published description
 * (../shared/specs/splunk-on-call-api-v1.swagger.yaml) and live servers do, plus the REST
 * endpoint integration monitoring tools post alerts to, with a deterministic demo
 * organisation (two teams), per-route rate limits and injectable faults. The demo backend
 * and the provider's test backend. See README.md for what it does where the docs are silent.
 *
 * Control routes for out-of-process tests (no credentials, not rate limited, not recorded):
 * `POST /_simulator/faults` (a JSON fault), `DELETE /_simulator/faults`,
 * `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import { listenOnLoopback } from '../http/loopback-server';
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { Random } from '../pagerduty/random';
import { seedIncidentHistory, seedOpenIncidents } from './demo-incidents';
import { buildSplunkOnCallOrg } from './demo-org';
import { SplunkOnCallFaultQueue } from './faults';
import { RouteRateLimiter } from './rate-limits';
import { REST_ENDPOINT_PREFIX } from './rest-endpoint';
import { Serializer } from './serializers';
import { createRequestHandler } from './server';
import { SplunkOnCallState } from './state';
import type { SplunkOnCallFault, SplunkOnCallRecordedRequest, SplunkOnCallSimulatorOptions } from './types';

/** The demo REST endpoint key, shaped like the vendor's (a uuid). */
const DEMO_REST_ENDPOINT_KEY = '3f9c2a1e-8d4b-4c6f-9a7e-5b1d0c2e4f68';
const DEFAULT_RECENTLY_RESOLVED_MS = 24 * 60 * 60 * 1000;
const DEFAULT_HISTORY_DAYS = 14;

export interface SplunkOnCallSimulator extends SimulatorControls<SplunkOnCallFault, SplunkOnCallRecordedRequest> {
  /** http://127.0.0.1:PORT, the API base: routes are under /api-public/... and /api-reporting/... */
  readonly apiUrl: string;
  /** The REST endpoint URL a monitoring tool is given: append `/<routing key>` and POST an alert. */
  readonly restEndpointUrl: string;
  /** Every request received (control routes excepted; the latest 20,000 or so), each with the route it matched. */
  readonly requests: ReadonlyArray<SplunkOnCallRecordedRequest>;
  /** The requests per route ("GET /api-public/v1/incidents"), for benches that compare them with the limits. */
  requestsByRoute(): Map<string, SplunkOnCallRecordedRequest[]>;
  /** The per-minute limit in force per route (empty when rate limiting is off). */
  readonly rateLimits: ReadonlyMap<string, number>;
  /** Direct state access for tests and demo seeding (not via HTTP). */
  readonly state: SplunkOnCallState;
  close(): Promise<void>;
}

export async function startSplunkOnCallSimulator(options: SplunkOnCallSimulatorOptions = {}): Promise<SplunkOnCallSimulator> {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  const random = new Random(seed);
  const state = new SplunkOnCallState(buildSplunkOnCallOrg(random, now()), random, now, {
    recentlyResolvedMs: options.recentlyResolvedMs ?? DEFAULT_RECENTLY_RESOLVED_MS,
    warningOpensIncident: options.warningOpensIncident ?? false,
  });
  seedIncidentHistory(state, new Random(seed + 1_000_003), options.historyDays ?? DEFAULT_HISTORY_DAYS);
  if (options.seedIncidents ?? true) seedOpenIncidents(state, random);

  const requests: SplunkOnCallRecordedRequest[] = [];
  const faults = new SplunkOnCallFaultQueue();
  const pendingTimers = new Set<NodeJS.Timeout>();
  const limiter = new RouteRateLimiter(options.rateLimits, now);
  const restEndpointKey = options.restEndpointKey ?? DEMO_REST_ENDPOINT_KEY;
  const handler = createRequestHandler({
    state,
    serializer: new Serializer(state, options.phaseSpelling ?? 'live'),
    faults,
    limiter,
    rateLimitStatus: options.rateLimitStatus ?? 403,
    credentials: options.credentials ?? null,
    restEndpointKey,
    requests,
    pendingTimers,
  });
  const listener = await listenOnLoopback(handler, { port: options.port, label: 'Splunk On-Call simulator', pendingTimers });

  return {
    apiUrl: listener.baseUrl,
    restEndpointUrl: `${listener.baseUrl}${REST_ENDPOINT_PREFIX}${restEndpointKey}`,
    ...simulatorControls(faults, requests),
    requestsByRoute: () => {
      const byRoute = new Map<string, SplunkOnCallRecordedRequest[]>();
      for (const request of requests) {
        const key = request.route ?? `${request.method} ${request.path}`;
        const list = byRoute.get(key) ?? [];
        list.push(request);
        byRoute.set(key, list);
      }
      return byRoute;
    },
    rateLimits: limiter.limits,
    state,
    close: () => listener.close(),
  };
}
