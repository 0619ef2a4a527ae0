/**
 * The retry loop every request runs through (transport.ts): an attempt that fails with a
 * RetryableFailure (network, timeout, 429, 5xx, a malformed body) is tried again after a
 * jittered backoff (at least what the server hinted), as long as retries are left and
 * sending it again is safe (the request is idempotent, or the server certainly did not
 * act on it). When the server asks for a longer wait than maxRetryWaitMs, it gives up at
 * once instead of knocking early. The last failure becomes a transient ProviderError that
 * carries the server's hint as the time to come back. The request context (engine/ports/request-context.ts)
 * can tighten the limits and cancel the waits.
 */
import { ProviderError } from '../../engine/ports';
import { defaultBackoff, fullJitterBackoffMs, type BackoffOptions } from '../../../shared/rules/backoff';
import { cancellableSleep, currentRequestContext } from '../../engine/ports/request-context';
import { RetryableFailure } from './retryable-failure';

const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

export interface RetryTiming {
  random(): number;
  now(): number;
  sleep(ms: number): Promise<void>;
  backoff?: BackoffOptions;
  /** No wait is longer than this (default 60 s); a server asking for longer gets no retry now. */
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
export function retryWaitMs(
  attempt: number,
  hintMs: number | null,
  timing: Pick<RetryTiming, 'random' | 'backoff' | 'maxRetryWaitMs'>,
): number {
  const jittered = fullJitterBackoffMs(attempt, timing.random, timing.backoff ?? defaultBackoff);
  return Math.min(timing.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS, Math.max(jittered, hintMs ?? 0));
}

/** "… (gave up after 3 attempts)": the usual ending of a last failure's message. */
export function gaveUpAfter(failure: RetryableFailure, tries: number, more = ''): string {
  return `${failure.message} (gave up after ${tries} attempt${tries === 1 ? '' : 's'}${more})`;
}

/** Runs `attempt` until it succeeds, fails for good, or the policy says stop (see the module comment). */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const limits = currentRequestContext().retry;
  const maxRetries = Math.min(policy.maxRetries, limits?.maxRetries ?? Infinity);
  const maxRetryWaitMs = Math.min(policy.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS, limits?.maxRetryWaitMs ?? Infinity);
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      const hintTooLong = error.hintMs !== null && error.hintMs > maxRetryWaitMs;
      if (retry >= maxRetries || hintTooLong || !(policy.idempotent || error.notProcessed)) {
        throw new ProviderError(
          'transient',
          policy.giveUp(error, retry + 1),
          error.status,
          error.hintMs !== null ? policy.now() + error.hintMs : undefined,
        );
      }
      const waitMs = retryWaitMs(retry, error.hintMs, { ...policy, maxRetryWaitMs });
      policy.beforeWait?.(waitMs, error);
      await cancellableSleep(waitMs, policy.sleep);
    }
  }
}
