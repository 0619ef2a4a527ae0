/**
 * Retry timing shared by the engine's loops and every provider: exponential backoff with
 * full jitter, so clients that failed together do not come back together.
 */

export interface BackoffOptions {
  /** The first retry waits up to this long, in ms. */
  baseMs: number;
  /** No single wait exceeds this, in ms. */
  capMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * How long to wait before retry number `attempt` (0 for the first retry).
 *
 * Full jitter (AWS Architecture Blog): a uniform draw in [0, min(cap, base * 2^attempt)),
 * so clients that failed together do not come back together.
 */
export function fullJitterBackoffMs(attempt: number, random: () => number, options: BackoffOptions = defaultBackoff): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(clampUnit(random()) * ceiling);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 0.999_999 : value;
}
