/**
 * The GitLab delivery reader: what a service's project says about its delivery, read
 * incrementally for the delivery sync, in the shapes the GitHub reader fills.
 *
 * - deploymentsSince: an environment's deployments new or changed since a cursor. GitLab's
 *   REST API does not answer conditional requests (If-None-Match is ignored on API routes:
 *   gitlab-org/gitlab#14357), so the cursor is the newest `updated_at` read, sent back as
 *   `updated_after` with `order_by=updated_at&sort=asc` (Deployments API, "List project
 *   deployments"): a poll with nothing new is one request answered with an empty page. A
 *   deployment's status change moves its `updated_at`, so it shows again when it ends.
 * - compare: the commits between two versions (Repositories API, "Compare branches, tags or
 *   commits": never paged, `commits` always complete) both ways, to tell a release from a
 *   rollback; a ref GitLab cannot find (404 "Ref Not Found": force-pushed away or deleted)
 *   is a range that cannot be traced, with the reason.
 * - mergeRequestsFor: the merge requests commits came through (`/repository/commits/:sha/merge_requests`)
 *   and their reviewers' states (`/merge_requests/:iid/reviewers`), a few requests at a time.
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import type { CompareOptions } from '../../engine/ports/delivery-source';
import { Deployment, PullRequestSummary, VersionRange } from '../../../shared/domain/delivery';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { checkConfig } from '../http/client-config';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';
import { validateGitLabConfig, type GitLabConfig } from './config';
import { GitLabClient, GitLabRefusal } from './gitlab-client';
import {
  GlComparison,
  GlDeploymentList,
  GlMergeRequestList,
  GlReviewerList,
  toCommitSummary,
  toDeployment,
  toPullRequestSummary,
  type GlMergeRequest,
} from './delivery-mapper';

const PAGE_SIZE = 100;
/** A commit's merge requests: read up to this many pages of 100. */
const LIST_PAGES = 10;

export interface GitLabDeliveryConfig extends GitLabConfig {
  /** Requests in flight at once when reading merge requests and reviewers; default 4. */
  concurrency?: number;
  /** A poll reads at most this many pages of 100 deployments (a longer backlog comes over the next polls, oldest first); default 10. */
  maxPollPages?: number;
}

const DeliveryFields = z.object({
  concurrency: z.number().int().min(1, 'concurrency must be at least 1').max(16, 'concurrency must be at most 16').optional(),
  maxPollPages: z.number().int().min(1, 'maxPollPages must be at least 1').max(100, 'maxPollPages must be at most 100').optional(),
});

/** One poll's outcome. */
interface DeploymentPoll {
  /** Deployments new since the cursor, or whose status changed, in the order GitLab last updated them. */
  deployments: Deployment[];
  /** Hand it back on the next poll of the same project and environment. */
  cursor: string;
  /** True when GitLab had nothing updated since the cursor. */
  unchanged: boolean;
}

export interface GitLabDeliveryReader {
  /** `project` is its full path (group/name); `cursor` null for the first poll. */
  deploymentsSince(project: string, environment: string, cursor: string | null): Promise<DeploymentPoll>;
  /** What deploying `toRef` over `fromRef` changes: refs are tags, branches or SHAs. */
  compare(project: string, fromRef: string, toRef: string, options?: CompareOptions): Promise<VersionRange>;
  /** The merge requests the commits came through, by iid (a commit GitLab no longer has is left out). */
  mergeRequestsFor(project: string, shas: readonly string[]): Promise<PullRequestSummary[]>;
}

const DeploymentCursor = z.object({
  v: z.literal(1),
  project: z.string(),
  environment: z.string(),
  /** The newest updated_at read; null before any deployment. */
  updatedAfter: z.string().nullable(),
});
type DeploymentCursor = z.infer<typeof DeploymentCursor>;

const ProjectPath = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/, 'name it by its full path, e.g. payments/payments-api');
const Text = (what: string) => z.string().trim().min(1, `${what} is empty`);

