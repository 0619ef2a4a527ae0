/**
 * The "come back later" hints vendors send with a refusal (Retry-After, ratelimit-reset),
 * read the same way for every provider.
 */

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
