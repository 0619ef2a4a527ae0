/**
 * Splunk On-Call beside PagerDuty in one queue: what the second paging platform costs and
 * how fast its alerts show. A workspace whose `paging` lists PagerDuty then Splunk On-Call
 * (parsed as a workspace file is) is wired as the console host wires it, against the
 * PagerDuty and Splunk On-Call simulators, at the console's default intervals. Three
 * figures: trigger to visible (a CRITICAL alert posted to the REST endpoint integration at
 * a seeded offset in the poll cycle, until the engine's incidentsChanged event carries the
 * incident, as detection does for PagerDuty); Splunk On-Call requests per idle poll
 * (metered per round, as idle does); and requests per minute per route over a measured
 * window of idle polling and a burst of console use, against each route's documented
 * limit (the simulator's rate-limits.ts), with a 2x margin as the target.
 */
import type { Engine } from '../../electron/engine/engine';
import { Outbox } from '../../electron/engine/outbox';
import { systemClock, type ChangeSet, type PagingProvider, type SyncCursor } from '../../electron/engine/ports';
import { createEngine } from '../../electron/host/create-engine';
import { parseWorkspace } from '../../electron/host/workspace';
import { createPagerDutyProvider } from '../../electron/providers/pagerduty';
import { createSplunkOnCallProvider } from '../../electron/providers/splunk-on-call';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../electron/simulators/splunk-on-call';
import type { SplunkOnCallRecordedRequest } from '../../electron/simulators/splunk-on-call/types';
import type { ActionRequest } from '../../shared/domain/action';
import type { Incident } from '../../shared/domain/incident';
import { BENCH_TOKEN, sleep, waitFor, waitForAsync, withTimeout } from '../harness';
import { formatValue, makeRow, type MetricRow, type ScenarioResult } from '../report';
import { routeRates, unlimitedRoutes, type RouteRate } from '../route-rates';
import { seededRandom, stratifiedOffsets } from '../sampling';
import { summarize } from '../stats';

export interface SplunkOnCallOptions {
  /** Alerts timed from the REST endpoint to the engine's event. */
  samples: number;
  /** Idle polling before the burst of console use (its rounds are the idle samples). */
  idleMs: number;
  /** The whole measured window for requests per minute (idle, the burst, idle again). */
  windowMs: number;
}

const SCENARIO = 'splunk-on-call';
const API_ID = 'bench-api-id';
const API_KEY = 'bench-api-key-0123456789';
/** How much later than one poll interval a detection may come (the round itself, the REST endpoint call). */
const DETECTION_SLACK_MS = 500;
const TITLE_PREFIX = 'Bench Splunk On-Call detection';
/** A person's pause between two steps of the burst (reading, moving the pointer). */
const THINK_MS = 1_500;
/** How long an action may take to land (the outbox, the platform, the poll after it). */
const ACTION_TIMEOUT_MS = 30_000;

interface Round {
  kind: 'poll' | 'reconcile';
  requests: number;
  startedAt: number;
  endedAt: number;
}

/**
 * Wraps the Splunk On-Call provider so each sync round is metered: the Splunk On-Call API
 * requests in the simulator's log before and after the engine's call, as idle.ts does for
 * PagerDuty. Everything else is passed through untouched.
 */
function meteredProvider(inner: PagingProvider, requestCount: () => number, rounds: Round[]): PagingProvider {
  const meter = async <T>(kind: Round['kind'], call: () => Promise<T>): Promise<T> => {
    const before = requestCount();
    const startedAt = performance.now();
    try {
      return await call();
    } finally {
      rounds.push({ kind, requests: requestCount() - before, startedAt, endedAt: performance.now() });
    }
  };
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'listOpenIncidents') return () => meter('reconcile', () => target.listOpenIncidents());
      if (property === 'changesSince') return (cursor: SyncCursor): Promise<ChangeSet> => meter('poll', () => target.changesSince(cursor));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The workspace file a user would write: PagerDuty first, then Splunk On-Call, at the console's default intervals. */
