/**
 * The GitLab REST routes the simulator answers (API v4: create a pipeline, get one, list
 * a project's pipelines, a pipeline's variables) and the page web_urls point at, with
 * GitLab's token headers, pagination headers and error bodies.
 */
import { escapeHtml, SimulatedHttpError, type SimRequest, type SimResponse } from '../github/pipeline-simulator-kit';
import type { GitLabDelivery } from './delivery';
import { JOB_NAME, jobTrace, pipelineIdOfJob, serializeJob } from './job-log';
import { PipelineRefusal, type GitLabState, type SimPipeline, type SimProject } from './state';
import type { SimulatorToken } from './types';

const DEFAULT_BOT_USERNAME = 'oncall-console-bot';
/** Retry-After of an injected 429, in seconds. */
const INJECTED_RETRY_AFTER_SECONDS = 1;

const iso = (ms: number) => new Date(ms).toISOString();

export const gitlabErrors = {
  unauthorized: () => new SimulatedHttpError(401, { message: '401 Unauthorized' }),
  projectNotFound: () => new SimulatedHttpError(404, { message: '404 Project Not Found' }),
  notFound: () => new SimulatedHttpError(404, { message: '404 Not found' }),
  routeNotFound: () => new SimulatedHttpError(404, { error: '404 Not Found' }),
  badRequest: (error: string) => new SimulatedHttpError(400, { error }),
  refused: (message: string) => new SimulatedHttpError(400, { message: { base: [message] } }),
  rateLimited: () =>
    new SimulatedHttpError(
      429,
      'Retry later\n',
      { 'retry-after': String(INJECTED_RETRY_AFTER_SECONDS), 'ratelimit-remaining': '0' },
      'text/plain',
    ),
  serverError: (status: number) =>
    status === 500
      ? new SimulatedHttpError(500, { message: '500 Internal Server Error' })
      : new SimulatedHttpError(status, `<html><head><title>GitLab is not responding (${status})</title></head></html>`, {}, 'text/html'),
};

/** True for the pipeline and job pages people open (`/group/project/-/pipelines/ID`, `/group/project/-/jobs/ID`). */
export function isGitLabPage(pathname: string): boolean {
  return /^\/(?!api\/).+\/-\/(pipelines|jobs)\/\d+\/?$/.test(pathname);
}

export function createGitLabRouter(
  state: GitLabState,
  validTokens: readonly SimulatorToken[] | null,
  delivery: GitLabDelivery,
): (request: SimRequest, baseUrl: string) => SimResponse {
  const authenticate = (request: SimRequest): string => {
    const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim();
    const token = single(request.headers['private-token']) || /^Bearer\s+(\S+)$/i.exec(single(request.headers.authorization) ?? '')?.[1];
    if (!token) throw gitlabErrors.unauthorized();
    if (validTokens === null) return DEFAULT_BOT_USERNAME;
    const known = validTokens.find((candidate) => candidate.token === token);
    if (!known) throw gitlabErrors.unauthorized();
    return known.username;
  };

  return (request, baseUrl) => {
    if (isGitLabPage(request.url.pathname)) return pipelinePage(state, request.url.pathname);
    const segments = request.rawPath.replace(/\/$/, '').split('/').slice(1).map(decodeURIComponent);
    if (segments[0] !== 'api' || segments[1] !== 'v4') throw gitlabErrors.routeNotFound();
    const user = authenticate(request);
    const [, , projects, projectId, collection, pipelineId, tail] = segments;
    if (projects !== 'projects' || !projectId) throw gitlabErrors.routeNotFound();
    const project = state.project(projectId);
    if (!project) throw gitlabErrors.projectNotFound();

    if (collection === 'pipeline' && pipelineId === undefined && request.method === 'POST')
      return create(state, project, request, baseUrl, user);
    if (collection === 'pipelines' && pipelineId === undefined && request.method === 'GET')
      return list(state, project, request.url, baseUrl);
    if (collection === 'pipelines' && pipelineId !== undefined && request.method === 'GET') {
      const pipeline = /^\d+$/.test(pipelineId) ? state.pipeline(project, Number(pipelineId)) : undefined;
      if (!pipeline) throw gitlabErrors.notFound();
      if (tail === undefined) return { status: 200, body: serializePipeline(state, pipeline, baseUrl, true) };
      if (tail === 'variables') return { status: 200, body: pipeline.variables.map((variable) => ({ ...variable, raw: false })) };
      if (tail === 'jobs') return listJobs(state, pipeline, request.url, baseUrl);
    }
    if (collection === 'jobs' && pipelineId !== undefined && request.method === 'GET') {
      const pipeline = /^\d+$/.test(pipelineId) ? state.pipeline(project, pipelineIdOfJob(Number(pipelineId))) : undefined;
      if (!pipeline) throw gitlabErrors.notFound();
      if (tail === undefined) return { status: 200, body: serializeJob(state, pipeline, baseUrl) };
      if (tail === 'trace') {
        const trace = jobTrace(state, pipeline);
        // "404: Job not found or no log file" (a job no runner has started has none).
        if (trace === null) throw gitlabErrors.notFound();
        return { status: 200, contentType: 'text/plain; charset=utf-8', body: trace };
      }
    }
    const delivered = delivery.route(project, segments.slice(4), request, baseUrl);
    if (delivered) return delivered;
    throw gitlabErrors.routeNotFound();
  };
}

