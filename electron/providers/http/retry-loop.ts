/**
 * The retry loop every provider client runs a request through: an attempt that fails
 * with a RetryableFailure (network, timeout, 429, 5xx, a malformed body) is tried again
 * after a jittered backoff (at least what the server hinted, at most maxRetryWaitMs),
 * as long as retries are left and sending it again is safe (the request is idempotent,
 * or the server certainly did not act on it). The last failure becomes a transient
 * ProviderError that carries the server's hint as the time to come back.
 */
import { ProviderError } from '../../engine/ports';
import { defaultBackoff, fullJitterBackoffMs, type BackoffOptions } from './backoff';
import { RetryableFailure } from './retryable-failure';

export interface RetryTiming {
  random(): number;
  now(): number;
  sleep(ms: number): Promise<void>;
  backoff?: BackoffOptions;
  /** No wait is longer than this (default 60 s), whatever the server hinted. */
  maxRetryWaitMs?: number;
}

export interface RetryPolicy extends RetryTiming {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Safe to send again after an unclear failure (reads, PUTs); otherwise only failures the server did not process are retried. */
  idempotent: boolean;
  /** Called before each wait (to hold other requests back while a rate limit lasts). */
  beforeWait?(waitMs: number, failure: RetryableFailure): void;
  /** The final message from the last failure's and the number of tries (scrub secrets here). */
  giveUp(failure: RetryableFailure, tries: number): string;
}

/** How long to wait before retry `attempt` (0 for the first): backoff with jitter, at least the hint, at most maxRetryWaitMs. */
export function retryWaitMs(attempt: number, hintMs: number | null, timing: Pick<RetryTiming, 'random' | 'backoff' | 'maxRetryWaitMs'>): number {
  const jittered = fullJitterBackoffMs(attempt, timing.random, timing.backoff ?? defaultBackoff);
  return Math.min(timing.maxRetryWaitMs ?? 60_000, Math.max(jittered, hintMs ?? 0));
}

/** "… (gave up after 3 attempts)": the usual ending of a last failure's message. */
export function gaveUpAfter(failure: RetryableFailure, tries: number, more = ''): string {
  return `${failure.message} (gave up after ${tries} attempt${tries === 1 ? '' : 's'}${more})`;
}

/** Runs `attempt` until it succeeds, fails for good, or the policy says stop (see the module comment). */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      if (retry >= policy.maxRetries || !(policy.idempotent || error.notProcessed)) {
        throw new ProviderError('transient', policy.giveUp(error, retry + 1), error.status, error.hintMs !== null ? policy.now() + error.hintMs : undefined);
      }
      const waitMs = retryWaitMs(retry, error.hintMs, policy);
      policy.beforeWait?.(waitMs, error);
      await policy.sleep(waitMs);
    }
  }
}