function workspaceYaml(pagerDuty: PagerDutySimulator, splunk: SplunkOnCallSimulator): string {
  return [
    'name: Benchmark (PagerDuty and Splunk On-Call)',
    'paging:',
    '  - provider: pagerduty',
    `    baseUrl: ${pagerDuty.baseUrl}`,
    '  - provider: splunk-on-call',
    `    apiUrl: ${splunk.apiUrl}`,
    '',
  ].join('\n');
}

interface World {
  pagerDuty: PagerDutySimulator;
  splunk: SplunkOnCallSimulator;
  engine: Engine;
  rounds: Round[];
  log: string[];
  pollIntervalMs: number;
  reconcileMinutes: number;
  /** The Splunk On-Call API requests in the log (the bench's own REST endpoint posts left out). */
  apiRequests(from?: number): SplunkOnCallRecordedRequest[];
  close(): Promise<void>;
}

/** The simulators and an engine wired as console-host.ts wires a workspace whose paging lists both platforms. */
async function startWorld(): Promise<World> {
  const pagerDuty = await startPagerDutySimulator({ seedIncidents: 200, serviceCount: 20 });
  const splunk = await startSplunkOnCallSimulator({ credentials: [{ apiId: API_ID, apiKey: API_KEY }] });
  const restEndpointPath = new URL(splunk.restEndpointUrl).pathname;
  const apiRequests = (from = 0) => splunk.requests.slice(from).filter((request) => !request.path.startsWith(restEndpointPath));
  const workspace = parseWorkspace(workspaceYaml(pagerDuty, splunk), 'bench workspace (splunk-on-call scenario)');
  const splunkSettings = workspace.morePaging?.[0];
  if (!splunkSettings) throw new Error('The bench workspace did not yield a Splunk On-Call platform beside PagerDuty');
  const username = splunk.state.users.values().next().value?.username;
  if (!username) throw new Error('The Splunk On-Call simulator has no users');
  const rounds: Round[] = [];
  const splunkProvider = createSplunkOnCallProvider({
    apiUrl: splunkSettings.apiUrl,
    apiId: API_ID,
    apiKey: API_KEY,
    username,
    timeoutMs: splunkSettings.requestTimeoutSeconds * 1000,
  });
  const outbox = new Outbox(':memory:', systemClock);
  const log: string[] = [];
  const pollIntervalMs = workspace.paging.pollIntervalSeconds * 1000;
  const engine = createEngine({
    paging: createPagerDutyProvider({
      baseUrl: workspace.paging.baseUrl,
      token: BENCH_TOKEN,
      from: pagerDuty.state.me.email,
      scope: workspace.paging.scope,
      timeoutMs: workspace.paging.requestTimeoutSeconds * 1000,
    }),
    morePaging: [meteredProvider(splunkProvider, () => apiRequests().length, rounds)],
    outbox,
    clock: systemClock,
    reconcileIntervalMs: workspace.paging.reconcileMinutes * 60_000,
    workspace: { name: workspace.name, demo: false, me: null, pollIntervalMs },
    log: (message) => log.push(message),
  });
  engine.start();
  return {
    pagerDuty,
    splunk,
    engine,
    rounds,
    log,
    pollIntervalMs,
    reconcileMinutes: workspace.paging.reconcileMinutes,
    apiRequests,
    async close() {
      await engine.stop();
      outbox.close();
      await splunk.close();
      await pagerDuty.close();
    },
  };
}

