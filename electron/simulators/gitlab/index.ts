/**
 * The GitLab simulator: a stateful loopback server that speaks the part of GitLab's REST
 * API v4 the console uses (create a pipeline with variables, get it, list a project's
 * pipelines and a pipeline's variables), refuses pipelines as GitLab does, and moves
 * each pipeline from created to pending, running and a final status on the clock. The
 * demo backend and the GitLab provider's test backend.
 *
 * Control routes (no token, not recorded): `POST /_simulator/faults` (a JSON fault),
 * `DELETE /_simulator/faults`, `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { DEFAULT_TIMING, startLoopbackServer, type Fault } from '../github/pipeline-simulator-kit';
import { GitLabDelivery } from './delivery';
import { demoProjects } from './demo-data';
import { createGitLabRouter, gitlabErrors, isGitLabPage } from './rest';
import { GitLabState } from './state';
import type { GitLabSimulatorOptions, RecordedRequest } from './types';

export type * from './types';
export interface GitLabSimulator extends SimulatorControls<Fault, RecordedRequest> {
  /** The instance URL, http://127.0.0.1:PORT (the API is under /api/v4). */
  readonly baseUrl: string;
  readonly state: GitLabState;
  /** Environments, deployments, commits, tags and merge requests (delivery.ts). */
  readonly delivery: GitLabDelivery;
  close(): Promise<void>;
}

export async function startGitLabSimulator(options: GitLabSimulatorOptions = {}): Promise<GitLabSimulator> {
  const now = options.now ?? Date.now;
  const state = new GitLabState(options.projects ?? demoProjects(), now, { ...DEFAULT_TIMING, ...options.timing });
  const delivery = new GitLabDelivery(state);
  const server = await startLoopbackServer({
    port: options.port,
    name: 'gitlab-simulator',
    now,
    isPage: isGitLabPage,
    route: createGitLabRouter(state, options.validTokens ?? null, delivery),
    rateLimited: gitlabErrors.rateLimited,
    serverError: gitlabErrors.serverError,
  });
  return {
    baseUrl: server.baseUrl,
    ...simulatorControls(server.faults, server.requests),
    state,
    delivery,
    close: () => server.close(),
  };
}
