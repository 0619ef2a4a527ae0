/**
 * Builds the engine's delivery options from the workspace's `delivery:` section: per
 * service, its deployment feeds (each environment of its GitHub repository or GitLab
 * project, or the Jenkins job that deploys it) and the code host that compares its
 * versions, with the credentials of the workspace's connections (the demo's simulators,
 * or GITHUB_TOKEN, GITLAB_TOKEN, JENKINS_USER and JENKINS_API_TOKEN). A service whose
 * connection has no credentials is left out of the reading and said in the log.
 */
import type { DeliveryOptions } from './create-engine';
import type { MappedService } from '../engine/delivery/delivery-desk';
import type { DeliveryStore } from '../engine/delivery/delivery-store';
import type { ServiceCode } from '../engine/delivery/delivery-sync';
import type { CodeHost, DeploymentFeed } from '../engine/ports/delivery-source';
import type { Deployment } from '../../shared/domain/delivery';
import { createGitHubDeliveryReader } from '../providers/github/delivery-reader';
import { createGitLabDeliveryReader } from '../providers/gitlab/delivery-reader';
import { createJenkinsDeliveryReader } from '../providers/jenkins/delivery-reader';
import { gitHubTokenFromEnv } from '../providers/github';
import { gitLabTokenFromEnv } from '../providers/gitlab';
import { jenkinsCredentialsFromEnv } from '../providers/jenkins/config';
import type { Workspace } from './workspace';

/** The connections' credentials the delivery sources read with; a missing one leaves its services unread. */
export interface DeliveryCredentials {
  github?: { baseUrl: string; token: string };
  gitlab?: { baseUrl: string; token: string };
  jenkins?: { baseUrl: string; user: string; apiToken: string };
}

type DeliverySection = NonNullable<Workspace['delivery']>;
type DeliveryEntry = DeliverySection['services'][number];

/** The credentials from the environment, for the workspace's connections. */
export function deliveryCredentialsFromEnv(workspace: Workspace, env: NodeJS.ProcessEnv): DeliveryCredentials {
  const credentials: DeliveryCredentials = {};
  const gitHubToken = gitHubTokenFromEnv(env);
  if (workspace.github && gitHubToken) credentials.github = { baseUrl: workspace.github.apiUrl, token: gitHubToken };
  const gitLabToken = gitLabTokenFromEnv(env);
  if (workspace.gitlab && gitLabToken) credentials.gitlab = { baseUrl: workspace.gitlab.baseUrl, token: gitLabToken };
  const jenkins = jenkinsCredentialsFromEnv(env);
  if (workspace.jenkins && jenkins) credentials.jenkins = { baseUrl: workspace.jenkins.baseUrl, ...jenkins };
  return credentials;
}

export function deliveryOptions(
  delivery: DeliverySection,
  credentials: DeliveryCredentials,
  store: DeliveryStore,
  timeoutMs: number,
  log: (message: string) => void,
): DeliveryOptions {
  const github = credentials.github ? createGitHubDeliveryReader({ ...credentials.github, timeoutMs }) : null;
  const gitlab = credentials.gitlab ? createGitLabDeliveryReader({ ...credentials.gitlab, timeoutMs }) : null;
  // A deployment job's first poll reads up to 1,000 builds: about 90 days of a job that deploys ten times a day.
  const jenkins = credentials.jenkins ? createJenkinsDeliveryReader({ ...credentials.jenkins, timeoutMs, firstPollBuilds: 1000 }) : null;
  const hosts: Record<'github' | 'gitlab', CodeHost | null> = { github, gitlab };
  const webRoot = {
    github: (name: string) => `${gitHubWebRoot(credentials.github?.baseUrl)}/${name}`,
    gitlab: (name: string) => `${(credentials.gitlab?.baseUrl ?? 'https://gitlab.com').replace(/\/+$/, '')}/${name}`,
  };

  const feeds: DeploymentFeed[] = [];
  const code = new Map<string, ServiceCode>();
  const services: MappedService[] = [];
  for (const entry of delivery.services) {
    const { provider, name } = entry.repository;
    const host = hosts[provider];
    if (host) code.set(entry.service, { repository: name, host });
    else log(`${entry.service}'s repository is on ${label(provider)} but its token is not set: what its versions bring cannot be read`);
    services.push({
      service: entry.service,
      pagingNames: entry.pagingNames,
      repository: { provider, name, url: webRoot[provider](name) },
      pipeline: entry.jenkinsJob ? `Jenkins job ${entry.jenkinsJob}` : `${label(provider)} deployments`,
      environments: entry.environments,
      production: entry.production,
      dependsOn: entry.dependsOn,
    });
    if (entry.jenkinsJob) {
      if (jenkins) feeds.push(jenkinsFeed(entry, entry.jenkinsJob, jenkins));
      else log(`${entry.service} deploys through Jenkins but JENKINS_USER / JENKINS_API_TOKEN are not set: its deployments cannot be read`);
      continue;
    }
    const reader = provider === 'github' ? github : gitlab;
    if (!reader) {
      log(`${entry.service}'s deployments are on ${label(provider)} but its token is not set: they cannot be read`);
      continue;
    }
    for (const environment of entry.environments)
      feeds.push({
        id: `${provider}:${name}:${environment}`,
        source: provider,
        service: entry.service,
        read: async (cursor) => {
          const poll = await reader.deploymentsSince(name, environment, cursor);
          return { ...poll, deployments: poll.deployments.map((deployment) => placed(entry, deployment)) };
        },
      });
  }
  return {
    store,
    feeds,
    code,
    services,
    failureWindowHours: delivery.failureWindowHours,
    pollIntervalMs: delivery.pollIntervalSeconds * 1000,
  };
}

/** A Jenkins job's builds as the service's deployments: those to the environments the workspace lists. */
function jenkinsFeed(entry: DeliveryEntry, job: string, reader: ReturnType<typeof createJenkinsDeliveryReader>): DeploymentFeed {
  return {
    id: `jenkins:${job}`,
    source: 'jenkins',
    service: entry.service,
    read: async (cursor) => {
      const poll = await reader.deploymentsSince({ job, repository: entry.repository.name }, cursor);
      const deployments = poll.deployments
        .filter((deployment) => entry.environments.includes(deployment.environment))
        .map((deployment) => placed(entry, deployment));
      return { deployments, cursor: poll.cursor, unchanged: poll.unchanged };
    },
  };
}

/** Production is what the workspace says it is, whatever the deploying system calls it. */
function placed(entry: DeliveryEntry, deployment: Deployment): Deployment {
  return { ...deployment, production: deployment.environment === entry.production };
}

function label(provider: 'github' | 'gitlab'): string {
  return provider === 'github' ? 'GitHub' : 'GitLab';
}

/** github.com for the public API; GitHub Enterprise Server's web root is its API URL without /api/v3; a simulator's is itself. */
function gitHubWebRoot(apiUrl: string | undefined): string {
  if (!apiUrl || /^https:\/\/api\.github\.com\/?$/.test(apiUrl)) return 'https://github.com';
  return apiUrl.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '');
}
