/**
 * Counting one console's requests in a simulator's request log, as pure functions. Each
 * console of the shared-record scenario signs in to ServiceNow as the same user with its
 * own password, so its requests carry their own Authorization header and can be told apart
 * from the other consoles' in the one log the simulator keeps.
 */

/** What a logged request needs to be counted: its headers (names lower-cased) and path. */
export interface CountableRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The Authorization header value of HTTP Basic for this user and password. */
export function basicAuthorization(user: string, password: string): string {
  if (!user || user.includes(':')) throw new Error(`basicAuthorization: the user name must be non-empty and have no colon, got "${user}"`);
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The requests sent with this Authorization header (one console's), in log order. */
export function requestsWith<R extends CountableRequest>(requests: ReadonlyArray<R>, authorization: string): R[] {
  return requests.filter((request) => {
    const value = request.headers.authorization;
    return (Array.isArray(value) ? value[0] : value) === authorization;
  });
}

/** How many requests went to each path, most first (ties by path), e.g. for a note. */
export function countByPath(requests: ReadonlyArray<CountableRequest>): Array<[path: string, count: number]> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** "path x3, other x1" for a note; "none" for no requests. */
export function describeByPath(requests: ReadonlyArray<CountableRequest>): string {
  const counts = countByPath(requests);
  return counts.length ? counts.map(([path, count]) => `${path} x${count}`).join(', ') : 'none';
}

/** A logged request with its method and query string, as the simulators log them ("a=1&b=2", no "?"). */
export interface CountableRead extends CountableRequest {
  method: string;
  query: string;
}

/**
 * Whether a ServiceNow request is one of the shared record's reads
 * (electron/providers/servicenow/specialist-changes.ts): the console's catalog item, the
 * requested items changed since the cursor, their journal (`name=sc_req_item^...`, and
 * its next pages) and the journal authors (`user_nameIN...`). A console that only reads
 * also runs the incident tickets' sync beside it, which starts at the same moment and
 * reads other things (the incident table, who the console signs in as).
 */
export function isSharedRecordRead(request: CountableRead): boolean {
  if (request.method !== 'GET') return false;
  const query = new URLSearchParams(request.query).get('sysparm_query') ?? '';
  switch (request.path) {
    case '/api/now/table/sc_cat_item':
    case '/api/now/table/sc_req_item':
      return true;
    case '/api/now/table/sys_journal_field':
      return query.startsWith('name=sc_req_item^');
    case '/api/now/table/sys_user':
      return query.startsWith('user_nameIN');
    default:
      return false;
  }
}
