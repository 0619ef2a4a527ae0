/**
 * Specialists as a service, as a host sets it up: the workspace's catalogue files (paths
 * relative to the workspace file; the demo uses the repository's catalogue/), loaded and
 * checked (a malformed file stops the start with file:line, offering and field), the
 * request store in the outbox's database file, and the pipeline providers the workspace
 * has connections for (tokens from the environment; the demo's simulators).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineProviders } from '../engine/ports/pipeline';
import type { SpecialistOptions } from '../engine/specialists/specialist-desk';
import { SpecialistRequestStore } from '../engine/specialists/request-store';
import { createGitHubActionsProvider, gitHubTokenFromEnv } from '../providers/github';
import { createGitLabProvider, gitLabTokenFromEnv } from '../providers/gitlab';
import { createJenkinsProvider, jenkinsCredentialsFromEnv } from '../providers/jenkins';
import { loadCatalogue, validateFormData } from './catalogue-loader';
import type { DemoPipelines } from './demo-setup';
import type { Workspace } from './workspace';

/** The demo catalogue's files in the repository (or next to the packaged app), or null when they are not there. */
export function demoCatalogueFiles(): string[] | null {
  const names = ['dba.yaml', 'network.yaml', 'platform.yaml'];
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    fileURLToPath(new URL('../../catalogue/', import.meta.url)),
    join(process.cwd(), 'catalogue'),
    ...(resourcesPath ? [join(resourcesPath, 'catalogue')] : []),
  ];
  const folder = candidates.find((candidate) => names.every((name) => existsSync(join(candidate, name))));
  return folder ? names.map((name) => join(folder, name)) : null;
}

/** The workspace's catalogue files as paths: relative ones are taken from the workspace file's folder. */
export function catalogueFilesOf(workspace: Workspace, workspaceFile: string | undefined): string[] {
  const base = workspaceFile ? dirname(resolve(workspaceFile)) : process.cwd();
  return (workspace.catalogue?.files ?? []).map((file) => (isAbsolute(file) ? file : resolve(base, file)));
}

/** The pipeline providers of the demo's simulators. */
export function demoPipelineProviders(pipelines: DemoPipelines, timeoutMs: number): PipelineProviders {
  return {
    'github-actions': createGitHubActionsProvider({ baseUrl: pipelines.github.baseUrl, token: pipelines.github.token, timeoutMs }),
    gitlab: createGitLabProvider({ baseUrl: pipelines.gitlab.baseUrl, token: pipelines.gitlab.token, timeoutMs }),
    jenkins: createJenkinsProvider({
      baseUrl: pipelines.jenkins.baseUrl,
      user: pipelines.jenkins.user,
      apiToken: pipelines.jenkins.apiToken,
      timeoutMs,
    }),
  };
}

/**
 * The pipeline providers a workspace names, with their secrets from the environment
 * (GITHUB_TOKEN, GITLAB_TOKEN, JENKINS_USER + JENKINS_API_TOKEN). A connection without
 * its secret is left out and said in the log: its offerings fail with "no connection".
 */
export function pipelineProvidersFromEnv(
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  log: (message: string) => void,
): PipelineProviders {
  const providers: PipelineProviders = {};
  if (workspace.github) {
    const token = gitHubTokenFromEnv(env);
    if (token) providers['github-actions'] = createGitHubActionsProvider({ baseUrl: workspace.github.apiUrl, token, timeoutMs });
    else log('The workspace names GitHub but GITHUB_TOKEN is not set: GitHub Actions offerings cannot run');
  }
  if (workspace.gitlab) {
    const token = gitLabTokenFromEnv(env);
    if (token) providers.gitlab = createGitLabProvider({ baseUrl: workspace.gitlab.baseUrl, token, timeoutMs });
    else log('The workspace names GitLab but GITLAB_TOKEN is not set: GitLab offerings cannot run');
  }
  if (workspace.jenkins) {
    const credentials = jenkinsCredentialsFromEnv(env);
    if (credentials) providers.jenkins = createJenkinsProvider({ baseUrl: workspace.jenkins.baseUrl, ...credentials, timeoutMs });
    else log('The workspace names Jenkins but JENKINS_USER / JENKINS_API_TOKEN are not set: Jenkins offerings cannot run');
  }
  return providers;
}

/**
 * The engine's specialist options for these catalogue files, or null without files.
 * Throws CatalogueError (every problem as file:line, offering and field) for a malformed catalogue.
 */
export function specialistOptions(
  files: readonly string[],
  databasePath: string,
  pipelines: PipelineProviders,
  sharedRecordPollIntervalMs?: number,
): SpecialistOptions | null {
  if (files.length === 0) return null;
  const catalogue = loadCatalogue(files);
  return {
    catalogue,
    store: new SpecialistRequestStore(databasePath),
    pipelines,
    validateForm: validateFormData,
    ...(sharedRecordPollIntervalMs ? { sharedRecordPollIntervalMs } : {}),
  };
}
