/**
 * The Jenkins provider behind the engine's PipelineProvider port: checks that the job
 * declares the parameters it is given (Jenkins silently drops the others), queues a
 * build with `buildWithParameters`, and follows the queue item until it becomes a build
 * and the build has a result. A run's id is its queue item id, stable before and after
 * the build starts; once Jenkins forgets the queue item, the build is found by its queueId.
 *
 * A dispatch is safe to replay: before every attempt it looks in the queue and the recent
 * builds for the console's request id parameter.
 *
 * Besides the port, it reads a build by its number (getRunOfBuild), as a build's URL names
 * it: the automation host follows the deployment builds changes link to (run-locator.ts).
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { expectRefKind, inputsWithKey, type PipelineProvider } from '../../engine/ports/pipeline';
import {
  logTail,
  requestIdInputOf,
  type JenkinsPipelineRef,
  type PipelineRef,
  type PipelineRun,
  type PipelineRunLog,
} from '../../../shared/domain/pipeline';
import { validateJenkinsConfig, type JenkinsConfig } from './config';
import { JenkinsClient, JenkinsRefusal } from './jenkins-client';
import {
  BUILD_TREE,
  JkBuild,
  JkConsoleText,
  JkJobBuilds,
  JkJobParameters,
  JkQueue,
  JkQueueItem,
  JOB_PARAMETERS_TREE,
  jobBuildsTree,
  mapBuild,
  mapQueueItem,
  parametersOf,
  QUEUE_ITEM_TREE,
  QUEUE_TREE,
} from './mapper';

const JENKINS_PROVIDER_ID = 'jenkins';

/** The job's path under the root: network/dns-change -> /job/network/job/dns-change. */
export function jenkinsJobPath(fullName: string): string {
  return fullName
    .split('/')
    .filter((part) => part !== '')
    .map((part) => `/job/${encodeURIComponent(part)}`)
    .join('');
}

/** The Jenkins provider: the port, and a build read by its number. */
interface JenkinsProvider extends PipelineProvider {
  /** The build `buildNumber` of the ref's job (GET <job>/<number>/api/json), under the id of the queue item it came from. */
  getRunOfBuild(ref: PipelineRef, buildNumber: number): Promise<PipelineRun>;
}

