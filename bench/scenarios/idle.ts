/**
 * Idle: what the engine costs PagerDuty when nothing changes. Waiting minutes at the real
 * 5 s interval would say little more, so the engine runs with a short poll interval and a
 * short reconcile interval over a short window, and each round is metered (requests in
 * the simulator's log before and after the engine's call; rounds never overlap). The
 * per-minute figure at the console's defaults is then computed from those per-round
 * costs: (rounds per minute - reconciles per minute) x requests per poll + reconciles per
 * minute x requests per reconcile.
 *
 * The pace changes with who is looking (shared/rules/poll-cadence.ts): a second engine at
 * the defaults, its user on call and a window in front, is watched to measure the fast pace
 * it really keeps (start to start of its polls), costed the same way; the off-call pace with
 * nobody looking for a while (5 minutes: too long to wait here) is the rule's interval for it,
 * costed the same way, against today's figure.
 */
import type { ChangeSet, PagingProvider, SyncCursor } from '../../electron/engine/ports';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RECONCILE_INTERVAL_MS,
  restRequests,
  sleep,
  startBenchEngine,
  waitFor,
  withTimeout,
} from '../harness';
import { formatValue, makeRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';
import { requestsPerMinute } from '../idle-cost';
import { IDLE_AFTER_MS, IDLE_BUDGET_PER_MINUTE, pollCadence } from '../../shared/rules/poll-cadence';
import { LOAD_REQUEST_TARGET } from './load';
import { onCallAndInFront, onCallUserOf } from './detection';

export interface IdleOptions {
  /** How long to watch the idle engine. */
  windowMs: number;
  /** The shortened poll interval used while watching. */
  pollIntervalMs?: number;
  incidents?: number;
}

interface Round {
  kind: 'poll' | 'reconcile';
  requests: number;
  durationMs: number;
  /** performance.now() when the round's call began. */
  startedAt: number;
}

/**
 * Wraps the real provider so each sync round is metered: requests in the simulator's log
 * before and after the engine's call (rounds never overlap). Everything else is passed
 * through untouched, whatever the PagingProvider port grows to.
 */
function meteredProvider(inner: PagingProvider, requestCount: () => number, rounds: Round[]): PagingProvider {
  const meter = async <T>(kind: Round['kind'], call: () => Promise<T>): Promise<T> => {
    const before = requestCount();
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      rounds.push({ kind, requests: requestCount() - before, durationMs: performance.now() - t0, startedAt: t0 });
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

const round2 = (value: number) => String(Math.round(value * 100) / 100);

export async function runIdle({ windowMs, pollIntervalMs = 250, incidents = 5_000 }: IdleOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  // At least two reconciles fall inside the window.
  const reconcileIntervalMs = Math.max(pollIntervalMs * 4, Math.floor(windowMs / 3));
  const simulator: PagerDutySimulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 200 });
  const allRounds: Round[] = [];
  let metered = false;
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs,
    reconcileIntervalMs,
    wrapProvider: (provider) => {
      metered = true;
      return meteredProvider(provider, () => restRequests(simulator.requests).length, allRounds);
    },
  });
  let rounds: Round[];
  let loggedRequests: number;
  let watchedMs: number;
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    if (!metered) throw new Error('The metered provider was not installed');
    // Start watching after the first incremental poll, which re-reads the minute before the load.
    await waitFor('the first incremental poll', () => allRounds.some((round) => round.kind === 'poll'), 10_000);
    const from = allRounds.length;
    // The log is not reset (a round may be in flight): count from where it stands now.
    const logFrom = simulator.requests.length;
    const t0 = performance.now();
    await sleep(windowMs);
    watchedMs = performance.now() - t0;
    rounds = allRounds.slice(from);
    loggedRequests = restRequests(simulator.requests.slice(logFrom)).length;
  } finally {
    await bench.stop();
  }
  let fast: FastPace;
  try {
    fast = await watchFastPace(simulator, Math.max(windowMs, 10_000));
  } finally {
    await simulator.close();
  }

  const polls = rounds.filter((round) => round.kind === 'poll');
  const reconciles = rounds.filter((round) => round.kind === 'reconcile');
  if (polls.length === 0 || reconciles.length === 0) {
    throw new Error(
      `The ${windowMs} ms window saw ${polls.length} polls and ${reconciles.length} reconciles; it needs at least one of each`,
    );
  }
  const perPoll = summarize(polls.map((round) => round.requests));
  const perReconcile = summarize(reconciles.map((round) => round.requests));
  const perMinute = requestsPerMinute(DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, perPoll.mean, perReconcile.mean);
  const roundsPerMinute = 60_000 / DEFAULT_POLL_INTERVAL_MS;
  const reconcilesPerMinute = 60_000 / DEFAULT_RECONCILE_INTERVAL_MS;
  // The goal: one request per poll, and a reconcile that costs no more than a page per 100 incidents.
  const idealReconcile = Math.ceil(incidents / 100);
  const target = requestsPerMinute(DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, 1, idealReconcile);
  const perMinuteSummary = summarize([perMinute]);
  // On call, a window in front: the pace the engine kept, costed with the requests its own polls and this scenario's reconciles took.
  const fastPerMinute = requestsPerMinute(fast.gapMs.mean, DEFAULT_RECONCILE_INTERVAL_MS, fast.perPoll.mean, perReconcile.mean);
  // Off call, nobody looking for 5 minutes: the rule's interval, given what a reconcile costs here.
  const slow = pollCadence({
    platform: 'pagerduty',
    configuredMs: DEFAULT_POLL_INTERVAL_MS,
    onCallNow: false,
    viewerInFront: false,
    idleForMs: IDLE_AFTER_MS,
    reconcileExtraPerMinute: ((perReconcile.mean - 1) * 60_000) / DEFAULT_RECONCILE_INTERVAL_MS,
    budget: null,
    sinceRateLimitedMs: null,
  });
  const slowPerMinute = requestsPerMinute(slow.intervalMs, DEFAULT_RECONCILE_INTERVAL_MS, perPoll.mean, perReconcile.mean);

  return {
    rows: [
      makeRow({
        scenario: 'idle',
        metric: 'requests per poll round, nothing changed',
        unit: 'requests',
        summary: perPoll,
        show: 'max',
        target: { atMost: 1, appliesTo: 'max' },
      }),
      makeRow({
        scenario: 'idle',
        metric: `requests per reconcile, ${incidents.toLocaleString('en-US')} incidents`,
        unit: 'requests',
        summary: perReconcile,
        show: 'max',
        target: { atMost: LOAD_REQUEST_TARGET, appliesTo: 'max' },
      }),
      {
        ...makeRow({
          scenario: 'idle',
          metric: `requests per minute, default intervals`,
          unit: 'req/min',
          summary: perMinuteSummary,
          other: `= ${round2(roundsPerMinute - reconcilesPerMinute)} x ${round2(perPoll.mean)} + ${round2(reconcilesPerMinute)} x ${round2(perReconcile.mean)}`,
          target: { atMost: Math.round(target * 100) / 100, appliesTo: 'median' },
        }),
        samples: rounds.length,
      },
      {
        ...makeRow({
          scenario: 'idle',
          metric: `requests per minute, on call, window in front (${formatValue(fast.gapMs.median / 1000)} s poll)`,
          unit: 'req/min',
          summary: summarize([fastPerMinute]),
          other: `= ${round2(60_000 / fast.gapMs.mean - reconcilesPerMinute)} x ${round2(fast.perPoll.mean)} + ${round2(reconcilesPerMinute)} x ${round2(perReconcile.mean)}`,
          target: { atMost: IDLE_BUDGET_PER_MINUTE, appliesTo: 'median' },
        }),
        samples: fast.gapMs.n,
      },
      {
        ...makeRow({
          scenario: 'idle',
          metric: `requests per minute, off call, no window for ${IDLE_AFTER_MS / 60_000}+ min (${slow.intervalMs / 1000} s poll)`,
          unit: 'req/min',
          summary: summarize([slowPerMinute]),
          other: `= ${round2(60_000 / slow.intervalMs - reconcilesPerMinute)} x ${round2(perPoll.mean)} + ${round2(reconcilesPerMinute)} x ${round2(perReconcile.mean)}`,
          target: { atMost: Math.round(perMinute * 100) / 100, appliesTo: 'median' },
        }),
        samples: rounds.length,
      },
    ],
    notes: [
      `Measured over ${formatValue(watchedMs / 1000)} s with poll every ${pollIntervalMs} ms and reconcile every ${formatValue(reconcileIntervalMs / 1000)} s: ${polls.length} polls and ${reconciles.length} reconciles completed; the simulator logged ${loggedRequests} REST requests (a round in flight at the end included).`,
      `Per minute at the defaults (poll ${DEFAULT_POLL_INTERVAL_MS / 1000} s, reconcile ${DEFAULT_RECONCILE_INTERVAL_MS / 60_000} min) = (${roundsPerMinute} rounds - ${reconcilesPerMinute} reconcile) x mean requests per poll + ${reconcilesPerMinute} x mean per reconcile; an upper bound, as each interval starts when the previous round ends.`,
      `Target: one request per poll (${roundsPerMinute}/min) plus a ${idealReconcile}-page reconcile every ${DEFAULT_RECONCILE_INTERVAL_MS / 60_000} min, amortised.`,
      `On call (${fast.user}) with a window in front, at the defaults: ${fast.gapMs.n + 1} polls watched over ${formatValue(fast.watchedMs / 1000)} s, ${formatValue(fast.gapMs.mean)} ms start to start (the engine chose ${fast.chosenMs} ms, the round's own time comes on top); target the issue's ${IDLE_BUDGET_PER_MINUTE} a minute idle.`,
      `Off call with no window for ${IDLE_AFTER_MS / 60_000} min the engine polls every ${slow.intervalMs / 1000} s (shared/rules/poll-cadence.ts, which the engine follows: test/integration/engine/poll-cadence-against-simulator.test.ts); costed with this scenario's per-round requests; target: no more than today's ${formatValue(perMinute)} a minute (the first row's default figure).`,
    ],
    details: {
      incidents,
      measuredWith: { pollIntervalMs, reconcileIntervalMs, windowMs: Math.round(watchedMs) },
      defaults: { pollIntervalMs: DEFAULT_POLL_INTERVAL_MS, reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS },
      loggedRequests,
      perPoll,
      perReconcile,
      requestsPerMinuteAtDefaults: perMinute,
      targetPerMinute: target,
      onCallWindowInFront: {
        chosenIntervalMs: fast.chosenMs,
        gapMs: fast.gapMs,
        perPoll: fast.perPoll,
        requestsPerMinute: fastPerMinute,
      },
      offCallIdle: { intervalMs: slow.intervalMs, pace: slow.pace, requestsPerMinute: slowPerMinute },
      rounds: rounds.map((round) => ({ ...round, durationMs: Math.round(round.durationMs * 10) / 10 })),
    },
    durationMs: performance.now() - startedAt,
  };
}

