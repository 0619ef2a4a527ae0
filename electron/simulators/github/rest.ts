/**
 * The GitHub REST routes the simulator answers (workflows, workflow_dispatch, workflow
 * runs, deployments and their statuses through deployments.ts, compare, a commit's pull
 * requests and their reviews through history-routes.ts) and the run page its html_urls
 * point at, with GitHub's authentication, core rate limit headers, ETags and 304 Not
 * Modified for conditional GETs (conditional.ts), and error bodies
 * (`{"message","documentation_url","status"}`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CACHE_HEADERS, etagOf, matchesIfNoneMatch } from './conditional';
import { routeDeployments, type GitHubDeployments } from './deployments';
import type { GitHubHistory } from './history';
import { routeHistory } from './history-routes';
import { jobLogText, serializeJob } from './job-log';
import { escapeHtml, SimulatedHttpError, type SimRequest, type SimResponse } from './pipeline-simulator-kit';
import { DispatchRefusal, type GitHubActionsState, type SimRepository, type SimRun, type SimWorkflow } from './state';
import type { SimulatorToken } from './types';

const DOCS = 'https://docs.github.com/rest';
const DISPATCH_DOCS = `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`;
const RUN_DOCS = `${DOCS}/actions/workflow-runs#get-a-workflow-run`;
const LIST_RUNS_DOCS = `${DOCS}/actions/workflow-runs#list-workflow-runs-for-a-workflow`;
const WORKFLOW_DOCS = `${DOCS}/actions/workflows#get-a-workflow`;
const JOBS_DOCS = `${DOCS}/actions/workflow-jobs#list-jobs-for-a-workflow-run`;
const JOB_DOCS = `${DOCS}/actions/workflow-jobs#get-a-job-for-a-workflow-run`;
const JOB_LOGS_DOCS = `${DOCS}/actions/workflow-jobs#download-job-logs-for-a-workflow-run`;
/** A job log's download link works this long (GitHub: "This link expires after 1 minute"). */
const LOG_LINK_TTL_MS = 60_000;
/** Where the simulator serves job logs, as GitHub's blob storage would (no token: the link is signed). */
const RESULTS_PREFIX = '/_results/';
const HOUR_MS = 3_600_000;
const DEFAULT_BOT_LOGIN = 'oncall-console-bot';
/** Retry-After of an injected secondary rate limit, in seconds. */
export const INJECTED_RETRY_AFTER_SECONDS = 1;

export function githubError(
  status: number,
  message: string,
  documentationUrl: string,
  headers: Record<string, string> = {},
): SimulatedHttpError {
  return new SimulatedHttpError(status, { message, documentation_url: documentationUrl, status: String(status) }, headers);
}

