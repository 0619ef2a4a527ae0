/**
 * Load: how many requests, and how long, the engine (real provider, real HTTP) takes to
 * load 5,000 open incidents spread over 200 services, from start() to ready(). Each run
 * is a fresh engine against the same simulator; requests are counted from the
 * simulator's request log.
 */
import { DEFAULT_RATE_LIMIT_PER_MINUTE, startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, restRequests, startBenchEngine, withTimeout } from '../harness';
import { makeRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';

export interface LoadOptions {
  runs: number;
  incidents?: number;
  services?: number;
}

export const LOAD_REQUEST_TARGET = 55;

export async function runLoad({ runs, incidents = 5_000, services = 200 }: LoadOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: services });
  const perRun: Array<{ requests: number; wallMs: number; loaded: number; rateLimited: number; byPath: Record<string, number> }> = [];
  try {
    const open = simulator.state.incidentCount('triggered') + simulator.state.incidentCount('acknowledged');
    for (let run = 0; run < runs; run++) {
      simulator.resetRequestLog();
      const t0 = performance.now();
      const bench = startBenchEngine({
        baseUrl: simulator.baseUrl,
        from: simulator.state.me.email,
        pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
        reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
      });
      try {
        await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
        const wallMs = performance.now() - t0;
        // Counted before stop(): nothing else is due for one poll interval.
        const requests = restRequests(simulator.requests);
        const loaded = (await bench.engine.getSnapshot()).incidents.length;
        if (loaded !== open) throw new Error(`The engine loaded ${loaded} incidents, the simulator holds ${open} open ones`);
        const byPath: Record<string, number> = {};
        for (const request of requests) byPath[request.path] = (byPath[request.path] ?? 0) + 1;
        perRun.push({ requests: requests.length, wallMs, loaded, rateLimited: requests.filter((r) => r.status === 429).length, byPath });
      } finally {
        await bench.stop();
      }
    }
  } finally {
    await simulator.close();
  }

  const requests = summarize(perRun.map((run) => run.requests));
  const wall = summarize(perRun.map((run) => run.wallMs));
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
      makeRow({ scenario: 'load', metric: 'wall time, start() to ready()', unit: 'ms', summary: wall, show: 'p95' }),
    ],
    notes: [
      `${runs} runs, each a fresh engine against one simulator seeded with ${incidents.toLocaleString('en-US')} open incidents over ${services} services.`,
      `Simulator rate limit: ${DEFAULT_RATE_LIMIT_PER_MINUTE}/min (its default, PagerDuty's real limit); ${rateLimited} responses were 429.`,
      `Requests by path (first run): ${Object.entries(perRun[0]?.byPath ?? {})
        .map(([path, count]) => `${path} x${count}`)
        .join(', ')}.`,
    ],
    details: {
      incidents,
      services,
      rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
      runs: perRun.map((run) => ({ ...run, wallMs: Math.round(run.wallMs * 10) / 10 })),
      requests,
      wallMs: wall,
    },
    durationMs: performance.now() - startedAt,
  };
}
