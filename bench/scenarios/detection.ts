/**
 * Detection: how long from a monitoring tool's POST to the Events API (a trigger) until
 * the engine emits an incidentsChanged event carrying the new incident. Two rows: at the
 * console's default poll interval with nobody looking and the user off call (today's
 * pace), and with the user on call and a window in front (setViewerPresence), where the
 * engine polls at the fast pace of shared/rules/poll-cadence.ts. Each trigger is sent at a
 * random offset within the poll cycle (a seeded random wait after the previous detection,
 * which happens right after a poll), so the samples cover the whole cycle, as real alerts do.
 */
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RECONCILE_INTERVAL_MS,
  sleep,
  startBenchEngine,
  waitFor,
  waitForAsync,
  withTimeout,
  type BenchEngine,
} from '../harness';
import { makeRow, type ScenarioResult } from '../report';
import { seededRandom, stratifiedOffsets } from '../sampling';
import { summarize, type Summary } from '../stats';

export interface DetectionOptions {
  samples: number;
  pollIntervalMs?: number;
  incidents?: number;
}

/** How much later than one poll interval a detection may come (the round itself, the Events API call). */
const DETECTION_SLACK_MS = 500;
/** The target while on call: trigger to visible within 2.5 s, p95. */
const ON_CALL_TARGET_MS = 2_500;
const TITLE_PREFIX = 'Bench detection';
const VIEWER_ID = 'bench-detection-window';

interface Measured {
  /** The poll interval the engine ran at. */
  intervalMs: number;
  samples: Array<{ offsetMs: number; latencyMs: number }>;
  latency: Summary;
}

export async function runDetection({
  samples,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  incidents = 5_000,
}: DetectionOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 200 });
  let today: Measured;
  let onCall: Measured;
  let onCallUser: string;
  try {
    today = await measure(simulator, { samples, pollIntervalMs, firstIndex: 0, onCallInFront: false });
    onCallUser = onCallUserOf(simulator).name;
    onCall = await measure(simulator, { samples, pollIntervalMs, firstIndex: samples, onCallInFront: true });
  } finally {
    await simulator.close();
  }

  return {
    rows: [
      makeRow({
        scenario: 'detection',
        metric: `trigger to incidentsChanged, ${pollIntervalMs / 1000} s poll (off call, no window)`,
        unit: 'ms',
        summary: today.latency,
        show: 'p95',
        target: { atMost: pollIntervalMs + DETECTION_SLACK_MS, appliesTo: 'p95' },
      }),
      makeRow({
        scenario: 'detection',
        metric: `trigger to incidentsChanged, on call, window in front (${onCall.intervalMs / 1000} s poll)`,
        unit: 'ms',
        summary: onCall.latency,
        show: 'p95',
        target: { atMost: ON_CALL_TARGET_MS, appliesTo: 'p95' },
      }),
    ],
    notes: [
      `${samples} triggers per row at seeded random offsets spread over the poll cycle (one per slice of it), against ${incidents.toLocaleString('en-US')} open incidents; timed from the POST to the engine's event.`,
      `Off call, no window: the workspace's ${pollIntervalMs / 1000} s poll; expected uniform between ~0 and one interval (median ~${pollIntervalMs / 2000} s); min ${Math.round(today.latency.min)} ms, max ${Math.round(today.latency.max)} ms.`,
      `On call (${onCallUser}, on call in the simulator's schedules) with a window reporting itself in front: the engine chose a ${onCall.intervalMs} ms poll (the idle budget of 30 requests a minute, the reconcile of ${incidents.toLocaleString('en-US')} incidents counted); min ${Math.round(onCall.latency.min)} ms, max ${Math.round(onCall.latency.max)} ms.`,
    ],
    details: {
      pollIntervalMs,
      incidents,
      offCallNoWindow: { intervalMs: today.intervalMs, latencyMs: today.latency, samples: today.samples },
      onCallWindowInFront: { intervalMs: onCall.intervalMs, latencyMs: onCall.latency, samples: onCall.samples },
    },
    durationMs: performance.now() - startedAt,
  };
}

/** A user the simulator has on call now (level 1 of the first escalation policy). */
export function onCallUserOf(simulator: PagerDutySimulator): { id: string; name: string; email: string } {
  const policy = simulator.state.escalationPolicies[0];
  const userId = policy ? simulator.state.oncallUserIds(policy.id, 1)[0] : undefined;
  const user = simulator.state.users.find((candidate) => candidate.id === userId);
  if (!user) throw new Error('The simulator has nobody on call for its first escalation policy');
  return { id: user.id, name: user.name, email: user.email };
}

async function measure(
  simulator: PagerDutySimulator,
  {
    samples,
    pollIntervalMs,
    firstIndex,
    onCallInFront,
  }: { samples: number; pollIntervalMs: number; firstIndex: number; onCallInFront: boolean },
): Promise<Measured> {
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
    ...(onCallInFront ? { me: onCallUserOf(simulator) } : {}),
  });
  const seenAt = new Map<string, number>();
  bench.engine.onEvent((event) => {
    if (event.name !== 'incidentsChanged') return;
    const now = performance.now();
    for (const incident of event.payload.upserted) {
      if (incident.title.startsWith(TITLE_PREFIX) && !seenAt.has(incident.title)) seenAt.set(incident.title, now);
    }
  });
  const measured: Array<{ offsetMs: number; latencyMs: number }> = [];
  let intervalMs = pollIntervalMs;
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    if (onCallInFront) intervalMs = await onCallAndInFront(bench);
    const offsets = stratifiedOffsets(samples, intervalMs, seededRandom(20_240_501 + firstIndex));
    const services = simulator.state.services;
    for (let index = firstIndex; index < firstIndex + samples; index++) {
      const offsetMs = offsets[index - firstIndex]!;
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
      const detectedAt = await waitFor(`the engine to report "${title}"`, () => seenAt.get(title), intervalMs * 3 + 10_000);
      measured.push({ offsetMs, latencyMs: detectedAt - t0 });
    }
  } finally {
    await bench.stop();
  }
  return {
    intervalMs,
    samples: measured.map((sample) => ({ offsetMs: Math.round(sample.offsetMs), latencyMs: Math.round(sample.latencyMs * 10) / 10 })),
    latency: summarize(measured.map((sample) => sample.latencyMs)),
  };
}

/**
 * Waits until the engine knows its user is on call (its pace is fast with no window at all),
 * then reports a window in front, as the page does; answers the poll interval it chose.
 */
export async function onCallAndInFront(bench: BenchEngine): Promise<number> {
  await waitForAsync(
    'the engine to know its user is on call',
    async () => (await bench.engine.setViewerPresence({ viewerId: VIEWER_ID, visible: false, focused: false })).pace === 'fast',
    15_000,
    100,
  );
  const cadence = await bench.engine.setViewerPresence({ viewerId: VIEWER_ID, visible: true, focused: true });
  if (cadence.pace !== 'fast') throw new Error(`With a window in front the engine polls at the ${cadence.pace} pace, not fast`);
  return cadence.pollIntervalMs;
}
