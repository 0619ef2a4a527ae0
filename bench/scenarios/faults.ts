/**
 * Faults: the paging sync through a bad spell of PagerDuty's, one kind of fault at a time
 * (a burst of 429s, 500s for a minute and for three, slow answers, dropped connections,
 * HTML 502 pages from a proxy). For each: how long until the connection badge leaves "ok",
 * how many requests the console sent during the fault (and how many of those came before
 * the time a 429's rate-limit headers named), and how long from the fault clearing until a
 * new incident is listed. Every case has its own simulator and engine at the console's
 * default intervals, and the cases run side by side.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import type { Fault } from '../../electron/simulators/pagerduty/types';
import { startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RECONCILE_INTERVAL_MS,
  restRequests,
  sleep,
  startBenchEngine,
  waitFor,
  withTimeout,
} from '../harness';
import { makeRow, type MetricRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';

export interface FaultsOptions {
  /** How long the short faults last (60 s; shorter with --quick). */
  faultMs: number;
  /** How long the long outage lasts (180 s). */
  longFaultMs: number;
  /** Engines per fault kind. */
  runs: number;
}

interface FaultCase {
  name: string;
  fault: Fault;
  durationMs: number;
}

/** A recovery target: a new incident listed within this long of PagerDuty answering again. */
const RECOVERY_TARGET_MS = 30_000;
/** The badge should leave "ok" by the time a poll is late: at most two poll intervals after the fault starts. */
const BADGE_TARGET_MS = 2 * DEFAULT_POLL_INTERVAL_MS;

interface Answer {
  at: number;
  status: number | 'network-error';
  /** When a 429 said to come back (its ratelimit-reset or Retry-After), ms since the epoch. */
  comeBackAt: number | null;
}

interface CaseResult {
  name: string;
  badgeMs: number;
  badgeMessage: string | null;
  requestsDuringFault: number;
  earlyAfterRateLimit: number;
  recoveryMs: number;
}

export async function runFaults({ faultMs, longFaultMs, runs }: FaultsOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const cases: FaultCase[] = [
    { name: '429 burst', fault: { kind: 'rate-limit', count: 1_000_000 }, durationMs: faultMs },
    { name: `5xx for ${faultMs / 1000} s`, fault: { kind: 'server-error', status: 500, count: 1_000_000 }, durationMs: faultMs },
    { name: `5xx for ${longFaultMs / 1000} s`, fault: { kind: 'server-error', status: 500, count: 1_000_000 }, durationMs: longFaultMs },
    { name: 'slow answers (15 s)', fault: { kind: 'slow', delayMs: 15_000, count: 1_000_000 }, durationMs: faultMs },
    { name: 'dropped connections', fault: { kind: 'drop', count: 1_000_000 }, durationMs: faultMs },
    { name: 'HTML 502 pages', fault: { kind: 'server-error', status: 502, count: 1_000_000 }, durationMs: faultMs },
  ];
  const all = await Promise.all(cases.flatMap((faultCase) => Array.from({ length: runs }, (_, run) => runCase(faultCase, run))));

  const rows: MetricRow[] = [];
  for (const faultCase of cases) {
    const results = all.filter((result) => result.name === faultCase.name);
    const badge = summarize(results.map((result) => result.badgeMs));
    const recovery = summarize(results.map((result) => result.recoveryMs));
    const requests = summarize(results.map((result) => result.requestsDuringFault));
    rows.push(
      makeRow({
        scenario: 'faults',
        metric: `${faultCase.name}: fault to badge not ok`,
        unit: 'ms',
        summary: badge,
        show: 'max',
        target: { atMost: BADGE_TARGET_MS, appliesTo: 'max' },
      }),
      makeRow({
        scenario: 'faults',
        metric: `${faultCase.name}: answering again to new incident listed`,
        unit: 'ms',
        summary: recovery,
        show: 'max',
        target: { atMost: RECOVERY_TARGET_MS, appliesTo: 'max' },
      }),
      makeRow({
        scenario: 'faults',
        metric: `${faultCase.name}: requests during ${faultCase.durationMs / 1000} s of fault`,
        unit: 'requests',
        summary: requests,
        show: 'max',
      }),
    );
    if (faultCase.fault.kind === 'rate-limit') {
      const early = summarize(results.map((result) => result.earlyAfterRateLimit));
      rows.push(
        makeRow({
          scenario: 'faults',
          metric: `${faultCase.name}: requests before the reset a 429 named`,
          unit: 'requests',
          summary: early,
          show: 'max',
          target: { atMost: 0, appliesTo: 'max' },
        }),
      );
    }
  }
  return {
    rows,
    notes: [
      `Each fault kind ran on ${runs} engine(s) of its own (default 5 s poll, 10 s request timeout) against its own simulator with 300 open incidents, all side by side.`,
      `The fault hits every REST request for its duration, then is cleared and a trigger is sent at once; recovery is timed from PagerDuty answering again (the clearing, or for a 429 burst the later reset its rate-limit headers named, which the console waits for) to the engine's event listing the new incident.`,
      ...all.map((result) => `${result.name}: badge said "${result.badgeMessage ?? '(none)'}"`),
    ],
    details: { faultMs, longFaultMs, runs, results: all },
    durationMs: performance.now() - startedAt,
  };
}

