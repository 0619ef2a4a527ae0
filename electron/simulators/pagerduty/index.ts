/**
 * The PagerDuty simulator: a stateful loopback HTTP server that speaks PagerDuty's REST
 * API v2 and Events API v2 wire protocol, with a deterministic demo organisation, demo
 * incidents, rate limits and injectable faults. It is the demo backend (`serve --demo`)
 * and the provider's test backend.
 *
 * Control routes for out-of-process tests (no token, not rate limited, not recorded):
 * `POST /_simulator/faults` (a JSON Fault), `DELETE /_simulator/faults`,
 * `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import { listenOnLoopback } from '../http/loopback-server';
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { buildDemoOrg } from './demo-org';
import { seedOpenIncidents, startDemoGenerator } from './demo-incidents';
import { DEMO_HISTORY_DAYS, seedIncidentHistory } from './demo-history';
import { FaultQueue } from './faults';
import { IdFactory, Random } from './random';
import { RateLimiter } from './rate-limiter';
import { Serializer } from './serializers';
import { createRequestHandler, EVENTS_PATH } from './server';
import { SimulatorState } from './state';
import type { Fault, PagerDutySimulatorOptions, RecordedRequest } from './types';

export type { PagerDutySimulatorOptions, RecordedRequest } from './types';
export { SimulatorState } from './state';
export type * from './types';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 960;
/** "approximately 120 calls/minute per integration key" (PagerDuty's Events API rate limits). */
const DEFAULT_CHANGE_EVENTS_PER_MINUTE = 120;
export const DEFAULT_SEED_INCIDENTS = 25;
/** Above this many seeded incidents the org grows to LARGE_ORG_SERVICE_COUNT services. */
export const LARGE_SEED_THRESHOLD = 500;
export const LARGE_ORG_SERVICE_COUNT = 200;

export interface PagerDutySimulator extends SimulatorControls<Fault, RecordedRequest> {
  /** http://127.0.0.1:PORT (the REST API base). */
  readonly baseUrl: string;
  /** `${baseUrl}/v2/enqueue` (the Events API v2; change events go to `${baseUrl}/v2/change/enqueue`). */
  readonly eventsUrl: string;
  /** Every request received (control routes excepted; the latest 20,000 or so): method, path, query string, headers, status returned. */
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Direct state access for tests and demo seeding (not via HTTP). */
  readonly state: SimulatorState;
  close(): Promise<void>;
}

export async function startPagerDutySimulator(options: PagerDutySimulatorOptions = {}): Promise<PagerDutySimulator> {
  const now = options.now ?? Date.now;
  const random = new Random(options.seed ?? 1);
  const ids = new IdFactory(random);
  const seedCount = Math.max(0, Math.floor(options.seedIncidents ?? DEFAULT_SEED_INCIDENTS));
  const serviceCount = options.serviceCount ?? (seedCount > LARGE_SEED_THRESHOLD ? LARGE_ORG_SERVICE_COUNT : undefined);
  const org = buildDemoOrg(ids, random, now(), serviceCount);
  const state = new SimulatorState(org, ids, now);
  seedOpenIncidents(state, random, ids, seedCount);
  seedIncidentHistory(
    state,
    new Random((options.seed ?? 1) + 1_000_003),
    ids,
    options.historyDays ?? (options.demo ? DEMO_HISTORY_DAYS : 0),
  );

  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let serializer: Serializer | null = null;
  const handler = createRequestHandler({
    state,
    ids,
    faults,
    limiter: new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE, now),
    validTokens: options.validTokens ? new Set(options.validTokens) : null,
    userTokens: new Map(),
    requests,
    pendingTimers,
    changeEvents: {
      perMinute: options.changeEventsPerMinute ?? DEFAULT_CHANGE_EVENTS_PER_MINUTE,
      summaryOverLimit: options.changeEventSummaryOverLimit ?? 'reject',
    },
    serializer: () => {
      if (!serializer) throw new Error('The PagerDuty simulator is not listening yet');
      return serializer;
    },
  });
  let stopDemo = (): void => {};
  const listener = await listenOnLoopback(handler, {
    port: options.port,
    label: 'PagerDuty simulator',
    pendingTimers,
    beforeClose: () => stopDemo(),
  });
  const baseUrl = listener.baseUrl;
  serializer = new Serializer(state, baseUrl);
  if (options.demo) stopDemo = startDemoGenerator(state, random, ids, options.demo.newIncidentEveryMs);

  return {
    baseUrl,
    eventsUrl: `${baseUrl}${EVENTS_PATH}`,
    ...simulatorControls(faults, requests),
    state,
    close: () => listener.close(),
  };
}
