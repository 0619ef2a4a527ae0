/**
 * The Jenkins simulator: a stateful loopback server that speaks the part of Jenkins'
 * remote access API the console uses (crumb issuer, buildWithParameters -> 201 with the
 * queue item's Location, queue items that become builds after the quiet period, builds
 * with their result, `tree` filtering), with Basic auth (user + API token) and CSRF
 * crumbs. The demo backend and the Jenkins provider's test backend.
 *
 * Control routes (no credentials, not recorded): `POST /_simulator/faults` (a JSON fault),
 * `DELETE /_simulator/faults`, `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { DEFAULT_TIMING, startLoopbackServer, type Fault } from '../github/pipeline-simulator-kit';
import { demoJobs } from './demo-data';
import { createJenkinsRouter, isJenkinsPage, jenkinsErrors } from './rest';
import { JenkinsState } from './state';
import type { JenkinsSimulatorOptions, RecordedRequest } from './types';

export type * from './types';
export { JenkinsState, DEFAULT_QUEUE_ITEM_TTL_MS, type SimQueueItem, type RecordedBuild, type BuildResult } from './state';
export { demoJobs } from './demo-data';
export { CRUMB_FIELD, crumbFor, jobPath, INJECTED_RETRY_AFTER_SECONDS, JENKINS_VERSION } from './rest';
export { parseTree, applyTree } from './tree';

export interface JenkinsSimulator extends SimulatorControls<Fault, RecordedRequest> {
  /** The Jenkins root URL, http://127.0.0.1:PORT. */
  readonly baseUrl: string;
  readonly state: JenkinsState;
  /** Issues new crumbs from now on, as a Jenkins restart does: crumbs handed out before are refused. */
  rotateCrumbs(): void;
  close(): Promise<void>;
}

export async function startJenkinsSimulator(options: JenkinsSimulatorOptions = {}): Promise<JenkinsSimulator> {
  const now = options.now ?? Date.now;
  const state = new JenkinsState(options.jobs ?? demoJobs(), now, { ...DEFAULT_TIMING, ...options.timing }, options.queueItemTtlMs);
  let crumbEpoch = 0;
  const server = await startLoopbackServer({
    port: options.port,
    name: 'jenkins-simulator',
    now,
    isPage: isJenkinsPage,
    route: createJenkinsRouter({
      state,
      validUsers: options.validUsers ?? null,
      csrfProtection: options.csrfProtection ?? true,
      crumbEpoch: () => crumbEpoch,
    }),
    rateLimited: jenkinsErrors.rateLimited,
    serverError: jenkinsErrors.serverError,
  });
  return {
    baseUrl: server.baseUrl,
    ...simulatorControls(server.faults, server.requests),
    state,
    rotateCrumbs: () => {
      crumbEpoch += 1;
    },
    close: () => server.close(),
  };
}
