/**
 * The GitLab simulator's delivery side: a project's environments and deployments, a small
 * linear commit history with branches and tags, and the merge requests commits came
 * through, with GitLab API v4's routes over them:
 *
 * - `GET /projects/:id/environments` (`name`, `search`, `states`), paged.
 * - `GET /projects/:id/deployments` (`environment`, `status`, `updated_after`, `updated_before`,
 *   `order_by` id|iid|created_at|updated_at|finished_at|ref, `sort` asc|desc, default id asc), paged
 *   with x-page / x-next-page / x-total. `updated_after` is strict (later than the date).
 * - `GET /projects/:id/repository/compare?from=&to=` (merge-base compare: the commits `to` has and
 *   `from` lacks, oldest first, never paged; `compare_same_ref`); an unknown ref is 404 "404 Ref Not Found".
 * - `GET /projects/:id/repository/commits/:sha/merge_requests`: 404 "404 Commit Not Found" for an unknown commit.
 * - `GET /projects/:id/merge_requests/:iid/reviewers`: `[{ user, state, created_at }]`.
 *
 * Where GitLab's docs are silent the simulator does not refuse: GitLab's deployments finder
 * wants an `updated_at` filter paired with `updated_at` ordering (the reader always pairs them).
 */
import { SimulatedHttpError, type SimRequest, type SimResponse } from '../github/pipeline-simulator-kit';
import type { GitLabState, SimProject } from './state';

const iso = (ms: number) => new Date(ms).toISOString();

/** GitLab's deployment statuses. */
type DeploymentStatus = 'created' | 'running' | 'success' | 'failed' | 'canceled' | 'blocked';
/** A reviewer's state on a merge request, as `/reviewers` names it. */
type ReviewerState = 'unreviewed' | 'review_started' | 'reviewed' | 'requested_changes' | 'approved' | 'unapproved';

interface SimEnvironment {
  id: number;
  project: SimProject;
  name: string;
  tier: 'production' | 'staging' | 'testing' | 'development' | 'other';
  externalUrl: string | null;
  createdAt: number;
}

interface SimDeployment {
  id: number;
  iid: number;
  environment: SimEnvironment;
  ref: string;
  sha: string;
  user: string;
  status: DeploymentStatus;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  jobId: number;
}

interface SimCommit {
  sha: string;
  message: string;
  authorName: string;
  authorEmail: string;
  authoredAt: number;
  committedAt: number;
  parent: string | null;
}

interface SimMergeRequest {
  id: number;
  iid: number;
  project: SimProject;
  title: string;
  author: string;
  state: 'merged' | 'opened' | 'closed';
  createdAt: number;
  mergedAt: number | null;
  commitShas: string[];
  reviewers: { username: string; state: ReviewerState; addedAt: number }[];
}

interface ProjectHistory {
  commits: SimCommit[];
  branches: Map<string, string>;
  tags: Map<string, string>;
}

interface CommitInput {
  message: string;
  author: string;
  /** When committed; default now. */
  at?: number;
  authoredAt?: number;
  /** The merge request it came through (merged when the commit is made). */
  mergeRequest?: { title?: string; author?: string; openedAt?: number; reviewers?: { username: string; state: ReviewerState }[] };
}

const deliveryErrors = {
  refNotFound: () => new SimulatedHttpError(404, { message: '404 Ref Not Found' }),
  commitNotFound: () => new SimulatedHttpError(404, { message: '404 Commit Not Found' }),
  notFound: () => new SimulatedHttpError(404, { message: '404 Not found' }),
  missing: (field: string) => new SimulatedHttpError(400, { error: `${field} is missing` }),
  invalid: (field: string) => new SimulatedHttpError(400, { error: `${field} does not have a valid value` }),
};

