/**
 * Writes a service's planned releases into the simulators that hold its code and its
 * deployments, in the order they happened, each write at its own time (the demo clock
 * travels): GitHub (commits merged through reviewed pull requests, a tag per version, the
 * deploy workflow's runs step by step, deployments with their statuses, a force push),
 * GitLab (commits through merge requests, tags, environments and deployments) and Jenkins
 * (the deployment job's builds with VERSION and ENVIRONMENT). Answers, per release, the
 * commit it deployed and the pipeline run that raised its change.
 */
import type { GitHubSimulator } from '../simulators/github';
import type { SimPerson } from '../simulators/github/history';
import type { GitLabSimulator } from '../simulators/gitlab';
import { jobPath, type JenkinsSimulator } from '../simulators/jenkins';
import type { DemoPerson, PlannedCommit, PlannedRelease } from './demo-delivery-types';
import type { ServicePlan } from './demo-delivery-plan';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Runs `step` with the simulators' clock at `at`. */
export type TimeTravel = <T>(at: number, step: () => T) => T;

/** What a release left behind that its change names: the commit deployed and the run that raised the change (null: none). */
export interface WrittenRelease {
  sha: string;
  runUrl: string | null;
}

export interface CodeTargets {
  gitHub: GitHubSimulator;
  gitLab: GitLabSimulator;
  jenkins: JenkinsSimulator;
  travel: TimeTravel;
  /** The incident's number as people quote it ("#42"), for the words that name it. */
  incidentName(release: PlannedRelease): string;
}

export function gitHubPerson(person: DemoPerson): SimPerson {
  return { login: person.login, name: person.name, email: person.email };
}

/** Writes the service's history where it lives; answers what each release left behind. */
export function writeServiceCode(plan: ServicePlan, targets: CodeTargets): Map<PlannedRelease, WrittenRelease> {
  if (plan.service.codeHost === 'gitlab') return writeGitLab(plan, targets);
  return writeGitHub(plan, targets);
}

// ---- GitHub ---------------------------------------------------------------------------------

function writeGitHub(plan: ServicePlan, targets: CodeTargets): Map<PlannedRelease, WrittenRelease> {
  const { gitHub, travel } = targets;
  const [owner, name] = plan.service.repository.split('/') as [string, string];
  const repository = gitHub.state.repository(owner, name);
  if (!repository) throw new Error(`The GitHub simulator has no repository ${plan.service.repository}`);
  const merge = (commit: PlannedCommit, pullRequest: boolean) =>
    gitHub.history.commit(owner, name, {
      message: commit.title,
      author: gitHubPerson(commit.author),
      authoredAt: commit.authoredAt,
      at: commit.mergedAt,
      ...(pullRequest ? { pullRequest: { body: `${commit.title}.\n\nTested in staging.`, reviews: reviewsOf(commit) } } : {}),
    });
  merge(plan.baseline, false);
  const written = new Map<PlannedRelease, WrittenRelease>();
  for (const release of plan.releases) {
    if (release.kind === 'release') {
      for (const commit of release.commits) merge(commit, true);
      gitHub.history.tag(owner, name, release.version);
    }
    const sha = gitHub.history.resolve(repository, release.version)?.sha;
    if (!sha) throw new Error(`${plan.service.repository} has no version ${release.version} to deploy`);
    if (plan.service.deployedBy === 'jenkins') {
      written.set(release, { sha, runUrl: writeJenkinsBuilds(release, sha, targets) });
      continue;
    }
    const runUrl = release.kind === 'rollback' ? dispatchRollback(release, targets) : startDeployRun(release, owner, name, sha, targets);
    const environmentUrl = (environment: string) => `https://${environment === 'production' ? '' : `${environment}.`}${name}.acme.example`;
    const deploy = (
      environment: string,
      step: NonNullable<PlannedRelease['staging']>,
      outcome: 'success' | 'failure',
      by: DemoPerson | null,
      description: string,
    ) => {
      const deployment = travel(step.at, () =>
        gitHub.deployments.create(owner, name, { ref: release.version, environment, description, creator: by?.login ?? 'release-bot' }),
      );
      const logUrl = runUrl ?? '';
      travel(step.at + 20 * SECOND, () =>
        gitHub.deployments.addStatus(deployment.id, 'in_progress', { logUrl, environmentUrl: environmentUrl(environment) }),
      );
      travel(step.doneAt, () =>
        gitHub.deployments.addStatus(deployment.id, outcome, {
          logUrl,
          environmentUrl: environmentUrl(environment),
          description: outcome === 'success' ? `${release.version} is live` : description,
        }),
      );
    };
    if (release.staging) deploy('staging', release.staging, 'success', null, `Release ${release.version}`);
    const { production } = release;
    if (production)
      deploy(
        'production',
        production,
        production.outcome,
        production.by,
        production.description.replace('{incident}', targets.incidentName(release)),
      );
    if (release.kind === 'release' && release.pipelineAt !== null) finishDeployRun(release, runUrl!, targets);
    if (release.forcePushed) {
      const { at, to } = release.forcePushed;
      travel(at, () => {
        gitHub.history.forcePush(owner, name, 'main', to);
        gitHub.history.deleteTag(owner, name, release.version);
      });
    }
    written.set(release, { sha, runUrl });
  }
  return written;
}

