/**
 * The delivery scenario's synthetic history, the same from run to run (seeded): per service,
 * about five releases a working day, each a few commits written hours to days before, deployed
 * to staging and then to production, with some failures (5% in staging, 3% in production,
 * then redeployed), and a rollback now and then. It is written three ways: straight into a
 * DeliveryStore (with each production deployment's commit range, as the sync would have read
 * it) for the metrics, into the GitHub, GitLab and Jenkins simulators for the sync to read
 * over HTTP, and as the change system's changes and the paging platform's incidents on the
 * same services that the delivery desk matches against.
 */
import { createHash } from 'node:crypto';
import type { MappedService } from '../electron/engine/delivery/delivery-desk';
import { deploymentKey, type DeliveryStore } from '../electron/engine/delivery/delivery-store';
import type { GitHubSimulator } from '../electron/simulators/github';
import type { GitLabSimulator } from '../electron/simulators/gitlab';
import type { JenkinsSimulator } from '../electron/simulators/jenkins';
import { ChangeRequest } from '../shared/domain/change';
import type { CommitSummary, DeliverySourceName, Deployment, DeploymentRange } from '../shared/domain/delivery';
import type { Directory } from '../shared/domain/directory';
import type { IncidentTimes } from '../shared/rules/response-metrics';
import { seededRandom } from './sampling';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STAGING_FAILURE = 0.05;
const PRODUCTION_FAILURE = 0.03;
const ROLLBACK = 0.01;
/** Share of successful production deployments whose commits can no longer be traced (force-pushed away). */
const UNTRACEABLE = 0.01;
const DEVELOPERS = Array.from({ length: 40 }, (_, index) => `dev-${String(index + 1).padStart(2, '0')}`);

interface PlannedCommit {
  message: string;
  author: string;
  authoredAt: number;
  committedAt: number;
}

/** A version tagged at `at`, bringing the commits made since the one before. */
interface PlannedRelease {
  kind: 'release';
  at: number;
  version: string;
  /** Its place among the service's versions (1 for the first). */
  number: number;
  commits: PlannedCommit[];
}

interface PlannedDeployment {
  kind: 'deploy';
  at: number;
  version: string;
  number: number;
  environment: 'staging' | 'production';
  durationMs: number;
  outcome: 'success' | 'failure';
  creator: string;
}

type HistoryStep = PlannedRelease | PlannedDeployment;

/** The stretch of time a history covers, how busy it is, and its seed. */
export interface HistoryShape {
  fromMs: number;
  toMs: number;
  /** Mean releases per day per service (each deployed to staging, then production). */
  releasesPerDay: number;
  seed: number;
}

/** One service's history, oldest step first. */
function plannedHistory(serviceIndex: number, shape: HistoryShape): HistoryStep[] {
  const random = seededRandom(shape.seed * 7_919 + serviceIndex);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const steps: HistoryStep[] = [];
  let number = 0;
  let lastReleaseAt = shape.fromMs - DAY;
  const shipped: { version: string; number: number }[] = [];
  for (let day = shape.fromMs; day < shape.toMs; day += DAY) {
    const count = Math.round(random() * 2 * shape.releasesPerDay);
    const times = Array.from({ length: count }, () => day + 8 * HOUR + random() * 12 * HOUR).sort((a, b) => a - b);
    for (const planned of times) {
      const at = Math.round(Math.max(planned, lastReleaseAt + 20 * MINUTE));
      // The last release leaves time for its deployments to settle before the history ends.
      if (at + 3 * HOUR > shape.toMs) break;
      number += 1;
      const version = `v1.${number}.0`;
      const commitCount = 1 + Math.floor(random() * 4);
      const commits = Array.from({ length: commitCount }, () => {
        const committedAt = Math.round(lastReleaseAt + 5 * MINUTE + random() * (at - lastReleaseAt - 10 * MINUTE));
        return { committedAt, authoredAt: Math.round(committedAt - HOUR - random() * 47 * HOUR), author: pick(DEVELOPERS) };
      })
        .sort((a, b) => a.committedAt - b.committedAt)
        .map((commit, index) => ({ ...commit, message: `Change ${index + 1} of ${version}` }));
      steps.push({ kind: 'release', at, version, number, commits });
      lastReleaseAt = at;

      const deploy = (environment: PlannedDeployment['environment'], offset: number, failure: number, of = { version, number }) => {
        const outcome = random() < failure ? 'failure' : 'success';
        const creator = environment === 'staging' ? 'release-bot' : pick(DEVELOPERS);
        const durationMs = Math.round(3 * MINUTE + random() * 5 * MINUTE);
        steps.push({ kind: 'deploy', at: at + offset, ...of, environment, durationMs, outcome, creator });
        return outcome;
      };
      if (deploy('staging', 5 * MINUTE, STAGING_FAILURE) === 'failure') continue;
      // A failed production deployment is deployed again an hour later.
      if (deploy('production', 30 * MINUTE, PRODUCTION_FAILURE) === 'failure') deploy('production', 90 * MINUTE, 0);
      const before = shipped.at(-1);
      shipped.push({ version, number });
      if (before && random() < ROLLBACK) deploy('production', 150 * MINUTE, 0, before);
    }
  }
  return steps.sort((a, b) => a.at - b.at || (a.kind === 'release' ? -1 : 1));
}

