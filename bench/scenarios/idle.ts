/**
 * Idle: what the engine costs PagerDuty when nothing changes. Waiting minutes at the real
 * 5 s interval would say little more, so the engine runs with a short poll interval and a
 * short reconcile interval over a short window, and each round is metered (requests in
 * the simulator's log before and after the engine's call; rounds never overlap). The
 * per-minute figure at the console's defaults is then computed from those per-round
 * costs: (rounds per minute - reconciles per minute) x requests per poll + reconciles per
 * minute x requests per reconcile.
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
import { LOAD_REQUEST_TARGET } from './load';

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
      rounds.push({ kind, requests: requestCount() - before, durationMs: performance.now() - t0 });
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
    ],
    notes: [
      `Measured over ${formatValue(watchedMs / 1000)} s with poll every ${pollIntervalMs} ms and reconcile every ${formatValue(reconcileIntervalMs / 1000)} s: ${polls.length} polls and ${reconciles.length} reconciles completed; the simulator logged ${loggedRequests} REST requests (a round in flight at the end included).`,
      `Per minute at the defaults (poll ${DEFAULT_POLL_INTERVAL_MS / 1000} s, reconcile ${DEFAULT_RECONCILE_INTERVAL_MS / 60_000} min) = (${roundsPerMinute} rounds - ${reconcilesPerMinute} reconcile) x mean requests per poll + ${reconcilesPerMinute} x mean per reconcile; an upper bound, as each interval starts when the previous round ends.`,
      `Target: one request per poll (${roundsPerMinute}/min) plus a ${idealReconcile}-page reconcile every ${DEFAULT_RECONCILE_INTERVAL_MS / 60_000} min, amortised.`,
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
      rounds: rounds.map((round) => ({ ...round, durationMs: Math.round(round.durationMs * 10) / 10 })),
    },
    durationMs: performance.now() - startedAt,
  };
}
