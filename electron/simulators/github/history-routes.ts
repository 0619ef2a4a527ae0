/**
 * The GitHub REST routes over a repository's history (history.ts), in GitHub's shapes:
 * GET /repos/{owner}/{repo}/compare/{base}...{head} (commit-comparison: status, ahead_by,
 * behind_by, the commits oldest first; at most 250 without paging parameters, the most
 * recent ones; page by page with per_page/page), GET .../commits/{commit_sha}/pulls
 * (pull-request-simple) and GET .../pulls/{pull_number}/reviews (oldest first).
 */
import { createHash } from 'node:crypto';
import type { Comparison, GitHubHistory, SimCommit, SimPerson, SimPullRequest, SimReview } from './history';
import { linkHeaders, pageAsked, pageOf } from './paging';
import { SimulatedHttpError, type SimRequest, type SimResponse } from './pipeline-simulator-kit';
import type { SimRepository } from './state';

const DOCS = 'https://docs.github.com/rest';
const COMPARE_DOCS = `${DOCS}/commits/commits#compare-two-commits`;
const COMMIT_PULLS_DOCS = `${DOCS}/commits/commits#list-pull-requests-associated-with-a-commit`;
const REVIEWS_DOCS = `${DOCS}/pulls/reviews#list-reviews-for-a-pull-request`;
/** "When calling this endpoint without any paging parameter (per_page or page), the returned list is limited to 250 commits." */
const UNPAGED_COMPARE_LIMIT = 250;

const error = (status: number, message: string, documentationUrl: string) =>
  new SimulatedHttpError(status, { message, documentation_url: documentationUrl, status: String(status) });

/** The history routes (`parts`: the path after the repository, decoded); null for another route. */
export function routeHistory(
  history: GitHubHistory,
  repository: SimRepository,
  request: SimRequest,
  parts: readonly string[],
  baseUrl: string,
): SimResponse | null {
  if (request.method !== 'GET') return null;
  const [collection, id, tail, ...rest] = parts;
  // A branch name may hold slashes, sent as they are or as %2F.
  if (collection === 'compare' && id !== undefined) return compare(history, repository, parts.slice(1).join('/'), request.url, baseUrl);
  if (collection === 'commits' && id !== undefined && tail === 'pulls' && rest.length === 0)
    return pullsOfCommit(history, repository, id, request.url, baseUrl);
  if (collection === 'pulls' && id !== undefined && tail === 'reviews' && rest.length === 0) {
    const pull = /^\d+$/.test(id) ? history.pull(repository, Number(id)) : undefined;
    if (!pull) throw error(404, 'Not Found', REVIEWS_DOCS);
    return pageOf(
      pull.reviews.map((review) => serializeReview(repository, pull, review, baseUrl)),
      request.url,
      baseUrl,
    );
  }
  return null;
}

function compare(history: GitHubHistory, repository: SimRepository, basehead: string, url: URL, baseUrl: string): SimResponse {
  const [baseRef, headRef, ...more] = basehead.split('...');
  if (!baseRef || !headRef || more.length > 0) throw error(404, 'Not Found', COMPARE_DOCS);
  const found = history.compare(repository, baseRef, headRef);
  if (found === 'unknown') throw error(404, 'Not Found', COMPARE_DOCS);
  if (found === 'unrelated') throw error(404, `No common ancestor between ${baseRef} and ${headRef}.`, COMPARE_DOCS);
  const paged = url.searchParams.has('per_page') || url.searchParams.has('page');
  const { commits, headers } = paged
    ? pageOfCommits(found, url, baseUrl)
    : { commits: found.ahead.slice(-UNPAGED_COMPARE_LIMIT), headers: {} };
  const { owner, name } = repository;
  const page = `${baseUrl}/${owner}/${name}/compare/${basehead}`;
  const head = history.resolve(repository, headRef)!;
  return {
    status: 200,
    headers,
    body: {
      url: `${baseUrl}/repos/${owner}/${name}/compare/${basehead}`,
      html_url: page,
      permalink_url: `${baseUrl}/${owner}/${name}/compare/${owner}:${found.base.sha}...${owner}:${head.sha}`,
      diff_url: `${page}.diff`,
      patch_url: `${page}.patch`,
      base_commit: serializeCommit(repository, found.base, baseUrl),
      merge_base_commit: serializeCommit(repository, found.mergeBase, baseUrl),
      status: found.status,
      ahead_by: found.ahead.length,
      behind_by: found.behindBy,
      total_commits: found.ahead.length,
      commits: commits.map((commit) => serializeCommit(repository, commit, baseUrl)),
    },
  };
}

/** With paging parameters: the page asked for, oldest first, and the Link header. */
function pageOfCommits(found: Comparison, url: URL, baseUrl: string): { commits: SimCommit[]; headers: Record<string, string> } {
  const { perPage, page } = pageAsked(url);
  const last = Math.max(1, Math.ceil(found.ahead.length / perPage));
  return { commits: found.ahead.slice((page - 1) * perPage, page * perPage), headers: linkHeaders(url, baseUrl, page, last) };
}

