/**
 * What every scenario is built from: a PagerDuty simulator on 127.0.0.1, the real engine
 * with the real PagerDuty provider pointed at it (settings as the console host uses them:
 * 10 s request timeout, default retries and concurrency), request counting from the
 * simulator's own request log, and bounded waits.
 */
import { type Engine } from '../electron/engine/engine';
import { createEngine } from '../electron/host/create-engine';
import { Outbox } from '../electron/engine/outbox';
import { systemClock, type PagingProvider } from '../electron/engine/ports';
import { createPagerDutyProvider } from '../electron/providers/pagerduty';
import { EVENTS_PATH } from '../electron/simulators/pagerduty/server';
import type { RecordedRequest } from '../electron/simulators/pagerduty';

/** Any well-formed token works against a simulator started without validTokens. */
export const BENCH_TOKEN = 'bench-token-for-the-simulator';
/** The console's defaults (electron/host/workspace.ts): poll every 5 s, reconcile every 10 min. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_RECONCILE_INTERVAL_MS = 10 * 60_000;
/** The request timeout the console host gives the provider (requestTimeoutSeconds default 10). */
const REQUEST_TIMEOUT_MS = 10_000;

export interface BenchEngineOptions {
  /** The simulator's REST base URL. */
  baseUrl: string;
  /** Email of a user the simulator knows (its `state.me.email`). */
  from: string;
  pollIntervalMs: number;
  reconcileIntervalMs: number;
  /** Wraps the provider, e.g. to count the engine's calls to it. */
  wrapProvider?: (provider: PagingProvider) => PagingProvider;
  /** The fetch the provider sends with (default: the global one), e.g. to read the answers' headers. */
  fetch?: typeof fetch;
  /** The console's user (default: none, so never on call). */
  me?: { id: string; name: string; email: string };
}

export interface BenchEngine {
  engine: Engine;
  /** What the engine logged (sync failures): shown when a scenario goes wrong. */
  log: string[];
  stop(): Promise<void>;
}

/** Creates and starts an engine against the simulator, with a throwaway in-memory outbox. */
export function startBenchEngine(options: BenchEngineOptions): BenchEngine {
  const provider = createPagerDutyProvider({
    baseUrl: options.baseUrl,
    token: BENCH_TOKEN,
    from: options.from,
    scope: {},
    timeoutMs: REQUEST_TIMEOUT_MS,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const outbox = new Outbox(':memory:', systemClock);
  const log: string[] = [];
  const engine = createEngine({
    paging: options.wrapProvider ? options.wrapProvider(provider) : provider,
    outbox,
    clock: systemClock,
    workspace: { name: 'Benchmark', demo: false, me: options.me ?? null, pollIntervalMs: options.pollIntervalMs },
    reconcileIntervalMs: options.reconcileIntervalMs,
    log: (message) => log.push(message),
  });
  engine.start();
  let stopped: Promise<void> | null = null;
  return {
    engine,
    log,
    stop() {
      stopped ??= engine.stop().finally(() => outbox.close());
      return stopped;
    },
  };
}

/** Requests to the REST API (the engine's traffic), leaving out Events API posts made by the bench itself. */
export function restRequests(requests: ReadonlyArray<RecordedRequest>): RecordedRequest[] {
  return requests.filter((request) => request.path !== EVENTS_PATH && request.path !== `${EVENTS_PATH}/`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every `everyMs` until it returns a truthy value; throws after `timeoutMs`, saying what it waited for. */
export async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs: number, everyMs = 5): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** As waitFor, for an asynchronous probe (awaited before the next try). */
export async function waitForAsync<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 5,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Rejects after `ms` with a message naming the step, so a hung step cannot hang the benchmark. */
export async function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
