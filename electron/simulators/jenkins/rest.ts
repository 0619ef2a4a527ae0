/**
 * The Jenkins remote access API routes the simulator answers (crumb issuer,
 * buildWithParameters, queue items, the queue, jobs and builds as JSON with `tree`) and
 * the pages people open (job, build, console), with Basic auth (user + API token), CSRF
 * crumbs and Jenkins' HTML error pages.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, SimulatedHttpError, type SimRequest, type SimResponse } from '../github/pipeline-simulator-kit';
import { consoleText } from './console-log';
import { IllegalParameter, type JenkinsState, type SimJob, type SimQueueItem } from './state';
import { applyTree, parseTree } from './tree';
import type { JenkinsUser } from './types';

export const JENKINS_VERSION = '2.479.3';
export const CRUMB_FIELD = 'Jenkins-Crumb';
/** Retry-After of an injected 429 (a proxy in front of Jenkins), in seconds. */
export const INJECTED_RETRY_AFTER_SECONDS = 1;
const HTML = 'text/html;charset=utf-8';
/** How many builds a job's `builds` lists (Job.getNewBuilds: getBuilds().limit(100)). */
const RECENT_BUILDS = 100;

function errorPage(status: number, title: string, detail: string, headers: Record<string, string> = {}): SimulatedHttpError {
  const body = `<html><head><meta http-equiv="Content-Type" content="text/html;charset=utf-8"/><title>Error ${status} ${escapeHtml(title)}</title></head><body><h2>HTTP ERROR ${status} ${escapeHtml(title)}</h2><p>${escapeHtml(detail)}</p></body></html>`;
  return new SimulatedHttpError(status, body, { 'x-jenkins': JENKINS_VERSION, ...headers }, HTML);
}

export const jenkinsErrors = {
  notFound: () => errorPage(404, 'Not Found', 'Not Found'),
  unauthorized: (user: string) =>
    errorPage(401, 'Unauthorized', `Invalid password/token for user: ${user}`, { 'www-authenticate': 'Basic realm="Jenkins"' }),
  anonymous: () => errorPage(403, 'Forbidden', 'Authentication required', { 'x-you-are-authenticated-as': 'anonymous' }),
  noCrumb: () => errorPage(403, 'No valid crumb was included in the request', 'No valid crumb was included in the request'),
  badRequest: (detail: string) => errorPage(400, 'Bad Request', detail),
  illegalArgument: (detail: string) => errorPage(500, 'Server Error', `java.lang.IllegalArgumentException: ${detail}`),
  rateLimited: () => errorPage(429, 'Too Many Requests', 'Too Many Requests', { 'retry-after': String(INJECTED_RETRY_AFTER_SECONDS) }),
  serverError: (status: number) =>
    errorPage(status, status === 500 ? 'Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable', 'Jenkins is not available'),
};

export interface JenkinsRoutesDeps {
  state: JenkinsState;
  validUsers: readonly JenkinsUser[] | null;
  csrfProtection: boolean;
  /** Bumped by rotateCrumbs(), as a restart would. */
  crumbEpoch: () => number;
}

const PAGE = /^(\/job\/[^/]+)+\/(\d+\/(console\/?)?)?$/;

export function isJenkinsPage(pathname: string): boolean {
  return PAGE.test(pathname);
}

/** The job path for a full name: network/dns-change -> /job/network/job/dns-change. */
export function jobPath(fullName: string): string {
  return fullName
    .split('/')
    .map((part) => `/job/${encodeURIComponent(part)}`)
    .join('');
}

/** The crumb a user gets; `epoch` changes when Jenkins restarts (old crumbs stop working). */
export function crumbFor(user: string, epoch = 0): string {
  return createHash('sha256').update(`oncall-console-simulator:${epoch}:${user}`).digest('hex');
}