export class GitLabDelivery {
  private readonly environments: SimEnvironment[] = [];
  private readonly deployments: SimDeployment[] = [];
  private readonly histories = new Map<SimProject, ProjectHistory>();
  private readonly mergeRequests: SimMergeRequest[] = [];
  private nextEnvironmentId = 61;
  private nextDeploymentId = 4_400_001;
  private nextMergeRequestId = 77_001;
  private nextJobId = 9_100_000_001;
  private commitCount = 0;

  constructor(private readonly state: GitLabState) {}

  private projectOf(path: string): SimProject {
    const project = this.state.project(path);
    if (!project) throw new Error(`The GitLab simulator has no project ${path}`);
    return project;
  }

  private historyOf(project: SimProject): ProjectHistory {
    let history = this.histories.get(project);
    if (!history) this.histories.set(project, (history = { commits: [], branches: new Map(), tags: new Map() }));
    return history;
  }

  /** The environment named so, made on first use (tier production for "production", else staging). */
  environment(projectPath: string, name: string, options: { tier?: SimEnvironment['tier']; externalUrl?: string } = {}): SimEnvironment {
    const project = this.projectOf(projectPath);
    const known = this.environments.find((environment) => environment.project === project && environment.name === name);
    if (known) return known;
    const environment: SimEnvironment = {
      id: this.nextEnvironmentId++,
      project,
      name,
      tier: options.tier ?? (name === 'production' ? 'production' : 'staging'),
      externalUrl: options.externalUrl ?? null,
      createdAt: this.state.now(),
    };
    this.environments.push(environment);
    return environment;
  }

  /** A commit on main (made the branch's head), and its merge request when asked. */
  commit(projectPath: string, input: CommitInput): { sha: string; mergeRequestIid: number | null } {
    const project = this.projectOf(projectPath);
    const history = this.historyOf(project);
    const at = input.at ?? this.state.now();
    const count = ++this.commitCount;
    const sha = ((count * 2_654_435_761) % 4_294_967_296).toString(16).padStart(8, '0').repeat(5);
    history.commits.push({
      sha,
      message: `${input.message}\n`,
      authorName: input.author,
      authorEmail: `${input.author}@example.com`,
      authoredAt: input.authoredAt ?? at,
      committedAt: at,
      parent: history.branches.get('main') ?? null,
    });
    history.branches.set('main', sha);
    let mergeRequestIid: number | null = null;
    if (input.mergeRequest) {
      const iid = this.mergeRequests.filter((request) => request.project === project).length + 1;
      const opened = input.mergeRequest.openedAt ?? input.authoredAt ?? at;
      this.mergeRequests.push({
        id: this.nextMergeRequestId++,
        iid,
        project,
        title: input.mergeRequest.title ?? input.message,
        author: input.mergeRequest.author ?? input.author,
        state: 'merged',
        createdAt: opened,
        mergedAt: at,
        commitShas: [sha],
        reviewers: (input.mergeRequest.reviewers ?? []).map((reviewer) => ({ ...reviewer, addedAt: opened })),
      });
      mergeRequestIid = iid;
    }
    return { sha, mergeRequestIid };
  }

  /** Tags main's head (or `sha`). */
  tag(projectPath: string, name: string, sha?: string): void {
    const history = this.historyOf(this.projectOf(projectPath));
    const target = sha ?? history.branches.get('main');
    if (!target) throw new Error('Tag what? The project has no commits');
    history.tags.set(name, target);
  }

  deleteTag(projectPath: string, name: string): void {
    this.historyOf(this.projectOf(projectPath)).tags.delete(name);
  }

  /** A deployment of `ref` (a tag or branch) to the environment, created now with status `created`. */
  deploy(projectPath: string, environmentName: string, ref: string, user = 'deploy-bot'): SimDeployment {
    const environment = this.environment(projectPath, environmentName);
    const history = this.historyOf(environment.project);
    const sha = history.tags.get(ref) ?? history.branches.get(ref) ?? ref;
    const now = this.state.now();
    const deployment: SimDeployment = {
      id: this.nextDeploymentId++,
      iid: this.deployments.filter((known) => known.environment.project === environment.project).length + 1,
      environment,
      ref,
      sha,
      user,
      status: 'created',
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      jobId: this.nextJobId++,
    };
    this.deployments.push(deployment);
    return deployment;
  }