function create(state: GitLabState, project: SimProject, request: SimRequest, baseUrl: string, user: string): SimResponse {
  let body: unknown = {};
  const type = String(request.headers['content-type'] ?? '');
  if (request.body.trim() !== '') {
    if (type.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(request.body));
    else {
      try {
        body = JSON.parse(request.body);
      } catch {
        throw gitlabErrors.badRequest('400 Bad request - The request body is not valid JSON');
      }
    }
  }
  const fields = (body && typeof body === 'object' ? body : {}) as { ref?: unknown; variables?: unknown };
  const ref = typeof fields.ref === 'string' ? fields.ref : request.url.searchParams.get('ref');
  if (!ref) throw gitlabErrors.badRequest('ref is missing');
  const variables: SimPipeline['variables'] = [];
  if (fields.variables !== undefined) {
    if (!Array.isArray(fields.variables)) throw gitlabErrors.badRequest('variables is invalid');
    fields.variables.forEach((variable: unknown, index) => {
      const entry = (variable ?? {}) as { key?: unknown; value?: unknown; variable_type?: unknown };
      if (typeof entry.key !== 'string' || entry.key === '') throw gitlabErrors.badRequest(`variables[${index}][key] is missing`);
      if (entry.value === undefined || entry.value === null) throw gitlabErrors.badRequest(`variables[${index}][value] is missing`);
      const variableType = entry.variable_type === 'file' ? 'file' : 'env_var';
      variables.push({ key: entry.key, value: String(entry.value), variable_type: variableType });
    });
  }
  try {
    const pipeline = state.createPipeline(project, ref, variables, user);
    return { status: 201, body: serializePipeline(state, pipeline, baseUrl, true) };
  } catch (error) {
    if (error instanceof PipelineRefusal) throw gitlabErrors.refused(error.message);
    throw error;
  }
}

function list(state: GitLabState, project: SimProject, url: URL, baseUrl: string): SimResponse {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const ref = url.searchParams.get('ref');
  const source = url.searchParams.get('source');
  const status = url.searchParams.get('status');
  const updatedAfter = url.searchParams.get('updated_after');
  const after = updatedAfter ? Date.parse(updatedAfter) : null;
  if (after !== null && Number.isNaN(after)) throw gitlabErrors.badRequest('updated_after is invalid');
  let pipelines = state.pipelinesOf(project).filter((pipeline) => {
    if (ref && pipeline.ref !== ref) return false;
    if (source && source !== 'api') return false;
    const view = state.view(pipeline);
    if (status && view.status !== status) return false;
    if (after !== null && view.updatedAt <= after) return false;
    return true;
  });
  if (url.searchParams.get('sort') === 'asc') pipelines = pipelines.reverse();
  const total = pipelines.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(total),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
  };
  return {
    status: 200,
    body: pipelines.slice((page - 1) * perPage, page * perPage).map((pipeline) => serializePipeline(state, pipeline, baseUrl, false)),
    headers,
  };
}

const JOB_SCOPES = new Set(['created', 'pending', 'running', 'failed', 'success', 'canceled', 'skipped', 'waiting_for_resource', 'manual']);

/** A pipeline's jobs (one), filtered by `scope` / `scope[]`, newest first, with GitLab's paging headers. */
function listJobs(state: GitLabState, pipeline: SimPipeline, url: URL, baseUrl: string): SimResponse {
  const scopes = [...url.searchParams.getAll('scope[]'), ...url.searchParams.getAll('scope')];
  if (scopes.some((scope) => !JOB_SCOPES.has(scope))) throw gitlabErrors.badRequest('scope does not have a valid value');
  const job = serializeJob(state, pipeline, baseUrl);
  const jobs = scopes.length === 0 || scopes.includes(String(job.status)) ? [job] : [];
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const headers = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(jobs.length),
    'x-total-pages': '1',
    'x-next-page': '',
    'x-prev-page': '',
  };
  return { status: 200, body: page === 1 ? jobs : [], headers };
}

