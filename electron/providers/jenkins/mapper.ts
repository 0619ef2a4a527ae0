/**
 * Jenkins' queue items and builds (remote access API JSON) into the console's
 * PipelineRun, the zod schemas of the answers the provider reads, and the `tree`
 * specs it asks for.
 */
import { z } from 'zod';
import type { PipelineConclusion, PipelineRun } from '../../../shared/domain/pipeline';

/** A build's or queue item's parameters, as the ParametersAction lists them. */
export const JkParameters = z.array(z.object({ name: z.string(), value: z.unknown().optional() }).loose());
const Actions = z.array(z.object({ parameters: JkParameters.optional() }).loose().nullable()).optional();

export const JkCrumb = z.object({ crumb: z.string().min(1), crumbRequestField: z.string().min(1) });

export const JkQueueItem = z.object({
  id: z.number().int(),
  why: z.string().nullish(),
  cancelled: z.boolean().optional(),
  executable: z.object({ number: z.number().int(), url: z.string() }).nullish(),
  task: z.object({ url: z.string().optional(), name: z.string().optional() }).loose().optional(),
  actions: Actions,
});
export type JkQueueItem = z.infer<typeof JkQueueItem>;
export const QUEUE_ITEM_TREE = 'id,why,cancelled,executable[number,url],task[name,url],actions[parameters[name,value]]';

export const JkQueue = z.object({ items: z.array(JkQueueItem) });
export const QUEUE_TREE = `items[${QUEUE_ITEM_TREE}]`;

export const JkBuild = z.object({
  number: z.number().int(),
  url: z.string(),
  building: z.boolean(),
  result: z.string().nullable(),
  timestamp: z.number(),
  duration: z.number(),
  queueId: z.number().int(),
  actions: Actions,
});
export type JkBuild = z.infer<typeof JkBuild>;
export const BUILD_TREE = 'number,url,building,result,timestamp,duration,queueId,actions[parameters[name,value]]';

export const JkJobBuilds = z.object({ url: z.string(), builds: z.array(JkBuild) });
export const jobBuildsTree = (count: number) => `url,builds[${BUILD_TREE}]{0,${count}}`;

export const JkJobParameters = z.object({
  url: z.string(),
  property: z
    .array(
      z
        .object({ parameterDefinitions: z.array(z.object({ name: z.string(), type: z.string().optional() }).loose()).optional() })
        .loose()
        .nullable(),
    )
    .optional(),
});
export const JOB_PARAMETERS_TREE = 'url,property[parameterDefinitions[name,type]]';

/** The parameters of a queue item or build, as strings. */
export function parametersOf(actions: z.infer<typeof Actions>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const action of actions ?? []) {
    for (const parameter of action?.parameters ?? []) {
      if (parameter.value !== undefined && parameter.value !== null) out[parameter.name] = String(parameter.value);
    }
  }
  return out;
}

const RESULTS: Record<string, PipelineConclusion> = {
  SUCCESS: 'success',
  FAILURE: 'failure',
  UNSTABLE: 'failure',
  ABORTED: 'cancelled',
  NOT_BUILT: 'cancelled',
};

const isoOf = (ms: number) => new Date(ms).toISOString();

/** A run still waiting in the queue (or cancelled there). `runId` is the queue item id. */
export function mapQueueItem(item: JkQueueItem, jobUrl: string): PipelineRun {
  const cancelled = item.cancelled === true;
  return {
    id: String(item.id),
    provider: 'jenkins',
    status: cancelled ? 'completed' : 'queued',
    conclusion: cancelled ? 'cancelled' : null,
    vendorStatus: cancelled ? 'cancelled in the queue' : (item.why ?? 'queued'),
    url: jobUrl,
    startedAt: null,
    finishedAt: null,
    inputs: parametersOf(item.actions),
  };
}

/** A build, under the id of the queue item it came from. */
export function mapBuild(build: JkBuild): PipelineRun {
  const done = !build.building && build.result !== null;
  return {
    id: String(build.queueId),
    provider: 'jenkins',
    status: done ? 'completed' : 'in_progress',
    conclusion: done ? (RESULTS[build.result ?? ''] ?? 'failure') : null,
    vendorStatus: done ? (build.result ?? 'unknown') : 'building',
    url: `${build.url.replace(/\/?$/, '/')}console`,
    startedAt: isoOf(build.timestamp),
    finishedAt: done ? isoOf(build.timestamp + build.duration) : null,
    inputs: parametersOf(build.actions),
  };
}

/** A build's console (consoleText): plain text. */
export const JkConsoleText = z.string({ error: 'expected the console output as plain text' });