/** A service of the history: its name, the team that owns it, where it is deployed from and its repository. */
interface HistoryService {
  index: number;
  name: string;
  id: string;
  teamId: string;
  source: DeliverySourceName;
  /** owner/name (GitHub), group/name (GitLab); a Jenkins service's code is on GitHub. */
  repository: string;
}

/** `count` services over `teams` teams: 7 in 10 deployed through GitHub, 2 through GitLab, 1 by a Jenkins job. */
export function historyServices(count: number, teams: number): HistoryService[] {
  return Array.from({ length: count }, (_, index) => {
    const label = String(index + 1).padStart(3, '0');
    const source: DeliverySourceName = index % 10 < 7 ? 'github' : index % 10 < 9 ? 'gitlab' : 'jenkins';
    return {
      index,
      name: `Service ${label}`,
      id: `PSV${label}`,
      teamId: `PTM${String((index % teams) + 1).padStart(2, '0')}`,
      source,
      repository: source === 'gitlab' ? `platform/service-${label}` : `acme/service-${label}`,
    };
  });
}

const sha = (text: string) => createHash('sha1').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** What the store fixture wrote. */
interface StoreSeeding {
  deployments: number;
  /** Of them, created in the last `windowDays` before the history's end. */
  inWindow: number;
  production: number;
  ranges: number;
}

/**
 * Writes every service's deployments into the store, with the range of each successful
 * production deployment (what the sync would have read from the code host). Deployments a
 * later success replaced in staging are inactive, as GitHub marks them.
 */