function pullsOfCommit(history: GitHubHistory, repository: SimRepository, ref: string, url: URL, baseUrl: string): SimResponse {
  const commit = history.resolve(repository, ref);
  // GitHub's docs list no answer for an unknown commit here; the simulator answers as GET .../commits/{ref} does.
  if (!commit) throw error(422, `No commit found for SHA: ${ref}`, COMMIT_PULLS_DOCS);
  return pageOf(
    history.pullsOf(repository, commit).map((pull) => serializePull(repository, pull, baseUrl)),
    url,
    baseUrl,
  );
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const numberOf = (seed: string) => Number.parseInt(createHash('sha1').update(seed).digest('hex').slice(0, 8), 16) % 90_000_000;

function simpleUser(person: SimPerson, baseUrl: string): Record<string, unknown> {
  const id = numberOf(person.login) + 1_000_000;
  return {
    login: person.login,
    id,
    node_id: `U_${Buffer.from(String(id)).toString('base64url')}`,
    avatar_url: `${baseUrl}/avatars/u/${id}`,
    gravatar_id: '',
    url: `${baseUrl}/users/${person.login}`,
    html_url: `${baseUrl}/${person.login}`,
    type: 'User',
    site_admin: false,
  };
}

function serializeCommit(repository: SimRepository, commit: SimCommit, baseUrl: string): Record<string, unknown> {
  const api = `${baseUrl}/repos/${repository.owner}/${repository.name}`;
  const html = `${baseUrl}/${repository.owner}/${repository.name}`;
  const tree = createHash('sha1').update(`tree:${commit.sha}`).digest('hex');
  // GitHub signs the commits its web UI makes (a squash merge); the others are unsigned here.
  const signed = commit.committer.login === 'web-flow';
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: `C_${Buffer.from(commit.sha.slice(0, 20)).toString('base64url')}`,
    html_url: `${html}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: { name: commit.author.name, email: commit.author.email, date: iso(commit.authoredAt) },
      committer: { name: commit.committer.name, email: commit.committer.email, date: iso(commit.committedAt) },
      message: commit.message,
      comment_count: 0,
      tree: { sha: tree, url: `${api}/git/trees/${tree}` },
      verification: {
        verified: signed,
        reason: signed ? 'valid' : 'unsigned',
        signature: null,
        payload: null,
        verified_at: signed ? iso(commit.committedAt) : null,
      },
    },
    author: simpleUser(commit.author, baseUrl),
    committer: simpleUser(commit.committer, baseUrl),
    parents: commit.parent
      ? [{ sha: commit.parent, url: `${api}/commits/${commit.parent}`, html_url: `${html}/commit/${commit.parent}` }]
      : [],
  };
}

function serializeRepository(repository: SimRepository, baseUrl: string): Record<string, unknown> {
  return {
    id: repository.id,
    node_id: `R_${repository.id}`,
    name: repository.name,
    full_name: `${repository.owner}/${repository.name}`,
    private: true,
    owner: { login: repository.owner, type: 'Organization' },
    html_url: `${baseUrl}/${repository.owner}/${repository.name}`,
    url: `${baseUrl}/repos/${repository.owner}/${repository.name}`,
    default_branch: 'main',
  };
}

function serializePull(repository: SimRepository, pull: SimPullRequest, baseUrl: string): Record<string, unknown> {
  const api = `${baseUrl}/repos/${repository.owner}/${repository.name}`;
  const html = `${baseUrl}/${repository.owner}/${repository.name}/pull/${pull.number}`;
  const apiUrl = `${api}/pulls/${pull.number}`;
  const link = (href: string) => ({ href });
  const lastReview = pull.reviews.at(-1)?.submittedAt ?? pull.createdAt;
  const side = (ref: string, sha: string) => ({
    label: `${repository.owner}:${ref}`,
    ref,
    sha,
    user: { login: repository.owner, type: 'Organization' },
    repo: serializeRepository(repository, baseUrl),
  });
  return {
    url: apiUrl,
    id: pull.id,
    node_id: `PR_${Buffer.from(String(pull.id)).toString('base64url')}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${apiUrl}/commits`,
    review_comments_url: `${apiUrl}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.mergedAt === null ? 'open' : 'closed',
    locked: false,
    title: pull.title,
    user: simpleUser(pull.author, baseUrl),
    body: pull.body || null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: iso(pull.createdAt),
    updated_at: iso(Math.max(pull.mergedAt ?? 0, lastReview)),
    closed_at: pull.mergedAt === null ? null : iso(pull.mergedAt),
    merged_at: pull.mergedAt === null ? null : iso(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((person) => simpleUser(person, baseUrl)),
    requested_teams: [],
    head: side(pull.headRef, pull.headSha),
    base: side(pull.baseRef, pull.mergeCommitSha ?? pull.headSha),
    _links: {
      self: link(apiUrl),
      html: link(html),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${apiUrl}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${apiUrl}/commits`),
      statuses: link(`${api}/statuses/${pull.headSha}`),
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
  };
}

function serializeReview(repository: SimRepository, pull: SimPullRequest, review: SimReview, baseUrl: string): Record<string, unknown> {
  const html = `${baseUrl}/${repository.owner}/${repository.name}/pull/${pull.number}`;
  const apiUrl = `${baseUrl}/repos/${repository.owner}/${repository.name}/pulls/${pull.number}`;
  return {
    id: review.id,
    node_id: `PRR_${Buffer.from(String(review.id)).toString('base64url')}`,
    user: simpleUser(review.user, baseUrl),
    body: review.body,
    state: review.state,
    html_url: `${html}#pullrequestreview-${review.id}`,
    pull_request_url: apiUrl,
    _links: { html: { href: `${html}#pullrequestreview-${review.id}` }, pull_request: { href: apiUrl } },
    submitted_at: iso(review.submittedAt),
    commit_id: review.commitId,
    author_association: 'MEMBER',
  };
}