  /** Moves a deployment on (its updated_at is now; finished_at when it ends). */
  setStatus(id: number, status: DeploymentStatus): void {
    const deployment = this.deployments.find((known) => known.id === id);
    if (!deployment) throw new Error(`No deployment ${id}`);
    deployment.status = status;
    deployment.updatedAt = this.state.now();
    if (status === 'success' || status === 'failed' || status === 'canceled') deployment.finishedAt = deployment.updatedAt;
  }

  /** The delivery routes; null when the request is not one of them. */
  route(project: SimProject, rest: string[], request: SimRequest, baseUrl: string): SimResponse | null {
    if (request.method !== 'GET') return null;
    const [collection, second, third, fourth] = rest;
    if (collection === 'environments' && second === undefined) return this.listEnvironments(project, request.url, baseUrl);
    if (collection === 'deployments' && second === undefined) return this.listDeployments(project, request.url, baseUrl);
    if (collection === 'repository' && second === 'compare' && third === undefined) return this.compare(project, request.url, baseUrl);
    if (collection === 'repository' && second === 'commits' && third && fourth === 'merge_requests')
      return this.mergeRequestsOf(project, third, request.url, baseUrl);
    if (collection === 'merge_requests' && second && third === 'reviewers') {
      const mergeRequest = this.mergeRequests.find((known) => known.project === project && String(known.iid) === second);
      if (!mergeRequest) throw deliveryErrors.notFound();
      return { status: 200, body: mergeRequest.reviewers.map((reviewer) => this.reviewerJson(reviewer, baseUrl)) };
    }
    return null;
  }

  private listEnvironments(project: SimProject, url: URL, baseUrl: string): SimResponse {
    const name = url.searchParams.get('name');
    const search = url.searchParams.get('search');
    const states = url.searchParams.get('states');
    if (states !== null && !['available', 'stopping', 'stopped'].includes(states)) throw deliveryErrors.invalid('states');
    const found = this.environments.filter(
      (environment) =>
        environment.project === project &&
        (name === null || environment.name === name) &&
        (search === null || environment.name.includes(search)) &&
        (states === null || states === 'available'),
    );
    return paged(
      found.map((environment) => this.environmentJson(environment, baseUrl)),
      url,
    );
  }

