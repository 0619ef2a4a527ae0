/**
 * GitHub's conditional requests for the simulator: an ETag on every JSON answer to a GET
 * (weak, as GitHub's are, and different per user, as GitHub's are per token), and whether
 * a request's If-None-Match names it, in which case GitHub answers 304 Not Modified
 * without a body and without counting the request against the primary rate limit.
 */
import { createHash } from 'node:crypto';

/** What GitHub sends with an authenticated GET, conditional or not. */
export const CACHE_HEADERS = { 'cache-control': 'private, max-age=60, s-maxage=60', vary: 'Accept, Authorization, Cookie, X-GitHub-OTP' };

/** W/"<hash>": the ETag of a JSON body as one user reads it. */
export function etagOf(body: unknown, login: string): string {
  return `W/"${createHash('sha256')
    .update(`${login}\n${JSON.stringify(body)}`)
    .digest('hex')
    .slice(0, 32)}"`;
}

/** True when the If-None-Match header (one or more ETags, or *) names `etag`, compared weakly. */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return value.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