function reviewsOf(commit: PlannedCommit) {
  const reviewer = gitHubPerson(commit.reviewer);
  if (commit.review === 'changes-requested')
    return [
      { by: reviewer, state: 'CHANGES_REQUESTED' as const, body: 'Please add a test for the failure path.' },
      { by: reviewer, state: 'APPROVED' as const },
    ];
  if (commit.review === 'commented')
    return [
      { by: reviewer, state: 'COMMENTED' as const, body: 'Looks fine to me; one question inline.' },
      { by: reviewer, state: 'APPROVED' as const },
    ];
  return [{ by: reviewer, state: 'APPROVED' as const }];
}

/** The deploy workflow's run, started by the push of the release's tag; its steps are marked done in finishDeployRun. */
function startDeployRun(release: PlannedRelease, owner: string, name: string, sha: string, targets: CodeTargets): string | null {
  if (release.pipelineAt === null) return null;
  const run = targets.travel(release.pipelineAt, () =>
    targets.gitHub.state.startRun(owner, name, 'deploy.yml', { title: `Release ${release.version}`, sha }),
  );
  return `${targets.gitHub.baseUrl}/${owner}/${name}/actions/runs/${run.id}/attempts/1`;
}

/** Marks the run's steps done at their times, up to where it stopped, and ends it. */
function finishDeployRun(release: PlannedRelease, runUrl: string, targets: CodeTargets): void {
  const { gitHub, travel } = targets;
  const runId = Number(/\/runs\/(\d+)\//.exec(runUrl)?.[1]);
  const { service, version, change, production, runEnd } = release;
  const name = service.service;
  const byPipeline = production !== null && production.by === null;
  const steps: { at: number | null; output: string[] }[] = [
    {
      at: release.staging?.doneAt ?? release.pipelineAt! + 4 * MINUTE,
      output: [
        'npm ci && npm test',
        `Tests: ${180 + (version.length % 7) * 13} passed`,
        `Built ${service.repository} ${version}`,
        `Deployed ${version} to staging`,
      ],
    },
    { at: change?.raisedAt ?? null, output: [`${change?.type ?? 'No'} change raised for ${name} ${version}`] },
    {
      at: byPipeline ? production.at - 20 * SECOND : null,
      output: [`Deployment permitted: the ${change?.type ?? ''} change for ${version} is approved`],
    },
    {
      at: byPipeline && production.outcome === 'success' ? production.doneAt : null,
      output: [
        `Rolling out ${name} ${version}: canary (10%)... healthy`,
        `Rolling out ${name} ${version}: all instances... done`,
        `${name} ${version} is live`,
      ],
    },
    {
      at: change?.closed && change.closed.by === null ? change.closed.at : null,
      output: ['Dashboards green for 5 minutes', 'Change closed successful'],
    },
  ];
  let last = release.pipelineAt!;
  for (const step of steps) {
    if (step.at === null || (runEnd && step.at >= runEnd.at)) break;
    travel(step.at, () => gitHub.state.completeStep(runId, step.output));
    last = step.at;
  }
  const incident = targets.incidentName(release);
  if (runEnd)
    travel(runEnd.at, () =>
      gitHub.state.finishRun(
        runId,
        runEnd.conclusion,
        runEnd.output.map((line) => line.replace('{incident}', incident)),
      ),
    );
  else travel(last + 5 * SECOND, () => gitHub.state.finishRun(runId, 'success'));
}

/** The platform's rollback workflow, dispatched by the on-call who rolled back (its run finishes on the clock). */
function dispatchRollback(release: PlannedRelease, targets: CodeTargets): string | null {
  const { gitHub } = targets;
  const repository = gitHub.state.repository('acme', 'platform-ops');
  const workflow = repository && gitHub.state.workflow(repository, 'rollback.yml');
  const by = release.production?.by;
  if (!repository || !workflow || !by || release.pipelineAt === null) return null;
  const incident = targets.incidentName(release);
  const run = targets.travel(release.pipelineAt, () =>
    gitHub.state.dispatch(
      repository,
      workflow,
      'main',
      {
        service: release.service.service,
        version: release.version,
        reason: `Incident ${incident} on ${release.service.service} after the last deployment`,
        requested_by: by.email,
        console_request_id: `rollback-${release.service.repository.split('/')[1]}-${release.version}`,
      },
      by.login,
    ),
  );
  return `${gitHub.baseUrl}/acme/platform-ops/actions/runs/${run.id}/attempts/1`;
}

// ---- Jenkins ----------------------------------------------------------------------------------

/** The deployment job's builds of the release (staging, then production); answers the staging build's URL (it raised the change). */
function writeJenkinsBuilds(release: PlannedRelease, sha: string, targets: CodeTargets): string | null {
  const { jenkins } = targets;
  const job = release.service.jenkinsJob!;
  const startedBy = release.production?.by?.username ?? release.commits.at(-1)?.author.username ?? null;
  const record = (environment: string, step: NonNullable<PlannedRelease['staging']>, outcome: 'success' | 'failure') =>
    jenkins.state.recordBuild(job, {
      parameters: { VERSION: release.version, ENVIRONMENT: environment },
      startedAt: step.at,
      durationMs: step.doneAt - step.at,
      result: outcome === 'success' ? 'SUCCESS' : 'FAILURE',
      startedBy,
      commit: sha,
    });
  const staging = release.staging ? record('staging', release.staging, 'success') : null;
  if (release.production) record('production', release.production, release.production.outcome);
  return staging ? `${jenkins.baseUrl}${jobPath(job)}/${staging.buildNumber}/` : null;
}

// ---- GitLab -----------------------------------------------------------------------------------

function writeGitLab(plan: ServicePlan, targets: CodeTargets): Map<PlannedRelease, WrittenRelease> {
  const { gitLab, travel } = targets;
  const project = plan.service.repository;
  const { delivery } = gitLab;
  const start = plan.baseline.mergedAt;
  travel(start, () => ['staging', 'production'].forEach((environment) => delivery.environment(project, environment)));
  const merge = (commit: PlannedCommit, mergeRequest: boolean) =>
    delivery.commit(project, {
      message: commit.title,
      author: commit.author.username,
      authoredAt: commit.authoredAt,
      at: commit.mergedAt,
      ...(mergeRequest
        ? {
            mergeRequest: {
              openedAt: commit.authoredAt,
              reviewers: [
                {
                  username: commit.reviewer.username,
                  state: commit.review === 'commented' ? ('reviewed' as const) : ('approved' as const),
                },
              ],
            },
          }
        : {}),
    });
  merge(plan.baseline, false);
  const shas = new Map<string, string>();
  const written = new Map<PlannedRelease, WrittenRelease>();
  for (const release of plan.releases) {
    if (release.kind === 'release') {
      let sha = '';
      for (const commit of release.commits) sha = merge(commit, true).sha;
      delivery.tag(project, release.version);
      shas.set(release.version, sha);
    }
    const sha = shas.get(release.version)!;
    const user = release.production?.by?.username ?? release.commits.at(-1)?.author.username ?? 'deploy-bot';
    const deploy = (environment: string, step: NonNullable<PlannedRelease['staging']>, outcome: 'success' | 'failure') => {
      const deployment = travel(step.at, () => delivery.deploy(project, environment, release.version, user));
      travel(step.at + 20 * SECOND, () => delivery.setStatus(deployment.id, 'running'));
      travel(step.doneAt, () => delivery.setStatus(deployment.id, outcome === 'success' ? 'success' : 'failed'));
      return `${gitLab.baseUrl}/${project}/-/jobs/${deployment.jobId}`;
    };
    // The staging job's pipeline raised the change (before production).
    const stagingJob = release.staging ? deploy('staging', release.staging, 'success') : null;
    const productionJob = release.production ? deploy('production', release.production, release.production.outcome) : null;
    written.set(release, { sha, runUrl: stagingJob ?? productionJob });
  }
  return written;
}
