/**
 * The GitHub Actions simulator: a stateful loopback server that speaks the part of
 * GitHub's REST API the console uses (workflow_dispatch with return_run_details, workflow
 * runs), validates inputs as GitHub does, moves runs from queued to in_progress to a
 * conclusion on the clock, and serves a page for each run's html_url; deployments with
 * their statuses, created from outside (`deployments`) and read over REST; and each
 * repository's git history (`history`: commits, tags, pull requests and reviews) read
 * through compare and a commit's pull requests. Conditional GETs (ETag, If-None-Match)
 * answer 304 without counting against the rate limit. The demo backend and the GitHub
 * provider's test backend.
 *
 * Control routes (no token, not recorded): `POST /_simulator/faults` (a JSON fault),
 * `DELETE /_simulator/faults`, `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { demoRepositories } from './demo-data';
import { seedDemoHistory } from './demo-history';
import { GitHubDeployments } from './deployments';
import { GitHubHistory } from './history';
import { DEFAULT_TIMING, startLoopbackServer, type Fault } from './pipeline-simulator-kit';
import { createGitHubRouter, githubError, INJECTED_RETRY_AFTER_SECONDS, isGitHubPage } from './rest';
import { GitHubActionsState } from './state';
import type { GitHubSimulatorOptions, RecordedRequest } from './types';

export type * from './types';
export { renderRunName } from './state';
export interface GitHubSimulator extends SimulatorControls<Fault, RecordedRequest> {
  /** The API base URL (octokit's baseUrl), http://127.0.0.1:PORT; run pages are under the same origin. */
  readonly baseUrl: string;
  readonly state: GitHubActionsState;
  /** Deployments of the repositories, and their statuses, as a deployment tool creates them. */
  readonly deployments: GitHubDeployments;
  /** The repositories' commits, tags and pull requests, as people push and merge them. */
  readonly history: GitHubHistory;
  close(): Promise<void>;
}

export async function startGitHubSimulator(options: GitHubSimulatorOptions = {}): Promise<GitHubSimulator> {
  const now = options.now ?? Date.now;
  const state = new GitHubActionsState(options.repositories ?? demoRepositories(), now, { ...DEFAULT_TIMING, ...options.timing });
  const history = new GitHubHistory(state);
  // The demo repositories come with the product teams' history; repositories a caller defines start empty.
  if (options.repositories === undefined) seedDemoHistory(history, now());
  const deployments = new GitHubDeployments(state, history);
  const route = createGitHubRouter({
    state,
    deployments,
    history,
    validTokens: options.validTokens ?? null,
    rateLimitPerHour: options.rateLimitPerHour ?? 5_000,
    returnRunDetails: options.returnRunDetails ?? true,
  });
  const server = await startLoopbackServer({
    port: options.port,
    name: 'github-simulator',
    now,
    isPage: isGitHubPage,
    route,
    rateLimited: () =>
      githubError(
        429,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        { 'retry-after': String(INJECTED_RETRY_AFTER_SECONDS) },
      ),
    serverError: (status) => githubError(status, status === 502 ? 'Server Error' : 'Service Unavailable', 'https://docs.github.com/rest'),
  });
  return {
    baseUrl: server.baseUrl,
    ...simulatorControls(server.faults, server.requests),
    state,
    deployments,
    history,
    close: () => server.close(),
  };
}
