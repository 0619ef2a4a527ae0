/**
 * Retry timing shared by every provider: exponential backoff with full jitter, and the
 * "come back later" hints vendors send (Retry-After, ratelimit-reset).
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

/**
 * A server's hint of when to retry, in ms from now, or null when it sent none.
 *
 * Reads `Retry-After` (seconds or an HTTP date) and `ratelimit-reset` (seconds until the
 * window resets, the IETF draft PagerDuty and others follow).
 */
export function retryHintMs(headers: Headers, now: number): number | null {
  const hints: number[] = [];
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const parsed = parseSecondsOrDate(retryAfter, now);
    if (parsed !== null) hints.push(parsed);
  }
  const reset = headers.get('ratelimit-reset');
  if (reset !== null) {
    const seconds = Number(reset.trim());
    if (reset.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) hints.push(seconds * 1000);
  }
  return hints.length ? Math.max(...hints) : null;
}

function parseSecondsOrDate(value: string, now: number): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const seconds = Number(trimmed);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 0.999_999 : value;
}
