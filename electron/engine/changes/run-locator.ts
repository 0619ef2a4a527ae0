/**
 * From the run a change names (its deployment's run URL, as the pipeline's `change open
 * --run-url` gave it) to a way of reading where that run stands, through the workspace's
 * pipeline providers. A URL no locator knows is null: its change is left to people.
 *
 * - GitHub Actions run pages: `<web>/OWNER/REPO/actions/runs/ID`, and `.../attempts/N` as
 *   the change step links them (actions/change/action.yml), with `<web>` github.com, a
 *   GitHub Enterprise Server's host, a GHE.com subdomain, or a simulator's origin.
 * - GitHub deployments, by their API URL: `<api>/repos/OWNER/REPO/deployments/ID`.
 * - GitLab pipeline pages: `<instance>/NAMESPACE/.../PROJECT/-/pipelines/ID` (a pipeline's
 *   web_url and CI_PIPELINE_URL), the instance possibly under a path (https://example.com/gitlab).
 * - Jenkins build pages: `<root>/job/FOLDER/job/NAME/NUMBER/` (BUILD_URL), or its `console`.
 */
import type { PipelineRef, PipelineRun } from '../../../shared/domain/pipeline';
import type { PipelineProvider, PipelineProviders } from '../ports/pipeline';

/** Where a run stands, as far as closing its change goes. */
export type RunOutcome = Pick<PipelineRun, 'status' | 'conclusion' | 'vendorStatus'>;

interface LocatedRun {
  /** Reads the run (or deployment) as it stands now; a ProviderError when it cannot be read. */
  read(): Promise<RunOutcome>;
}

/** The run behind a run URL, or null when no configured pipeline knows the URL. */
export type RunLocator = (runUrl: string) => LocatedRun | null;

/**
 * What the Jenkins provider reads besides the port's runs (whose ids are queue items): a
 * build by its number, which is what a build's URL names.
 */
interface ReadsBuildsByNumber {
  getRunOfBuild(ref: PipelineRef, buildNumber: number): Promise<PipelineRun>;
}

/** What the GitHub provider reads besides workflow runs: a deployment, by its latest status. */
interface ReadsDeployments {
  getDeploymentOutcome(owner: string, repo: string, deploymentId: string): Promise<RunOutcome>;
}

/** True when the provider has `method` (the port does not ask the capabilities above of every provider). */
function offers<T>(provider: PipelineProvider, method: keyof T): provider is PipelineProvider & T {
  return typeof (provider as unknown as Record<keyof T, unknown>)[method] === 'function';
}

/**
 * Where a GitHub API's people open runs, from the API's base URL: https://api.github.com
 * -> https://github.com; https://api.SUBDOMAIN.ghe.com -> https://SUBDOMAIN.ghe.com (data
 * residency); https://HOST/api/v3 -> https://HOST (Enterprise Server); anything else (a
 * simulator) serves its run pages under the API's own base URL.
 */
