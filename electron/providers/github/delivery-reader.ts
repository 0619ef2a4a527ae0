/**
 * The GitHub delivery reader: what a service's repository says about its delivery, read
 * incrementally for the delivery sync to come.
 *
 * - deploymentsSince: an environment's deployments new or changed since a cursor; a poll
 *   with nothing new is one request answered 304 (deployment-poll.ts).
 * - compare: the commits between two versions (paged past GitHub's 250-commit answer),
 *   what a rollback takes out, and the pull requests they came through; a version
 *   force-pushed away or deleted (compare answers 404) is a range that cannot be traced,
 *   with the reason.
 * - pullRequestsFor: the pull requests commits came through, with merge times, authors
 *   and reviewers, a few requests at a time.
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import type { CompareOptions } from '../../engine/ports/delivery-source';
import { PullRequestSummary, VersionRange } from '../../../shared/domain/delivery';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { checkConfig } from '../http/client-config';
import type { ClientTuning, QueryParams } from '../http/transport';
import { validateGitHubConfig } from './config';
import {
  GhComparison,
  GhPullRequestList,
  GhReviewList,
  toCommitSummary,
  toPullRequestSummary,
  type GhPullRequest,
} from './delivery-mapper';
import { pollDeployments, type DeploymentPoll } from './deployment-poll';
import { GitHubClient, GitHubRefusal, nextPage } from './github-client';

const PAGE_SIZE = 100;
const FULL_PAGES: QueryParams = [['per_page', PAGE_SIZE]];
/** A commit's pull requests, a pull request's reviews: read up to this many pages of 100. */
const LIST_PAGES = 10;
const HOUR_MS = 3_600_000;

export interface GitHubDeliveryConfig extends ClientTuning {
  /** REST API base URL: https://api.github.com, https://HOST/api/v3 (GitHub Enterprise Server), or a simulator. */
  baseUrl?: string;
  /** Read access to the repositories' deployments, contents and pull requests. */
  token: string;
  /** Requests in flight at once when reading statuses, pull requests and reviews; default 4. */
  concurrency?: number;
  /** A first poll (no cursor) reads at most this many pages of 100 deployments; default 10. */
  firstPollPages?: number;
  /** How long a deployment that has not settled (queued, in progress) is asked after; default 24 hours. */
  followOpenHours?: number;
  /** A compare reads at most this many pages of 100 commits; default 50. */
  maxComparePages?: number;
}

const DeliveryFields = z.object({
  concurrency: z.number().int().min(1, 'concurrency must be at least 1').max(16, 'concurrency must be at most 16').optional(),
  firstPollPages: z.number().int().min(1, 'firstPollPages must be at least 1').max(100, 'firstPollPages must be at most 100').optional(),
  followOpenHours: z.number().positive('followOpenHours must be more than 0').max(720, 'followOpenHours must be at most 720').optional(),
  maxComparePages: z.number().int().min(1, 'maxComparePages must be at least 1').max(100, 'maxComparePages must be at most 100').optional(),
});

export interface GitHubDeliveryReader {
  /** `repository` is owner/name; `cursor` null for the first poll. */
  deploymentsSince(repository: string, environment: string, cursor: string | null): Promise<DeploymentPoll>;
  /** What deploying `toRef` over `fromRef` changes: refs are tags, branches or SHAs. */
  compare(repository: string, fromRef: string, toRef: string, options?: CompareOptions): Promise<VersionRange>;
  /** The pull requests the commits came through, by number (a commit GitHub no longer has is left out). */
  pullRequestsFor(repository: string, shas: readonly string[]): Promise<PullRequestSummary[]>;
}

const RepositoryName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'name it as owner/name, e.g. acme/payments-api');
const Text = (what: string) => z.string().trim().min(1, `${what} is empty`);

