/**
 * The GitHub simulator's deployments: created and given statuses from outside (the demo's
 * pipeline, tests), as a deployment tool does with POST .../deployments and POST
 * .../deployments/{id}/statuses, and read over REST as GitHub serves them: GET
 * /repos/{owner}/{repo}/deployments (filtered, newest first), .../deployments/{deployment_id}
 * and .../statuses. A deployment of a ref the repository's history knows (history.ts)
 * records that commit's SHA. A deployment object
 * carries no state; its statuses do (queued, pending, in_progress, success, failure, error,
 * inactive). A success makes the earlier successful deployments to the same non-production,
 * non-transient environment inactive (GitHub's auto_inactive, on unless told).
 */
import { createHash } from 'node:crypto';
import type { GitHubHistory } from './history';
import { pageOf } from './paging';
import { SimulatedHttpError, type SimRequest, type SimResponse } from './pipeline-simulator-kit';
import type { GitHubActionsState, SimRepository } from './state';

const DOCS = 'https://docs.github.com/rest/deployments';
const GET_DEPLOYMENT_DOCS = `${DOCS}/deployments#get-a-deployment`;
const LIST_STATUSES_DOCS = `${DOCS}/statuses#list-deployment-statuses`;
const FIRST_DEPLOYMENT_ID = 2_140_000_001;
const FIRST_STATUS_ID = 9_610_000_001;

const DEPLOYMENT_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;
type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

interface SimDeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  createdAt: number;
}

interface SimDeployment {
  id: number;
  repository: SimRepository;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string;
  creator: string;
  transient: boolean;
  production: boolean;
  createdAt: number;
  /** Oldest first. */
  statuses: SimDeploymentStatus[];
}

interface NewDeployment {
  /** A branch or tag the repository has, or a commit SHA. */
  ref: string;
  /** Default production. */
  environment?: string;
  /** Default deploy. */
  task?: string;
  description?: string;
  /** Who created it; default release-bot. */
  creator?: string;
  transientEnvironment?: boolean;
  /** Default: true for the environment named production. */
  productionEnvironment?: boolean;
}

interface NewDeploymentStatus {
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
  /** Default: the previous status's environment, else the deployment's. */
  environment?: string;
  /** Default true: a success makes the earlier successful deployments to the same environment inactive. */
  autoInactive?: boolean;
  creator?: string;
}

export class GitHubDeployments {
  private readonly deployments = new Map<number, SimDeployment>();
  private nextId = FIRST_DEPLOYMENT_ID;
  private nextStatusId = FIRST_STATUS_ID;

  constructor(
    private readonly state: GitHubActionsState,
    private readonly history: GitHubHistory,
  ) {}

  /** A deployment with no status yet. Throws an Error naming what is missing (repository, ref). */
  create(owner: string, name: string, deployment: NewDeployment): SimDeployment {
    const repository = this.state.repository(owner, name);
    if (!repository) throw new Error(`The GitHub simulator has no repository ${owner}/${name}`);
    const commit = this.history.resolve(repository, deployment.ref);
    if (!commit && !repository.refs.includes(deployment.ref) && !/^[0-9a-f]{7,40}$/.test(deployment.ref))
      throw new Error(`${owner}/${name} has no ref ${deployment.ref}`);
    const id = this.nextId++;
    const environment = deployment.environment ?? 'production';
    const created: SimDeployment = {
      id,
      repository,
      // A repository without a simulated history gets a made-up SHA.
      sha: commit?.sha ?? createHash('sha1').update(`${owner}/${name}@${deployment.ref}:${id}`).digest('hex'),
      ref: deployment.ref,
      task: deployment.task ?? 'deploy',
      environment,
      description: deployment.description ?? '',
      creator: deployment.creator ?? 'release-bot',
      transient: deployment.transientEnvironment ?? false,
      production: deployment.productionEnvironment ?? environment === 'production',
      createdAt: this.state.now(),
      statuses: [],
    };
    this.deployments.set(id, created);
    return created;
  }

  /** Adds a status to the deployment (what POST .../deployments/{id}/statuses does). */
  addStatus(deploymentId: number, state: DeploymentState, status: NewDeploymentStatus = {}): SimDeploymentStatus {
    const deployment = this.deployments.get(deploymentId);
    if (!deployment) throw new Error(`No deployment ${deploymentId}`);
    if (!DEPLOYMENT_STATES.includes(state)) throw new Error(`A deployment status is one of ${DEPLOYMENT_STATES.join(', ')}, not ${state}`);
    const added: SimDeploymentStatus = {
      id: this.nextStatusId++,
      state,
      description: status.description ?? '',
      environment: status.environment ?? deployment.statuses.at(-1)?.environment ?? deployment.environment,
      logUrl: status.logUrl ?? '',
      environmentUrl: status.environmentUrl ?? '',
      creator: status.creator ?? deployment.creator,
      createdAt: this.state.now(),
    };
    deployment.statuses.push(added);
    if (state === 'success' && (status.autoInactive ?? true)) this.inactivateEarlier(deployment, added.environment);
    return added;
  }