export function gitHubWebUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (/^api\.[^.]+\.ghe\.com$/.test(url.hostname)) return `${url.protocol}//${url.hostname.slice('api.'.length)}`;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.replace(/\/api\/v3$/, '')}`;
}

/**
 * Reads URLs under `baseUrl` (same origin, under its path): a URL's path below it, the query
 * and fragment left out, split into decoded segments; null for a URL elsewhere, an empty
 * segment, or one that hides a "/" (it would name another path).
 */
function pathsUnder(baseUrl: string): (runUrl: string) => string[] | null {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return (runUrl) => {
    let url: URL;
    try {
      url = new URL(runUrl.trim());
    } catch {
      return null;
    }
    if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) return null;
    const segments: string[] = [];
    for (const raw of url.pathname
      .slice(prefix.length + 1)
      .replace(/\/$/, '')
      .split('/')) {
      let segment: string;
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return null;
      }
      if (segment === '' || segment.includes('/')) return null;
      segments.push(segment);
    }
    return segments;
  };
}

const NUMBER = /^\d+$/;

/**
 * A locator of GitHub Actions runs under `webUrl` (see gitHubWebUrlOf), read by `provider`.
 * The ref's workflow is not in a run's URL and reading a run does not need it
 * (GET /repos/{owner}/{repo}/actions/runs/{run_id}), so it names the run instead.
 */
export function gitHubRunLocator(provider: PipelineProvider, webUrl: string): RunLocator {
  const pathOf = pathsUnder(webUrl);
  return (runUrl) => {
    const path = pathOf(runUrl);
    if (!path) return null;
    const [owner = '', repo = '', actions, runs, runId = '', attempts, attempt, ...rest] = path;
    if (actions !== 'actions' || runs !== 'runs' || !NUMBER.test(runId) || rest.length > 0) return null;
    if (attempts !== undefined && (attempts !== 'attempts' || !NUMBER.test(attempt ?? ''))) return null;
    const ref: PipelineRef = { kind: 'github-actions', owner, repo, workflow: `run ${runId}` };
    return { read: () => provider.getRun(ref, runId) };
  };
}

/** GitHub deployments by their API URL under `apiUrl`, done when their latest status is (GET .../deployments/{id}/statuses). */
function gitHubDeploymentLocator(provider: PipelineProvider & ReadsDeployments, apiUrl: string): RunLocator {
  const pathOf = pathsUnder(apiUrl);
  return (runUrl) => {
    const path = pathOf(runUrl);
    if (!path || path.length !== 5) return null;
    const [repos, owner = '', repo = '', deployments, deploymentId = ''] = path;
    if (repos !== 'repos' || deployments !== 'deployments' || !NUMBER.test(deploymentId)) return null;
    return { read: () => provider.getDeploymentOutcome(owner, repo, deploymentId) };
  };
}

/**
 * GitLab pipelines under the instance URL `baseUrl` (the provider's, with any path it is
 * installed under), read as `GET /projects/:path/pipelines/:id`. Before `/-/` is the
 * project's full path (groups and subgroups, then the project).
 */
function gitLabRunLocator(provider: PipelineProvider, baseUrl: string): RunLocator {
  const pathOf = pathsUnder(baseUrl);
  return (runUrl) => {
    const path = pathOf(runUrl);
    if (!path) return null;
    const [pipelineId = '', pipelines, dash, ...projectPath] = [...path].reverse();
    if (dash !== '-' || pipelines !== 'pipelines' || !NUMBER.test(pipelineId)) return null;
    if (projectPath.length < 2 || projectPath.includes('-')) return null;
    const ref: PipelineRef = { kind: 'gitlab', project: projectPath.reverse().join('/') };
    return { read: () => provider.getRun(ref, pipelineId) };
  };
}

/** Jenkins builds under the root URL `rootUrl`, read by their number (GET <job>/<number>/api/json). */
function jenkinsBuildLocator(provider: PipelineProvider & ReadsBuildsByNumber, rootUrl: string): RunLocator {
  const pathOf = pathsUnder(rootUrl);
  return (runUrl) => {
    const path = pathOf(runUrl);
    if (!path) return null;
    const names: string[] = [];
    let at = 0;
    while (path[at] === 'job' && path[at + 1] !== undefined) {
      names.push(path[at + 1]!);
      at += 2;
    }
    const [buildNumber = '', page, ...rest] = path.slice(at);
    if (names.length === 0 || !NUMBER.test(buildNumber) || rest.length > 0 || (page !== undefined && page !== 'console')) return null;
    const ref: PipelineRef = { kind: 'jenkins', job: names.join('/') };
    return { read: () => provider.getRunOfBuild(ref, Number(buildNumber)) };
  };
}

/**
 * One locator over the configured pipeline providers (the first that knows a URL wins), or
 * undefined when none is configured. `urls`: GitHub's API base URL (default
 * https://api.github.com; its run pages are at gitHubWebUrlOf), GitLab's instance URL,
 * Jenkins' root URL, as each provider was configured. A provider without its URL is left out.
 */
export function runLocatorFor(
  pipelines: PipelineProviders,
  urls: { github?: string; gitlab?: string; jenkins?: string },
): RunLocator | undefined {
  const locators: RunLocator[] = [];
  const gitHub = pipelines['github-actions'];
  if (gitHub) {
    const apiUrl = urls.github ?? 'https://api.github.com';
    locators.push(gitHubRunLocator(gitHub, gitHubWebUrlOf(apiUrl)));
    if (offers<ReadsDeployments>(gitHub, 'getDeploymentOutcome')) locators.push(gitHubDeploymentLocator(gitHub, apiUrl));
  }
  const gitLab = pipelines.gitlab;
  if (gitLab && urls.gitlab) locators.push(gitLabRunLocator(gitLab, urls.gitlab));
  const jenkins = pipelines.jenkins;
  if (jenkins && urls.jenkins && offers<ReadsBuildsByNumber>(jenkins, 'getRunOfBuild'))
    locators.push(jenkinsBuildLocator(jenkins, urls.jenkins));
  if (locators.length === 0) return undefined;
  return (runUrl) => {
    for (const locate of locators) {
      const located = locate(runUrl);
      if (located) return located;
    }
    return null;
  };
}
