/**
 * The GitHub Actions provider behind the engine's PipelineProvider port: dispatches a
 * workflow (workflow_dispatch with return_run_details, so GitHub answers with the run's
 * id), follows the run, and finds a run again by the console's request id, which the
 * workflow takes as an input and shows in its run-name (GitHub's API does not return a
 * run's inputs, but it does return its display_title).
 *
 * A dispatch is safe to replay: before every attempt it looks for a run that already
 * carries the key, so a retry after a lost answer does not start a second run.
 *
 * Besides the port, it reads where a deployment stands by its latest status
 * (getDeploymentOutcome): the automation host follows the deployments changes name (run-locator.ts).
 */
import { ProviderError } from '../../engine/ports';
import { expectRefKind, inputsWithKey, type PipelineProvider } from '../../engine/ports/pipeline';
import {
  logTail,
  requestIdInputOf,
  type GitHubActionsPipelineRef,
  type PipelineRef,
  type PipelineRun,
  type PipelineRunLog,
} from '../../../shared/domain/pipeline';
import { validateGitHubConfig, type GitHubActionsConfig } from './config';
import { GitHubClient, GitHubRefusal } from './github-client';
import {
  cleanJobLogLine,
  deploymentOutcome,
  GhDeploymentStatusList,
  GhDispatchAnswer,
  GhJobList,
  GhJobLog,
  GhWorkflowRun,
  GhWorkflowRunList,
  jobToShow,
  mapWorkflowRun,
} from './mapper';

const GITHUB_ACTIONS_PROVIDER_ID = 'github-actions';
const FIND_PAGE_SIZE = 100;

/** The GitHub provider: the port (GitHub Actions), and a deployment read by its latest status. */
interface GitHubActionsProvider extends PipelineProvider {
  /**
   * Where the deployment stands (GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses):
   * ended on success, failure or error; see deploymentOutcome. The token needs Deployments: read.
   */
  getDeploymentOutcome(
    owner: string,
    repo: string,
    deploymentId: string,
  ): Promise<Pick<PipelineRun, 'status' | 'conclusion' | 'vendorStatus'>>;
}

/** A deployment with more statuses than this is read by its first page of them. */
const DEPLOYMENT_STATUSES_READ = 100;