export function seedStore(
  store: DeliveryStore,
  services: readonly HistoryService[],
  shape: HistoryShape,
  windowDays: number,
): StoreSeeding {
  const seeded: StoreSeeding = { deployments: 0, inWindow: 0, production: 0, ranges: 0 };
  const windowFrom = shape.toMs - windowDays * DAY;
  let nextId = 2_140_000_001;
  for (const service of services) {
    const random = seededRandom(shape.seed * 104_729 + service.index);
    const steps = plannedHistory(service.index, shape);
    const releases = new Map<number, PlannedRelease>();
    const deployments: Deployment[] = [];
    const ranges: [string, DeploymentRange][] = [];
    let lastProduction: { number: number; version: string } | null = null;
    for (const step of steps) {
      if (step.kind === 'release') {
        releases.set(step.number, step);
        continue;
      }
      const id = service.source === 'jenkins' ? `deploy/service-${service.id.slice(3)}#${nextId++}` : String(nextId++);
      const endedAt = step.at + step.durationMs;
      const succeeded = step.outcome === 'success';
      deployments.push({
        id,
        repository: service.repository,
        environment: step.environment,
        production: step.environment === 'production',
        ref: step.version,
        sha: sha(`${service.repository}@${step.version}`),
        description: '',
        creator: step.creator,
        createdAt: iso(step.at),
        state: succeeded ? 'success' : 'failure',
        vendorState: succeeded ? 'success' : 'failure',
        stateAt: iso(endedAt),
        succeededAt: succeeded ? iso(endedAt) : null,
        logUrl: `https://ci.example.com/${service.repository}/deployments/${id}`,
        environmentUrl: `https://${step.environment}.service-${service.id.slice(3)}.example.com`,
      });
      if (step.environment !== 'production' || !succeeded) continue;
      ranges.push([deploymentKey(service.source, id), rangeOf(step, lastProduction, releases, service.repository, random)]);
      lastProduction = { number: step.number, version: step.version };
    }
    // Staging keeps one active deployment: GitHub makes the earlier successful ones inactive.
    let latestStaging: Deployment | null = null;
    for (const deployment of deployments) {
      if (deployment.production || deployment.state !== 'success') continue;
      if (latestStaging) Object.assign(latestStaging, { state: 'inactive', vendorState: 'inactive', stateAt: deployment.stateAt });
      latestStaging = deployment;
    }
    store.upsert(service.name, service.source, deployments);
    for (const [key, range] of ranges) store.saveRange(key, range);
    seeded.deployments += deployments.length;
    seeded.inWindow += deployments.filter((deployment) => Date.parse(deployment.createdAt) >= windowFrom).length;
    seeded.production += deployments.filter((deployment) => deployment.production).length;
    seeded.ranges += ranges.length;
  }
  return seeded;
}

/** What a production deployment brought since the last one: the commits of the versions in between, or nothing for a rollback. */
function rangeOf(
  step: PlannedDeployment,
  previous: { number: number; version: string } | null,
  releases: ReadonlyMap<number, PlannedRelease>,
  repository: string,
  random: () => number,
): DeploymentRange {
  const none = { totalCommits: 0, commits: [], firstCommitAt: null };
  if (!previous) return { from: null, traceable: true, reason: null, relation: null, ...none };
  const from = previous.version;
  if (random() < UNTRACEABLE)
    return {
      from,
      traceable: false,
      reason: `GitHub cannot find ${from} or ${step.version} in ${repository} (404 Not Found): the version was force-pushed away or deleted`,
      relation: null,
      ...none,
    };
  if (step.number === previous.number) return { from, traceable: true, reason: null, relation: 'identical', ...none };
  if (step.number < previous.number) return { from, traceable: true, reason: null, relation: 'behind', ...none };
  const commits: CommitSummary[] = [];
  for (let number = previous.number + 1; number <= step.number; number++)
    for (const commit of releases.get(number)?.commits ?? []) {
      const commitSha = sha(`${repository}:${commit.message}`);
      commits.push({
        sha: commitSha,
        message: commit.message,
        author: commit.author,
        authorLogin: commit.author,
        authoredAt: iso(commit.authoredAt),
        committedAt: iso(commit.committedAt),
        url: `https://github.example.com/${repository}/commit/${commitSha}`,
      });
    }
  const firstCommitAt = commits.length ? iso(Math.min(...commits.map((commit) => Date.parse(commit.authoredAt)))) : null;
  return {
    from,
    traceable: true,
    reason: null,
    relation: 'ahead',
    totalCommits: commits.length,
    commits: commits.slice(0, 50),
    firstCommitAt,
  };
}

/** The change system's changes, the paging platform's incidents and its directory, for the same services and history. */
interface DeliveryCompanions {
  changes: ChangeRequest[];
  incidents: IncidentTimes[];
  directory: Directory;
  mapped: MappedService[];
}

/**
 * Changes for `changeShare` of the production deployments (standard mostly, some normal and
 * emergency, a few closed unsuccessful) plus a tenth as many that never deployed; incidents
 * opened within hours after `blameShare` of them, and as many again at random times.
 */
