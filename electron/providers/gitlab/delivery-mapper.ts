/**
 * GitLab's deployments, compared commits, merge requests and their reviewers (the fields
 * the delivery reader reads, as zod schemas) into the console's delivery shapes
 * (shared/domain/delivery.ts); a merge request is read as a pull request, numbered by its iid.
 */
import { z } from 'zod';
import type { CommitSummary, Deployment, DeploymentState, PullRequestSummary, ReviewVerdict } from '../../../shared/domain/delivery';

const GlUser = z.object({ username: z.string() });

const GlDeployment = z.object({
  id: z.number().int(),
  ref: z.string(),
  sha: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullish(),
  user: GlUser.nullish(),
  environment: z.object({ name: z.string(), external_url: z.string().nullish(), tier: z.string().nullish() }),
  deployable: z.object({ web_url: z.string().nullish() }).nullish(),
});
type GlDeployment = z.infer<typeof GlDeployment>;
export const GlDeploymentList = z.array(GlDeployment);

const GlCommit = z.object({
  id: z.string(),
  title: z.string(),
  author_name: z.string(),
  created_at: z.string(),
  authored_date: z.string().nullish(),
  committed_date: z.string().nullish(),
  web_url: z.string().nullish(),
});
type GlCommit = z.infer<typeof GlCommit>;

export const GlComparison = z.object({ commits: z.array(GlCommit), compare_same_ref: z.boolean() });

const GlMergeRequest = z.object({
  iid: z.number().int().positive(),
  title: z.string(),
  state: z.string(),
  author: GlUser.nullable(),
  created_at: z.string(),
  merged_at: z.string().nullish(),
  web_url: z.string(),
});
export type GlMergeRequest = z.infer<typeof GlMergeRequest>;
export const GlMergeRequestList = z.array(GlMergeRequest);

export const GlReviewerList = z.array(z.object({ user: GlUser, state: z.string() }));

/**
 * GitLab's deployment statuses in the console's: created and blocked (waiting for an
 * approval or a manual job) are queued; canceled reads as error (the console has no
 * cancelled state; vendorState keeps GitLab's word). GitLab has no "inactive": a success
 * replaced by a later deployment stays success.
 */
const STATES: Record<string, DeploymentState> = {
  created: 'queued',
  blocked: 'queued',
  running: 'in_progress',
  success: 'success',
  failed: 'failure',
  canceled: 'error',
};

export function toDeployment(repository: string, deployment: GlDeployment): Deployment {
  const settledAt = deployment.finished_at ?? deployment.updated_at;
  return {
    id: String(deployment.id),
    repository,
    environment: deployment.environment.name,
    production: (deployment.environment.tier ?? (deployment.environment.name === 'production' ? 'production' : '')) === 'production',
    ref: deployment.ref,
    sha: deployment.sha,
    description: '',
    creator: deployment.user?.username ?? null,
    createdAt: deployment.created_at,
    state: STATES[deployment.status] ?? 'queued',
    vendorState: deployment.status,
    stateAt: deployment.status === 'created' ? deployment.created_at : settledAt,
    succeededAt: deployment.status === 'success' ? settledAt : null,
    logUrl: deployment.deployable?.web_url ?? null,
    environmentUrl: deployment.environment.external_url ?? null,
  };
}

export function toCommitSummary(commit: GlCommit, fallbackUrl: string): CommitSummary {
  return {
    sha: commit.id,
    message: commit.title,
    author: commit.author_name,
    // GitLab's commit names the author as git recorded them, not an account.
    authorLogin: null,
    authoredAt: commit.authored_date ?? commit.created_at,
    committedAt: commit.committed_date ?? commit.created_at,
    url: commit.web_url ?? fallbackUrl,
  };
}

/** `/reviewers` states in the console's verdicts; review_started and an unknown state read as requested (no review yet). */
const VERDICTS: Record<string, ReviewVerdict> = {
  approved: 'approved',
  requested_changes: 'changes_requested',
  unapproved: 'dismissed',
  reviewed: 'commented',
};

/**
 * A merge request with its reviewers. GitLab's `/reviewers` says when a reviewer was
 * asked (created_at), not when they reviewed: `at` stays null.
 */
export function toPullRequestSummary(
  request: GlMergeRequest,
  reviewers: z.infer<typeof GlReviewerList>,
  commitShas: string[],
): PullRequestSummary {
  return {
    number: request.iid,
    title: request.title,
    author: request.author?.username ?? null,
    state: request.state === 'merged' ? 'merged' : request.state === 'closed' ? 'closed' : 'open',
    createdAt: request.created_at,
    mergedAt: request.merged_at ?? null,
    reviewers: reviewers.map((reviewer) => ({ login: reviewer.user.username, verdict: VERDICTS[reviewer.state] ?? 'requested', at: null })),
    url: request.web_url,
    commitShas,
  };
}