const webUrl = (pipeline: SimPipeline, baseUrl: string) => `${baseUrl}/${pipeline.project.path}/-/pipelines/${pipeline.id}`;

function serializePipeline(state: GitLabState, pipeline: SimPipeline, baseUrl: string, detailed: boolean): Record<string, unknown> {
  const view = state.view(pipeline);
  const basic = {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.project.id,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: view.status,
    source: 'api',
    created_at: iso(pipeline.createdAt),
    updated_at: iso(view.updatedAt),
    web_url: webUrl(pipeline, baseUrl),
    name: null,
  };
  if (!detailed) return basic;
  const duration = view.startedAt !== null ? Math.round(((view.finishedAt ?? state.now()) - view.startedAt) / 1000) : null;
  return {
    ...basic,
    before_sha: '0000000000000000000000000000000000000000',
    tag: false,
    yaml_errors: null,
    user: { id: 17, username: pipeline.user, name: pipeline.user, state: 'active' },
    started_at: view.startedAt !== null ? iso(view.startedAt) : null,
    finished_at: view.finishedAt !== null ? iso(view.finishedAt) : null,
    committed_at: null,
    duration,
    queued_duration: Math.round(((view.startedAt ?? state.now()) - pipeline.createdAt) / 1000),
    coverage: null,
    detailed_status: {
      icon: `status_${view.status}`,
      text: view.status,
      label: view.status,
      group: view.status,
      tooltip: view.status,
      has_details: true,
      details_path: `/${pipeline.project.path}/-/pipelines/${pipeline.id}`,
    },
  };
}

function pipelinePage(state: GitLabState, pathname: string): SimResponse {
  const job = /^\/(.+)\/-\/jobs\/(\d+)\/?$/.exec(pathname);
  if (job) return jobPage(state, decodeURIComponent(job[1] ?? ''), Number(job[2]));
  const match = /^\/(.+)\/-\/pipelines\/(\d+)\/?$/.exec(pathname);
  const project = match ? state.project(decodeURIComponent(match[1] ?? '')) : undefined;
  const pipeline = project ? state.pipeline(project, Number(match?.[2])) : undefined;
  if (!project || !pipeline)
    return { status: 404, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Not Found · GitLab</title><h1>404</h1>' };
  const view = state.view(pipeline);
  const rows = pipeline.variables
    .map((variable) => `<tr><th>${escapeHtml(variable.key)}</th><td>${escapeHtml(variable.value)}</td></tr>`)
    .join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Pipeline #${pipeline.id} · ${escapeHtml(project.path)} · GitLab</title></head>
<body><h1>Pipeline #${pipeline.id}</h1><p>${escapeHtml(project.path)} on ${escapeHtml(pipeline.ref)} · <strong data-status="${view.status}">${view.status}</strong></p>
<h2>Variables</h2><table>${rows}</table><h2>Job log</h2><pre>Running with gitlab-runner 17.11.0
${view.startedAt !== null ? `${iso(view.startedAt)} Executing "step_script" stage of the job script` : 'Waiting for a runner...'}
${view.finishedAt !== null ? `${iso(view.finishedAt)} Job ${view.status === 'success' ? 'succeeded' : view.status}` : ''}</pre></body></html>\n`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body: html };
}

/** A job's page: its status and its log (colours and section markers left out). */
function jobPage(state: GitLabState, projectPath: string, jobId: number): SimResponse {
  const project = state.project(projectPath);
  const pipeline = project ? state.pipeline(project, pipelineIdOfJob(jobId)) : undefined;
  if (!project || !pipeline)
    return { status: 404, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Not Found · GitLab</title><h1>404</h1>' };
  const status = state.view(pipeline).status;
  const log = (jobTrace(state, pipeline) ?? 'Waiting for a runner...')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/section_(start|end):\d+:[^\r\n]*\r/g, '');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${JOB_NAME} (#${jobId}) · ${escapeHtml(project.path)} · GitLab</title></head>
<body><h1>${JOB_NAME} #${jobId}</h1><p><strong data-status="${status}">${status}</strong></p><pre>${escapeHtml(log)}</pre></body></html>\n`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body: html };
}