  get(repository: SimRepository, id: number): SimDeployment | undefined {
    const deployment = this.deployments.get(id);
    return deployment && deployment.repository === repository ? deployment : undefined;
  }

  /** The repository's deployments, newest first. */
  of(repository: SimRepository): SimDeployment[] {
    return [...this.deployments.values()].filter((deployment) => deployment.repository === repository).reverse();
  }

  private inactivateEarlier(latest: SimDeployment, environment: string): void {
    for (const earlier of this.deployments.values()) {
      if (earlier === latest || earlier.id > latest.id || earlier.repository !== latest.repository) continue;
      if (earlier.transient || earlier.production || earlier.environment !== environment) continue;
      if (!earlier.statuses.some((status) => status.state === 'success') || earlier.statuses.at(-1)?.state === 'inactive') continue;
      this.addStatus(earlier.id, 'inactive', { autoInactive: false, creator: latest.creator });
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const user = (login: string) => ({ login, id: 1, node_id: 'U_kgDOAAAAAQ', type: 'User', site_admin: false });
const notFound = (documentationUrl: string) =>
  new SimulatedHttpError(404, { message: 'Not Found', documentation_url: documentationUrl, status: '404' });

/**
 * GET /repos/{owner}/{repo}/deployments, .../deployments/{deployment_id} and .../statuses
 * (the rest of `parts` after the repository: ['deployments', id?, 'statuses'?]); null for another route.
 */
export function routeDeployments(
  deployments: GitHubDeployments,
  repository: SimRepository,
  request: SimRequest,
  parts: readonly string[],
  baseUrl: string,
): SimResponse | null {
  const [collection, id, tail, ...rest] = parts;
  if (collection !== 'deployments' || rest.length > 0 || request.method !== 'GET') return null;
  if (id === undefined) return listDeployments(deployments, repository, request.url, baseUrl);
  if (tail !== undefined && tail !== 'statuses') return null;
  const deployment = /^\d+$/.test(id) ? deployments.get(repository, Number(id)) : undefined;
  if (!deployment) throw notFound(tail === undefined ? GET_DEPLOYMENT_DOCS : LIST_STATUSES_DOCS);
  if (tail === undefined) return { status: 200, body: serializeDeployment(deployment, baseUrl) };
  // GitHub's docs do not say in which order statuses are listed; the simulator lists the newest first.
  const newestFirst = [...deployment.statuses].reverse().map((status) => serializeStatus(deployment, status, baseUrl));
  return pageOf(newestFirst, request.url, baseUrl);
}

/**
 * GET /repos/{owner}/{repo}/deployments: `sha`, `ref`, `task` and `environment` match
 * exactly; paged. GitHub's docs do not say in which order: the simulator lists the newest
 * first, as GitHub is seen to.
 */
function listDeployments(deployments: GitHubDeployments, repository: SimRepository, url: URL, baseUrl: string): SimResponse {
  const filters = (['sha', 'ref', 'task', 'environment'] as const).flatMap((field) => {
    const value = url.searchParams.get(field);
    return value === null ? [] : [[field, value] as const];
  });
  const matching = deployments.of(repository).filter((deployment) => filters.every(([field, value]) => deployment[field] === value));
  return pageOf(
    matching.map((deployment) => serializeDeployment(deployment, baseUrl)),
    url,
    baseUrl,
  );
}

function deploymentUrl(deployment: SimDeployment, baseUrl: string): string {
  return `${baseUrl}/repos/${deployment.repository.owner}/${deployment.repository.name}/deployments/${deployment.id}`;
}

function serializeDeployment(deployment: SimDeployment, baseUrl: string): Record<string, unknown> {
  const url = deploymentUrl(deployment, baseUrl);
  const updatedAt = deployment.statuses.at(-1)?.createdAt ?? deployment.createdAt;
  return {
    url,
    id: deployment.id,
    node_id: `DE_${deployment.id}`,
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: {},
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: user(deployment.creator),
    created_at: iso(deployment.createdAt),
    updated_at: iso(updatedAt),
    statuses_url: `${url}/statuses`,
    repository_url: `${baseUrl}/repos/${deployment.repository.owner}/${deployment.repository.name}`,
    transient_environment: deployment.transient,
    production_environment: deployment.production,
    performed_via_github_app: null,
  };
}

function serializeStatus(deployment: SimDeployment, status: SimDeploymentStatus, baseUrl: string): Record<string, unknown> {
  const url = deploymentUrl(deployment, baseUrl);
  return {
    url: `${url}/statuses/${status.id}`,
    id: status.id,
    node_id: `DES_${status.id}`,
    state: status.state,
    creator: user(status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.logUrl,
    created_at: iso(status.createdAt),
    updated_at: iso(status.createdAt),
    deployment_url: url,
    repository_url: `${baseUrl}/repos/${deployment.repository.owner}/${deployment.repository.name}`,
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
    performed_via_github_app: null,
  };
}
