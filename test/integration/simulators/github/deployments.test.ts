/**
 * The GitHub simulator's deployments over raw HTTP: a deployment (no state of its own) and
 * its statuses, newest first with Link paging, 404 for an unknown one or another
 * repository's, authentication, and auto_inactive (a success makes the earlier successful
 * deployments to the same non-production environment inactive; production ones stay).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../../../electron/simulators/github';

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

let clock = 0;
async function start() {
  clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitHubSimulator({ now: () => clock });
  return sim;
}

const auth = { Authorization: 'Bearer t' };
const get = (s: GitHubSimulator, path: string, headers: Record<string, string> = auth) => fetch(`${s.baseUrl}${path}`, { headers });
const statesOf = async (s: GitHubSimulator, id: number) =>
  ((await (await get(s, `/repos/acme/payments-api/deployments/${id}/statuses`)).json()) as { state: string }[]).map(({ state }) => state);

describe('GitHub simulator deployments', () => {
  it('serves a deployment and its statuses, newest first, with Link paging', async () => {
    const s = await start();
    const deployment = s.deployments.create('acme', 'payments-api', { ref: 'main', description: 'Release 2.14.1' });
    const answer = await get(s, `/repos/acme/payments-api/deployments/${deployment.id}`);
    expect(answer.status).toBe(200);
    const url = `${s.baseUrl}/repos/acme/payments-api/deployments/${deployment.id}`;
    expect(await answer.json()).toMatchObject({
      url,
      id: deployment.id,
      ref: 'main',
      task: 'deploy',
      environment: 'production',
      original_environment: 'production',
      description: 'Release 2.14.1',
      statuses_url: `${url}/statuses`,
      production_environment: true,
      transient_environment: false,
      creator: { login: 'release-bot' },
    });
    expect(await statesOf(s, deployment.id)).toEqual([]);

    s.deployments.addStatus(deployment.id, 'queued');
    clock += 1_000;
    s.deployments.addStatus(deployment.id, 'in_progress', { logUrl: 'https://ci.example/runs/7' });
    clock += 1_000;
    s.deployments.addStatus(deployment.id, 'failure', { description: 'Health checks failed' });
    const list = await get(s, `/repos/acme/payments-api/deployments/${deployment.id}/statuses`);
    const statuses = (await list.json()) as Record<string, unknown>[];
    expect(statuses.map((status) => status.state)).toEqual(['failure', 'in_progress', 'queued']);
    expect(statuses[0]).toMatchObject({
      url: expect.stringMatching(new RegExp(`^${url}/statuses/\\d+$`)),
      state: 'failure',
      description: 'Health checks failed',
      environment: 'production',
      deployment_url: url,
      created_at: '2026-05-04T09:00:02Z',
    });
    expect(statuses[1]).toMatchObject({ log_url: 'https://ci.example/runs/7', target_url: 'https://ci.example/runs/7' });

    const first = await get(s, `/repos/acme/payments-api/deployments/${deployment.id}/statuses?per_page=2`);
    expect(((await first.json()) as unknown[]).length).toBe(2);
    expect(first.headers.get('link')).toContain('page=2>; rel="next"');
    const second = await get(s, `/repos/acme/payments-api/deployments/${deployment.id}/statuses?per_page=2&page=2`);
    expect(((await second.json()) as { state: string }[]).map(({ state }) => state)).toEqual(['queued']);
  });

  it('answers 404 for an unknown deployment or another repository, and 401 without a token', async () => {
    const s = await start();
    const deployment = s.deployments.create('acme', 'payments-api', { ref: 'main' });
    for (const path of [
      '/repos/acme/payments-api/deployments/42',
      '/repos/acme/payments-api/deployments/42/statuses',
      `/repos/acme/checkout-web/deployments/${deployment.id}`,
      `/repos/acme/nowhere/deployments/${deployment.id}/statuses`,
    ]) {
      const answer = await get(s, path);
      expect(answer.status, path).toBe(404);
      expect(await answer.json()).toMatchObject({ message: 'Not Found' });
    }
    expect((await get(s, `/repos/acme/payments-api/deployments/${deployment.id}`, {})).status).toBe(401);
    expect(() => s.deployments.create('acme', 'payments-api', { ref: 'no-such-branch' })).toThrow(/no ref no-such-branch/);
  });

  it('makes earlier successful deployments to the same non-production environment inactive on a success', async () => {
    const s = await start();
    const stagingOld = s.deployments.create('acme', 'payments-api', { ref: 'main', environment: 'staging' });
    const stagingFailed = s.deployments.create('acme', 'payments-api', { ref: 'main', environment: 'staging' });
    const productionOld = s.deployments.create('acme', 'payments-api', { ref: 'main' });
    s.deployments.addStatus(stagingOld.id, 'success');
    s.deployments.addStatus(stagingFailed.id, 'failure');
    s.deployments.addStatus(productionOld.id, 'success');
    s.deployments.addStatus(s.deployments.create('acme', 'payments-api', { ref: 'main', environment: 'staging' }).id, 'success');
    s.deployments.addStatus(s.deployments.create('acme', 'payments-api', { ref: 'main' }).id, 'success');
    expect(await statesOf(s, stagingOld.id)).toEqual(['inactive', 'success']);
    expect(await statesOf(s, stagingFailed.id)).toEqual(['failure']);
    expect(await statesOf(s, productionOld.id)).toEqual(['success']);
  });
});
