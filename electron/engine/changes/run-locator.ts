/**
 * From the pipeline run a change names (its deployment's run URL, as the pipeline's
 * `change open --run-url` gave it) to the run itself: the configured pipeline provider that
 * reads it, the ref to read it under, and the run's id. GitHub Actions run pages are
 * `<web>/OWNER/REPO/actions/runs/ID`, and `.../attempts/N` as the change step links them
 * (actions/change/action.yml), with `<web>` github.com, a GitHub Enterprise Server's host,
 * a GHE.com subdomain, or a simulator's origin. A URL no locator knows is null: its change
 * is left to people.
 */
import type { PipelineRef } from '../../../shared/domain/pipeline';
import type { PipelineProvider } from '../ports/pipeline';

interface LocatedRun {
  provider: PipelineProvider;
  ref: PipelineRef;
  runId: string;
}

/** The run behind a run URL, or null when no configured pipeline knows the URL. */
export type RunLocator = (runUrl: string) => LocatedRun | null;

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

const RUN_PATH = /^\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)(?:\/attempts\/\d+)?\/?$/;

/**
 * A locator of GitHub Actions runs under `webUrl` (see gitHubWebUrlOf), read by `provider`.
 * The ref's workflow is not in a run's URL and reading a run does not need it
 * (GET /repos/{owner}/{repo}/actions/runs/{run_id}), so it names the run instead.
 */
export function gitHubRunLocator(provider: PipelineProvider, webUrl: string): RunLocator {
  const base = new URL(webUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return (runUrl) => {
    let url: URL;
    try {
      url = new URL(runUrl.trim());
    } catch {
      return null;
    }
    if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) return null;
    const match = RUN_PATH.exec(url.pathname.slice(prefix.length));
    if (!match) return null;
    const [, owner = '', repo = '', runId = ''] = match;
    return {
      provider,
      ref: { kind: 'github-actions', owner: decodeURIComponent(owner), repo: decodeURIComponent(repo), workflow: `run ${runId}` },
      runId,
    };
  };
}