/** Trigger to visible: CRITICAL alerts at seeded offsets in the poll cycle, each timed until the engine's event carries it. */
async function measureDetection(world: World, samples: number): Promise<Array<{ offsetMs: number; latencyMs: number }>> {
  const seenAt = new Map<string, number>();
  const unsubscribe = world.engine.onEvent((event) => {
    if (event.name !== 'incidentsChanged') return;
    const now = performance.now();
    for (const incident of event.payload.upserted) {
      if (incident.provider === 'splunk-on-call' && incident.title.startsWith(TITLE_PREFIX) && !seenAt.has(incident.title)) {
        seenAt.set(incident.title, now);
      }
    }
  });
  const offsets = stratifiedOffsets(samples, world.pollIntervalMs, seededRandom(20_261_207));
  const routingKeys = world.splunk.state.routingKeys.map((key) => key.routingKey);
  // Each detection lands just after a Splunk On-Call poll: the offset puts the next alert at that point of the cycle.
  await waitFor('a Splunk On-Call poll round', () => world.rounds.some((round) => round.kind === 'poll'), world.pollIntervalMs * 3);
  const measured: Array<{ offsetMs: number; latencyMs: number }> = [];
  try {
    for (let index = 0; index < samples; index++) {
      const offsetMs = offsets[index]!;
      await sleep(offsetMs);
      const title = `${TITLE_PREFIX} ${index + 1}: payouts queue depth above 10,000`;
      const t0 = performance.now();
      const response = await fetch(`${world.splunk.restEndpointUrl}/${routingKeys[index % routingKeys.length]}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          message_type: 'CRITICAL',
          entity_id: `bench-soc-detection-${index + 1}`,
          entity_display_name: title,
          state_message: 'Queue depth 12,480 for 5 minutes',
          monitoring_tool: 'bench',
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = await response.text();
      if (response.status !== 200) throw new Error(`The REST endpoint answered ${response.status} to a CRITICAL alert: ${answer}`);
      const detectedAt = await waitFor(`the engine to report "${title}"`, () => seenAt.get(title), world.pollIntervalMs * 3 + 10_000);
      measured.push({ offsetMs, latencyMs: detectedAt - t0 });
    }
  } finally {
    unsubscribe();
  }
  return measured;
}

interface BurstStep {
  what: string;
  run: () => Promise<unknown>;
}

/** Submits an action as the console does and waits until it has landed. */
async function act(engine: Engine, request: ActionRequest): Promise<void> {
  const record = await engine.submitAction(request);
  const finalState = await waitForAsync(
    `the ${request.kind} of ${request.incidentIds.join(', ')} to land`,
    async () => {
      const state = (await engine.getSnapshot()).actions.find((action) => action.id === record.id)?.state;
      return state === 'done' || state === 'failed' ? state : null;
    },
    ACTION_TIMEOUT_MS,
    50,
  );
  if (finalState !== 'done') throw new Error(`The ${request.kind} of ${request.incidentIds.join(', ')} failed`);
}

/**
 * A realistic burst of an on-call developer's use of the console over half a minute: the
 * on-call panel, three incidents opened and acknowledged one by one, the reassign picker
 * (the directory), the response metrics over both windows, two incidents resolved in one
 * action with a note, the resolved ones opened again, a manual refresh, the panel again.
 */
function burstSteps(engine: Engine, triggered: Incident[]): BurstStep[] {
  const [first, second, third, fourth, fifth] = triggered;
  if (!first || !second || !third || !fourth || !fifth) {
    throw new Error(`The burst needs five triggered Splunk On-Call incidents, the queue has ${triggered.length}`);
  }
  const open = (incident: Incident): BurstStep => ({
    what: `open ${incident.id}`,
    run: () => engine.getIncidentDetail({ incidentId: incident.id }),
  });
  const ack = (incident: Incident): BurstStep => ({
    what: `acknowledge ${incident.id}`,
    run: () => act(engine, { kind: 'acknowledge', incidentIds: [incident.id] }),
  });
  return [
    { what: 'on-call panel', run: () => engine.getOnCalls() },
    open(first),
    ack(first),
    open(second),
    ack(second),
    open(third),
    ack(third),
    { what: 'reassign picker (directory)', run: () => engine.getDirectory() },
    { what: 'response metrics, 7 days', run: () => engine.getResponseMetrics({ windowDays: 7 }) },
    { what: 'response metrics, 30 days', run: () => engine.getResponseMetrics({ windowDays: 30 }) },
    open(fourth),
    {
      what: `resolve ${fourth.id} and ${fifth.id}`,
      run: () => act(engine, { kind: 'resolve', incidentIds: [fourth.id, fifth.id], note: 'Consumer lag back under 100' }),
    },
    open(fourth),
    open(fifth),
    { what: 'refresh', run: () => engine.refreshNow() },
    { what: 'on-call panel', run: () => engine.getOnCalls() },
  ];
}

/** Requests per route, for the JSON (a poll round that fell inside a step is counted there too). */
function countByRoute(requests: ReadonlyArray<SplunkOnCallRecordedRequest>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const route = request.route ?? `${request.method} ${request.path}`;
    counts[route] = (counts[route] ?? 0) + 1;
  }
  return counts;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function rateRow(rate: RouteRate): MetricRow {
  const windowNote = rate.windowMs === 60_000 ? '' : ` (over ${rate.windowMs / 1000} s)`;
  return {
    ...makeRow({
      scenario: SCENARIO,
      metric: `${rate.route}: peak requests per minute${windowNote}`,
      unit: 'req/min',
      summary: summarize([rate.peakPerMinute]),
      other: `limit ${rate.limit}, ${Number.isFinite(rate.margin) ? `${formatValue(round2(rate.margin))}x margin` : 'not called'}`,
      target: { atMost: rate.limit / 2, appliesTo: 'max' },
    }),
    samples: rate.requests,
  };
}

export async function runSplunkOnCall({ samples, idleMs, windowMs }: SplunkOnCallOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const world = await startWorld();
  let detection: Array<{ offsetMs: number; latencyMs: number }>;
  let idleRounds: Round[];
  let rates: RouteRate[];
  let unlimited: string[];
  let windowRequests: SplunkOnCallRecordedRequest[];
  const burstLog: Array<{ what: string; atMs: number; durationMs: number; requests: Record<string, number> }> = [];
  let watchedMs: number;
  try {
    await withTimeout("The engine's first load", world.engine.ready(), 60_000);
    await waitForAsync(
      'the Splunk On-Call connection to be ok',
      async () => (await world.engine.getSnapshot()).connections.find((each) => each.provider === 'splunk-on-call')?.state === 'ok',
      30_000,
      50,
    );
    detection = await measureDetection(world, samples);

    // The measured window: idle polling, the burst, idle polling to the end.
    const logFrom = world.splunk.requests.length;
    const roundsFrom = world.rounds.length;
    const t0 = performance.now();
    await sleep(idleMs);
    const burstStart = performance.now();
    const triggered = (await world.engine.getSnapshot()).incidents
      .filter((incident) => incident.provider === 'splunk-on-call' && incident.status === 'triggered')
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const step of burstSteps(world.engine, triggered)) {
      const s0 = performance.now();
      const stepFrom = world.splunk.requests.length;
      await withTimeout(`The burst step "${step.what}"`, step.run(), ACTION_TIMEOUT_MS + 5_000);
      burstLog.push({
        what: step.what,
        atMs: Math.round(s0 - t0),
        durationMs: Math.round(performance.now() - s0),
        requests: countByRoute(world.apiRequests(stepFrom)),
      });
      await sleep(THINK_MS);
    }
    const remaining = windowMs - (performance.now() - t0);
    if (remaining > 0) await sleep(remaining);
    watchedMs = performance.now() - t0;
    idleRounds = world.rounds.slice(roundsFrom).filter((round) => round.kind === 'poll' && round.endedAt <= burstStart);
    windowRequests = world.apiRequests(logFrom);
    rates = routeRates(windowRequests, world.splunk.rateLimits);
    unlimited = unlimitedRoutes(windowRequests, world.splunk.rateLimits);
  } catch (error) {
    if (world.log.length > 0) throw new Error(`${String(error)}\nEngine log:\n${world.log.slice(-10).join('\n')}`, { cause: error });
    throw error;
  } finally {
    await world.close();
  }

  if (idleRounds.length === 0) throw new Error(`The ${idleMs} ms of idle polling saw no complete Splunk On-Call poll round`);
  const latency = summarize(detection.map((sample) => sample.latencyMs));
  const perIdlePoll = summarize(idleRounds.map((round) => round.requests));
  const refused = windowRequests.filter((request) => request.status === 403 || request.status === 429).length;
  const called = rates.filter((rate) => rate.requests > 0);
  const pollSeconds = world.pollIntervalMs / 1000;
  const burstRequests = burstLog.reduce((sum, step) => sum + Object.values(step.requests).reduce((a, b) => a + b, 0), 0);
  const lastStep = burstLog.at(-1);
  const burstSeconds = lastStep ? (lastStep.atMs + lastStep.durationMs - (burstLog[0]?.atMs ?? 0)) / 1000 : 0;

  return {
    rows: [
      makeRow({
        scenario: SCENARIO,
        metric: `trigger to incidentsChanged, ${pollSeconds} s poll`,
        unit: 'ms',
        summary: latency,
        show: 'p95',
        target: { atMost: world.pollIntervalMs + DETECTION_SLACK_MS, appliesTo: 'p95' },
      }),
      makeRow({
        scenario: SCENARIO,
        metric: 'requests per poll round, nothing changed',
        unit: 'requests',
        summary: perIdlePoll,
        show: 'max',
        target: { atMost: 1, appliesTo: 'max' },
      }),
      ...called.map(rateRow),
    ],
    notes: [
      `A workspace whose paging lists PagerDuty (200 open incidents) then Splunk On-Call (its demo organisation), wired as the console host does, at the defaults (poll ${pollSeconds} s, reconcile ${world.reconcileMinutes} min, so none in the window).`,
      `Trigger to visible: ${samples} CRITICAL alerts posted to the REST endpoint integration at seeded offsets spread over the ${pollSeconds} s cycle (one per ${Math.round(world.pollIntervalMs / samples)} ms slice), each timed until the engine's incidentsChanged event carries it; min ${Math.round(latency.min)} ms, max ${Math.round(latency.max)} ms.`,
      `Idle: ${idleRounds.length} Splunk On-Call poll rounds in the first ${formatValue(idleMs / 1000)} s of the window, each metered in the simulator's log (the bench's own REST endpoint posts left out).`,
      `Requests per minute: a ${formatValue(watchedMs / 1000)} s window of idle polling with a burst of console use ${formatValue(idleMs / 1000)} s in (${burstLog.map((step) => step.what).join('; ')}; ${formatValue(THINK_MS / 1000)} s between steps). Peak = most requests to a route in any sliding 60 s window (for a route allowed once a minute, any 120 s window, halved: half its limit is one call in two minutes); target at most half the route's limit as the simulator's rate-limits.ts states it from the SPEC.`,
      `Per route (limit / peak per minute / margin): ${called.map((rate) => `${rate.route} ${rate.limit} / ${formatValue(round2(rate.peakPerMinute))} / ${Number.isFinite(rate.margin) ? `${formatValue(round2(rate.margin))}x` : '-'}`).join('; ')}. Not called: ${rates.filter((rate) => rate.requests === 0).length} other limited routes.`,
      `The burst took ${formatValue(burstSeconds)} s and sent ${burstRequests} Splunk On-Call requests (per step and route in the JSON, poll rounds that fell inside a step included). Rate-limit refusals in the window: ${refused}.${unlimited.length > 0 ? ` Requests to routes with no documented limit: ${unlimited.join(', ')}.` : ''}`,
      ...(world.log.length > 0 ? [`Engine log: ${world.log.slice(-5).join(' | ')}`] : []),
    ],
    details: {
      pollIntervalMs: world.pollIntervalMs,
      detection: {
        latencyMs: latency,
        samples: detection.map((sample) => ({ offsetMs: Math.round(sample.offsetMs), latencyMs: Math.round(sample.latencyMs * 10) / 10 })),
      },
      idle: { idleMs, perPoll: perIdlePoll, rounds: idleRounds.map((round) => round.requests) },
      window: { windowMs: Math.round(watchedMs), requests: windowRequests.length, refused, burst: burstLog, routes: rates },
    },
    durationMs: performance.now() - startedAt,
  };
}