  private listDeployments(project: SimProject, url: URL, baseUrl: string): SimResponse {
    const query = url.searchParams;
    const orderBy = query.get('order_by') ?? 'id';
    const sort = query.get('sort') ?? 'asc';
    if (!['id', 'iid', 'created_at', 'updated_at', 'finished_at', 'ref'].includes(orderBy)) throw deliveryErrors.invalid('order_by');
    if (!['asc', 'desc'].includes(sort)) throw deliveryErrors.invalid('sort');
    const status = query.get('status');
    if (status !== null && !['created', 'running', 'success', 'failed', 'canceled', 'blocked'].includes(status))
      throw deliveryErrors.invalid('status');
    const date = (field: string) => {
      const text = query.get(field);
      if (text === null) return null;
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw deliveryErrors.invalid(field);
      return ms;
    };
    const after = date('updated_after');
    const before = date('updated_before');
    const environment = query.get('environment');
    const key = (deployment: SimDeployment): number | string =>
      orderBy === 'ref'
        ? deployment.ref
        : orderBy === 'created_at'
          ? deployment.createdAt
          : orderBy === 'updated_at'
            ? deployment.updatedAt
            : orderBy === 'finished_at'
              ? (deployment.finishedAt ?? Number.MAX_SAFE_INTEGER)
              : orderBy === 'iid'
                ? deployment.iid
                : deployment.id;
    const found = this.deployments
      .filter(
        (deployment) =>
          deployment.environment.project === project &&
          (environment === null || deployment.environment.name === environment) &&
          (status === null || deployment.status === status) &&
          (after === null || deployment.updatedAt > after) &&
          (before === null || deployment.updatedAt < before),
      )
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
        return sort === 'asc' ? order : -order;
      });
    return paged(
      found.map((deployment) => this.deploymentJson(deployment, baseUrl)),
      url,
    );
  }

  private resolve(history: ProjectHistory, ref: string): string | null {
    const named = history.branches.get(ref) ?? history.tags.get(ref);
    if (named) return named;
    if (!/^[0-9a-f]{7,40}$/.test(ref)) return null;
    const matches = history.commits.filter((commit) => commit.sha.startsWith(ref));
    return matches.length === 1 ? matches[0]!.sha : null;
  }

  private ancestors(history: ProjectHistory, sha: string): SimCommit[] {
    const bySha = new Map(history.commits.map((commit) => [commit.sha, commit]));
    const line: SimCommit[] = [];
    for (let commit = bySha.get(sha); commit; commit = commit.parent ? bySha.get(commit.parent) : undefined) line.unshift(commit);
    return line;
  }

  private compare(project: SimProject, url: URL, baseUrl: string): SimResponse {
    const from = url.searchParams.get('from');
    const to = url.searchParams.get('to');
    if (!from) throw deliveryErrors.missing('from');
    if (!to) throw deliveryErrors.missing('to');
    const history = this.historyOf(project);
    const fromSha = this.resolve(history, from);
    const toSha = this.resolve(history, to);
    if (!fromSha || !toSha) throw deliveryErrors.refNotFound();
    const inFrom = new Set(this.ancestors(history, fromSha).map((commit) => commit.sha));
    const commits = this.ancestors(history, toSha).filter((commit) => !inFrom.has(commit.sha));
    const head = this.ancestors(history, toSha).at(-1);
    return {
      status: 200,
      body: {
        commit: head ? this.commitJson(project, head, baseUrl) : null,
        commits: commits.map((commit) => this.commitJson(project, commit, baseUrl)),
        diffs: [],
        compare_timeout: false,
        compare_same_ref: fromSha === toSha,
        web_url: `${baseUrl}/${project.path}/-/compare/${fromSha}...${toSha}`,
      },
    };
  }

  private mergeRequestsOf(project: SimProject, sha: string, url: URL, baseUrl: string): SimResponse {
    const history = this.historyOf(project);
    const full = this.resolve(history, sha);
    if (!full || !history.commits.some((commit) => commit.sha === full)) throw deliveryErrors.commitNotFound();
    const found = this.mergeRequests.filter((request) => request.project === project && request.commitShas.includes(full));
    return paged(
      found.map((request) => this.mergeRequestJson(request, baseUrl)),
      url,
    );
  }

  private user(username: string, baseUrl: string) {
    return { id: userId(username), username, name: username, state: 'active', avatar_url: null, web_url: `${baseUrl}/${username}` };
  }

  private environmentJson(environment: SimEnvironment, baseUrl: string) {
    const last = this.deployments.filter((deployment) => deployment.environment === environment).at(-1);
    return {
      id: environment.id,
      name: environment.name,
      slug: environment.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(),
      external_url: environment.externalUrl,
      state: 'available',
      tier: environment.tier,
      created_at: iso(environment.createdAt),
      updated_at: iso(last?.updatedAt ?? environment.createdAt),
      last_deployment: last ? this.deploymentJson(last, baseUrl, false) : null,
    };
  }

  private deploymentJson(deployment: SimDeployment, baseUrl: string, withEnvironment = true) {
    const { environment } = deployment;
    const jobStatus = deployment.status === 'blocked' ? 'manual' : deployment.status;
    return {
      id: deployment.id,
      iid: deployment.iid,
      ref: deployment.ref,
      sha: deployment.sha,
      created_at: iso(deployment.createdAt),
      updated_at: iso(deployment.updatedAt),
      finished_at: deployment.finishedAt === null ? null : iso(deployment.finishedAt),
      status: deployment.status,
      user: this.user(deployment.user, baseUrl),
      ...(withEnvironment
        ? {
            environment: {
              id: environment.id,
              name: environment.name,
              slug: environment.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(),
              external_url: environment.externalUrl,
              created_at: iso(environment.createdAt),
              updated_at: iso(environment.createdAt),
              tier: environment.tier,
            },
          }
        : {}),
      deployable: {
        id: deployment.jobId,
        status: jobStatus,
        stage: 'deploy',
        name: `deploy-${environment.name}`,
        ref: deployment.ref,
        tag: this.historyOf(environment.project).tags.has(deployment.ref),
        created_at: iso(deployment.createdAt),
        finished_at: deployment.finishedAt === null ? null : iso(deployment.finishedAt),
        user: this.user(deployment.user, baseUrl),
        web_url: `${baseUrl}/${environment.project.path}/-/jobs/${deployment.jobId}`,
      },
    };
  }

  private commitJson(project: SimProject, commit: SimCommit, baseUrl: string) {
    const title = commit.message.split('\n', 1)[0] ?? '';
    return {
      id: commit.sha,
      short_id: commit.sha.slice(0, 8),
      created_at: iso(commit.committedAt),
      parent_ids: commit.parent ? [commit.parent] : [],
      title,
      message: commit.message,
      author_name: commit.authorName,
      author_email: commit.authorEmail,
      authored_date: iso(commit.authoredAt),
      committer_name: commit.authorName,
      committer_email: commit.authorEmail,
      committed_date: iso(commit.committedAt),
      trailers: {},
      extended_trailers: {},
      web_url: `${baseUrl}/${project.path}/-/commit/${commit.sha}`,
    };
  }

  private mergeRequestJson(request: SimMergeRequest, baseUrl: string) {
    const lastSha = request.commitShas.at(-1) ?? null;
    return {
      id: request.id,
      iid: request.iid,
      project_id: request.project.id,
      title: request.title,
      description: '',
      state: request.state,
      created_at: iso(request.createdAt),
      updated_at: iso(request.mergedAt ?? request.createdAt),
      merged_by: request.mergedAt === null ? null : this.user('release-bot', baseUrl),
      merge_user: request.mergedAt === null ? null : this.user('release-bot', baseUrl),
      merged_at: request.mergedAt === null ? null : iso(request.mergedAt),
      closed_by: null,
      closed_at: null,
      target_branch: 'main',
      source_branch: `mr-${request.iid}`,
      author: this.user(request.author, baseUrl),
      assignees: [],
      reviewers: request.reviewers.map((reviewer) => this.user(reviewer.username, baseUrl)),
      draft: false,
      sha: lastSha,
      merge_commit_sha: null,
      squash_commit_sha: null,
      web_url: `${baseUrl}/${request.project.path}/-/merge_requests/${request.iid}`,
    };
  }

  private reviewerJson(reviewer: SimMergeRequest['reviewers'][number], baseUrl: string) {
    return { user: this.user(reviewer.username, baseUrl), state: reviewer.state, created_at: iso(reviewer.addedAt) };
  }
}

/** A stable small id for a username. */
function userId(username: string): number {
  let hash = 0;
  for (const char of username) hash = (hash * 31 + char.charCodeAt(0)) % 100_000;
  return hash + 1;
}

/** One page of `items` with GitLab's offset paging headers (per_page default 20, at most 100). */
function paged(items: readonly unknown[], url: URL): SimResponse {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-total': String(items.length),
      'x-total-pages': String(totalPages),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
    },
  };
}
