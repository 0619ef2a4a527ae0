/**
 * The GitHub simulator's deployments: created and given statuses from outside (the demo's
 * pipeline, tests), as a deployment tool does with POST .../deployments and POST
 * .../deployments/{id}/statuses, and read over REST as GitHub serves them: GET
 * /repos/{owner}/{repo}/deployments/{deployment_id} and .../statuses. A deployment object
 * carries no state; its statuses do (queued, pending, in_progress, success, failure, error,
 * inactive). A success makes the earlier successful deployments to the same non-production,
 * non-transient environment inactive (GitHub's auto_inactive, on unless told).
 */
import { createHash } from 'node:crypto';
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

  constructor(private readonly state: GitHubActionsState) {}

  /** A deployment with no status yet. Throws an Error naming what is missing (repository, ref). */
  create(owner: string, name: string, deployment: NewDeployment): SimDeployment {
    const repository = this.state.repository(owner, name);
    if (!repository) throw new Error(`The GitHub simulator has no repository ${owner}/${name}`);
    if (!repository.refs.includes(deployment.ref) && !/^[0-9a-f]{7,40}$/.test(deployment.ref))
      throw new Error(`${owner}/${name} has no ref ${deployment.ref}`);
    const id = this.nextId++;
    const environment = deployment.environment ?? 'production';
    const created: SimDeployment = {
      id,
      repository,
      sha: createHash('sha1').update(`${owner}/${name}@${deployment.ref}:${id}`).digest('hex'),
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
 * GET /repos/{owner}/{repo}/deployments/{deployment_id} and .../statuses (the rest of
 * `parts` after the repository: ['deployments', id, 'statuses'?]); null for another route.
 */
export function routeDeployments(
  deployments: GitHubDeployments,
  repository: SimRepository,
  request: SimRequest,
  parts: readonly string[],
  baseUrl: string,
): SimResponse | null {
  const [collection, id, tail, ...rest] = parts;
  if (collection !== 'deployments' || id === undefined || rest.length > 0 || request.method !== 'GET') return null;
  if (tail !== undefined && tail !== 'statuses') return null;
  const deployment = /^\d+$/.test(id) ? deployments.get(repository, Number(id)) : undefined;
  if (!deployment) throw notFound(tail === undefined ? GET_DEPLOYMENT_DOCS : LIST_STATUSES_DOCS);
  if (tail === undefined) return { status: 200, body: serializeDeployment(deployment, baseUrl) };
  // GitHub's docs do not say in which order statuses are listed; the simulator lists the newest first.
  const newestFirst = [...deployment.statuses].reverse().map((status) => serializeStatus(deployment, status, baseUrl));
  return page(newestFirst, request.url, baseUrl);
}

/** One page of `items` (`per_page` up to 100, default 30; `page` from 1), with GitHub's Link header. */
function page(items: unknown[], url: URL, baseUrl: string): SimResponse {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const number = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (n: number) => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(n));
    return `<${baseUrl}${next.pathname}${next.search}>`;
  };
  const links: string[] = [];
  if (number < last) links.push(`${pageUrl(number + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
  if (number > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(number - 1)}; rel="prev"`);
  return {
    status: 200,
    body: items.slice((number - 1) * perPage, number * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
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