export interface GitHubRoutesDeps {
  state: GitHubActionsState;
  deployments: GitHubDeployments;
  history: GitHubHistory;
  validTokens: readonly SimulatorToken[] | null;
  rateLimitPerHour: number;
  returnRunDetails: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** True for the HTML pages people open and the signed log downloads (not recorded, no token). */
export function isGitHubPage(pathname: string): boolean {
  if (pathname.startsWith(RESULTS_PREFIX)) return true;
  // A run's page, or one attempt's (what the change step links: .../actions/runs/ID/attempts/N).
  return /^\/[^/]+\/[^/]+\/actions\/runs\/\d+(\/attempts\/\d+)?\/?$/.test(pathname) && !pathname.startsWith('/repos/');
}

export function createGitHubRouter(deps: GitHubRoutesDeps): (request: SimRequest, baseUrl: string) => SimResponse {
  const windows = new Map<string, { start: number; used: number }>();
  // Signs the job log links handed out in Location headers, as blob storage's SAS tokens do.
  const signingKey = randomBytes(32);
  const sign = (path: string, expires: string) => createHmac('sha256', signingKey).update(`${path}\n${expires}`).digest('hex');
  const logs: LogLinks = {
    link: (path, baseUrl) => {
      const expires = new Date(deps.state.now() + LOG_LINK_TTL_MS).toISOString();
      return `${baseUrl}${path}?sv=2021-12-02&se=${encodeURIComponent(expires)}&sr=b&sp=r&sig=${sign(path, expires)}`;
    },
    check: (url) => {
      const expires = url.searchParams.get('se') ?? '';
      const signature = url.searchParams.get('sig') ?? '';
      if (signature !== sign(url.pathname, expires)) return 'Signature did not match.';
      const at = Date.parse(expires);
      if (Number.isNaN(at) || at < deps.state.now())
        return `Signed expiry time [${expires}] must be after signed start time [${new Date(deps.state.now()).toISOString()}]`;
      return null;
    },
  };

  const authenticate = (request: SimRequest): { login: string; token: string } => {
    const header = request.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^(?:Bearer|token)\s+(\S+)$/i.exec(value.trim()) : null;
    if (!match) throw githubError(401, 'Requires authentication', DOCS);
    const token = match[1] ?? '';
    if (deps.validTokens === null) return { login: DEFAULT_BOT_LOGIN, token };
    const known = deps.validTokens.find((candidate) => candidate.token === token);
    if (!known) throw githubError(401, 'Bad credentials', DOCS);
    return { login: known.login, token };
  };

  /** The token's rate limit window this hour; refuses (403) once it is used up. */
  const rateWindow = (token: string): { start: number; used: number } => {
    const now = deps.state.now();
    let window = windows.get(token);
    if (!window || now - window.start >= HOUR_MS) {
      window = { start: now, used: 0 };
      windows.set(token, window);
    }
    if (window.used >= deps.rateLimitPerHour) {
      throw githubError(
        403,
        'API rate limit exceeded for user ID 1.',
        `${DOCS}/overview/rate-limits-for-the-rest-api`,
        rateHeaders(window),
      );
    }
    return window;
  };
  const rateHeaders = (window: { start: number; used: number }): Record<string, string> => ({
    'x-ratelimit-limit': String(deps.rateLimitPerHour),
    'x-ratelimit-remaining': String(Math.max(0, deps.rateLimitPerHour - window.used)),
    'x-ratelimit-reset': String(Math.ceil((window.start + HOUR_MS) / 1000)),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-resource': 'core',
  });

  return (request, baseUrl) => {
    const { pathname } = request.url;
    if (pathname.startsWith(RESULTS_PREFIX)) return jobLogDownload(deps.state, request.url, logs);
    if (isGitHubPage(pathname)) return runPage(deps.state, pathname);
    const { login, token } = authenticate(request);
    const window = rateWindow(token);
    let response: SimResponse;
    try {
      response = routeApi(deps, request, baseUrl, login, logs);
    } catch (error) {
      window.used += 1;
      const headers = { ...rateHeaders(window), 'x-github-media-type': 'github.v3; format=json' };
      if (error instanceof SimulatedHttpError) throw new SimulatedHttpError(error.status, error.body, { ...headers, ...error.headers });
      throw error;
    }
    const etag = request.method === 'GET' && response.status === 200 && !response.contentType ? etagOf(response.body, login) : null;
    // "Making a conditional request does not count against your primary rate limit if a 304 response is returned."
    if (etag && matchesIfNoneMatch(request.headers['if-none-match'], etag))
      return { status: 304, headers: { ...rateHeaders(window), ...CACHE_HEADERS, etag, 'x-github-media-type': 'github.v3; format=json' } };
    window.used += 1;
    const headers = {
      ...rateHeaders(window),
      'x-github-media-type': 'github.v3; format=json',
      ...(etag ? { ...CACHE_HEADERS, etag } : {}),
    };
    return { ...response, headers: { ...headers, ...response.headers } };
  };
}

/** Signed, short-lived links to job logs. */
interface LogLinks {
  link(path: string, baseUrl: string): string;
  /** Why the link is refused (a bad signature, expired), or null. */
  check(url: URL): string | null;
}

function routeApi(deps: GitHubRoutesDeps, request: SimRequest, baseUrl: string, login: string, logs: LogLinks): SimResponse {
  const { state, returnRunDetails } = deps;
  const parts = request.url.pathname.replace(/\/$/, '').split('/').slice(1).map(decodeURIComponent);
  const [root, owner, repoName, actions, collection, id, tail] = parts;
  if (root !== 'repos' || !owner || !repoName) throw githubError(404, 'Not Found', DOCS);
  const repo = state.repository(owner, repoName);
  if (!repo) throw githubError(404, 'Not Found', DOCS);
  const deployment = routeDeployments(deps.deployments, repo, request, parts.slice(3), baseUrl);
  if (deployment) return deployment;
  const fromHistory = routeHistory(deps.history, repo, request, parts.slice(3), baseUrl);
  if (fromHistory) return fromHistory;
  if (actions !== 'actions') throw githubError(404, 'Not Found', DOCS);

  if (collection === 'workflows') {
    if (id === undefined && request.method === 'GET') {
      return {
        status: 200,
        body: { total_count: repo.workflows.length, workflows: repo.workflows.map((w) => serializeWorkflow(repo, w, baseUrl)) },
      };
    }
    const workflow = id === undefined ? undefined : state.workflow(repo, id);
    if (id !== undefined && tail === undefined && request.method === 'GET') {
      if (!workflow) throw githubError(404, 'Not Found', WORKFLOW_DOCS);
      return { status: 200, body: serializeWorkflow(repo, workflow, baseUrl) };
    }
    if (tail === 'dispatches' && request.method === 'POST') {
      if (!workflow) throw githubError(404, 'Not Found', DISPATCH_DOCS);
      return dispatch(state, repo, workflow, request.body, baseUrl, login, returnRunDetails);
    }
    if (tail === 'runs' && request.method === 'GET') {
      if (!workflow) throw githubError(404, 'Not Found', LIST_RUNS_DOCS);
      return listRuns(state, workflow, request.url, baseUrl);
    }
  }
  if (collection === 'runs' && id !== undefined && tail === undefined && request.method === 'GET') {
    const run = /^\d+$/.test(id) ? state.run(repo, Number(id)) : undefined;
    if (!run) throw githubError(404, 'Not Found', RUN_DOCS);
    return { status: 200, body: serializeRun(state, run, baseUrl) };
  }
  if (collection === 'runs' && id !== undefined && tail === 'jobs' && request.method === 'GET') {
    const run = /^\d+$/.test(id) ? state.run(repo, Number(id)) : undefined;
    if (!run) throw githubError(404, 'Not Found', JOBS_DOCS);
    const filter = request.url.searchParams.get('filter') ?? 'latest';
    if (filter !== 'latest' && filter !== 'all')
      throw githubError(422, `Invalid request.\n\nFor 'filter', "${filter}" is not one of: latest, all.`, JOBS_DOCS);
    // One job per run, and no re-runs: both filters list it.
    const page = Math.max(1, Number(request.url.searchParams.get('page') ?? 1) || 1);
    return { status: 200, body: { total_count: 1, jobs: page === 1 ? [serializeJob(state, run, baseUrl)] : [] } };
  }
  if (collection === 'jobs' && id !== undefined && request.method === 'GET') {
    const run = /^\d+$/.test(id) ? state.runOfJob(repo, Number(id)) : undefined;
    if (!run) throw githubError(404, 'Not Found', tail === 'logs' ? JOB_LOGS_DOCS : JOB_DOCS);
    if (tail === undefined) return { status: 200, body: serializeJob(state, run, baseUrl) };
    if (tail === 'logs') {
      // No runner has picked the job up yet: there is no log to download.
      if (jobLogText(state, run) === null) throw githubError(404, 'Not Found', JOB_LOGS_DOCS);
      return { status: 302, headers: { location: logs.link(`${RESULTS_PREFIX}${repo.owner}/${repo.name}/jobs/${id}/logs.txt`, baseUrl) } };
    }
  }
  throw githubError(404, 'Not Found', DOCS);
}

/** A signed job log link: the log as plain text, or blob storage's refusal (403) when the link is wrong or expired. */
function jobLogDownload(state: GitHubActionsState, url: URL, logs: LogLinks): SimResponse {
  const refused = logs.check(url);
  if (refused) {
    const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.\n${escapeHtml(refused)}</Message></Error>`;
    return { status: 403, contentType: 'application/xml', body: xml };
  }
  const match = /^\/_results\/([^/]+)\/([^/]+)\/jobs\/(\d+)\/logs\.txt$/.exec(url.pathname);
  const repo = match ? state.repository(decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? '')) : undefined;
  const run = repo ? state.runOfJob(repo, Number(match?.[3])) : undefined;
  const text = run ? jobLogText(state, run) : null;
  if (text === null)
    return {
      status: 404,
      contentType: 'application/xml',
      body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>',
    };
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: text };
}

function dispatch(
  state: GitHubActionsState,
  repo: SimRepository,
  workflow: SimWorkflow,
  text: string,
  baseUrl: string,
  login: string,
  returnRunDetails: boolean,
): SimResponse {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw githubError(400, 'Problems parsing JSON', DISPATCH_DOCS);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw githubError(400, 'Problems parsing JSON', DISPATCH_DOCS);
  const fields = body as { ref?: unknown; inputs?: unknown; return_run_details?: unknown };
  if (typeof fields.ref !== 'string' || fields.ref.trim() === '')
    throw githubError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.', DISPATCH_DOCS);
  if (fields.inputs !== undefined && fields.inputs !== null && (typeof fields.inputs !== 'object' || Array.isArray(fields.inputs))) {
    throw githubError(
      422,
      "Invalid request.\n\nFor 'properties/inputs', \"" + String(fields.inputs) + '" is not an object.',
      DISPATCH_DOCS,
    );
  }
  if (returnRunDetails && fields.return_run_details !== undefined && typeof fields.return_run_details !== 'boolean') {
    throw githubError(
      422,
      `Invalid request.\n\nFor 'properties/return_run_details', ${JSON.stringify(fields.return_run_details)} is not a boolean.`,
      DISPATCH_DOCS,
    );
  }
  let run: SimRun;
  try {
    run = state.dispatch(repo, workflow, fields.ref, (fields.inputs ?? {}) as Record<string, unknown>, login);
  } catch (error) {
    if (error instanceof DispatchRefusal) throw githubError(error.status, error.message, DISPATCH_DOCS);
    throw error;
  }
  if (fields.return_run_details !== true || !returnRunDetails) return { status: 204 };
  return {
    status: 200,
    body: { workflow_run_id: run.id, run_url: runApiUrl(run, baseUrl), html_url: runHtmlUrl(run, baseUrl) },
  };
}

function listRuns(state: GitHubActionsState, workflow: SimWorkflow, url: URL, baseUrl: string): SimResponse {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const event = url.searchParams.get('event');
  const branch = url.searchParams.get('branch');
  const status = url.searchParams.get('status');
  const created = url.searchParams.get('created');
  const createdAfter = created ? parseCreatedFilter(created) : null;
  const runs = state.runsOf(workflow).filter((run) => {
    if (event && event !== run.event) return false;
    if (branch && run.headBranch !== branch) return false;
    if (createdAfter !== null && run.createdAt < createdAfter) return false;
    if (status) {
      const view = state.view(run);
      if (status !== view.status && status !== view.conclusion) return false;
    }
    return true;
  });
  const slice = runs.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  const links: string[] = [];
  const pageUrl = (n: number) => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(n));
    return `${baseUrl}${next.pathname}${next.search}`;
  };
  const last = Math.max(1, Math.ceil(runs.length / perPage));
  if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
  if (links.length) headers.link = links.join(', ');
  return { status: 200, body: { total_count: runs.length, workflow_runs: slice.map((run) => serializeRun(state, run, baseUrl)) }, headers };
}

/** `created` filters the simulator understands: `>=DATE`, `>DATE`, `DATE..*`. */
function parseCreatedFilter(value: string): number | null {
  const match = /^(?:>=?)?([^.]+?)(?:\.\.\*)?$/.exec(value.trim());
  const at = match ? Date.parse(match[1] ?? '') : NaN;
  if (Number.isNaN(at)) throw githubError(422, `Invalid created filter: ${value}`, LIST_RUNS_DOCS);
  return at;
}

function serializeWorkflow(repo: SimRepository, workflow: SimWorkflow, baseUrl: string): Record<string, unknown> {
  return {
    id: workflow.id,
    node_id: `W_${workflow.id}`,
    name: workflow.name,
    path: workflow.path,
    state: 'active',
    created_at: '2025-01-06T09:00:00Z',
    updated_at: '2025-01-06T09:00:00Z',
    url: `${baseUrl}/repos/${repo.owner}/${repo.name}/actions/workflows/${workflow.id}`,
    html_url: `${baseUrl}/${repo.owner}/${repo.name}/blob/main/${workflow.path}`,
    badge_url: `${baseUrl}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

const runApiUrl = (run: SimRun, baseUrl: string) =>
  `${baseUrl}/repos/${run.repository.owner}/${run.repository.name}/actions/runs/${run.id}`;
const runHtmlUrl = (run: SimRun, baseUrl: string) => `${baseUrl}/${run.repository.owner}/${run.repository.name}/actions/runs/${run.id}`;

function serializeRun(state: GitHubActionsState, run: SimRun, baseUrl: string): Record<string, unknown> {
  const view = state.view(run);
  const repo = run.repository;
  const apiUrl = runApiUrl(run, baseUrl);
  const actor = { login: run.actor, id: 1, type: 'User' };
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: `WFR_${run.id}`,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflow.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: view.status,
    conclusion: view.conclusion,
    workflow_id: run.workflow.id,
    url: apiUrl,
    html_url: runHtmlUrl(run, baseUrl),
    created_at: iso(run.createdAt),
    updated_at: iso(view.updatedAt),
    run_attempt: 1,
    run_started_at: iso(run.createdAt),
    actor,
    triggering_actor: actor,
    jobs_url: `${apiUrl}/jobs`,
    logs_url: `${apiUrl}/logs`,
    cancel_url: `${apiUrl}/cancel`,
    rerun_url: `${apiUrl}/rerun`,
    workflow_url: `${baseUrl}/repos/${repo.owner}/${repo.name}/actions/workflows/${run.workflow.id}`,
    repository: {
      id: repo.id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: true,
      owner: { login: repo.owner, type: 'Organization' },
    },
  };
}

/** The page a run's html_url opens: status, inputs and a short log. */
function runPage(state: GitHubActionsState, pathname: string): SimResponse {
  const [, owner = '', name = '', , , id = ''] = pathname.split('/');
  const repo = state.repository(decodeURIComponent(owner), decodeURIComponent(name));
  const run = repo ? state.run(repo, Number(id)) : undefined;
  if (!repo || !run)
    return {
      status: 404,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Page not found · GitHub</title><h1>404</h1>',
    };
  const view = state.view(run);
  const outcome = view.status === 'completed' ? `completed: ${view.conclusion}` : view.status.replace('_', ' ');
  const inputs = Object.entries(run.inputs)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const log = [
    `Run ${run.workflow.name} #${run.runNumber} on ${run.headBranch} (${run.headSha.slice(0, 7)}), started by ${run.actor}`,
    view.startedAt !== null ? `${iso(view.startedAt)} Job started on runner ubuntu-latest` : 'Waiting for a runner to pick up this job...',
    ...(run.driven?.stepsDone.flatMap((step) => [`${iso(step.at)} ${step.name}: done`, ...step.output.map((line) => `  ${line}`)]) ?? []),
    ...(view.status === 'completed' ? [`${iso(view.finishedAt ?? view.updatedAt)} Job finished: ${view.conclusion}`] : []),
  ];
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(run.displayTitle)} · ${escapeHtml(repo.owner)}/${escapeHtml(repo.name)}</title></head>
<body><h1>${escapeHtml(run.displayTitle)}</h1><p>${escapeHtml(run.workflow.name)} #${run.runNumber} · <strong data-status="${escapeHtml(view.status)}" data-conclusion="${escapeHtml(view.conclusion ?? '')}">${escapeHtml(outcome)}</strong></p>
<h2>Inputs</h2><table>${inputs}</table><h2>Log</h2><pre>${log.map(escapeHtml).join('\n')}</pre></body></html>\n`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body: html };
}
