/**
 * Load: how many requests, and how long, the engine (real provider, real HTTP) takes to
 * load 5,000 open incidents spread over 200 services, from start() to ready(). Each run
 * is a fresh engine against the same simulator; requests are counted from the
 * simulator's request log (a request is logged as it arrives).
 *
 * First rows: the first load puts each page in the store as it arrives, so the page can
 * show the first rows long before the rest. The first incidentsChanged event the engine
 * emits is that moment: the rows time it from start() and count the requests the simulator
 * had received by then.
 */
import { DEFAULT_RATE_LIMIT_PER_MINUTE, startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, restRequests, startBenchEngine, withTimeout } from '../harness';
import { makeRow, type ScenarioResult } from '../report';
import type { PagingProvider } from '../../electron/engine/ports';
import { summarize } from '../stats';

export interface LoadOptions {
  runs: number;
  incidents?: number;
  services?: number;
}

export const LOAD_REQUEST_TARGET = 55;
/** Issue 16: the first rows after one PagerDuty request... */
const FIRST_PAGE_REQUEST_TARGET = 1;
/** ...and within 500 ms of start. */
const FIRST_PAGE_TARGET_MS = 500;
/**
 * ...and all 5,000 no later than before: start() to ready() measured by this scenario on the
 * code before pages were shown as they arrive (commit acd6d92's `npm run bench -- --only
 * load`, 5 runs, the machine quiet): median 699 ms, p95 792 ms. The target allows 5% over it
 * for the machine's noise (the control row, the same run handing the list over at once, shows
 * how much of a difference is noise).
 */
const ALL_LOADED_BEFORE_MS = 699;
const ALL_LOADED_TARGET_MS = Math.round(ALL_LOADED_BEFORE_MS * 1.05);

interface LoadRun {
  requests: number;
  wallMs: number;
  firstPageMs: number;
  requestsBeforeFirstPage: number;
  firstPageSize: number;
  loaded: number;
  rateLimited: number;
  byPath: Record<string, number>;
}

type Simulator = Awaited<ReturnType<typeof startPagerDutySimulator>>;

/**
 * The provider as it was before pages were handed over: the sync gets the whole list at
 * once (the control runs, interleaved with the measured ones, under the same machine load).
 */
function wholeListOnly(provider: PagingProvider): PagingProvider {
  return new Proxy(provider, {
    get: (target, key) => (key === 'listOpenIncidents' ? () => target.listOpenIncidents() : Reflect.get(target, key, target)),
  });
}

/** One fresh engine's first load; `paged`: the first rows as they arrive (false: the control). */
async function loadOnce(simulator: Simulator, open: number, paged: boolean): Promise<LoadRun> {
  simulator.resetRequestLog();
  const t0 = performance.now();
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
    ...(paged ? {} : { wrapProvider: wholeListOnly }),
  });
  let firstPage: { ms: number; requests: number; size: number } | null = null;
  const stopListening = bench.engine.onEvent((event) => {
    if (event.name !== 'incidentsChanged' || firstPage) return;
    firstPage = { ms: performance.now() - t0, requests: restRequests(simulator.requests).length, size: event.payload.upserted.length };
  });
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    const wallMs = performance.now() - t0;
    stopListening();
    const first = firstPage as { ms: number; requests: number; size: number } | null;
    if (!first) throw new Error('The engine loaded without announcing any incidents (no incidentsChanged event)');
    // Counted before stop(): nothing else is due for one poll interval.
    const requests = restRequests(simulator.requests);
    const loaded = (await bench.engine.getSnapshot()).incidents.length;
    if (loaded !== open) throw new Error(`The engine loaded ${loaded} incidents, the simulator holds ${open} open ones`);
    const byPath: Record<string, number> = {};
    for (const request of requests) byPath[request.path] = (byPath[request.path] ?? 0) + 1;
    return {
      requests: requests.length,
      wallMs,
      firstPageMs: first.ms,
      requestsBeforeFirstPage: first.requests,
      firstPageSize: first.size,
      loaded,
      rateLimited: requests.filter((r) => r.status === 429).length,
      byPath,
    };
  } finally {
    await bench.stop();
  }
}