function checked<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProviderError('rejected', `GitLab delivery: ${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function createGitLabDeliveryReader(config: GitLabDeliveryConfig): GitLabDeliveryReader {
  validateGitLabConfig(config);
  checkConfig('GitLab', DeliveryFields, config);
  const client = new GitLabClient(config);
  const concurrency = config.concurrency ?? 4;
  const maxPollPages = config.maxPollPages ?? 10;
  const webRoot = config.baseUrl.replace(/\/+$/, '');

  const projectOf = (named: string) => {
    const project = checked(ProjectPath, named, 'project');
    return { project, path: `/projects/${encodeURIComponent(project)}` };
  };
  /** A 404 naming the project is the workspace's mistake; other refusals go on as they came. */
  const explain = (project: string, error: unknown): unknown =>
    error instanceof GitLabRefusal && error.status === 404 && /project/i.test(error.vendorMessage)
      ? new ProviderError(
          'rejected',
          `GitLab has no project ${project}, or the token cannot see it: check the service's repository in the workspace`,
          404,
        )
      : error;

  /** Pages of a list, following x-next-page, at most `maxPages`; whether more were left. */
  async function readPages<S extends z.ZodType<unknown[]>>(
    path: string,
    query: Array<[string, string | number]>,
    schema: S,
    maxPages: number,
  ) {
    const items: z.output<S>[number][] = [];
    let page: string | null = '1';
    let pages = 0;
    while (page && pages < maxPages) {
      const answer: { body: unknown[]; headers: Headers } = await client.request({
        method: 'GET',
        path,
        query: [...query, ['per_page', PAGE_SIZE], ['page', page]],
        schema,
      });
      items.push(...answer.body);
      page = answer.headers.get('x-next-page') || null;
      pages++;
    }
    return { items, more: page !== null };
  }

  async function deploymentsSince(named: string, environmentName: string, cursor: string | null): Promise<DeploymentPoll> {
    const { project, path } = projectOf(named);
    const environment = checked(Text('environment'), environmentName, 'environment');
    const previous = cursor === null ? null : readCursor(cursor, project, environment);
    const query: Array<[string, string | number]> = [
      ['environment', environment],
      ['order_by', 'updated_at'],
      ['sort', 'asc'],
      ...(previous?.updatedAfter ? [['updated_after', previous.updatedAfter] as [string, string]] : []),
    ];
    let items: z.infer<typeof GlDeploymentList>;
    try {
      ({ items } = await readPages(`${path}/deployments`, query, GlDeploymentList, maxPollPages));
    } catch (error) {
      throw explain(project, error);
    }
    const newest = items.reduce<string | null>(
      (best, deployment) => (best === null || Date.parse(deployment.updated_at) > Date.parse(best) ? deployment.updated_at : best),
      previous?.updatedAfter ?? null,
    );
    const next: DeploymentCursor = { v: 1, project, environment, updatedAfter: newest };
    return {
      deployments: z.array(Deployment).parse(items.map((deployment) => toDeployment(project, deployment))),
      cursor: encodeJsonCursor(next, 'base64url'),
      unchanged: items.length === 0,
    };
  }

  /** The commits `to` has and `from` lacks; the reason it cannot be traced when GitLab cannot find a ref. */
  async function readComparison(project: string, path: string, from: string, to: string) {
    try {
      const { body } = await client.request({
        method: 'GET',
        path: `${path}/repository/compare`,
        query: [
          ['from', from],
          ['to', to],
        ],
        schema: GlComparison,
      });
      return body;
    } catch (error) {
      if (error instanceof GitLabRefusal && error.status === 404 && /ref/i.test(error.vendorMessage))
        return {
          reason: `GitLab cannot find ${from} or ${to} in ${project} (${error.vendorMessage}): the version was force-pushed away or deleted`,
        };
      throw explain(project, error);
    }
  }

  async function compare(named: string, fromRef: string, toRef: string, options: CompareOptions = {}): Promise<VersionRange> {
    const { project, path } = projectOf(named);
    const from = checked(Text('fromRef'), fromRef, 'fromRef');
    const to = checked(Text('toRef'), toRef, 'toRef');
    const untraceable = (reason: string) => VersionRange.parse({ repository: project, from, to, traceable: false, reason });
    const forward = await readComparison(project, path, from, to);
    if ('reason' in forward) return untraceable(forward.reason);
    // GitLab's compare has no behind count: what deploying `to` takes out is the compare the other way.
    const backward = forward.compare_same_ref ? { commits: [] } : await readComparison(project, path, to, from);
    if ('reason' in backward) return untraceable(backward.reason);
    const commitUrl = (sha: string) => `${webRoot}/${project}/-/commit/${sha}`;
    const commits = forward.commits.map((commit) => toCommitSummary(commit, commitUrl(commit.id)));
    const removedCommits = backward.commits.map((commit) => toCommitSummary(commit, commitUrl(commit.id)));
    const relation =
      commits.length > 0 && removedCommits.length > 0
        ? 'diverged'
        : commits.length > 0
          ? 'ahead'
          : removedCommits.length > 0
            ? 'behind'
            : 'identical';
    const pullRequests =
      options.withPullRequests === false
        ? []
        : await mergeRequestsFor(
            project,
            [...commits, ...removedCommits].map((commit) => commit.sha),
          );
    return VersionRange.parse({
      repository: project,
      from,
      to,
      traceable: true,
      relation,
      commits,
      totalCommits: commits.length,
      removedCommits,
      pullRequests,
    });
  }

  async function mergeRequestsFor(named: string, shas: readonly string[]): Promise<PullRequestSummary[]> {
    const { project, path } = projectOf(named);
    const asked = [...new Set(checked(z.array(Text('a commit SHA')), shas, 'shas'))];
    const perCommit = await mapWithConcurrency(asked, concurrency, async (sha) => {
      try {
        return (await readPages(`${path}/repository/commits/${encodeURIComponent(sha)}/merge_requests`, [], GlMergeRequestList, LIST_PAGES))
          .items;
      } catch (error) {
        // A commit GitLab no longer has (force-pushed away): it came through no merge request GitLab can name.
        if (error instanceof GitLabRefusal && error.status === 404 && /commit/i.test(error.vendorMessage)) return [];
        throw explain(project, error);
      }
    });
    const byIid = new Map<number, { request: GlMergeRequest; shas: string[] }>();
    perCommit.forEach((requests, index) => {
      for (const request of requests) {
        const entry = byIid.get(request.iid) ?? { request, shas: [] };
        entry.shas.push(asked[index]!);
        byIid.set(request.iid, entry);
      }
    });
    const entries = [...byIid.values()].sort((a, b) => a.request.iid - b.request.iid);
    const summaries = await mapWithConcurrency(entries, concurrency, async ({ request, shas: through }) => {
      const { body } = await client.request({
        method: 'GET',
        path: `${path}/merge_requests/${request.iid}/reviewers`,
        schema: GlReviewerList,
      });
      return toPullRequestSummary(request, body, through);
    });
    return z.array(PullRequestSummary).parse(summaries);
  }

  return { deploymentsSince, compare, mergeRequestsFor };
}

function readCursor(text: string, project: string, environment: string): DeploymentCursor {
  const cursor = decodeJsonCursor(
    text,
    DeploymentCursor,
    'The deployment cursor is not one the GitLab delivery reader wrote: poll again without a cursor to start over',
    'base64url',
  );
  if (cursor.project !== project || cursor.environment !== environment)
    throw new ProviderError(
      'rejected',
      `The deployment cursor is for ${cursor.project} ${cursor.environment}, not ${project} ${environment}: keep one cursor per project and environment`,
    );
  return cursor;
}