export function deliveryCompanions(
  services: readonly HistoryService[],
  shape: HistoryShape,
  options: { changeShare: number; blameShare: number; teams: number },
): DeliveryCompanions {
  const changes: ChangeRequest[] = [];
  const incidents: IncidentTimes[] = [];
  const random = seededRandom(shape.seed * 15_485_863);
  const incident = (service: HistoryService, openedAt: number) => {
    const number = incidents.length + 1;
    incidents.push({
      incidentId: `Q${String(number).padStart(7, '0')}`,
      number,
      title: `${service.name}: error rate above threshold`,
      htmlUrl: '',
      service: { id: service.id, name: service.name },
      team: { id: service.teamId, name: teamName(service.teamId) },
      triggeredAt: openedAt,
      acknowledgedAt: openedAt + Math.round(2 * MINUTE + random() * 8 * MINUTE),
      resolvedAt: openedAt + Math.round(20 * MINUTE + random() * 5 * HOUR),
    });
  };
  const change = (service: HistoryService, version: string, createdAt: number) => {
    const number = changes.length + 1;
    const roll = random();
    const type = roll < 0.7 ? 'standard' : roll < 0.95 ? 'normal' : 'emergency';
    const unsuccessful = random() < 0.03;
    changes.push(
      ChangeRequest.parse({
        id: `chg-${number}`,
        type,
        service: { id: service.id, name: service.name },
        templateId: type === 'standard' ? `tpl-${service.id}` : null,
        state: 'closed',
        vendorState: 'Closed',
        shortDescription: `Deploy ${service.name} ${version}`,
        risk: type === 'standard' ? 'low' : 'moderate',
        approval: 'approved',
        approvals:
          type === 'standard'
            ? []
            : [
                {
                  approver: { id: 'change.manager', name: 'Grace Hopper', email: 'grace.hopper@example.com' },
                  state: 'approved',
                  comment: '',
                  decidedAt: iso(createdAt + 10 * MINUTE),
                },
              ],
        plannedStart: iso(createdAt),
        plannedEnd: iso(createdAt + 4 * HOUR),
        deployment: { version, commit: sha(`${service.repository}@${version}`), runUrl: null },
        closeCode: unsuccessful ? 'unsuccessful' : 'successful',
        closeNotes: unsuccessful ? 'Backed out' : '',
        incidentId: null,
        record: { system: 'servicenow', id: `sys-${number}`, number: `CHG${String(3_000_000 + number)}`, url: '' },
        createdAt: iso(createdAt),
        updatedAt: iso(createdAt + 3 * HOUR),
      }),
    );
  };
  for (const service of services) {
    for (const step of plannedHistory(service.index, shape)) {
      if (step.kind !== 'deploy' || step.environment !== 'production') continue;
      if (random() < options.changeShare) change(service, step.version, step.at - Math.round(10 * MINUTE + random() * 2 * HOUR));
      if (random() < options.changeShare / 10) change(service, `${step.version}-unreleased`, step.at);
      if (random() < options.blameShare) incident(service, step.at + step.durationMs + Math.round(15 * MINUTE + random() * 8 * HOUR));
    }
  }
  for (let extra = incidents.length; extra > 0; extra--) {
    const service = services[Math.floor(random() * services.length)]!;
    incident(service, Math.round(shape.fromMs + random() * (shape.toMs - shape.fromMs - DAY)));
  }
  const teamIds = Array.from({ length: options.teams }, (_, index) => `PTM${String(index + 1).padStart(2, '0')}`);
  const directory: Directory = {
    users: [],
    teams: teamIds.map((id) => ({ id, name: teamName(id) })),
    services: services.map((service) => ({
      id: service.id,
      name: service.name,
      kind: 'digital-service',
      teamIds: [service.teamId],
      escalationPolicyId: null,
    })),
    escalationPolicies: [],
    priorities: [],
  };
  const mapped: MappedService[] = services.map((service) => ({
    service: service.name,
    repository: {
      provider: service.source === 'gitlab' ? 'gitlab' : 'github',
      name: service.repository,
      url: `https://${service.source === 'gitlab' ? 'gitlab' : 'github'}.example.com/${service.repository}`,
    },
    pipeline: service.source === 'jenkins' ? `Jenkins job deploy/service-${service.id.slice(3)}` : 'deployments',
    environments: ['staging', 'production'],
    production: 'production',
    dependsOn: [],
  }));
  return { changes, incidents, directory, mapped };
}

