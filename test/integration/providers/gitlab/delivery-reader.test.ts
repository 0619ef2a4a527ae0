/**
 * The GitLab delivery reader over real HTTP against the GitLab simulator: an environment's
 * deployments with where each stands; a second poll with nothing new is one request
 * answered with an empty page (updated_after cursor); a new deployment, and one that
 * ends, show on the next poll; compare between two versions lists the commits and the
 * merge requests they came through (merge times, authors, reviewers), tells a rollback,
 * and says why a deleted or unknown version cannot be traced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestsDuring } from '../../../support/request-log';
import { ProviderError } from '../../../../electron/engine/ports';
import { createGitLabDeliveryReader, type GitLabDeliveryConfig } from '../../../../electron/providers/gitlab/delivery-reader';
import { startGitLabSimulator, type GitLabSimulator } from '../../../../electron/simulators/gitlab';

const TOKEN = 'glpat-delivery-test-token';
const PROJECT = 'payments/payments-api';
const MINUTE = 60_000;

let sim: GitLabSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(config: Partial<GitLabDeliveryConfig> = {}) {
  let clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitLabSimulator({
    validTokens: [{ token: TOKEN, username: 'delivery-bot' }],
    projects: [{ id: 5101, path: PROJECT, name: 'payments-api' }],
    now: () => clock,
  });
  const reader = createGitLabDeliveryReader({ baseUrl: sim.baseUrl, token: TOKEN, now: () => clock, sleep: async () => {}, ...config });
  return { sim, reader, advance: (ms: number) => (clock += ms) };
}

describe('GitLab delivery reader: deployments', () => {
  it("reads an environment's deployments with where each stands, then polls for one request with an empty page when nothing changed", async () => {
    const { sim: s, reader, advance } = await setup();
    s.delivery.environment(PROJECT, 'production', { externalUrl: 'https://payments.acme.example' });
    const released = s.delivery.deploy(PROJECT, 'production', 'v2.13.0', 'dana-developer');
    advance(MINUTE);
    s.delivery.setStatus(released.id, 'running');
    advance(4 * MINUTE);
    s.delivery.setStatus(released.id, 'success');
    advance(MINUTE);
    const staging = s.delivery.deploy(PROJECT, 'staging', 'v2.13.1');
    s.delivery.setStatus(staging.id, 'success');
    advance(MINUTE);
    const failed = s.delivery.deploy(PROJECT, 'production', 'v2.13.1', 'priya-patel');
    s.delivery.setStatus(failed.id, 'failed');

    const first = await reader.deploymentsSince(PROJECT, 'production', null);
    expect(first.unchanged).toBe(false);
    expect(first.deployments.map((deployment) => deployment.id)).toEqual([String(released.id), String(failed.id)]);
    expect(first.deployments[0]).toEqual({
      id: String(released.id),
      repository: PROJECT,
      environment: 'production',
      production: true,
      ref: 'v2.13.0',
      sha: 'v2.13.0',
      description: '',
      creator: 'dana-developer',
      createdAt: '2026-05-04T09:00:00.000Z',
      state: 'success',
      vendorState: 'success',
      stateAt: '2026-05-04T09:05:00.000Z',
      succeededAt: '2026-05-04T09:05:00.000Z',
      logUrl: expect.stringContaining(`/payments/payments-api/-/jobs/${released.jobId}`),
      environmentUrl: 'https://payments.acme.example',
    });
    expect(first.deployments[1]).toMatchObject({ state: 'failure', vendorState: 'failed', creator: 'priya-patel', succeededAt: null });

    const stagingPoll = await reader.deploymentsSince(PROJECT, 'staging', null);
    expect(stagingPoll.deployments).toMatchObject([
      { id: String(staging.id), environment: 'staging', production: false, state: 'success' },
    ]);

    let idle: Awaited<ReturnType<typeof reader.deploymentsSince>> | undefined;
    const requests = await requestsDuring(s, async () => {
      idle = await reader.deploymentsSince(PROJECT, 'production', first.cursor);
    });
    expect(requests).toEqual(['200 /api/v4/projects/payments%2Fpayments-api/deployments']);
    expect(idle).toMatchObject({ unchanged: true, deployments: [] });
    const query = new URLSearchParams(s.requests[0]!.query);
    expect(query.get('updated_after')).toBe('2026-05-04T09:07:00.000Z');
    expect(query.get('order_by')).toBe('updated_at');
  });

  it('shows a new deployment, and one running that ends, on the next poll', async () => {
    const { sim: s, reader, advance } = await setup();
    const first = await reader.deploymentsSince(PROJECT, 'production', null);
    expect(first.deployments).toEqual([]);

    advance(MINUTE);
    const deploying = s.delivery.deploy(PROJECT, 'production', 'v2.13.1');
    advance(MINUTE);
    s.delivery.setStatus(deploying.id, 'running');
    const second = await reader.deploymentsSince(PROJECT, 'production', first.cursor);
    expect(second.deployments).toMatchObject([{ id: String(deploying.id), state: 'in_progress', stateAt: '2026-05-04T09:02:00.000Z' }]);
    expect((await reader.deploymentsSince(PROJECT, 'production', second.cursor)).unchanged).toBe(true);

    advance(3 * MINUTE);
    s.delivery.setStatus(deploying.id, 'success');
    const next = s.delivery.deploy(PROJECT, 'production', 'main');
    const third = await reader.deploymentsSince(PROJECT, 'production', second.cursor);
    expect(third.deployments.map((deployment) => [deployment.id, deployment.state])).toEqual([
      [String(deploying.id), 'success'],
      [String(next.id), 'queued'],
    ]);
    expect(third.deployments[1]).toMatchObject({ vendorState: 'created', stateAt: '2026-05-04T09:05:00.000Z' });
    expect((await reader.deploymentsSince(PROJECT, 'production', third.cursor)).deployments).toEqual([]);
  });

  it('reads a long history page by page, and a backlog past the page limit over the next polls', async () => {
    const { sim: s, reader, advance } = await setup({ maxPollPages: 2 });
    for (let n = 0; n < 230; n++) {
      advance(MINUTE);
      s.delivery.setStatus(s.delivery.deploy(PROJECT, 'staging', 'v2.13.1').id, 'success');
    }
    const first = await reader.deploymentsSince(PROJECT, 'staging', null);
    expect(first.deployments).toHaveLength(200);
    const second = await reader.deploymentsSince(PROJECT, 'staging', first.cursor);
    expect(second.deployments).toHaveLength(30);
    expect(new Set([...first.deployments, ...second.deployments].map((deployment) => deployment.id)).size).toBe(230);
  });

  it('refuses a cursor of another environment or not its own, and names a project GitLab does not have', async () => {
    const { reader } = await setup();
    const { cursor } = await reader.deploymentsSince(PROJECT, 'production', null);
    await expect(reader.deploymentsSince(PROJECT, 'staging', cursor)).rejects.toThrow(/cursor is for payments\/payments-api production/);
    await expect(reader.deploymentsSince(PROJECT, 'production', 'not-a-cursor')).rejects.toThrow(/poll again without a cursor/);
    await expect(reader.deploymentsSince('payments-api', 'production', null)).rejects.toThrow(/full path/);
    const unknown = await reader.deploymentsSince('payments/nowhere', 'production', null).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ProviderError);
    expect((unknown as ProviderError).message).toMatch(/no project payments\/nowhere.*workspace/);
  });
});

describe('GitLab delivery reader: versions', () => {
  async function withLedger(config: Partial<GitLabDeliveryConfig> = {}) {
    const context = await setup(config);
    const at = Date.parse('2026-05-01T09:00:00Z');
    const delivery = context.sim.delivery;
    delivery.commit(PROJECT, { message: 'Start', author: 'dana-developer', at });
    delivery.tag(PROJECT, 'v1.0.0');
    const feature = delivery.commit(PROJECT, {
      message: 'Add the ledger export',
      author: 'priya-patel',
      authoredAt: at + 3_600_000,
      at: at + 7_200_000,
      mergeRequest: {
        reviewers: [
          { username: 'marcus-chen', state: 'approved' },
          { username: 'dana-developer', state: 'reviewed' },
          { username: 'olivia-martin', state: 'unreviewed' },
        ],
      },
    });
    const changelog = delivery.commit(PROJECT, { message: 'Update the changelog for v1.1.0', author: 'release-bot', at: at + 7_300_000 });
    delivery.tag(PROJECT, 'v1.1.0');
    return { ...context, feature, changelog };
  }

  it('lists the commits between two versions and the merge requests they came through, with merge times, authors and reviewers', async () => {
    const { reader, feature, changelog } = await withLedger();
    const range = await reader.compare(PROJECT, 'v1.0.0', 'v1.1.0');
    expect(range).toMatchObject({ traceable: true, relation: 'ahead', totalCommits: 2, removedCommits: [] });
    if (!range.traceable) return;
    expect(range.commits).toEqual([
      {
        sha: feature.sha,
        message: 'Add the ledger export',
        author: 'priya-patel',
        authorLogin: null,
        authoredAt: '2026-05-01T10:00:00.000Z',
        committedAt: '2026-05-01T11:00:00.000Z',
        url: expect.stringContaining(`/payments/payments-api/-/commit/${feature.sha}`),
      },
      expect.objectContaining({ sha: changelog.sha, message: 'Update the changelog for v1.1.0' }),
    ]);
    expect(range.pullRequests).toEqual([
      {
        number: feature.mergeRequestIid,
        title: 'Add the ledger export',
        author: 'priya-patel',
        state: 'merged',
        createdAt: '2026-05-01T10:00:00.000Z',
        mergedAt: '2026-05-01T11:00:00.000Z',
        reviewers: [
          { login: 'marcus-chen', verdict: 'approved', at: null },
          { login: 'dana-developer', verdict: 'commented', at: null },
          { login: 'olivia-martin', verdict: 'requested', at: null },
        ],
        url: expect.stringContaining(`/payments/payments-api/-/merge_requests/${feature.mergeRequestIid}`),
        commitShas: [feature.sha],
      },
    ]);
  });

  it('tells a rollback by what it takes out, an identical version, and an unknown or deleted version as not traceable', async () => {
    const { sim: s, reader, feature } = await withLedger();
    const rollback = await reader.compare(PROJECT, 'v1.1.0', 'v1.0.0');
    expect(rollback).toMatchObject({ traceable: true, relation: 'behind', commits: [], totalCommits: 0 });
    if (rollback.traceable) {
      expect(rollback.removedCommits.map((commit) => commit.sha)).toContain(feature.sha);
      expect(rollback.pullRequests.map((pull) => pull.number)).toEqual([feature.mergeRequestIid]);
    }
    expect(await reader.compare(PROJECT, 'v1.1.0', 'main')).toMatchObject({ traceable: true, relation: 'identical', commits: [] });

    s.delivery.deleteTag(PROJECT, 'v1.1.0');
    for (const gone of ['v1.1.0', 'v9.9.9']) {
      const range = await reader.compare(PROJECT, 'v1.0.0', gone);
      expect(range).toMatchObject({ traceable: false, from: 'v1.0.0', to: gone });
      if (!range.traceable)
        expect(range.reason).toMatch(/cannot find v1\.0\.0 or .* \(404 Ref Not Found\): the version was force-pushed away or deleted/);
    }
    // A commit GitLab does not have came through no merge request it can name.
    expect(await reader.mergeRequestsFor(PROJECT, ['0123456789abcdef0123456789abcdef01234567'])).toEqual([]);
  });

  it('looks up merge requests a few at a time (concurrency), not one by one nor all at once', async () => {
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
    const { sim: s, reader } = await setup({ concurrency: 3, fetch: countingFetch });
    s.delivery.commit(PROJECT, { message: 'Start', author: 'dana-developer' });
    s.delivery.tag(PROJECT, 'v1');
    for (let n = 1; n <= 12; n++)
      s.delivery.commit(PROJECT, {
        message: `Change ${n}`,
        author: 'dana-developer',
        mergeRequest: { reviewers: [{ username: 'marcus-chen', state: 'approved' }] },
      });
    s.delivery.tag(PROJECT, 'v2');
    const range = await reader.compare(PROJECT, 'v1', 'v2');
    expect(range.traceable && range.pullRequests.length).toBe(12);
    expect(most).toBe(3);
  });
});