export function createGitHubDeliveryReader(config: GitHubDeliveryConfig): GitHubDeliveryReader {
  validateGitHubConfig(config);
  checkConfig('GitHub', DeliveryFields, config);
  const client = new GitHubClient(config);
  const concurrency = config.concurrency ?? 4;
  const maxComparePages = config.maxComparePages ?? 50;

  const poll = {
    concurrency,
    firstPollPages: config.firstPollPages ?? 10,
    followOpenMs: (config.followOpenHours ?? 24) * HOUR_MS,
    now: config.now ?? Date.now,
  };

  async function deploymentsSince(repository: string, environment: string, cursor: string | null): Promise<DeploymentPoll> {
    return pollDeployments(
      client,
      poll,
      { ...repositoryOf(repository), environment: checked(Text('environment'), environment, 'environment') },
      cursor,
    );
  }

  /** One comparison, all its pages; the reason it cannot be traced when GitHub answers 404. */
  async function readComparison({ repository, path: repositoryPath }: Repository, fromRef: string, toRef: string) {
    const path = `${repositoryPath}/compare/${encodeURIComponent(fromRef)}...${encodeURIComponent(toRef)}`;
    const options = {
      schema: GhComparison,
      needs: `read access to ${repository}'s contents (fine-grained token: Contents: read; classic: repo)`,
    };
    try {
      // Paging parameters make GitHub list the commits oldest first, page by page, past the 250 it answers without them.
      const first = await client.get(path, {
        ...options,
        query: [
          ['per_page', PAGE_SIZE],
          ['page', 1],
        ],
      });
      const commits = [...first.body.commits];
      let next = nextPage(first.headers);
      for (let pages = 1; next && pages < maxComparePages; pages++) {
        const page = await client.get(next, options);
        commits.push(...page.body.commits);
        next = nextPage(page.headers);
      }
      return { ...first.body, commits };
    } catch (error) {
      if (!(error instanceof GitHubRefusal) || error.status !== 404) throw error;
      return {
        reason: /no common ancestor/i.test(error.vendorMessage)
          ? `${fromRef} and ${toRef} share no history in ${repository} (GitHub: ${error.vendorMessage})`
          : `GitHub cannot find ${fromRef} or ${toRef} in ${repository} (404 ${error.vendorMessage || 'Not Found'}): the version was force-pushed away or deleted, or the token cannot see the repository`,
      };
    }
  }

  async function compare(named: string, fromRef: string, toRef: string, options: CompareOptions = {}): Promise<VersionRange> {
    const target = repositoryOf(named);
    const { repository } = target;
    const from = checked(Text('fromRef'), fromRef, 'fromRef');
    const to = checked(Text('toRef'), toRef, 'toRef');
    const forward = await readComparison(target, from, to);
    if ('reason' in forward) return VersionRange.parse({ repository, from, to, traceable: false, reason: forward.reason });
    // What `from` has and `to` lacks is what deploying `to` takes out: a rollback, a rewritten history.
    const backward = forward.behind_by > 0 ? await readComparison(target, to, from) : null;
    if (backward && 'reason' in backward) return VersionRange.parse({ repository, from, to, traceable: false, reason: backward.reason });
    const commits = forward.commits.map(toCommitSummary);
    const removedCommits = (backward?.commits ?? []).map(toCommitSummary);
    const pullRequests =
      options.withPullRequests === false
        ? []
        : await pullRequestsFor(
            repository,
            [...commits, ...removedCommits].map((commit) => commit.sha),
          );
    return VersionRange.parse({
      repository,
      from,
      to,
      traceable: true,
      relation: forward.status,
      commits,
      totalCommits: forward.ahead_by,
      removedCommits,
      pullRequests,
    });
  }

  async function pullRequestsFor(named: string, shas: readonly string[]): Promise<PullRequestSummary[]> {
    const { repository, path } = repositoryOf(named);
    const asked = [...new Set(checked(z.array(Text('a commit SHA')), shas, 'shas'))];
    const needs = `read access to ${repository}'s pull requests (fine-grained token: Pull requests: read; classic: repo)`;
    const pullsOptions = { schema: GhPullRequestList, query: FULL_PAGES, needs };
    const perCommit = await mapWithConcurrency(asked, concurrency, async (sha) => {
      try {
        return (await client.getList(`${path}/commits/${encodeURIComponent(sha)}/pulls`, pullsOptions, LIST_PAGES)).items;
      } catch (error) {
        // A commit GitHub no longer has (force-pushed away): it came through no pull request GitHub can name.
        if (error instanceof GitHubRefusal && (error.status === 404 || error.status === 422)) return [];
        throw error;
      }
    });
    const byNumber = new Map<number, { pull: GhPullRequest; shas: string[] }>();
    perCommit.forEach((pulls, index) => {
      for (const pull of pulls) {
        const entry = byNumber.get(pull.number) ?? { pull, shas: [] };
        entry.shas.push(asked[index]!);
        byNumber.set(pull.number, entry);
      }
    });
    const entries = [...byNumber.values()].sort((a, b) => a.pull.number - b.pull.number);
    const summaries = await mapWithConcurrency(entries, concurrency, async ({ pull, shas: through }) => {
      const reviewsOptions = { schema: GhReviewList, query: FULL_PAGES, needs };
      const { items } = await client.getList(`${path}/pulls/${pull.number}/reviews`, reviewsOptions, LIST_PAGES);
      return toPullRequestSummary(pull, items, through);
    });
    return z.array(PullRequestSummary).parse(summaries);
  }

  return { deploymentsSince, compare, pullRequestsFor };
}

/** A repository as owner/name and its API path. */
interface Repository {
  repository: string;
  path: string;
}

/** "acme/payments-api" and "/repos/acme/payments-api"; a ProviderError saying how to name it otherwise. */
function repositoryOf(named: string): Repository {
  const repository = checked(RepositoryName, named, `the GitHub repository "${named}"`);
  const [owner, name] = repository.split('/');
  return { repository, path: `/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}` };
}

/** The value as the schema reads it, or a 'rejected' ProviderError naming what is wrong. */
function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProviderError('rejected', `${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