interface FastPace {
  user: string;
  /** The interval the engine said it chose. */
  chosenMs: number;
  /** Start-to-start gaps between its incremental polls while watched. */
  gapMs: ReturnType<typeof summarize>;
  perPoll: ReturnType<typeof summarize>;
  watchedMs: number;
}

/** An engine at the defaults, its user on call and a window in front: its polls watched for `windowMs`. */
async function watchFastPace(simulator: PagerDutySimulator, windowMs: number): Promise<FastPace> {
  const rounds: Round[] = [];
  const user = onCallUserOf(simulator);
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
    me: user,
    wrapProvider: (provider) => meteredProvider(provider, () => restRequests(simulator.requests).length, rounds),
  });
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    const chosenMs = await onCallAndInFront(bench);
    // Watch from the first poll at the fast pace.
    const from = rounds.length;
    await waitFor('a poll at the fast pace', () => rounds.slice(from).some((round) => round.kind === 'poll'), chosenMs + 5_000);
    const t0 = performance.now();
    await sleep(windowMs);
    const watchedMs = performance.now() - t0;
    const polls = rounds.slice(from).filter((round) => round.kind === 'poll');
    if (polls.length < 2) throw new Error(`Only ${polls.length} polls in ${windowMs} ms on call with a window in front`);
    const gaps = polls.slice(1).map((round, index) => round.startedAt - polls[index]!.startedAt);
    return { user: user.name, chosenMs, gapMs: summarize(gaps), perPoll: summarize(polls.map((round) => round.requests)), watchedMs };
  } finally {
    await bench.stop();
  }
}