async function runCase(faultCase: FaultCase, run: number): Promise<CaseResult> {
  const simulator = await startPagerDutySimulator({ seedIncidents: 300, serviceCount: 20, seed: 7 + run });
  const answers: Answer[] = [];
  // Reads what each answer said about coming back, as the console's transport sees it.
  const watchingFetch: typeof fetch = async (input, init) => {
    const at = Date.now();
    try {
      const response = await fetch(input, init);
      const hint =
        response.status === 429 ? Number(response.headers.get('ratelimit-reset') ?? response.headers.get('retry-after') ?? NaN) : NaN;
      answers.push({ at, status: response.status, comeBackAt: Number.isFinite(hint) ? Date.now() + hint * 1000 : null });
      return response;
    } catch (error) {
      answers.push({ at, status: 'network-error', comeBackAt: null });
      throw error;
    }
  };
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
    fetch: watchingFetch,
  });
  const statuses: Array<{ at: number; status: ConnectionStatus }> = [];
  const seenAt = new Map<string, number>();
  bench.engine.onEvent((event) => {
    if (event.name === 'connectionChanged' && event.payload.provider === 'pagerduty')
      statuses.push({ at: Date.now(), status: event.payload });
    if (event.name === 'incidentsChanged')
      for (const incident of event.payload.upserted) if (!seenAt.has(incident.title)) seenAt.set(incident.title, Date.now());
  });
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    // Start the fault at a different point of the poll cycle for each run.
    await sleep(1_000 + ((run * 2_300) % DEFAULT_POLL_INTERVAL_MS));
    const faultAt = Date.now();
    const requestsBefore = restRequests(simulator.requests).length;
    simulator.faults.inject(faultCase.fault);
    const badge = await waitFor(
      `the badge to leave ok (${faultCase.name})`,
      () => statuses.find((entry) => entry.at >= faultAt && entry.status.state !== 'ok'),
      faultCase.durationMs + 60_000,
      50,
    ).catch(() => null);
    await sleep(Math.max(0, faultAt + faultCase.durationMs - Date.now()));
    simulator.faults.clear();
    const clearedAt = Date.now();
    const requestsDuringFault = restRequests(simulator.requests).length - requestsBefore;
    const title = `Bench fault ${faultCase.name} ${run}: payments API 5xx above 2%`;
    const service = simulator.state.services[0]!;
    const response = await fetch(simulator.eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        routing_key: simulator.state.routingKeyFor(service.id),
        event_action: 'trigger',
        payload: { summary: title, source: 'bench-faults', severity: 'critical' },
      }),
    });
    if (response.status !== 202) throw new Error(`The Events API answered ${response.status}`);
    const listedAt = await waitFor(`the new incident after ${faultCase.name}`, () => seenAt.get(title), 5 * 60_000, 20);
    // PagerDuty answers again when the fault is gone and any time a 429 named has come.
    const answeringAgainAt = Math.max(
      clearedAt,
      ...answers.filter((answer) => answer.at <= clearedAt).map((answer) => answer.comeBackAt ?? 0),
    );
    return {
      name: faultCase.name,
      badgeMs: badge ? badge.at - faultAt : Number.POSITIVE_INFINITY,
      badgeMessage: badge?.status.message ?? null,
      requestsDuringFault,
      earlyAfterRateLimit: requestsBeforeTheirTime(answers, faultAt, clearedAt),
      recoveryMs: listedAt - answeringAgainAt,
    };
  } finally {
    await bench.stop();
    await simulator.close();
  }
}

/** Requests sent during the fault before the time an earlier 429 named (whole-second headers: 1 s of slack). */
function requestsBeforeTheirTime(answers: readonly Answer[], from: number, to: number): number {
  let comeBackAt = 0;
  let early = 0;
  for (const answer of [...answers].sort((a, b) => a.at - b.at)) {
    if (answer.at < from || answer.at > to) continue;
    if (answer.at < comeBackAt - 1_000) early += 1;
    if (answer.comeBackAt !== null) comeBackAt = Math.max(comeBackAt, answer.comeBackAt);
  }
  return early;
}
