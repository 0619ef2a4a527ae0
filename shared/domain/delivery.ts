/**
 * Delivery, as the console reads it from the systems a team deploys with (GitHub first;
 * GitLab and Jenkins later fill the same shapes): a deployment of a service's repository
 * to an environment and where it stands, the commits between two versions, and the pull
 * requests they came through, with who wrote, reviewed and merged them when. The change
 * audit, "what changed" in an incident and the delivery metrics are built on these.
 */
import { z } from 'zod';
import { Ref, Timestamp } from './incident';
import { ChangeRequest } from './change';

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

/** Where deployments are read from: a repository host's deployments, or a Jenkins deployment job's builds. */
export const DeliverySourceName = z.enum(['github', 'gitlab', 'jenkins']);
export type DeliverySourceName = z.infer<typeof DeliverySourceName>;

/**
 * What a production deployment brought, read once when it reached production: the commits
 * between the service's previous production version and this one (at most the first 50
 * listed; `totalCommits` counts them all), and when the first of them was written (the start
 * of its lead time). Untraceable (a force-pushed or deleted version) says why.
 */
export const DeploymentRange = z.object({
  /** The previous production version it was compared with; null for the first the console knows. */
  from: z.string().nullable(),
  traceable: z.boolean(),
  /** Why it cannot be traced; null when it can. */
  reason: z.string().nullable(),
  relation: VersionRelation.nullable(),
  totalCommits: z.number().int().min(0),
  commits: z.array(CommitSummary),
  firstCommitAt: Timestamp.nullable(),
});
export type DeploymentRange = z.infer<typeof DeploymentRange>;

/** A deployment of a mapped service, with the change it went out under and, in production, what it brought. */
export const ServiceDeployment = Deployment.extend({
  /** Unique across sources: "github:2140000001". */
  key: z.string().min(1),
  /** The service, as the workspace's delivery mapping (and the paging platform) names it. */
  service: z.string().min(1),
  source: DeliverySourceName,
  /** The change request it matches (same service, same version or commit); null when none does. */
  change: ChangeRequest.nullable(),
  /** Production deployments only, once read; null before (or elsewhere). */
  range: DeploymentRange.nullable(),
});
export type ServiceDeployment = z.infer<typeof ServiceDeployment>;

/** One environment of a service now: what runs there (its latest successful deployment) and its latest attempt. */
export const EnvironmentNow = z.object({
  environment: z.string(),
  production: z.boolean(),
  /** What runs there: the latest deployment that succeeded; null when none is known. */
  current: ServiceDeployment.nullable(),
  /** The latest deployment there, whatever its state (a failed or running one shows here). */
  latest: ServiceDeployment.nullable(),
});
export type EnvironmentNow = z.infer<typeof EnvironmentNow>;

/** How fresh one delivery source's figures are: when it was last read, and the trouble if the last read failed. */
export const SourceFreshness = z.object({
  source: DeliverySourceName,
  /** "GitHub", "GitLab", "Jenkins". */
  label: z.string(),
  state: z.enum(['ok', 'error', 'never-read']),
  /** The last read that succeeded. */
  readAt: Timestamp.nullable(),
  /** What went wrong with the last read, in words to show; null when it worked. */
  error: z.string().nullable(),
});
export type SourceFreshness = z.infer<typeof SourceFreshness>;

/** One digital service's delivery: its mapping, what runs in each environment, and why something is missing. */
export const DeliveryServiceSummary = z.object({
  service: z.string(),
  /** The paging platform's id of the service; null when the platform has none by that name. */
  serviceId: z.string().nullable(),
  /** The teams that own it (the paging platform's). */
  teams: z.array(Ref),
  /** Where its code lives; null when the workspace maps no repository for it. */
  repository: z.object({ provider: z.enum(['github', 'gitlab']), name: z.string(), url: z.string() }).nullable(),
  /** What deploys it, for people: "GitHub deployments", "Jenkins job deploy/search-api". */
  pipeline: z.string().nullable(),
  production: z.string().nullable(),
  dependsOn: z.array(z.string()),
  environments: z.array(EnvironmentNow),
  /** Why there are no figures for it ("No repository is mapped for this service in the workspace's delivery section"); null when there are. */
  problem: z.string().nullable(),
});
export type DeliveryServiceSummary = z.infer<typeof DeliveryServiceSummary>;
