/**
 * Delivery, as the console reads it from the systems a team deploys with (GitHub first;
 * GitLab and Jenkins later fill the same shapes): a deployment of a service's repository
 * to an environment and where it stands, the commits between two versions, and the pull
 * requests they came through, with who wrote, reviewed and merged them when. The change
 * audit, "what changed" in an incident and the delivery metrics are built on these.
 */
import { z } from 'zod';
import { Timestamp } from './incident';

/**
 * Where a deployment stands: queued (asked for, not started; also before any status),
 * in_progress, then success, failure or error; inactive once it no longer runs there
 * (a newer deployment replaced it, or its transient environment was destroyed).
 */
export const DeploymentState = z.enum(['queued', 'in_progress', 'success', 'failure', 'error', 'inactive']);
export type DeploymentState = z.infer<typeof DeploymentState>;

export const Deployment = z.object({
  /** The deploying system's id for it (GitHub's numeric deployment id, as text). */
  id: z.string().min(1),
  /** The service's repository, "owner/name" (acme/payments-api). */
  repository: z.string().min(1),
  environment: z.string().min(1),
  /** True for the environment the deploying system calls production. */
  production: z.boolean(),
  /** The version deployed, as it was named: a tag (v2.14.1), a branch or a commit SHA. */
  ref: z.string().min(1),
  /** The commit deployed. */
  sha: z.string().min(1),
  description: z.string(),
  /** Who (or which bot) asked for it: a login; null when the system does not say. */
  creator: z.string().nullable(),
  createdAt: Timestamp,
  state: DeploymentState,
  /** The vendor's own word for the state ("pending", "no status yet"), for people. */
  vendorState: z.string(),
  /** When it reached its state (its creation while it has no status). */
  stateAt: Timestamp,
  /** When it succeeded, if it ever did: still set once a later deployment made it inactive. */
  succeededAt: Timestamp.nullable(),
  /** The deployment's output (logs), from its latest status that has one. */
  logUrl: z.string().nullable(),
  /** Where the deployed environment can be opened, from its latest status that has one. */
  environmentUrl: z.string().nullable(),
});
export type Deployment = z.infer<typeof Deployment>;

export const CommitSummary = z.object({
  sha: z.string().min(1),
  /** The first line of the commit message. */
  message: z.string(),
  /** The author's name as the commit records it. */
  author: z.string(),
  /** The author's account, when the system links the commit's email to one. */
  authorLogin: z.string().nullable(),
  authoredAt: Timestamp,
  committedAt: Timestamp,
  url: z.string(),
});
export type CommitSummary = z.infer<typeof CommitSummary>;

/** A reviewer's standing on a pull request: their latest decisive review, or only comments, or asked and not yet reviewed. */
export const ReviewVerdict = z.enum(['approved', 'changes_requested', 'dismissed', 'commented', 'requested']);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

const PullRequestReviewer = z.object({
  login: z.string().min(1),
  verdict: ReviewVerdict,
  /** When that review was submitted; null for a reviewer only asked. */
  at: Timestamp.nullable(),
});

export const PullRequestSummary = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  /** Who opened it (a login); null when the account is gone. */
  author: z.string().nullable(),
  state: z.enum(['merged', 'open', 'closed']),
  createdAt: Timestamp,
  mergedAt: Timestamp.nullable(),
  reviewers: z.array(PullRequestReviewer),
  url: z.string(),
  /** The commits asked about that came through it. */
  commitShas: z.array(z.string()),
});
export type PullRequestSummary = z.infer<typeof PullRequestSummary>;

/**
 * How `to` stands to `from`: ahead (newer: a release), behind (older: a rollback),
 * diverged (each has commits the other lacks: a force push, a hotfix branch), identical.
 */
const VersionRelation = z.enum(['ahead', 'behind', 'diverged', 'identical']);

const TraceableRange = z.object({
  repository: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  traceable: z.literal(true),
  relation: VersionRelation,
  /** What deploying `to` over `from` brings in: the commits `to` has and `from` lacks, oldest first. */
  commits: z.array(CommitSummary),
  /** How many commits that is; more than `commits` lists only when the range is longer than a reader reads. */
  totalCommits: z.number().int().min(0),
  /** What it takes out: the commits `from` has and `to` lacks (a rollback, a rewritten history), oldest first. */
  removedCommits: z.array(CommitSummary),
  /** The pull requests the commits (brought in or taken out) came through, by number. */
  pullRequests: z.array(PullRequestSummary),
});

const UntraceableRange = z.object({
  repository: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  traceable: z.literal(false),
  /** Why not, for people: a version force-pushed away or deleted, histories with nothing in common. */
  reason: z.string().min(1),
});

/** The change between two versions of a service, or why it cannot be traced. */
export const VersionRange = z.discriminatedUnion('traceable', [TraceableRange, UntraceableRange]);
export type VersionRange = z.infer<typeof VersionRange>;
