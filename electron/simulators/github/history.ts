/**
 * The GitHub simulator's git history: per repository, commits (one parent each: the
 * history a squash-merging team keeps), branches and tags pointing at them, and the pull
 * requests the commits came through with their reviews. Written from outside (the demo's
 * history, tests): a commit merged through a pull request or pushed directly, a tag per
 * version, a force push that moves a branch back. Read over REST by history-routes.ts
 * (compare, the pull requests of a commit, a pull request's reviews).
 *
 * GitHub keeps commits no branch or tag reaches for a while before its garbage collection
 * removes them; the simulator removes them at once, so a force-pushed or deleted version
 * is unknown to compare (404) straight away.
 */
import { createHash } from 'node:crypto';
import type { GitHubActionsState, SimRepository } from './state';

/** Someone who writes, reviews or merges: their account and the name and email their commits carry. */
export interface SimPerson {
  login: string;
  name: string;
  email: string;
}

/** GitHub's own committer of the commits its web UI makes (a squash merge). */
const WEB_FLOW: SimPerson = { login: 'web-flow', name: 'GitHub', email: 'noreply@github.com' };

export interface SimCommit {
  sha: string;
  parent: string | null;
  message: string;
  author: SimPerson;
  committer: SimPerson;
  authoredAt: number;
  committedAt: number;
}

type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';

export interface SimReview {
  id: number;
  user: SimPerson;
  state: ReviewState;
  body: string;
  submittedAt: number;
  commitId: string;
}

export interface SimPullRequest {
  id: number;
  number: number;
  title: string;
  body: string;
  author: SimPerson;
  createdAt: number;
  /** Null while open. */
  mergedAt: number | null;
  /** The squash commit on the base branch, once merged. */
  mergeCommitSha: string | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** Asked to review and not (yet) reviewing: GitHub drops a reviewer from this list once they review. */
  requestedReviewers: SimPerson[];
  /** Oldest first, as GitHub lists them. */
  reviews: SimReview[];
}

/** A review to give a pull request before it merges. */
interface NewReview {
  by: string | SimPerson;
  state: ReviewState;
  body?: string;
}

export interface NewCommit {
  /** The whole message; with a pull request, its title (and the message gets GitHub's " (#number)"). */
  message: string;
  author: string | SimPerson;
  /** Default main; a branch that does not exist yet starts from main. */
  branch?: string;
  /** When it lands on the branch (merged, or pushed); default now. */
  at?: number;
  /** When its author wrote it; default `at`. */
  authoredAt?: number;
  /** Merged through a pull request (squash), opened when the work was written; leave out for a direct push. */
  pullRequest?: {
    body?: string;
    reviews?: NewReview[];
    /** Asked to review but never did. */
    requested?: Array<string | SimPerson>;
    /** The pull request's branch; default derived from the title. */
    headRef?: string;
  };
}

/** What compare finds between two commits. */
export interface Comparison {
  status: 'ahead' | 'behind' | 'diverged' | 'identical';
  /** Commits the head has and the base lacks, oldest first. */
  ahead: SimCommit[];
  behindBy: number;
  base: SimCommit;
  mergeBase: SimCommit;
}

interface RepositoryHistory {
  commits: Map<string, SimCommit>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  pulls: SimPullRequest[];
}

const FIRST_PULL_ID = 1_810_000_001;
const FIRST_REVIEW_ID = 2_240_000_001;

export class GitHubHistory {
  private readonly histories = new Map<SimRepository, RepositoryHistory>();
  private nextPullId = FIRST_PULL_ID;
  private nextReviewId = FIRST_REVIEW_ID;

  constructor(private readonly state: GitHubActionsState) {}

  /** Adds a commit on top of the branch (merged through a pull request when it names one); returns it with its pull request. */
  commit(owner: string, name: string, commit: NewCommit): { commit: SimCommit; pullRequest: SimPullRequest | null } {
    const history = this.historyOf(this.repositoryNamed(owner, name));
    const branch = commit.branch ?? 'main';
    const at = commit.at ?? this.state.now();
    const authoredAt = commit.authoredAt ?? at;
    const author = personOf(commit.author);
    const parent = history.branches.get(branch) ?? history.branches.get('main') ?? null;
    let pull: SimPullRequest | null = null;
    if (commit.pullRequest) {
      const number = history.pulls.length + 1;
      const headRef = commit.pullRequest.headRef ?? `${author.login}/${slug(commit.message)}`;
      const reviews = commit.pullRequest.reviews ?? [];
      const headSha = hashOf(`${owner}/${name}:${headRef}:${authoredAt}`);
      // Reviews come in between the pull request's opening and its merge, in order.
      const step = (at - authoredAt) / (reviews.length + 1);
      pull = {
        id: this.nextPullId++,
        number,
        title: commit.message,
        body: commit.pullRequest.body ?? '',
        author,
        createdAt: authoredAt,
        mergedAt: at,
        mergeCommitSha: null,
        headRef,
        headSha,
        baseRef: branch,
        requestedReviewers: (commit.pullRequest.requested ?? []).map(personOf),
        reviews: reviews.map((review, index) => ({
          id: this.nextReviewId++,
          user: personOf(review.by),
          state: review.state,
          body: review.body ?? (review.state === 'APPROVED' ? '' : 'See the comments inline.'),
          submittedAt: Math.round(authoredAt + step * (index + 1)),
          commitId: headSha,
        })),
      };
      history.pulls.push(pull);
    }
    const message = pull ? `${commit.message} (#${pull.number})${pull.body ? `\n\n${pull.body}` : ''}` : commit.message;
    const created: SimCommit = {
      sha: hashOf(`${owner}/${name}:${parent ?? 'root'}:${message}:${authoredAt}:${at}`),
      parent,
      message,
      author,
      committer: pull ? WEB_FLOW : author,
      authoredAt,
      committedAt: at,
    };
    history.commits.set(created.sha, created);
    history.branches.set(branch, created.sha);
    if (pull) pull.mergeCommitSha = created.sha;
    return { commit: created, pullRequest: pull };
  }