export function createJenkinsRouter(deps: JenkinsRoutesDeps): (request: SimRequest, baseUrl: string) => SimResponse {
  const { state } = deps;

  const authenticate = (request: SimRequest): string => {
    const header = request.headers.authorization;
    const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(value);
    if (!basic) throw jenkinsErrors.anonymous();
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon > 0 ? decoded.slice(0, colon) : decoded;
    const token = colon > 0 ? decoded.slice(colon + 1) : '';
    if (!user || !token) throw jenkinsErrors.unauthorized(user);
    if (deps.validUsers !== null && !deps.validUsers.some((known) => known.user === user && known.apiToken === token))
      throw jenkinsErrors.unauthorized(user);
    return user;
  };

  return (request, baseUrl) => {
    const segments = request.url.pathname.replace(/\/$/, '').split('/').slice(1).map(decodeURIComponent);
    const jobNames: string[] = [];
    let at = 0;
    while (segments[at] === 'job' && segments[at + 1] !== undefined) {
      jobNames.push(segments[at + 1]!);
      at += 2;
    }
    const rest = segments.slice(at);
    const job = jobNames.length ? state.job(jobNames.join('/')) : undefined;

    if (isJenkinsPage(request.url.pathname)) {
      if (!job) throw jenkinsErrors.notFound();
      return page(state, job, rest[0] === undefined ? null : Number(rest[0]), baseUrl);
    }
    const user = authenticate(request);
    const tree = request.url.searchParams.get('tree');
    const json = (body: unknown, deep: unknown): SimResponse => {
      if (tree === null) return { status: 200, body, headers: { 'x-jenkins': JENKINS_VERSION } };
      try {
        return { status: 200, body: applyTree(deep, parseTree(tree)), headers: { 'x-jenkins': JENKINS_VERSION } };
      } catch (error) {
        throw jenkinsErrors.badRequest(error instanceof Error ? error.message : 'bad tree');
      }
    };
    const route = `${request.method} ${rest.join('/')}`;

    if (!jobNames.length) {
      if (route === 'GET crumbIssuer/api/json') {
        if (!deps.csrfProtection) throw jenkinsErrors.notFound();
        const crumb = {
          _class: 'hudson.security.csrf.DefaultCrumbIssuer',
          crumb: crumbFor(user, deps.crumbEpoch()),
          crumbRequestField: CRUMB_FIELD,
        };
        return json(crumb, crumb);
      }
      if (route === 'GET queue/api/json') {
        const items = state.waitingItems().map((item) => serializeQueueItem(state, item, baseUrl));
        const queue = { _class: 'hudson.model.Queue', discoverableItems: [], items };
        return json(queue, queue);
      }
      const item = /^GET queue\/item\/(\d+)\/api\/json$/.exec(route);
      if (item) {
        const found = state.queueItem(Number(item[1]));
        if (!found) throw jenkinsErrors.notFound();
        const body = serializeQueueItem(state, found, baseUrl);
        return json(body, body);
      }
      throw jenkinsErrors.notFound();
    }
    if (!job) throw jenkinsErrors.notFound();

    if (route === 'POST buildWithParameters' || route === 'POST build') {
      if (deps.csrfProtection) {
        const crumb = request.headers[CRUMB_FIELD.toLowerCase()];
        if ((Array.isArray(crumb) ? crumb[0] : crumb) !== crumbFor(user, deps.crumbEpoch())) throw jenkinsErrors.noCrumb();
      }
      const given = new Map<string, string>(request.url.searchParams);
      const type = String(request.headers['content-type'] ?? '');
      if (request.body.trim() !== '') {
        if (!type.includes('application/x-www-form-urlencoded'))
          throw jenkinsErrors.badRequest(`Unsupported content type for parameters: ${type || 'none'}`);
        for (const [name, value] of new URLSearchParams(request.body)) given.set(name, value);
      }
      given.delete('delay');
      given.delete('token');
      try {
        const queued = state.enqueue(job, given, user);
        return { status: 201, headers: { location: `${baseUrl}/queue/item/${queued.id}/`, 'x-jenkins': JENKINS_VERSION } };
      } catch (error) {
        if (error instanceof IllegalParameter) throw jenkinsErrors.illegalArgument(error.message);
        throw error;
      }
    }
    if (route === 'GET api/json') return json(serializeJob(state, job, baseUrl, false), serializeJob(state, job, baseUrl, true));
    const consoleOf = /^GET (\d+)\/consoleText$/.exec(route);
    if (consoleOf) {
      const found = state.build(job, Number(consoleOf[1]));
      const text = found ? consoleText(state, found) : null;
      if (text === null) throw jenkinsErrors.notFound();
      return { status: 200, contentType: 'text/plain;charset=UTF-8', body: text, headers: { 'x-jenkins': JENKINS_VERSION } };
    }
    const build = /^GET (\d+)\/api\/json$/.exec(route);
    if (build) {
      const found = state.build(job, Number(build[1]));
      if (!found) throw jenkinsErrors.notFound();
      const body = serializeBuild(state, found, baseUrl);
      return json(body, body);
    }
    throw jenkinsErrors.notFound();
  };
}

