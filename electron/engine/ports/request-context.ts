/**
 * What the code that starts a piece of work (the outbox sending an action, a poll loop's
 * round) tells every vendor request made on its behalf, without threading it through each
 * provider method: when to give up (an abort signal: the action was dismissed, the engine
 * is shutting down), who wants to hear about each attempt (a poll loop's health), and how
 * much retrying a request may do on its own (a poll loop retries whole rounds itself).
 *
 * It rides on AsyncLocalStorage, so it follows the work across awaits and timers started
 * inside it. The transport (transport.ts) reads it on every attempt.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One attempt of one request, as the transport saw it. */
export interface AttemptReport {
  /** "PagerDuty" */
  vendor: string;
  /** "GET /log_entries" */
  label: string;
  /** How it ended: an answer (any status), no answer in time, or no connection. */
  outcome: 'answered' | 'timeout' | 'network-error';
  /** The HTTP status when it answered. */
  status: number | null;
  /** A rate limit (429, or the vendor's own way of saying it). */
  rateLimited: boolean;
  /** When the vendor asked us to come back (Retry-After, rate-limit reset), ms since the epoch. */
  retryAt: number | null;
  startedAt: number;
  durationMs: number;
  /** What went wrong, in one line without secrets (null for a success). */
  problem: string | null;
  /** Where it went ("https://api.pagerduty.com"), when it found no one there; else null. */
  origin: string | null;
  /** What the answer's rate-limit headers said (ratelimit-limit, -remaining, -reset), when it had them: a poll loop paces itself by them. */
  budget?: { limit: number | null; remaining: number; resetAt: number } | null;
}

export interface RequestContext {
  /** Aborts the requests in flight and the retry waits. */
  signal?: AbortSignal;
  /** Hears every attempt made inside the context (and inside nested ones). */
  observe?: (attempt: AttemptReport) => void;
  /** Per-request retry limits inside the context; a request never retries more than its client allows. */
  retry?: { maxRetries?: number; maxRetryWaitMs?: number };
}

/** Thrown when the context's signal aborted a request or a retry wait: the work was cancelled, not failed. */
export class Cancelled extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'Cancelled';
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the work in progress (merged over its outer contexts), or an empty one. */
export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? {};
}

/**
 * Runs `work` inside `context`, nested in the current one: signals combine (either aborts),
 * observers both hear, the tighter retry limits win.
 */
export function withRequestContext<T>(context: RequestContext, work: () => Promise<T>): Promise<T> {
  const outer = currentRequestContext();
  const signals = [outer.signal, context.signal].filter((signal): signal is AbortSignal => signal !== undefined);
  const observers = [outer.observe, context.observe].filter(
    (observe): observe is (attempt: AttemptReport) => void => observe !== undefined,
  );
  const merged: RequestContext = {
    signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    observe: observers.length === 0 ? undefined : (attempt) => observers.forEach((observe) => observe(attempt)),
    retry: {
      maxRetries: tighter(outer.retry?.maxRetries, context.retry?.maxRetries),
      maxRetryWaitMs: tighter(outer.retry?.maxRetryWaitMs, context.retry?.maxRetryWaitMs),
    },
  };
  return storage.run(merged, work);
}

/** Waits `ms` with `sleep`, or throws Cancelled as soon as the current context is aborted. */
export async function cancellableSleep(ms: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  const signal = currentRequestContext().signal;
  if (!signal) return sleep(ms);
  if (signal.aborted) throw new Cancelled();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function tighter(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
