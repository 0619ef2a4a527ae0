/**
 * The GitLab provider behind the engine's PipelineProvider port: creates a pipeline on a
 * project's ref with the inputs as pipeline variables (the console's request id among
 * them), follows it, and finds it again by reading recent pipelines' variables.
 *
 * A dispatch is safe to replay: before every attempt it looks for a pipeline that
 * already carries the key, so a retry after a lost answer does not start a second one.
 */
import { ProviderError } from '../../engine/ports';
import { expectRefKind, inputsWithKey, type PipelineProvider } from '../../engine/ports/pipeline';
import {
  logTail,
  requestIdInputOf,
  type GitLabPipelineRef,
  type PipelineRef,
  type PipelineRun,
  type PipelineRunLog,
} from '../../../shared/domain/pipeline';
import { validateGitLabConfig, type GitLabConfig } from './config';
import { GitLabClient, GitLabRefusal } from './gitlab-client';
import { cleanTraceLine, GlJobList, GlPipeline, GlPipelineList, GlTrace, GlVariables, mapPipeline, variablesToInputs } from './mapper';

const GITLAB_PROVIDER_ID = 'gitlab';
const RULES_PREVENTED = /rules configuration prevented any jobs|will not run for the selected trigger/i;
const VARIABLES_REFUSED = /permissions to set pipeline variables/i;

