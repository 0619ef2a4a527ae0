/**
 * One page of a `/rest/api/3/search/jql` answer, for the incident and the change project
 * searches alike: maxResults checked (50 when absent) and capped, the offset read back from
 * nextPageToken (an opaque token tied to the JQL it was issued for: another query's token is
 * refused), and the next token while more issues remain.
 */
import { createHash } from 'node:crypto';
import { jiraErrors } from '../errors';

const DEFAULT_SEARCH_RESULTS = 50;

interface SearchInput {
  jql: string;
  nextPageToken: unknown;
  maxResults: unknown;
}

function jqlDigest(jql: string): string {
  return createHash('sha1').update(jql).digest('hex').slice(0, 12);
}

function pageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: jqlDigest(jql) })).toString('base64url');
}

function offsetOf(token: unknown, jql: string): number {
  if (typeof token !== 'string' || token === '') return 0;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof decoded.o === 'number' && Number.isInteger(decoded.o) && decoded.o >= 0 && decoded.q === jqlDigest(jql)) return decoded.o;
  } catch {
    // fall through to the 400
  }
  throw jiraErrors.badRequest(['The provided next page token is invalid or expired.']);
}

/** What GET /search/jql reads from its query string (POST reads the same names from its body). */
export function searchParamsOf(query: URLSearchParams) {
  return { jql: query.get('jql'), nextPageToken: query.get('nextPageToken'), maxResults: query.get('maxResults') ?? undefined };
}

/** The search answer's body: the page of `matching` the input asks for (at most `cap` issues), each shown by `show`. */
export function searchResultPage<T>(matching: readonly T[], input: SearchInput, cap: number, show: (issue: T) => unknown) {
  const requested =
    input.maxResults === undefined || input.maxResults === null || input.maxResults === ''
      ? DEFAULT_SEARCH_RESULTS
      : Number(input.maxResults);
  if (!Number.isInteger(requested) || requested < 0)
    throw jiraErrors.badRequest([`The value '${String(input.maxResults)}' is invalid for maxResults.`]);
  const limit = Math.min(cap, Math.max(1, requested));
  const offset = offsetOf(input.nextPageToken, input.jql);
  const page = matching.slice(offset, offset + limit);
  const isLast = offset + page.length >= matching.length;
  return {
    issues: page.map(show),
    ...(isLast ? {} : { nextPageToken: pageToken(offset + page.length, input.jql) }),
    isLast,
  };
}
