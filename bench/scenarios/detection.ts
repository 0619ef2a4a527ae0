/**
 * Detection: how long from a monitoring tool's POST to the Events API (a trigger) until
 * the engine emits an incidentsChanged event carrying the new incident, at the console's
 * default poll interval. Each trigger is sent at a random offset within the poll cycle
 * (a seeded random wait after the previous detection, which happens right after a poll),
 * so the samples cover the whole cycle, as real alerts do.
 */
import { startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, sleep, startBenchEngine, waitFor, withTimeout } from '../harness';
import { makeRow, type ScenarioResult } from '../report';
import { seededRandom, stratifiedOffsets } from '../sampling';
import { summarize } from '../stats';

export interface DetectionOptions {
  samples: number;
  pollIntervalMs?: number;
  incidents?: number;
}

/** How much later than one poll interval a detection may come (the round itself, the Events API call). */
const DETECTION_SLACK_MS = 500;
const TITLE_PREFIX = 'Bench detection';

export async function runDetection({
  samples,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  incidents = 5_000,
}: DetectionOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 200 });
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
  });
  const seenAt = new Map<string, number>();
  bench.engine.onEvent((event) => {
    if (event.name !== 'incidentsChanged') return;
    const now = performance.now();
    for (const incident of event.payload.upserted) {
      if (incident.title.startsWith(TITLE_PREFIX) && !seenAt.has(incident.title)) seenAt.set(incident.title, now);
    }
  });
  const offsets = stratifiedOffsets(samples, pollIntervalMs, seededRandom(20_240_501));
  const measured: Array<{ offsetMs: number; latencyMs: number }> = [];
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    const services = simulator.state.services;
    for (let index = 0; index < samples; index++) {
      const offsetMs = offsets[index]!;
      await sleep(offsetMs);
      const title = `${TITLE_PREFIX} ${index + 1}: checkout p99 latency above 2 s`;
      const service = services[index % services.length]!;
      const t0 = performance.now();
      const response = await fetch(simulator.eventsUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          routing_key: simulator.state.routingKeyFor(service.id),
          event_action: 'trigger',
          dedup_key: `bench-detection-${index + 1}`,
          payload: { summary: title, source: 'bench-checkout-7f9c', severity: 'critical' },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 202) throw new Error(`The Events API answered ${response.status} to a trigger: ${await response.text()}`);
      await response.arrayBuffer();
      const detectedAt = await waitFor(`the engine to report "${title}"`, () => seenAt.get(title), pollIntervalMs * 3 + 10_000);
      measured.push({ offsetMs, latencyMs: detectedAt - t0 });
    }
  } finally {
    await bench.stop();
    await simulator.close();
  }

  const latency = summarize(measured.map((sample) => sample.latencyMs));
  return {
    rows: [
      makeRow({
        scenario: 'detection',
        metric: `trigger to incidentsChanged, ${pollIntervalMs / 1000} s poll`,
        unit: 'ms',
        summary: latency,
        show: 'p95',
        target: { atMost: pollIntervalMs + DETECTION_SLACK_MS, appliesTo: 'p95' },
      }),
    ],
    notes: [
      `${samples} triggers at seeded random offsets spread over the ${pollIntervalMs / 1000} s poll cycle (one per ${Math.round(pollIntervalMs / samples)} ms slice), against ${incidents.toLocaleString('en-US')} open incidents; timed from the POST to the engine's event.`,
      `Expected: uniform between ~0 and one interval (median ~${pollIntervalMs / 2000} s); min ${Math.round(latency.min)} ms, max ${Math.round(latency.max)} ms.`,
    ],
    details: {
      pollIntervalMs,
      incidents,
      latencyMs: latency,
      samples: measured.map((sample) => ({ offsetMs: Math.round(sample.offsetMs), latencyMs: Math.round(sample.latencyMs * 10) / 10 })),
    },
    durationMs: performance.now() - startedAt,
  };
}
