/**
 * The GitLab simulator's delivery routes over raw HTTP, as GitLab's API v4 answers them:
 * environments, deployments filtered by environment and updated_after, ordered and paged
 * with x-next-page; compare (merge-base commits oldest first, compare_same_ref, 404 for an
 * unknown ref); the merge requests of a commit (404 for an unknown commit) and their reviewers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from '../../../../electron/simulators/gitlab';

const PROJECT = 'payments/payments-api';
const API = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;

let sim: GitLabSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup() {
  let clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitLabSimulator({ projects: [{ id: 5101, path: PROJECT, name: 'payments-api' }], now: () => clock });
  const s = sim;
  const get = async (path: string) => {
    const response = await fetch(`${s.baseUrl}${API}${path}`, { headers: { 'PRIVATE-TOKEN': 'any' } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
  };
  return { sim: s, get, advance: (ms: number) => (clock += ms) };
}

describe('GitLab simulator: environments and deployments', () => {
  it('lists environments with their tier, filtered by name', async () => {
    const { sim: s, get } = await setup();
    s.delivery.environment(PROJECT, 'production', { externalUrl: 'https://payments.acme.example' });
    s.delivery.environment(PROJECT, 'staging');
    const all = await get('/environments');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject([
      { name: 'production', tier: 'production', state: 'available', external_url: 'https://payments.acme.example' },
      { name: 'staging', tier: 'staging' },
    ]);
    expect((await get('/environments?name=staging')).body).toMatchObject([{ name: 'staging' }]);
    expect(await get('/environments?states=gone')).toMatchObject({ status: 400, body: { error: 'states does not have a valid value' } });
  });

  it('filters deployments by environment and updated_after (strictly later), orders them and pages with x-next-page', async () => {
    const { sim: s, get, advance } = await setup();
    const first = s.delivery.deploy(PROJECT, 'production', 'v1');
    advance(60_000);
    s.delivery.deploy(PROJECT, 'staging', 'v2');
    advance(60_000);
    const third = s.delivery.deploy(PROJECT, 'production', 'v2', 'priya-patel');
    advance(60_000);
    s.delivery.setStatus(first.id, 'success');

    const production = await get('/deployments?environment=production&order_by=updated_at&sort=asc');
    expect((production.body as Array<{ id: number }>).map((deployment) => deployment.id)).toEqual([third.id, first.id]);
    expect(production.body).toMatchObject([
      { status: 'created', ref: 'v2', user: { username: 'priya-patel' }, environment: { name: 'production' }, finished_at: null },
      {
        status: 'success',
        finished_at: '2026-05-04T09:03:00.000Z',
        updated_at: '2026-05-04T09:03:00.000Z',
        deployable: { stage: 'deploy' },
      },
    ]);
    const since = await get('/deployments?environment=production&order_by=updated_at&updated_after=2026-05-04T09:03:00.000Z');
    expect(since.body).toEqual([]);
    expect(since.headers.get('x-next-page')).toBe('');

    const paged = await get('/deployments?per_page=2');
    expect(paged.headers.get('x-total')).toBe('3');
    expect(paged.headers.get('x-next-page')).toBe('2');
    expect((await get('/deployments?per_page=2&page=2')).body).toHaveLength(1);
    expect(await get('/deployments?status=done')).toMatchObject({ status: 400, body: { error: 'status does not have a valid value' } });
  });
});

describe('GitLab simulator: compare and merge requests', () => {
  async function withHistory() {
    const context = await setup();
    const delivery = context.sim.delivery;
    const start = delivery.commit(PROJECT, { message: 'Start', author: 'dana-developer' });
    delivery.tag(PROJECT, 'v1');
    const change = delivery.commit(PROJECT, {
      message: 'Add the export',
      author: 'priya-patel',
      mergeRequest: { reviewers: [{ username: 'marcus-chen', state: 'approved' }] },
    });
    const fix = delivery.commit(PROJECT, { message: 'Fix the export', author: 'priya-patel' });
    delivery.tag(PROJECT, 'v2');
    return { ...context, start, change, fix };
  }

  it('compares two tags (commits oldest first), the same ref, and answers 404 Ref Not Found for an unknown one', async () => {
    const { get, change, fix } = await withHistory();
    const forward = await get('/repository/compare?from=v1&to=v2');
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({
      commit: { id: fix.sha },
      commits: [
        { id: change.sha, title: 'Add the export', author_name: 'priya-patel' },
        { id: fix.sha, title: 'Fix the export' },
      ],
      compare_same_ref: false,
      compare_timeout: false,
    });
    expect(await get('/repository/compare?from=v2&to=v1')).toMatchObject({ status: 200, body: { commits: [] } });
    expect(await get('/repository/compare?from=v2&to=main')).toMatchObject({ body: { commits: [], compare_same_ref: true } });
    expect(await get(`/repository/compare?from=v1&to=${fix.sha.slice(0, 8)}`)).toMatchObject({ status: 200 });
    expect(await get('/repository/compare?from=v1&to=v9')).toEqual(
      expect.objectContaining({ status: 404, body: { message: '404 Ref Not Found' } }),
    );
    expect(await get('/repository/compare?from=v1')).toMatchObject({ status: 400, body: { error: 'to is missing' } });
  });

  it("lists a commit's merge requests and their reviewers, and answers 404 for an unknown commit or merge request", async () => {
    const { get, change, fix } = await withHistory();
    const requests = await get(`/repository/commits/${change.sha}/merge_requests`);
    expect(requests.body).toMatchObject([
      { iid: change.mergeRequestIid, state: 'merged', author: { username: 'priya-patel' }, reviewers: [{ username: 'marcus-chen' }] },
    ]);
    expect((await get(`/repository/commits/${fix.sha}/merge_requests`)).body).toEqual([]);
    expect(await get(`/repository/commits/${'f'.repeat(40)}/merge_requests`)).toMatchObject({
      status: 404,
      body: { message: '404 Commit Not Found' },
    });
    expect((await get(`/merge_requests/${change.mergeRequestIid}/reviewers`)).body).toMatchObject([
      { user: { username: 'marcus-chen' }, state: 'approved', created_at: expect.any(String) },
    ]);
    expect(await get('/merge_requests/99/reviewers')).toMatchObject({ status: 404, body: { message: '404 Not found' } });
  });
});
