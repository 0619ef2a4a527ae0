/**
 * The GitHub delivery reader over real HTTP against the GitHub simulator: an environment's
 * deployments with where each stands; a second poll with nothing new is one request,
 * answered 304; a new deployment, and a status on one in progress, show on the next poll;
 * compare between two versions lists the commits and the pull requests they came through
 * (merge times, authors, reviewers), pages past GitHub's 250 commits, tells a rollback,
 * and says why a force-pushed or deleted version cannot be traced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestsDuring } from '../../../support/request-log';
import { ProviderError } from '../../../../electron/engine/ports';
import { createGitHubDeliveryReader, type GitHubDeliveryConfig } from '../../../../electron/providers/github/delivery-reader';
import { startGitHubSimulator, type GitHubSimulator, type GitHubSimulatorOptions } from '../../../../electron/simulators/github';

const TOKEN = 'ghp_delivery-test-token-0123';
const REPO = 'acme/payments-api';
const MINUTE = 60_000;

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: GitHubSimulatorOptions = {}, config: Partial<GitHubDeliveryConfig> = {}) {
  let clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitHubSimulator({ validTokens: [{ token: TOKEN, login: 'delivery-bot' }], now: () => clock, ...options });
  const reader = createGitHubDeliveryReader({ baseUrl: sim.baseUrl, token: TOKEN, now: () => clock, sleep: async () => {}, ...config });
  return { sim, reader, advance: (ms: number) => (clock += ms) };
}

describe('GitHub delivery reader: deployments', () => {
  it("reads an environment's deployments with where each stands, then polls for one request answered 304 when nothing changed", async () => {
    const { sim: s, reader, advance } = await setup();
    const older = s.deployments.create('acme', 'payments-api', {
      ref: 'v2.13.0',
      creator: 'dana-developer',
      description: 'Release v2.13.0',
    });
    s.deployments.addStatus(older.id, 'in_progress', { logUrl: 'https://ci.example/runs/1' });
    advance(4 * MINUTE);
    s.deployments.addStatus(older.id, 'success', { environmentUrl: 'https://payments.acme.example' });
    advance(MINUTE);
    const staging = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1', environment: 'staging' });
    s.deployments.addStatus(staging.id, 'success');
    advance(MINUTE);
    const failed = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1', creator: 'priya-patel' });
    s.deployments.addStatus(failed.id, 'failure', { description: 'Health checks failed', logUrl: 'https://ci.example/runs/2' });

    const first = await reader.deploymentsSince(REPO, 'production', null);
    expect(first.unchanged).toBe(false);
    expect(first.deployments.map((deployment) => deployment.id)).toEqual([String(older.id), String(failed.id)]);
    expect(first.deployments[0]).toEqual({
      id: String(older.id),
      repository: REPO,
      environment: 'production',
      production: true,
      ref: 'v2.13.0',
      sha: older.sha,
      description: 'Release v2.13.0',
      creator: 'dana-developer',
      createdAt: '2026-05-04T09:00:00Z',
      state: 'success',
      vendorState: 'success',
      stateAt: '2026-05-04T09:04:00Z',
      succeededAt: '2026-05-04T09:04:00Z',
      logUrl: 'https://ci.example/runs/1',
      environmentUrl: 'https://payments.acme.example',
    });
    expect(first.deployments[1]).toMatchObject({
      state: 'failure',
      creator: 'priya-patel',
      succeededAt: null,
      logUrl: 'https://ci.example/runs/2',
    });

    const stagingPoll = await reader.deploymentsSince(REPO, 'staging', null);
    expect(stagingPoll.deployments).toMatchObject([
      { id: String(staging.id), environment: 'staging', production: false, state: 'success' },
    ]);

    let idle: Awaited<ReturnType<typeof reader.deploymentsSince>> | undefined;
    const requests = await requestsDuring(s, async () => {
      idle = await reader.deploymentsSince(REPO, 'production', first.cursor);
    });
    expect(requests).toEqual(['304 /repos/acme/payments-api/deployments']);
    expect(idle).toMatchObject({ unchanged: true, deployments: [] });
    expect(s.requests[0]!.headers['if-none-match']).toMatch(/^W\/"/);
  });

  it('shows a new deployment, and a deployment in progress that ends, on the next poll', async () => {
    const { sim: s, reader, advance } = await setup();
    const first = await reader.deploymentsSince(REPO, 'production', null);
    expect(first.deployments).toEqual([]);

    advance(MINUTE);
    const deploying = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1' });
    s.deployments.addStatus(deploying.id, 'queued');
    advance(MINUTE);
    s.deployments.addStatus(deploying.id, 'in_progress');
    const second = await reader.deploymentsSince(REPO, 'production', first.cursor);
    expect(second.deployments).toMatchObject([{ id: String(deploying.id), state: 'in_progress', stateAt: '2026-05-04T09:02:00Z' }]);

    // Not settled: the next idle poll asks after it too, with its statuses' ETag (304, free of the rate limit).
    let idle: Awaited<ReturnType<typeof reader.deploymentsSince>> | undefined;
    expect(
      await requestsDuring(s, async () => {
        idle = await reader.deploymentsSince(REPO, 'production', second.cursor);
      }),
    ).toEqual(['304 /repos/acme/payments-api/deployments', `304 /repos/acme/payments-api/deployments/${deploying.id}/statuses`]);
    expect(idle!.unchanged).toBe(true);

    advance(3 * MINUTE);
    s.deployments.addStatus(deploying.id, 'success', { environmentUrl: 'https://payments.acme.example' });
    const next = s.deployments.create('acme', 'payments-api', { ref: 'main' });
    const third = await reader.deploymentsSince(REPO, 'production', idle!.cursor);
    expect(third.deployments.map((deployment) => [deployment.id, deployment.state])).toEqual([
      [String(deploying.id), 'success'],
      [String(next.id), 'queued'],
    ]);
    expect(third.deployments[1]).toMatchObject({ vendorState: 'no status yet', stateAt: '2026-05-04T09:05:00Z' });
    const settled = await reader.deploymentsSince(REPO, 'production', third.cursor);
    expect(settled.deployments).toEqual([]);
  });

  it('reads a long history page by page on the first poll, and only the new page after', async () => {
    const { sim: s, reader, advance } = await setup();
    for (let n = 0; n < 130; n++) {
      advance(MINUTE);
      s.deployments.addStatus(s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1', environment: 'staging' }).id, 'success');
    }
    const first = await reader.deploymentsSince(REPO, 'staging', null);
    expect(first.deployments).toHaveLength(130);
    expect(first.deployments.filter((deployment) => deployment.state === 'inactive')).toHaveLength(129);
    expect(first.deployments.every((deployment) => deployment.succeededAt !== null)).toBe(true);

    advance(MINUTE);
    const added = s.deployments.create('acme', 'payments-api', { ref: 'v2.13.1', environment: 'staging' });
    s.deployments.addStatus(added.id, 'success');
    const requests = await requestsDuring(s, async () => {
      const next = await reader.deploymentsSince(REPO, 'staging', first.cursor);
      // The one made inactive by the new success changed too.
      expect(next.deployments.map((deployment) => deployment.state)).toEqual(['inactive', 'success']);
    });
    expect(requests.filter((request) => request.endsWith('/deployments'))).toEqual(['200 /repos/acme/payments-api/deployments']);
  });

  it('refuses a cursor of another environment or not its own, and a repository not named owner/name', async () => {
    const { reader } = await setup();
    const { cursor } = await reader.deploymentsSince(REPO, 'production', null);
    await expect(reader.deploymentsSince(REPO, 'staging', cursor)).rejects.toThrow(/cursor is for acme\/payments-api production/);
    await expect(reader.deploymentsSince(REPO, 'production', 'not-a-cursor')).rejects.toThrow(/poll again without a cursor/);
    await expect(reader.deploymentsSince('payments-api', 'production', null)).rejects.toThrow(/owner\/name/);
    const unknown = await reader.deploymentsSince('acme/nowhere', 'production', null).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ProviderError);
    expect((unknown as ProviderError).message).toMatch(/no repository acme\/nowhere.*workspace/);
  });
});

describe('GitHub delivery reader: versions', () => {
  async function withLedger() {
    const context = await setup({ repositories: [{ owner: 'acme', name: 'ledger', workflows: [] }] });
    const at = Date.parse('2026-05-01T09:00:00Z');
    const history = context.sim.history;
    history.commit('acme', 'ledger', { message: 'Start', author: 'dana-developer', at });
    history.tag('acme', 'ledger', 'v1.0.0');
    const feature = history.commit('acme', 'ledger', {
      message: 'Add the ledger export',
      author: { login: 'priya-patel', name: 'Priya Patel', email: 'priya.patel@example.com' },
      authoredAt: at + 3_600_000,
      at: at + 7_200_000,
      pullRequest: {
        reviews: [
          { by: 'marcus-chen', state: 'CHANGES_REQUESTED' },
          { by: 'dana-developer', state: 'COMMENTED' },
          { by: 'marcus-chen', state: 'APPROVED' },
          { by: 'marcus-chen', state: 'COMMENTED' },
        ],
        requested: ['olivia-martin'],
      },
    });
    const changelog = history.commit('acme', 'ledger', {
      message: 'Update the changelog for v1.1.0',
      author: 'release-bot',
      at: at + 7_300_000,
    });
    history.tag('acme', 'ledger', 'v1.1.0');
    return { ...context, feature, changelog };
  }

  it('lists the commits between two versions and the pull requests they came through, with merge times, authors and reviewers', async () => {
    const { reader, feature, changelog } = await withLedger();
    const range = await reader.compare('acme/ledger', 'v1.0.0', 'v1.1.0');
    expect(range).toMatchObject({ traceable: true, relation: 'ahead', totalCommits: 2, removedCommits: [] });
    if (!range.traceable) return;
    expect(range.commits).toEqual([
      {
        sha: feature.commit.sha,
        message: `Add the ledger export (#${feature.pullRequest!.number})`,
        author: 'Priya Patel',
        authorLogin: 'priya-patel',
        authoredAt: '2026-05-01T10:00:00Z',
        committedAt: '2026-05-01T11:00:00Z',
        url: expect.stringContaining(`/acme/ledger/commit/${feature.commit.sha}`),
      },
      expect.objectContaining({ sha: changelog.commit.sha, message: 'Update the changelog for v1.1.0', authorLogin: 'release-bot' }),
    ]);
    expect(range.pullRequests).toEqual([
      {
        number: feature.pullRequest!.number,
        title: 'Add the ledger export',
        author: 'priya-patel',
        state: 'merged',
        createdAt: '2026-05-01T10:00:00Z',
        mergedAt: '2026-05-01T11:00:00Z',
        reviewers: [
          { login: 'marcus-chen', verdict: 'approved', at: expect.any(String) },
          { login: 'dana-developer', verdict: 'commented', at: expect.any(String) },
          { login: 'olivia-martin', verdict: 'requested', at: null },
        ],
        url: expect.stringContaining(`/acme/ledger/pull/${feature.pullRequest!.number}`),
        commitShas: [feature.commit.sha],
      },
    ]);
  });

  it('tells a rollback by what it takes out, and a force-pushed or unknown version as not traceable, with the reason', async () => {
    const { sim: s, reader, feature } = await withLedger();
    const rollback = await reader.compare('acme/ledger', 'v1.1.0', 'v1.0.0');
    expect(rollback).toMatchObject({ traceable: true, relation: 'behind', commits: [], totalCommits: 0 });
    if (rollback.traceable) {
      expect(rollback.removedCommits.map((commit) => commit.sha)).toContain(feature.commit.sha);
      expect(rollback.pullRequests.map((pull) => pull.number)).toEqual([feature.pullRequest!.number]);
    }

    s.history.forcePush('acme', 'ledger', 'main', 'v1.0.0');
    s.history.deleteTag('acme', 'ledger', 'v1.1.0');
    for (const gone of ['v1.1.0', feature.commit.sha]) {
      const range = await reader.compare('acme/ledger', 'v1.0.0', gone);
      expect(range).toMatchObject({ traceable: false, from: 'v1.0.0', to: gone });
      if (!range.traceable)
        expect(range.reason).toMatch(
          /cannot find v1\.0\.0 or .* in acme\/ledger \(404 Not Found\): the version was force-pushed away or deleted/,
        );
    }
    // The commits of a version gone came through no pull request GitHub can still name.
    expect(await reader.pullRequestsFor('acme/ledger', [feature.commit.sha])).toEqual([]);
  });

  it('pages past the 250 commits GitHub answers at once', async () => {
    const { sim: s, reader } = await setup({ repositories: [{ owner: 'acme', name: 'ledger', workflows: [] }] });
    s.history.commit('acme', 'ledger', { message: 'Start', author: 'dana-developer' });
    s.history.tag('acme', 'ledger', 'v1');
    for (let n = 1; n <= 260; n++) s.history.commit('acme', 'ledger', { message: `Change ${n}`, author: 'dana-developer' });
    s.history.tag('acme', 'ledger', 'v2');
    const range = await reader.compare('acme/ledger', 'v1', 'v2');
    expect(range.traceable && range.commits.map((commit) => commit.message)).toEqual(
      Array.from({ length: 260 }, (_, i) => `Change ${i + 1}`),
    );
    expect(range).toMatchObject({ totalCommits: 260, pullRequests: [] });
  });

  it('looks up pull requests a few at a time (concurrency), not one by one nor all at once', async () => {
    let inFlight = 0;
    let most = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const { reader } = await setup({}, { concurrency: 3, fetch: countingFetch });
    const range = await reader.compare(REPO, 'v2.10.0', 'v2.13.1');
    expect(range.traceable && range.pullRequests.length).toBeGreaterThan(10);
    expect(most).toBe(3);
  });

  it("reads the demo's releases: every change came through a reviewed pull request", async () => {
    const { reader } = await setup();
    const range = await reader.compare(REPO, 'v2.12.1', 'v2.13.0');
    expect(range.traceable).toBe(true);
    if (!range.traceable) return;
    expect(range.commits).toHaveLength(5);
    expect(range.pullRequests).toHaveLength(4);
    for (const pull of range.pullRequests) {
      expect(pull.state).toBe('merged');
      expect(pull.reviewers.some((reviewer) => reviewer.verdict === 'approved' && reviewer.login !== pull.author)).toBe(true);
      expect(Date.parse(pull.mergedAt!)).toBeGreaterThan(Date.parse(pull.createdAt));
    }
  });
});