export function createGitHubActionsProvider(config: GitHubActionsConfig): GitHubActionsProvider {
  validateGitHubConfig(config);
  const client = new GitHubClient(config);
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lookbackMs = (config.lookbackHours ?? 24) * 3_600_000;
  const findAttempts = config.findAfterDispatchAttempts ?? 5;
  const { octokit } = client;

  const where = (ref: GitHubActionsPipelineRef) => `${ref.owner}/${ref.repo}`;
  const branchOf = (ref: GitHubActionsPipelineRef) => ref.ref ?? 'main';

  /** Rewords a refusal about a workflow with what to fix in the catalogue. */
  const explain = (ref: GitHubActionsPipelineRef, error: unknown): unknown => {
    if (!(error instanceof GitHubRefusal) || error.kind !== 'rejected') return error;
    const said = error.vendorMessage;
    if (error.status === 404) {
      return new ProviderError(
        'rejected',
        `The workflow ${ref.workflow} was not found in ${where(ref)}: check the catalogue's pipeline.workflow and pipeline.repo (and that the GitHub token can see ${where(ref)})`,
        404,
      );
    }
    if (/^No ref found/i.test(said))
      return new ProviderError('rejected', `GitHub refused the dispatch: ${said}: check the catalogue's pipeline.ref`, error.status);
    if (/workflow_dispatch/i.test(said)) {
      return new ProviderError(
        'rejected',
        `GitHub refused the dispatch: ${said}: the workflow ${ref.workflow} needs an \`on: workflow_dispatch\` trigger`,
        error.status,
      );
    }
    if (error.status === 422)
      return new ProviderError(
        'rejected',
        `GitHub refused the inputs: ${said}: check the catalogue's input mapping for ${ref.workflow}`,
        422,
      );
    return error;
  };

  const findRunByKey = async (ref: GitHubActionsPipelineRef, key: string): Promise<PipelineRun | null> => {
    const since = new Date(now() - lookbackMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      const { data } = await client.call(
        { label: `GET /repos/${where(ref)}/actions/workflows/${ref.workflow}/runs`, schema: GhWorkflowRunList, idempotent: true },
        () =>
          octokit.rest.actions.listWorkflowRuns({
            owner: ref.owner,
            repo: ref.repo,
            workflow_id: ref.workflow,
            event: 'workflow_dispatch',
            branch: branchOf(ref),
            created: `>=${since}`,
            per_page: FIND_PAGE_SIZE,
            ...client.requestOptions(),
          }),
      );
      const match = data.workflow_runs.find((run) => carriesKey(run.display_title, key));
      return match ? mapWorkflowRun(match) : null;
    } catch (error) {
      throw explain(ref, error);
    }
  };

  const sendDispatch = async (ref: GitHubActionsPipelineRef, inputs: Record<string, string>) => {
    try {
      return await client.call(
        {
          label: `POST /repos/${where(ref)}/actions/workflows/${ref.workflow}/dispatches`,
          schema: GhDispatchAnswer,
          idempotent: false,
          maxRetries: 0,
        },
        () =>
          octokit.rest.actions.createWorkflowDispatch({
            owner: ref.owner,
            repo: ref.repo,
            workflow_id: ref.workflow,
            ref: branchOf(ref),
            inputs,
            return_run_details: true,
            ...client.requestOptions(),
          }),
      );
    } catch (error) {
      throw explain(ref, error);
    }
  };

  return {
    id: GITHUB_ACTIONS_PROVIDER_ID,
    label: 'GitHub Actions',

    async dispatch(anyRef: PipelineRef, inputs: Record<string, string>, idempotencyKey: string): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'github-actions');
      const allInputs = inputsWithKey(inputs, requestIdInputOf(ref), idempotencyKey);
      for (let attempt = 0; ; attempt++) {
        const existing = await findRunByKey(ref, idempotencyKey);
        if (existing) return { ...existing, inputs: allInputs };
        let answer: Awaited<ReturnType<typeof sendDispatch>>;
        try {
          answer = await sendDispatch(ref, allInputs);
        } catch (error) {
          // Retry transient failures here rather than in the client: the next attempt looks for the run first.
          await client.waitToRetry(error, attempt);
          continue;
        }
        if (answer.data) {
          return {
            id: String(answer.data.workflow_run_id),
            provider: 'github-actions',
            status: 'queued',
            conclusion: null,
            vendorStatus: 'queued',
            url: answer.data.html_url,
            startedAt: null,
            finishedAt: null,
            inputs: allInputs,
          };
        }
        // 204: a GitHub that does not know return_run_details. The run shows up in the list shortly.
        for (let look = 0; look < findAttempts; look++) {
          await sleep(1_000 * (look + 1));
          const run = await findRunByKey(ref, idempotencyKey);
          if (run) return { ...run, inputs: allInputs };
        }
        throw new ProviderError(
          'transient',
          `GitHub accepted the dispatch of ${ref.workflow} in ${where(ref)} without saying which run it started, and no run showing ${requestIdInputOf(ref)}=${idempotencyKey} has appeared yet: the workflow's run-name must include \${{ inputs.${requestIdInputOf(ref)} }}`,
        );
      }
    },

    async getRun(anyRef: PipelineRef, runId: string): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'github-actions');
      if (!/^\d+$/.test(runId)) throw new ProviderError('rejected', `"${runId}" is not a GitHub workflow run id (a number)`);
      try {
        const { data } = await client.call(
          { label: `GET /repos/${where(ref)}/actions/runs/${runId}`, schema: GhWorkflowRun, idempotent: true },
          () =>
            octokit.rest.actions.getWorkflowRun({ owner: ref.owner, repo: ref.repo, run_id: Number(runId), ...client.requestOptions() }),
        );
        return mapWorkflowRun(data);
      } catch (error) {
        if (error instanceof GitHubRefusal && error.status === 404) {
          throw new ProviderError(
            'rejected',
            `The workflow run ${runId} was not found in ${where(ref)}: it may have been deleted, or the GitHub token cannot see the repository`,
            404,
          );
        }
        throw error;
      }
    },

    findRunByKey(anyRef: PipelineRef, idempotencyKey: string): Promise<PipelineRun | null> {
      return findRunByKey(expectRefKind(anyRef, 'github-actions'), idempotencyKey);
    },

    async getDeploymentOutcome(owner: string, repo: string, deploymentId: string) {
      if (!/^\d+$/.test(deploymentId)) throw new ProviderError('rejected', `"${deploymentId}" is not a GitHub deployment id (a number)`);
      const label = `GET /repos/${owner}/${repo}/deployments/${deploymentId}/statuses`;
      try {
        const { data } = await client.call({ label, schema: GhDeploymentStatusList, idempotent: true }, () =>
          octokit.rest.repos.listDeploymentStatuses({
            owner,
            repo,
            deployment_id: Number(deploymentId),
            per_page: DEPLOYMENT_STATUSES_READ,
            ...client.requestOptions(),
          }),
        );
        return deploymentOutcome(data);
      } catch (error) {
        if (error instanceof GitHubRefusal && error.status === 404) {
          throw new ProviderError(
            'rejected',
            `The deployment ${deploymentId} was not found in ${owner}/${repo}: it may have been deleted, or the GitHub token cannot see the repository (it needs Deployments: read)`,
            404,
          );
        }
        if (error instanceof GitHubRefusal && error.status === 403 && error.kind === 'auth') {
          const said = error.vendorMessage ? `: ${error.vendorMessage}` : '';
          throw new ProviderError(
            'auth',
            `GitHub refused ${label} (403${said}): the token needs Deployments: read on ${owner}/${repo}`,
            403,
          );
        }
        throw error;
      }
    },

    /** The run's jobs (its latest attempt), then the log of the one that failed (else the last), through its short-lived download link. */
    async getRunLog(anyRef: PipelineRef, runId: string, maxLines: number): Promise<PipelineRunLog> {
      const ref = expectRefKind(anyRef, 'github-actions');
      if (!/^\d+$/.test(runId)) throw new ProviderError('rejected', `"${runId}" is not a GitHub workflow run id (a number)`);
      const notFound = (what: string) => (error: unknown) => {
        if (error instanceof GitHubRefusal && error.status === 404) throw new ProviderError('rejected', what, 404);
        throw error;
      };
      const { data } = await client
        .call({ label: `GET /repos/${where(ref)}/actions/runs/${runId}/jobs`, schema: GhJobList, idempotent: true }, () =>
          octokit.rest.actions.listJobsForWorkflowRun({
            owner: ref.owner,
            repo: ref.repo,
            run_id: Number(runId),
            filter: 'latest',
            per_page: 100,
            ...client.requestOptions(),
          }),
        )
        .catch(
          notFound(
            `The workflow run ${runId} was not found in ${where(ref)}: it may have been deleted, or the GitHub token cannot see the repository`,
          ),
        );
      const job = jobToShow(data.jobs);
      if (!job) throw new ProviderError('rejected', `The workflow run ${runId} has no jobs yet, so no log`, 404);
      const { data: text } = await client
        .call({ label: `GET /repos/${where(ref)}/actions/jobs/${job.id}/logs`, schema: GhJobLog, idempotent: true }, () =>
          octokit.rest.actions.downloadJobLogsForWorkflowRun({
            owner: ref.owner,
            repo: ref.repo,
            job_id: job.id,
            ...client.requestOptions(),
          }),
        )
        .catch(notFound(`The job "${job.name}" of run ${runId} has no log yet (a runner has not picked it up), or it was deleted`));
      const tail = logTail(text, maxLines, cleanJobLogLine);
      return {
        runId,
        provider: 'github-actions',
        source: `job "${job.name}"${job.conclusion ? ` (${job.conclusion})` : ''}`,
        ...tail,
        url: job.html_url,
      };
    },
  };
}

/** True when a run's title shows the key as a whole word (not as part of a longer id). */
export function carriesKey(displayTitle: string, key: string): boolean {
  let from = 0;
  for (;;) {
    const at = displayTitle.indexOf(key, from);
    if (at < 0) return false;
    const before = displayTitle[at - 1];
    const after = displayTitle[at + key.length];
    if ((before === undefined || !/[A-Za-z0-9_-]/.test(before)) && (after === undefined || !/[A-Za-z0-9_-]/.test(after))) return true;
    from = at + 1;
  }
}