  /** Points a tag at what `ref` names (default main). Throws when the ref is unknown. */
  tag(owner: string, name: string, tag: string, ref = 'main'): SimCommit {
    const repository = this.repositoryNamed(owner, name);
    const target = this.resolve(repository, ref);
    if (!target) throw new Error(`${owner}/${name} has no ref ${ref} to tag`);
    this.historyOf(repository).tags.set(tag, target.sha);
    return target;
  }

  /** Deletes a tag; the commits only it reached are gone. */
  deleteTag(owner: string, name: string, tag: string): void {
    const history = this.historyOf(this.repositoryNamed(owner, name));
    if (!history.tags.delete(tag)) throw new Error(`${owner}/${name} has no tag ${tag}`);
    collectGarbage(history);
  }

  /** A force push: the branch now points at what `ref` names; the commits nothing reaches any more are gone. */
  forcePush(owner: string, name: string, branch: string, ref: string): void {
    const repository = this.repositoryNamed(owner, name);
    const target = this.resolve(repository, ref);
    if (!target) throw new Error(`${owner}/${name} has no ref ${ref} to force-push ${branch} to`);
    const history = this.historyOf(repository);
    history.branches.set(branch, target.sha);
    collectGarbage(history);
  }

  /** The commit a ref names: a branch, a tag (either also as refs/heads/..., refs/tags/...), a SHA or an unambiguous prefix of one (7+). */
  resolve(repository: SimRepository, ref: string): SimCommit | undefined {
    const history = this.histories.get(repository);
    if (!history) return undefined;
    const name = ref.replace(/^refs\/(heads|tags)\//, '');
    const named = (ref.startsWith('refs/tags/') ? undefined : history.branches.get(name)) ?? history.tags.get(name);
    if (named) return history.commits.get(named);
    if (!/^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
    const matches = [...history.commits.keys()].filter((sha) => sha.startsWith(ref.toLowerCase()));
    return matches.length === 1 ? history.commits.get(matches[0]!) : undefined;
  }

  /** Compares two commits of one history: 'unknown' when either ref names no commit, 'unrelated' when they share none. */
  compare(repository: SimRepository, baseRef: string, headRef: string): Comparison | 'unknown' | 'unrelated' {
    const base = this.resolve(repository, baseRef);
    const head = this.resolve(repository, headRef);
    if (!base || !head) return 'unknown';
    const history = this.historyOf(repository);
    const baseLine = lineOf(history, base);
    const headLine = lineOf(history, head);
    const inBase = new Set(baseLine.map((commit) => commit.sha));
    const inHead = new Set(headLine.map((commit) => commit.sha));
    const mergeBase = headLine.find((commit) => inBase.has(commit.sha));
    if (!mergeBase) return 'unrelated';
    const ahead = headLine.filter((commit) => !inBase.has(commit.sha)).reverse();
    const behindBy = baseLine.filter((commit) => !inHead.has(commit.sha)).length;
    const status = ahead.length === 0 ? (behindBy === 0 ? 'identical' : 'behind') : behindBy === 0 ? 'ahead' : 'diverged';
    return { status, ahead, behindBy, base, mergeBase };
  }

  /** The pull requests a commit came through (merged as it), or that have it as their head (open). */
  pullsOf(repository: SimRepository, commit: SimCommit): SimPullRequest[] {
    const history = this.histories.get(repository);
    return history?.pulls.filter((pull) => pull.mergeCommitSha === commit.sha || pull.headSha === commit.sha) ?? [];
  }

  pull(repository: SimRepository, number: number): SimPullRequest | undefined {
    return this.histories.get(repository)?.pulls.find((pull) => pull.number === number);
  }

  private repositoryNamed(owner: string, name: string): SimRepository {
    const repository = this.state.repository(owner, name);
    if (!repository) throw new Error(`The GitHub simulator has no repository ${owner}/${name}`);
    return repository;
  }

  private historyOf(repository: SimRepository): RepositoryHistory {
    let history = this.histories.get(repository);
    if (!history) {
      history = { commits: new Map(), branches: new Map(), tags: new Map(), pulls: [] };
      this.histories.set(repository, history);
    }
    return history;
  }
}

/** A commit and its ancestors, newest first. */
function lineOf(history: RepositoryHistory, from: SimCommit): SimCommit[] {
  const line: SimCommit[] = [];
  for (let commit: SimCommit | undefined = from; commit; commit = commit.parent ? history.commits.get(commit.parent) : undefined)
    line.push(commit);
  return line;
}

/** Forgets the commits no branch or tag reaches (the pull requests merged as them stay, as on GitHub). */
function collectGarbage(history: RepositoryHistory): void {
  const reachable = new Set<string>();
  for (const sha of [...history.branches.values(), ...history.tags.values()]) {
    const tip = history.commits.get(sha);
    if (tip) for (const commit of lineOf(history, tip)) reachable.add(commit.sha);
  }
  for (const sha of [...history.commits.keys()]) if (!reachable.has(sha)) history.commits.delete(sha);
}

function personOf(who: string | SimPerson): SimPerson {
  return typeof who === 'string' ? { login: who, name: who, email: `${who}@users.noreply.github.com` } : who;
}

function hashOf(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'change'
  );
}
