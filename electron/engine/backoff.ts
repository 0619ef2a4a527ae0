/**
 * Retry delays: exponential backoff with "equal jitter" (half fixed, half random), capped, honouring a time the
 * vendor asked us to come back at.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (1 = first retry). */
export function backoffDelay(attempt: number, { baseMs, maxMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The later of the backoff delay and the vendor's own retry time, as an absolute time. */
export function nextAttemptAt(now: number, attempt: number, options: BackoffOptions, vendorRetryAt?: number): number {
  const byBackoff = now + backoffDelay(attempt, options);
  return vendorRetryAt && vendorRetryAt > byBackoff ? vendorRetryAt : byBackoff;
}
