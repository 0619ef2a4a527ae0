/**
 * The GitHub simulator's deployment list and conditional requests over raw HTTP: the
 * list filtered by environment, sha, ref and task, newest first with Link paging, the
 * deployed ref's commit SHA from the history; an ETag on every JSON GET, and 304 Not
 * Modified without a body for a matching If-None-Match, not counted against the rate
 * limit (x-ratelimit-* as they were) and recorded in the request log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../../../electron/simulators/github';

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

let clock = 0;
async function start(options: { rateLimitPerHour?: number } = {}) {
  clock = Date.parse('2026-05-04T09:00:00Z');
  const validTokens = [
    { token: 't', login: 'oncall-console-bot' },
    { token: 'u', login: 'release-manager' },
  ];
  sim = await startGitHubSimulator({ now: () => clock, validTokens, ...options });
  return sim;
}

const get = (s: GitHubSimulator, path: string, headers: Record<string, string> = {}) =>
  fetch(`${s.baseUrl}${path}`, { headers: { Authorization: 'Bearer t', ...headers } });
const idsOf = async (answer: Response) => ((await answer.json()) as { id: number }[]).map(({ id }) => id);

describe('GitHub simulator deployment list', () => {
  it('lists deployments newest first, filtered exactly, paged with Link, with the SHA of the ref deployed', async () => {
    const s = await start();
    const staging = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.0', environment: 'staging' });
    clock += 60_000;
    const production = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.0' });
    clock += 60_000;
    const newer = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1', task: 'deploy:migrations' });
    s.deployments.create('acme', 'checkout-web', { ref: 'v5.2.1' });

    expect(await idsOf(await get(s, '/repos/acme/payments-api/deployments'))).toEqual([newer.id, production.id, staging.id]);
    expect(await idsOf(await get(s, '/repos/acme/payments-api/deployments?environment=production'))).toEqual([newer.id, production.id]);
    expect(await idsOf(await get(s, '/repos/acme/payments-api/deployments?ref=v2.13.0'))).toEqual([production.id, staging.id]);
    expect(await idsOf(await get(s, '/repos/acme/payments-api/deployments?task=deploy:migrations'))).toEqual([newer.id]);
    expect(await idsOf(await get(s, `/repos/acme/payments-api/deployments?sha=${newer.sha}`))).toEqual([newer.id]);
    expect(await idsOf(await get(s, '/repos/acme/payments-api/deployments?environment=qa'))).toEqual([]);

    const tagged = s.history.resolve(s.state.repository('acme', 'payments-api')!, 'v2.13.0')!;
    expect(production.sha).toBe(tagged.sha);
    const first = await get(s, '/repos/acme/payments-api/deployments?per_page=2');
    expect(await idsOf(first)).toEqual([newer.id, production.id]);
    expect(first.headers.get('link')).toContain('page=2>; rel="next"');
    expect(await idsOf(await get(s, '/repos/acme/payments-api/deployments?per_page=2&page=2'))).toEqual([staging.id]);
  });
});

describe('GitHub simulator conditional requests', () => {
  it('answers 304 without a body for a matching If-None-Match, free of the rate limit, and 200 with a new ETag once it changed', async () => {
    const s = await start({ rateLimitPerHour: 10 });
    const deployment = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1' });
    const path = '/repos/acme/payments-api/deployments?environment=production&per_page=100';

    const first = await get(s, path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    expect(first.headers.get('cache-control')).toContain('private');

    s.resetRequestLog();
    for (const ifNoneMatch of [etag, etag.replace(/^W\//, ''), `"other", ${etag}`]) {
      const again = await get(s, path, { 'If-None-Match': ifNoneMatch });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('x-ratelimit-used')).toBe('1');
      expect(again.headers.get('x-ratelimit-remaining')).toBe('9');
    }
    expect(s.requests.map((request) => [request.path, request.status])).toEqual([
      ['/repos/acme/payments-api/deployments', 304],
      ['/repos/acme/payments-api/deployments', 304],
      ['/repos/acme/payments-api/deployments', 304],
    ]);

    // A status changes the deployment's updated_at, so the list's ETag.
    clock += 1_000;
    s.deployments.addStatus(deployment.id, 'success');
    const changed = await get(s, path, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.headers.get('x-ratelimit-used')).toBe('2');

    // The statuses, compare and a commit's pull requests answer conditionally too.
    for (const other of [
      `/repos/acme/payments-api/deployments/${deployment.id}/statuses`,
      '/repos/acme/payments-api/compare/v2.13.0...v2.13.1',
    ]) {
      const answer = await get(s, other);
      expect((await get(s, other, { 'If-None-Match': answer.headers.get('etag')! })).status, other).toBe(304);
    }
    // Another user's ETag for the same list differs, as GitHub's do per token.
    expect((await get(s, path, { Authorization: 'Bearer u' })).headers.get('etag')).not.toBe(changed.headers.get('etag'));
  });

  it('still refuses a conditional request once the rate limit is used up, and lets errors count', async () => {
    const s = await start({ rateLimitPerHour: 2 });
    const missing = await get(s, '/repos/acme/payments-api/deployments/42');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-ratelimit-used')).toBe('1');
    const listed = await get(s, '/repos/acme/payments-api/deployments');
    const etag = listed.headers.get('etag')!;
    const limited = await get(s, '/repos/acme/payments-api/deployments', { 'If-None-Match': etag });
    expect(limited.status).toBe(403);
    expect(await limited.json()).toMatchObject({ message: expect.stringContaining('rate limit') });
  });
});
