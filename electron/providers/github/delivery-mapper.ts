/**
 * GitHub's deployments, deployment statuses, commit comparisons, pull requests and reviews
 * (the fields the delivery reader reads, as zod schemas) into the console's delivery
 * shapes (shared/domain/delivery.ts).
 */
import { z } from 'zod';
import type { CommitSummary, Deployment, DeploymentState, PullRequestSummary, ReviewVerdict } from '../../../shared/domain/delivery';

const GhUser = z.object({ login: z.string() });

export const GhDeployment = z.object({
  id: z.number().int(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  description: z.string().nullable(),
  creator: GhUser.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  production_environment: z.boolean().optional(),
});
export type GhDeployment = z.infer<typeof GhDeployment>;
export const GhDeploymentList = z.array(GhDeployment);

const GhDeploymentStatus = z.object({
  id: z.number().int(),
  state: z.string(),
  created_at: z.string(),
  log_url: z.string().nullish(),
  target_url: z.string().nullish(),
  environment_url: z.string().nullish(),
});
type GhDeploymentStatus = z.infer<typeof GhDeploymentStatus>;
export const GhDeploymentStatusPage = z.array(GhDeploymentStatus);

const GitIdentity = z.object({ name: z.string().optional(), date: z.string() });

const GhCommit = z.object({
  sha: z.string(),
  html_url: z.string(),
  commit: z.object({ message: z.string(), author: GitIdentity, committer: GitIdentity }),
  // A simple-user, an empty object or null when GitHub links the commit's email to no account.
  author: z.object({ login: z.string().optional() }).nullable(),
});
type GhCommit = z.infer<typeof GhCommit>;

export const GhComparison = z.object({
  status: z.enum(['ahead', 'behind', 'diverged', 'identical']),
  ahead_by: z.number().int(),
  behind_by: z.number().int(),
  total_commits: z.number().int(),
  commits: z.array(GhCommit),
});

const GhPullRequest = z.object({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  user: GhUser.nullable(),
  html_url: z.string(),
  created_at: z.string(),
  merged_at: z.string().nullable(),
  requested_reviewers: z.array(GhUser).nullish(),
});
export type GhPullRequest = z.infer<typeof GhPullRequest>;
export const GhPullRequestList = z.array(GhPullRequest);

const GhReview = z.object({ user: GhUser.nullable(), state: z.string(), submitted_at: z.string().nullish() });
type GhReview = z.infer<typeof GhReview>;
export const GhReviewList = z.array(GhReview);

/** GitHub's deployment states in the console's: pending (and a state GitHub adds later) reads as queued. */
const STATES: Record<string, DeploymentState> = {
  queued: 'queued',
  pending: 'queued',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'error',
  inactive: 'inactive',
};

/** States a deployment does not leave, but for inactive when a later one replaces it. */
export function isSettled(state: DeploymentState): boolean {
  return state !== 'queued' && state !== 'in_progress';
}

/**
 * A deployment with its statuses: its state is its latest status's (GitHub's docs do not
 * say in which order statuses are listed: the latest is the one created last, the
 * higher id among equal times); before any status it is queued since its creation.
 */
export function toDeployment(repository: string, deployment: GhDeployment, statuses: readonly GhDeploymentStatus[]): Deployment {
  const newestFirst = [...statuses].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const latest = newestFirst[0];
  const firstWith = (url: (status: GhDeploymentStatus) => string | null | undefined) =>
    newestFirst.map(url).find((value): value is string => typeof value === 'string' && value !== '') ?? null;
  return {
    id: String(deployment.id),
    repository,
    environment: deployment.environment,
    production: deployment.production_environment ?? deployment.environment === 'production',
    ref: deployment.ref,
    sha: deployment.sha,
    description: deployment.description ?? '',
    creator: deployment.creator?.login ?? null,
    createdAt: deployment.created_at,
    state: latest ? (STATES[latest.state] ?? 'queued') : 'queued',
    vendorState: latest?.state ?? 'no status yet',
    stateAt: latest?.created_at ?? deployment.created_at,
    succeededAt: newestFirst.find((status) => status.state === 'success')?.created_at ?? null,
    logUrl: firstWith((status) => status.log_url || status.target_url),
    environmentUrl: firstWith((status) => status.environment_url),
  };
}

export function toCommitSummary(commit: GhCommit): CommitSummary {
  return {
    sha: commit.sha,
    message: commit.commit.message.split('\n', 1)[0] ?? '',
    author: commit.commit.author.name ?? commit.author?.login ?? 'unknown',
    authorLogin: commit.author?.login ?? null,
    authoredAt: commit.commit.author.date,
    committedAt: commit.commit.committer.date,
    url: commit.html_url,
  };
}

const DECISIVE: Record<string, ReviewVerdict> = { APPROVED: 'approved', CHANGES_REQUESTED: 'changes_requested', DISMISSED: 'dismissed' };

/**
 * A pull request with its reviews (oldest first, as GitHub lists them): each reviewer's
 * latest approval, request for changes or dismissal (a later comment does not undo an
 * approval), else that they commented; reviewers asked who never reviewed; the author's
 * own comments and drafts (PENDING) left out.
 */
export function toPullRequestSummary(pull: GhPullRequest, reviews: readonly GhReview[], commitShas: string[]): PullRequestSummary {
  const author = pull.user?.login ?? null;
  const reviewers = new Map<string, { verdict: ReviewVerdict; at: string | null; decisive: boolean }>();
  for (const review of reviews) {
    const login = review.user?.login;
    if (!login || login === author || review.state === 'PENDING') continue;
    const decisive = DECISIVE[review.state];
    const known = reviewers.get(login);
    if (decisive) reviewers.set(login, { verdict: decisive, at: review.submitted_at ?? null, decisive: true });
    else if (!known?.decisive) reviewers.set(login, { verdict: 'commented', at: review.submitted_at ?? null, decisive: false });
  }
  for (const { login } of pull.requested_reviewers ?? [])
    if (!reviewers.has(login)) reviewers.set(login, { verdict: 'requested', at: null, decisive: false });
  return {
    number: pull.number,
    title: pull.title,
    author,
    state: pull.merged_at ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
    createdAt: pull.created_at,
    mergedAt: pull.merged_at,
    reviewers: [...reviewers].map(([login, { verdict, at }]) => ({ login, verdict, at })),
    url: pull.html_url,
    commitShas,
  };
}