export function createJenkinsProvider(config: JenkinsConfig): JenkinsProvider {
  validateJenkinsConfig(config);
  const client = new JenkinsClient(config);
  const recentBuilds = config.recentBuilds ?? 50;
  const jobUrl = (ref: JenkinsPipelineRef) => `${client.rootUrl}${jenkinsJobPath(ref.job)}/`;

  const explain = (ref: JenkinsPipelineRef, error: unknown): unknown => {
    if (!(error instanceof JenkinsRefusal) || error.kind !== 'rejected') return error;
    if (error.status === 404) {
      return new ProviderError(
        'rejected',
        `The Jenkins job ${ref.job} was not found: check the catalogue's pipeline.job (folders separated by "/") and that the Jenkins user can see it`,
        404,
      );
    }
    if (error.status === 500) {
      return new ProviderError(
        'rejected',
        `Jenkins refused the parameters: ${error.vendorMessage}: check the catalogue's parameter mapping for ${ref.job}`,
        500,
      );
    }
    return error;
  };

  const checkParameters = async (ref: JenkinsPipelineRef, inputs: Record<string, string>): Promise<void> => {
    const { body } = await client.request({
      method: 'GET',
      path: `${jenkinsJobPath(ref.job)}/api/json`,
      query: [['tree', JOB_PARAMETERS_TREE]],
      schema: JkJobParameters,
    });
    const declared = new Set(
      (body.property ?? []).flatMap((property) => property?.parameterDefinitions ?? []).map((definition) => definition.name),
    );
    const keyName = requestIdInputOf(ref);
    if (!declared.has(keyName)) {
      throw new ProviderError(
        'rejected',
        `The Jenkins job ${ref.job} does not declare the parameter ${keyName}: add it as a string parameter (the console finds its builds again by it)`,
      );
    }
    const ignored = Object.keys(inputs).filter((name) => !declared.has(name));
    if (ignored.length > 0) {
      throw new ProviderError(
        'rejected',
        `Jenkins would ignore parameters the job ${ref.job} does not declare: ${ignored.join(', ')}: check the catalogue's parameter mapping (or add them to the job)`,
      );
    }
  };

  const recentBuildsOf = async (ref: JenkinsPipelineRef) => {
    const { body } = await client.request({
      method: 'GET',
      path: `${jenkinsJobPath(ref.job)}/api/json`,
      query: [['tree', jobBuildsTree(recentBuilds)]],
      schema: JkJobBuilds,
    });
    return body.builds;
  };

  const findRunByKey = async (ref: JenkinsPipelineRef, key: string): Promise<PipelineRun | null> => {
    const keyName = requestIdInputOf(ref);
    try {
      // The queue first, then the builds: an item that leaves the queue in between is then among the builds.
      const { body: queue } = await client.request({
        method: 'GET',
        path: '/queue/api/json',
        query: [['tree', QUEUE_TREE]],
        schema: JkQueue,
      });
      const suffix = `${jenkinsJobPath(ref.job)}/`;
      const waiting = queue.items.find((item) => (item.task?.url ?? '').endsWith(suffix) && parametersOf(item.actions)[keyName] === key);
      if (waiting) return mapQueueItem(waiting, jobUrl(ref));
      const build = (await recentBuildsOf(ref)).find((candidate) => parametersOf(candidate.actions)[keyName] === key);
      return build ? mapBuild(build) : null;
    } catch (error) {
      throw explain(ref, error);
    }
  };

  /** The build a run (queue item id) became, or the run as it waits (or was cancelled) in the queue. */
  const buildOf = async (ref: JenkinsPipelineRef, runId: string): Promise<{ build: z.infer<typeof JkBuild> } | { queued: PipelineRun }> => {
    if (!/^\d+$/.test(runId)) throw new ProviderError('rejected', `"${runId}" is not a Jenkins queue item id (a number)`);
    try {
      const { body: item } = await client.request({
        method: 'GET',
        path: `/queue/item/${runId}/api/json`,
        query: [['tree', QUEUE_ITEM_TREE]],
        schema: JkQueueItem,
      });
      if (!item.executable) return { queued: mapQueueItem(item, jobUrl(ref)) };
      const { body: build } = await client.request({
        method: 'GET',
        path: `${jenkinsJobPath(ref.job)}/${item.executable.number}/api/json`,
        query: [['tree', BUILD_TREE]],
        schema: JkBuild,
      });
      return { build };
    } catch (error) {
      if (!(error instanceof JenkinsRefusal) || error.status !== 404) throw explain(ref, error);
    }
    // Jenkins forgets a queue item about 5 minutes after it left the queue: find its build by queueId.
    let build: z.infer<typeof JkBuild> | undefined;
    try {
      build = (await recentBuildsOf(ref)).find((candidate) => String(candidate.queueId) === runId);
    } catch (error) {
      throw explain(ref, error);
    }
    if (!build) {
      throw new ProviderError(
        'rejected',
        `The Jenkins run ${runId} of ${ref.job} was not found: Jenkins forgets queue items a few minutes after they leave the queue, and none of the last ${recentBuilds} builds came from it`,
        404,
      );
    }
    return { build };
  };

  return {
    id: JENKINS_PROVIDER_ID,
    label: 'Jenkins',

    async dispatch(anyRef: PipelineRef, inputs: Record<string, string>, idempotencyKey: string): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'jenkins');
      const allInputs = inputsWithKey(inputs, requestIdInputOf(ref), idempotencyKey);
      try {
        await checkParameters(ref, allInputs);
      } catch (error) {
        throw explain(ref, error);
      }
      for (let attempt = 0; ; attempt++) {
        const existing = await findRunByKey(ref, idempotencyKey);
        if (existing) return existing;
        let location: string | null;
        try {
          const { headers } = await client.request({
            method: 'POST',
            path: `${jenkinsJobPath(ref.job)}/buildWithParameters`,
            form: allInputs,
            schema: z.unknown(),
            idempotent: false,
            maxRetries: 0,
          });
          location = headers.get('location');
        } catch (error) {
          // Retry transient failures here: the next attempt looks for the build first.
          await client.waitToRetry(explain(ref, error), attempt);
          continue;
        }
        const queueId = /\/queue\/item\/(\d+)/.exec(location ?? '')?.[1];
        if (queueId) {
          return {
            id: queueId,
            provider: 'jenkins',
            status: 'queued',
            conclusion: null,
            vendorStatus: 'queued',
            url: jobUrl(ref),
            startedAt: null,
            finishedAt: null,
            inputs: allInputs,
          };
        }
        const found = await findRunByKey(ref, idempotencyKey);
        if (found) return found;
        throw new ProviderError(
          'transient',
          `Jenkins accepted the build of ${ref.job} without a queue item Location, and no build with ${requestIdInputOf(ref)}=${idempotencyKey} has appeared yet`,
        );
      }
    },

    async getRun(anyRef: PipelineRef, runId: string): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'jenkins');
      const found = await buildOf(ref, runId);
      return 'queued' in found ? found.queued : mapBuild(found.build);
    },

    /** The build's console (consoleText), once the queue item became a build. */
    async getRunLog(anyRef: PipelineRef, runId: string, maxLines: number): Promise<PipelineRunLog> {
      const ref = expectRefKind(anyRef, 'jenkins');
      const found = await buildOf(ref, runId);
      if ('queued' in found) {
        const why = found.queued.conclusion === 'cancelled' ? 'was cancelled in the queue' : 'is still waiting in the queue';
        throw new ProviderError('rejected', `The Jenkins run ${runId} of ${ref.job} ${why}, so it has no console output`, 404);
      }
      const { build } = found;
      let text: string;
      try {
        ({ body: text } = await client.request({
          method: 'GET',
          path: `${jenkinsJobPath(ref.job)}/${build.number}/consoleText`,
          schema: JkConsoleText,
          bodyAs: 'text',
        }));
      } catch (error) {
        if (error instanceof JenkinsRefusal && error.status === 404)
          throw new ProviderError(
            'rejected',
            `Build #${build.number} of ${ref.job} has no console output any more (deleted, or Jenkins discarded old builds)`,
            404,
          );
        throw explain(ref, error);
      }
      const result = build.building ? 'building' : (build.result ?? 'unknown');
      return {
        runId,
        provider: 'jenkins',
        source: `build #${build.number} (${result})`,
        ...logTail(text, maxLines),
        url: `${build.url.replace(/\/?$/, '/')}console`,
      };
    },

    findRunByKey(anyRef: PipelineRef, idempotencyKey: string): Promise<PipelineRun | null> {
      return findRunByKey(expectRefKind(anyRef, 'jenkins'), idempotencyKey);
    },

    async getRunOfBuild(anyRef: PipelineRef, buildNumber: number): Promise<PipelineRun> {
      const ref = expectRefKind(anyRef, 'jenkins');
      if (!Number.isSafeInteger(buildNumber) || buildNumber < 1)
        throw new ProviderError('rejected', `"${buildNumber}" is not a Jenkins build number (a whole number from 1)`);
      try {
        const { body } = await client.request({
          method: 'GET',
          path: `${jenkinsJobPath(ref.job)}/${buildNumber}/api/json`,
          query: [['tree', BUILD_TREE]],
          schema: JkBuild,
        });
        return mapBuild(body);
      } catch (error) {
        if (error instanceof JenkinsRefusal && error.status === 404) {
          throw new ProviderError(
            'rejected',
            `Build #${buildNumber} of the Jenkins job ${ref.job} was not found: it may have been deleted or discarded (the job keeps only so many builds), or the Jenkins user cannot see the job`,
            404,
          );
        }
        throw explain(ref, error);
      }
    },
  };
}