export async function runLoad({ runs, incidents = 5_000, services = 200 }: LoadOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: services });
  const perRun: LoadRun[] = [];
  const control: LoadRun[] = [];
  let cold: LoadRun;
  try {
    const open = simulator.state.incidentCount('triggered') + simulator.state.incidentCount('acknowledged');
    // The first engine in the process also pays for loading and compiling the code: reported on its own row, not mixed into the runs.
    cold = await loadOnce(simulator, open, true);
    for (let run = 0; run < runs; run++) {
      // Alternating which goes first, so neither always runs on a warmer process.
      if (run % 2 === 1) control.push(await loadOnce(simulator, open, false));
      perRun.push(await loadOnce(simulator, open, true));
      if (run % 2 === 0) control.push(await loadOnce(simulator, open, false));
    }
  } finally {
    await simulator.close();
  }

  const requests = summarize(perRun.map((run) => run.requests));
  const wall = summarize(perRun.map((run) => run.wallMs));
  const firstPageMs = summarize(perRun.map((run) => run.firstPageMs));
  const requestsBeforeFirstPage = summarize(perRun.map((run) => run.requestsBeforeFirstPage));
  const controlWall = summarize(control.map((run) => run.wallMs));
  const rateLimited = perRun.reduce((sum, run) => sum + run.rateLimited, 0);
  return {
    rows: [
      makeRow({
        scenario: 'load',
        metric: `requests to load ${incidents.toLocaleString('en-US')} open incidents`,
        unit: 'requests',
        summary: requests,
        show: 'max',
        target: { atMost: LOAD_REQUEST_TARGET, appliesTo: 'max' },
      }),
      makeRow({
        scenario: 'load',
        metric: 'first rows: requests before the first page is in the store',
        unit: 'requests',
        summary: requestsBeforeFirstPage,
        show: 'max',
        target: { atMost: FIRST_PAGE_REQUEST_TARGET, appliesTo: 'max' },
      }),
      makeRow({
        scenario: 'load',
        metric: 'start to first page in the engine',
        unit: 'ms',
        summary: firstPageMs,
        show: 'p95',
        target: { atMost: FIRST_PAGE_TARGET_MS, appliesTo: 'p95' },
      }),
      makeRow({
        scenario: 'load',
        metric: '  the same, first engine in a cold process',
        unit: 'ms',
        summary: summarize([cold.firstPageMs]),
      }),
      makeRow({
        scenario: 'load',
        metric: `start to all ${incidents.toLocaleString('en-US')} in the engine (start() to ready())`,
        unit: 'ms',
        summary: wall,
        show: 'p95',
        target: { atMost: ALL_LOADED_TARGET_MS, appliesTo: 'median' },
      }),
      makeRow({
        scenario: 'load',
        metric: `  control: all ${incidents.toLocaleString('en-US')}, the whole list at once (interleaved)`,
        unit: 'ms',
        summary: controlWall,
        show: 'p95',
      }),
    ],
    notes: [
      `${runs} runs, each a fresh engine against one simulator seeded with ${incidents.toLocaleString('en-US')} open incidents over ${services} services.`,
      `Simulator rate limit: ${DEFAULT_RATE_LIMIT_PER_MINUTE}/min (its default, PagerDuty's real limit); ${rateLimited} responses were 429.`,
      `First page: ${perRun[0]?.firstPageSize ?? 0} incidents; the rest follow page by page. "All" target: no later than the median before first rows were shown early (${ALL_LOADED_BEFORE_MS} ms, p95 792 ms, plus 5% for noise); the control row loads the same way with the whole list handed over at once, interleaved, to tell the change from the machine's noise. One warm-up load (a fresh engine, the first in the process: ${Math.round(cold.firstPageMs)} ms to the first page, ${Math.round(cold.wallMs)} ms to all) comes before the measured runs.`,
      `Requests by path (first run): ${Object.entries(perRun[0]?.byPath ?? {})
        .map(([path, count]) => `${path} x${count}`)
        .join(', ')}.`,
    ],
    details: {
      incidents,
      services,
      rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
      runs: perRun.map((run) => ({ ...run, wallMs: Math.round(run.wallMs * 10) / 10, firstPageMs: Math.round(run.firstPageMs * 10) / 10 })),
      requests,
      wallMs: wall,
      firstPageMs,
      requestsBeforeFirstPage,
      controlWallMs: controlWall,
      cold: { firstPageMs: Math.round(cold.firstPageMs * 10) / 10, wallMs: Math.round(cold.wallMs * 10) / 10 },
    },
    durationMs: performance.now() - startedAt,
  };
}
