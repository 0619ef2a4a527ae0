/**
 * The GitHub simulator's history over raw HTTP: compare between the demo's versions
 * (ahead, behind, identical, diverged after a force push), its 250-commit answer without
 * paging parameters and its pages with them, 404 in GitHub's shape for unknown or
 * force-pushed refs, a commit's pull requests and a pull request's reviews.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator, type RepositoryDefinition } from '../../../../electron/simulators/github';

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const NOW = Date.parse('2026-05-04T09:00:00Z');
const auth = { Authorization: 'Bearer t' };
const get = (s: GitHubSimulator, path: string) => fetch(`${s.baseUrl}${path}`, { headers: auth });
const json = async <T = Record<string, unknown>>(s: GitHubSimulator, path: string): Promise<T> => {
  const answer = await get(s, path);
  expect(answer.status, path).toBe(200);
  return (await answer.json()) as T;
};

interface Comparison {
  status: string;
  ahead_by: number;
  behind_by: number;
  total_commits: number;
  base_commit: { sha: string };
  merge_base_commit: { sha: string };
  commits: Array<{
    sha: string;
    commit: { message: string; author: { name: string; email: string; date: string }; committer: { name: string } };
    author: { login: string } | null;
    parents: { sha: string }[];
  }>;
}

const emptyRepo: RepositoryDefinition = { owner: 'acme', name: 'ledger', workflows: [] };

describe('GitHub simulator history: compare', () => {
  it("compares the demo's versions: the commits a release brings, oldest first, with their authors", async () => {
    const s = (sim = await startGitHubSimulator({ now: () => NOW }));
    const compared = await json<Comparison>(s, '/repos/acme/payments-api/compare/v2.12.1...v2.13.0');
    expect(compared).toMatchObject({ status: 'ahead', ahead_by: 5, behind_by: 0, total_commits: 5 });
    expect(compared.commits.map((commit) => commit.commit.message.split('\n')[0])).toEqual([
      expect.stringMatching(/^Add a circuit breaker around the fraud scoring call \(#\d+\)$/),
      expect.stringMatching(/^Tune the connection pool for the ledger database \(#\d+\)$/),
      expect.stringMatching(/^Record the merchant category code on each payment \(#\d+\)$/),
      expect.stringMatching(/^Drop the legacy \/v1\/charges endpoint \(#\d+\)$/),
      'Update the changelog for v2.13.0',
    ]);
    const [first] = compared.commits;
    expect(first!.commit.author).toMatchObject({ name: expect.any(String), email: expect.stringMatching(/@example\.com$/) });
    expect(first!.commit.committer.name).toBe('GitHub');
    expect(first!.author?.login).toMatch(/^(dana-developer|priya-patel|marcus-chen)$/);
    expect(compared.commits[4]!.author?.login).toBe('release-bot');
    // Each commit's parent is the one before it; the first's is the base.
    expect(first!.parents[0]!.sha).toBe(compared.base_commit.sha);
    expect(compared.commits[1]!.parents[0]!.sha).toBe(first!.sha);
    const dates = compared.commits.map((commit) => Date.parse(commit.commit.author.date));
    expect(dates.every((date) => date < NOW)).toBe(true);

    const back = await json<Comparison>(s, '/repos/acme/payments-api/compare/v2.13.0...v2.12.1');
    expect(back).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 5, commits: [] });
    expect(await json<Comparison>(s, '/repos/acme/checkout-web/compare/v5.2.1...v5.2.1')).toMatchObject({
      status: 'identical',
      ahead_by: 0,
    });
    // A SHA (or an unambiguous prefix) names a commit too.
    const sha = first!.sha;
    expect(await json<Comparison>(s, `/repos/acme/payments-api/compare/${sha.slice(0, 7)}...v2.13.0`)).toMatchObject({ ahead_by: 4 });
  });

  it("answers 404 in GitHub's shape for an unknown ref, a malformed basehead, and a version force-pushed away", async () => {
    const s = (sim = await startGitHubSimulator({ now: () => NOW }));
    for (const path of [
      '/repos/acme/payments-api/compare/v2.12.1...v9.9.9',
      '/repos/acme/payments-api/compare/v2.12.1..v2.13.0',
      '/repos/acme/nowhere/compare/v1...v2',
    ]) {
      const answer = await get(s, path);
      expect(answer.status, path).toBe(404);
      expect(await answer.json()).toMatchObject({
        message: 'Not Found',
        status: '404',
        documentation_url: expect.stringContaining('docs.github.com'),
      });
    }

    // v2.13.1 is withdrawn: main is force-pushed back to v2.13.0 and the tag deleted; its commits are gone.
    const withdrawn = await json<Comparison>(s, '/repos/acme/payments-api/compare/v2.13.0...v2.13.1');
    s.history.forcePush('acme', 'payments-api', 'main', 'v2.13.0');
    s.history.deleteTag('acme', 'payments-api', 'v2.13.1');
    for (const ref of ['v2.13.1', withdrawn.commits.at(-1)!.sha]) {
      const answer = await get(s, `/repos/acme/payments-api/compare/v2.13.0...${ref}`);
      expect(answer.status, ref).toBe(404);
    }
  });

  it('tells a diverged history (a hotfix tag left behind a force push), and branches with slashes', async () => {
    const s = (sim = await startGitHubSimulator({ now: () => NOW, repositories: [emptyRepo] }));
    s.history.commit('acme', 'ledger', { message: 'Start', author: 'dana' });
    s.history.tag('acme', 'ledger', 'v1.0.0');
    s.history.commit('acme', 'ledger', { message: 'Hotfix', author: 'dana' });
    s.history.tag('acme', 'ledger', 'v1.0.1');
    s.history.forcePush('acme', 'ledger', 'main', 'v1.0.0');
    s.history.commit('acme', 'ledger', { message: 'Feature', author: 'priya' });
    s.history.commit('acme', 'ledger', { message: 'Other', author: 'priya', branch: 'release/2.0' });
    const diverged = await json<Comparison>(s, '/repos/acme/ledger/compare/v1.0.1...main');
    expect(diverged).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 1 });
    expect(diverged.commits.map((commit) => commit.commit.message)).toEqual(['Feature']);
    expect(diverged.merge_base_commit.sha).toBe(s.history.resolve(s.state.repositories[0]!, 'v1.0.0')!.sha);
    for (const head of ['release%2F2.0', 'release/2.0'])
      expect(await json<Comparison>(s, `/repos/acme/ledger/compare/v1.0.0...${head}`)).toMatchObject({ status: 'ahead', ahead_by: 2 });
  });

  it('answers at most 250 commits (the most recent) without paging parameters, and every commit page by page with them', async () => {
    const s = (sim = await startGitHubSimulator({ now: () => NOW, repositories: [emptyRepo] }));
    s.history.commit('acme', 'ledger', { message: 'Start', author: 'dana', at: NOW - 1_000_000 });
    s.history.tag('acme', 'ledger', 'v1');
    for (let n = 1; n <= 260; n++)
      s.history.commit('acme', 'ledger', { message: `Change ${n}`, author: 'dana', at: NOW - 1_000_000 + n * 1_000 });
    s.history.tag('acme', 'ledger', 'v2');

    const whole = await json<Comparison>(s, '/repos/acme/ledger/compare/v1...v2');
    expect(whole).toMatchObject({ ahead_by: 260, total_commits: 260 });
    expect(whole.commits).toHaveLength(250);
    expect(whole.commits[0]!.commit.message).toBe('Change 11');
    expect(whole.commits.at(-1)!.commit.message).toBe('Change 260');

    const first = await get(s, '/repos/acme/ledger/compare/v1...v2?per_page=100&page=1');
    expect(((await first.json()) as Comparison).commits.map((commit) => commit.commit.message).slice(0, 2)).toEqual([
      'Change 1',
      'Change 2',
    ]);
    expect(first.headers.get('link')).toContain('page=2>; rel="next"');
    expect(first.headers.get('link')).toContain('page=3>; rel="last"');
    const last = await json<Comparison>(s, '/repos/acme/ledger/compare/v1...v2?per_page=100&page=3');
    expect(last.commits.map((commit) => commit.commit.message)).toEqual(Array.from({ length: 60 }, (_, i) => `Change ${201 + i}`));
  });
});

describe('GitHub simulator history: pull requests and reviews', () => {
  it('lists the pull request a commit was merged through, with its author, merge time and reviewers asked', async () => {
    const s = (sim = await startGitHubSimulator({ now: () => NOW, repositories: [emptyRepo] }));
    s.history.commit('acme', 'ledger', { message: 'Start', author: 'dana', at: NOW - 10_000_000 });
    const { commit, pullRequest } = s.history.commit('acme', 'ledger', {
      message: 'Add the ledger export',
      author: { login: 'priya-patel', name: 'Priya Patel', email: 'priya.patel@example.com' },
      authoredAt: NOW - 7_200_000,
      at: NOW - 3_600_000,
      pullRequest: {
        body: 'Exports the ledger as CSV.',
        reviews: [
          { by: 'marcus-chen', state: 'CHANGES_REQUESTED', body: 'Add a test.' },
          { by: 'marcus-chen', state: 'APPROVED' },
        ],
        requested: ['dana-developer'],
      },
    });
    const direct = s.history.commit('acme', 'ledger', { message: 'Update the changelog', author: 'release-bot' }).commit;

    const pulls = await json<Array<Record<string, unknown>>>(s, `/repos/acme/ledger/commits/${commit.sha}/pulls`);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      number: pullRequest!.number,
      title: 'Add the ledger export',
      state: 'closed',
      user: { login: 'priya-patel' },
      created_at: '2026-05-04T07:00:00Z',
      merged_at: '2026-05-04T08:00:00Z',
      merge_commit_sha: commit.sha,
      requested_reviewers: [{ login: 'dana-developer' }],
      html_url: `${s.baseUrl}/acme/ledger/pull/${pullRequest!.number}`,
    });
    expect(commit.message).toBe(`Add the ledger export (#${pullRequest!.number})\n\nExports the ledger as CSV.`);
    expect(await json(s, `/repos/acme/ledger/commits/${direct.sha.slice(0, 10)}/pulls`)).toEqual([]);
    const unknown = await get(s, '/repos/acme/ledger/commits/0123456789abcdef0123456789abcdef01234567/pulls');
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ message: 'No commit found for SHA: 0123456789abcdef0123456789abcdef01234567' });

    const reviews = await json<Array<Record<string, unknown>>>(s, `/repos/acme/ledger/pulls/${pullRequest!.number}/reviews`);
    expect(reviews.map((review) => [(review.user as { login: string }).login, review.state])).toEqual([
      ['marcus-chen', 'CHANGES_REQUESTED'],
      ['marcus-chen', 'APPROVED'],
    ]);
    const times = reviews.map((review) => Date.parse(review.submitted_at as string));
    expect(times[0]! > NOW - 7_200_000 && times[0]! < times[1]! && times[1]! < NOW - 3_600_000).toBe(true);
    expect((await get(s, '/repos/acme/ledger/pulls/999/reviews')).status).toBe(404);
  });
});