const buildUrl = (item: SimQueueItem, baseUrl: string) => `${baseUrl}${jobPath(item.job.fullName)}/${item.buildNumber}/`;
const jobUrl = (job: SimJob, baseUrl: string) => `${baseUrl}${jobPath(job.fullName)}/`;
const shortName = (job: SimJob) => job.fullName.split('/').pop() ?? job.fullName;

function actionsOf(item: SimQueueItem): unknown[] {
  const cause = item.startedByTimer
    ? { _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause', shortDescription: 'Started by timer' }
    : {
        _class: 'hudson.model.Cause$UserIdCause',
        shortDescription: `Started by user ${item.user}`,
        userId: item.user,
        userName: item.user,
      };
  const actions: unknown[] = [
    {
      _class: 'hudson.model.ParametersAction',
      parameters: item.parameters.map((parameter) => ({
        _class: parameter.type === 'boolean' ? 'hudson.model.BooleanParameterValue' : 'hudson.model.StringParameterValue',
        name: parameter.name,
        value: parameter.type === 'boolean' ? parameter.value === 'true' : parameter.value,
      })),
    },
    { _class: 'hudson.model.CauseAction', causes: [cause] },
  ];
  if (item.commit) {
    // The git plugin's BuildData: the revision the build checked out.
    actions.push({
      _class: 'hudson.plugins.git.util.BuildData',
      lastBuiltRevision: { SHA1: item.commit, branch: [{ SHA1: item.commit, name: 'refs/remotes/origin/main' }] },
      remoteUrls: [],
    });
  }
  return actions;
}

function serializeQueueItem(state: JenkinsState, item: SimQueueItem, baseUrl: string): Record<string, unknown> {
  const view = state.view(item);
  const common = {
    actions: actionsOf(item),
    blocked: false,
    buildable: false,
    id: item.id,
    inQueueSince: item.createdAt,
    params: item.parameters.map((parameter) => `\n${parameter.name}=${parameter.type === 'password' ? '****' : parameter.value}`).join(''),
    stuck: false,
    task: { _class: 'hudson.model.FreeStyleProject', name: shortName(item.job), url: jobUrl(item.job, baseUrl), color: 'blue' },
    url: `queue/item/${item.id}/`,
  };
  if (view.phase === 'waiting') {
    const seconds = Math.max(0, (view.leavesAt - state.now()) / 1000).toFixed(1);
    return {
      _class: 'hudson.model.Queue$WaitingItem',
      ...common,
      why: `In the quiet period. Expires in ${seconds} sec`,
      timestamp: view.leavesAt,
    };
  }
  const cancelled = view.phase === 'cancelled';
  return {
    _class: 'hudson.model.Queue$LeftItem',
    ...common,
    why: null,
    cancelled,
    executable: cancelled ? null : { _class: 'hudson.model.FreeStyleBuild', number: item.buildNumber, url: buildUrl(item, baseUrl) },
  };
}

function serializeBuild(state: JenkinsState, item: SimQueueItem, baseUrl: string): Record<string, unknown> {
  const view = state.view(item);
  const startedAt = view.phase === 'building' || view.phase === 'done' ? view.startedAt : item.createdAt;
  return {
    _class: 'hudson.model.FreeStyleBuild',
    actions: actionsOf(item),
    building: view.phase === 'building',
    description: null,
    displayName: `#${item.buildNumber}`,
    duration: view.phase === 'done' ? view.finishedAt - view.startedAt : 0,
    estimatedDuration: item.timing.runningMs,
    fullDisplayName: `${item.job.fullName.split('/').join(' » ')} #${item.buildNumber}`,
    id: String(item.buildNumber),
    number: item.buildNumber,
    queueId: item.id,
    result: view.phase === 'done' ? view.result : null,
    timestamp: startedAt,
    url: buildUrl(item, baseUrl),
  };
}

function serializeJob(state: JenkinsState, job: SimJob, baseUrl: string, deep: boolean): Record<string, unknown> {
  const builds = state.buildsOf(job);
  const shallow = (item: SimQueueItem) => ({
    _class: 'hudson.model.FreeStyleBuild',
    number: item.buildNumber,
    url: buildUrl(item, baseUrl),
  });
  const waiting = state.waitingItems().filter((item) => item.job === job);
  const completed = builds.find((item) => state.view(item).phase === 'done');
  return {
    _class: 'hudson.model.FreeStyleProject',
    description: job.description ?? '',
    displayName: shortName(job),
    fullName: job.fullName,
    name: shortName(job),
    url: jobUrl(job, baseUrl),
    buildable: true,
    // As Jenkins' Job: `builds` is the newest 100, newest first; `allBuilds` all of them, only when `tree` names it.
    builds: builds.slice(0, RECENT_BUILDS).map((item) => (deep ? serializeBuild(state, item, baseUrl) : shallow(item))),
    ...(deep ? { allBuilds: builds.map((item) => serializeBuild(state, item, baseUrl)) } : {}),
    color: 'blue',
    inQueue: waiting.length > 0,
    lastBuild: builds[0] ? shallow(builds[0]) : null,
    lastCompletedBuild: completed ? shallow(completed) : null,
    nextBuildNumber: job.nextBuildNumber,
    property: [
      {
        _class: 'hudson.model.ParametersDefinitionProperty',
        parameterDefinitions: job.parameters.map((parameter) => {
          const kind = { string: 'String', text: 'Text', choice: 'Choice', boolean: 'Boolean', password: 'Password' }[parameter.type];
          return {
            _class: `hudson.model.${kind}ParameterDefinition`,
            defaultParameterValue: {
              _class: `hudson.model.${kind === 'Boolean' ? 'Boolean' : 'String'}ParameterValue`,
              name: parameter.name,
              value: parameter.defaultValue ?? null,
            },
            description: parameter.description ?? '',
            name: parameter.name,
            type: `${kind}ParameterDefinition`,
            ...(parameter.choices ? { choices: parameter.choices } : {}),
          };
        }),
      },
    ],
  };
}

/** The job page, a build page or a build's console. */
function page(state: JenkinsState, job: SimJob, buildNumber: number | null, baseUrl: string): SimResponse {
  if (buildNumber === null) {
    const rows = state
      .buildsOf(job)
      .map(
        (item) =>
          `<li><a href="${buildUrl(item, baseUrl)}console">#${item.buildNumber}</a> ${escapeHtml(String(serializeBuild(state, item, baseUrl).result ?? 'building'))}</li>`,
      )
      .join('');
    return {
      status: 200,
      contentType: HTML,
      body: `<!doctype html><html><head><title>${escapeHtml(job.fullName)} [Jenkins]</title></head><body><h1>${escapeHtml(job.fullName)}</h1><ul>${rows}</ul></body></html>\n`,
    };
  }
  const item = state.build(job, buildNumber);
  if (!item) throw jenkinsErrors.notFound();
  const build = serializeBuild(state, item, baseUrl);
  const result = build.building ? 'building' : String(build.result);
  const log = (consoleText(state, item) ?? '').trimEnd().split('\n');
  return {
    status: 200,
    contentType: HTML,
    body: `<!doctype html><html><head><title>${escapeHtml(String(build.fullDisplayName))} Console [Jenkins]</title></head><body><h1>${escapeHtml(String(build.fullDisplayName))}</h1><p data-result="${escapeHtml(result)}">${escapeHtml(result)}</p><pre class="console-output">${log.map(escapeHtml).join('\n')}</pre></body></html>\n`,
  };
}