function teamName(id: string): string {
  return `Team ${id.slice(3)}`;
}

/** The simulators' clock while seeding: set to each step's time, then back to the real time (null). */
export type SetClock = (ms: number | null) => void;

/** A service's commits and tags in the GitHub simulator (the repository must exist there); returns each version's commit SHA. */
export function seedGitHubHistory(sim: GitHubSimulator, repository: string, shape: HistoryShape, index: number): Map<string, string> {
  const [owner, name] = repository.split('/') as [string, string];
  const shas = new Map<string, string>();
  for (const step of plannedHistory(index, shape)) {
    if (step.kind !== 'release') continue;
    for (const commit of step.commits)
      sim.history.commit(owner, name, {
        message: commit.message,
        author: commit.author,
        authoredAt: commit.authoredAt,
        at: commit.committedAt,
      });
    shas.set(step.version, sim.history.tag(owner, name, step.version).sha);
  }
  return shas;
}

/** A service's history in the GitHub simulator: commits, tags, and deployments with their statuses (in progress, then the outcome). */
export function seedGitHub(sim: GitHubSimulator, setClock: SetClock, repository: string, shape: HistoryShape, index: number): number {
  const [owner, name] = repository.split('/') as [string, string];
  let count = 0;
  for (const step of plannedHistory(index, shape)) {
    if (step.kind === 'release') {
      for (const commit of step.commits)
        sim.history.commit(owner, name, {
          message: commit.message,
          author: commit.author,
          authoredAt: commit.authoredAt,
          at: commit.committedAt,
        });
      sim.history.tag(owner, name, step.version);
      continue;
    }
    setClock(step.at);
    const created = sim.deployments.create(owner, name, { ref: step.version, environment: step.environment, creator: step.creator });
    setClock(step.at + 30_000);
    sim.deployments.addStatus(created.id, 'in_progress');
    setClock(step.at + step.durationMs);
    sim.deployments.addStatus(created.id, step.outcome);
    count += 1;
  }
  setClock(null);
  return count;
}

/** A service's history in the GitLab simulator (the project must exist there): commits, tags and deployments running, then ending. */
export function seedGitLab(sim: GitLabSimulator, setClock: SetClock, project: string, shape: HistoryShape, index: number): number {
  let count = 0;
  for (const step of plannedHistory(index, shape)) {
    if (step.kind === 'release') {
      for (const commit of step.commits)
        sim.delivery.commit(project, {
          message: commit.message,
          author: commit.author,
          authoredAt: commit.authoredAt,
          at: commit.committedAt,
        });
      sim.delivery.tag(project, step.version);
      continue;
    }
    setClock(step.at);
    const created = sim.delivery.deploy(project, step.environment, step.version, step.creator);
    setClock(step.at + 30_000);
    sim.delivery.setStatus(created.id, 'running');
    setClock(step.at + step.durationMs);
    sim.delivery.setStatus(created.id, step.outcome === 'success' ? 'success' : 'failed');
    count += 1;
  }
  setClock(null);
  return count;
}

/** A service's deployment job's builds in the Jenkins simulator, each with its version, environment and commit. */
export function seedJenkins(
  sim: JenkinsSimulator,
  job: string,
  shas: ReadonlyMap<string, string>,
  shape: HistoryShape,
  index: number,
): number {
  let count = 0;
  for (const step of plannedHistory(index, shape)) {
    if (step.kind !== 'deploy') continue;
    sim.state.recordBuild(job, {
      parameters: { VERSION: step.version, ENVIRONMENT: step.environment },
      startedAt: step.at,
      durationMs: step.durationMs,
      result: step.outcome === 'success' ? 'SUCCESS' : 'FAILURE',
      startedBy: step.creator,
      ...(shas.has(step.version) ? { commit: shas.get(step.version)! } : {}),
    });
    count += 1;
  }
  return count;
}