export function createGitLabProvider(config: GitLabConfig): PipelineProvider {
  validateGitLabConfig(config);
  const client = new GitLabClient(config);
  const now = config.now ?? Date.now;
  const lookbackMs = (config.lookbackHours ?? 24) * 3_600_000;
  const scanLimit = config.findScanLimit ?? 20;

  const projectPath = (ref: GitLabPipelineRef) => `/projects/${encodeURIComponent(ref.project)}`;
  const branchOf = (ref: GitLabPipelineRef) => ref.ref ?? 'main';

  /** Rewords a refusal with what to fix in the catalogue or the project. */
  const explain = (ref: GitLabPipelineRef, error: unknown): unknown => {
    if (!(error instanceof GitLabRefusal) || error.kind !== 'rejected') return error;
    const said = error.vendorMessage;
    if (error.status === 404 && /project/i.test(said)) {
      return new ProviderError(
        'rejected',
        `The GitLab project ${ref.project} was not found: check the catalogue's pipeline.project (and that the GitLab token can see it)`,
        404,
      );
    }
    if (error.status !== 400) return error;
    if (/reference not found/i.test(said))
      return new ProviderError(
        'rejected',
        `GitLab refused the pipeline: ${said}: check the catalogue's pipeline.ref (${branchOf(ref)})`,
        400,
      );
    if (VARIABLES_REFUSED.test(said)) {
      return new ProviderError(
        'rejected',
        `GitLab refused the pipeline variables: ${said}: in ${ref.project}, let the token's role use pipeline variables (Settings > CI/CD > Variables > Minimum role to use pipeline variables)`,
        400,
      );
    }
    if (RULES_PREVENTED.test(said)) {
      return new ProviderError(
        'rejected',
        `GitLab did not create the pipeline: ${said}: check the catalogue's variable mapping (the project's CI rules need variables they did not get)`,
        400,
      );
    }
    return new ProviderError(
      'rejected',
      `GitLab refused the pipeline: ${said}: check the catalogue's pipeline settings for ${ref.project}`,
      400,
    );
  };

  /** Like explain, but a 404 that is not about the project is about the pipeline `runId`. */
  const explainRunError = (ref: GitLabPipelineRef, runId: string, error: unknown): unknown => {
    if (error instanceof GitLabRefusal && error.status === 404 && !/project/i.test(error.vendorMessage)) {
      return new ProviderError('rejected', `The GitLab pipeline ${runId} was not found in ${ref.project}: it may have been deleted`, 404);
    }
    return explain(ref, error);
  };

  const variablesOf = async (ref: GitLabPipelineRef, pipelineId: number): Promise<Record<string, string>> => {
    const { body } = await client.request({
      method: 'GET',
      path: `${projectPath(ref)}/pipelines/${pipelineId}/variables`,
      schema: GlVariables,
    });
    return variablesToInputs(body);
  };

  const findRunByKey = async (ref: GitLabPipelineRef, key: string): Promise<PipelineRun | null> => {
    const keyName = requestIdInputOf(ref);
    try {
      const { body } = await client.request({
        method: 'GET',
        path: `${projectPath(ref)}/pipelines`,
        query: [
          ['ref', branchOf(ref)],
          ['source', 'api'],
          ['updated_after', new Date(now() - lookbackMs).toISOString()],
          ['order_by', 'id'],
          ['sort', 'desc'],
          ['per_page', scanLimit],
        ],
        schema: GlPipelineList,
      });
      for (const pipeline of body) {
        const inputs = await variablesOf(ref, pipeline.id);
        if (inputs[keyName] === key) return mapPipeline(pipeline, inputs);
      }
      return null;
    } catch (error) {
      throw explain(ref, error);
    }
  };

  return {
    id: GITLAB_PROVIDER_ID,
    label: 'GitLab',

    async dispatch(anyRef: PipelineRef, inputs: Record<string, string>, idempotencyKey: string): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'gitlab');
      const allInputs = inputsWithKey(inputs, requestIdInputOf(ref), idempotencyKey);
      for (let attempt = 0; ; attempt++) {
        const existing = await findRunByKey(ref, idempotencyKey);
        if (existing) return existing;
        try {
          const { body } = await client.request({
            method: 'POST',
            path: `${projectPath(ref)}/pipeline`,
            body: {
              ref: branchOf(ref),
              variables: Object.entries(allInputs).map(([key, value]) => ({ key, value, variable_type: 'env_var' })),
            },
            schema: GlPipeline,
            idempotent: false,
            maxRetries: 0,
          });
          return mapPipeline(body, allInputs);
        } catch (error) {
          // Retry transient failures here: the next attempt looks for the pipeline first.
          await client.waitToRetry(explain(ref, error), attempt);
        }
      }
    },

    async getRun(anyRef: PipelineRef, runId: string): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'gitlab');
      if (!/^\d+$/.test(runId)) throw new ProviderError('rejected', `"${runId}" is not a GitLab pipeline id (a number)`);
      try {
        const { body } = await client.request({ method: 'GET', path: `${projectPath(ref)}/pipelines/${runId}`, schema: GlPipeline });
        return mapPipeline(body, await variablesOf(ref, body.id));
      } catch (error) {
        throw explainRunError(ref, runId, error);
      }
    },

    findRunByKey(anyRef: PipelineRef, idempotencyKey: string): Promise<PipelineRun | null> {
      return findRunByKey(expectRefKind(anyRef, 'gitlab'), idempotencyKey);
    },

    /** The pipeline's failed job (else its newest job) and that job's trace. */
    async getRunLog(anyRef: PipelineRef, runId: string, maxLines: number): Promise<PipelineRunLog> {
      const ref = expectRefKind(anyRef, 'gitlab');
      if (!/^\d+$/.test(runId)) throw new ProviderError('rejected', `"${runId}" is not a GitLab pipeline id (a number)`);
      const jobsPath = `${projectPath(ref)}/pipelines/${runId}/jobs`;
      try {
        // Newest first (GitLab 13.5+); retried jobs are left out, so a job retried and passed is not shown as failed.
        const { body: failed } = await client.request({
          method: 'GET',
          path: jobsPath,
          query: [
            ['scope[]', 'failed'],
            ['per_page', 100],
          ],
          schema: GlJobList,
        });
        const job =
          failed[0] ?? (await client.request({ method: 'GET', path: jobsPath, query: [['per_page', 100]], schema: GlJobList })).body[0];
        if (!job) throw new ProviderError('rejected', `The GitLab pipeline ${runId} has no jobs, so no log`, 404);
        let trace: string;
        try {
          ({ body: trace } = await client.request({
            method: 'GET',
            path: `${projectPath(ref)}/jobs/${job.id}/trace`,
            schema: GlTrace,
            bodyAs: 'text',
          }));
        } catch (error) {
          if (error instanceof GitLabRefusal && error.status === 404)
            throw new ProviderError(
              'rejected',
              `The job "${job.name}" of pipeline ${runId} has no log yet (no runner has started it), or it was erased`,
              404,
            );
          throw error;
        }
        return {
          runId,
          provider: 'gitlab',
          source: `job "${job.name}" (${job.status})`,
          ...logTail(trace, maxLines, cleanTraceLine),
          url: job.web_url ?? null,
        };
      } catch (error) {
        throw explainRunError(ref, runId, error);
      }
    },
  };
}
