/**
 * The Jenkins simulator's state: jobs with their parameter definitions, queue items that
 * `buildWithParameters` creates (undeclared parameters dropped, as Jenkins does), and the
 * builds they become after the quiet period: building, then SUCCESS / FAILURE / ABORTED;
 * and builds recorded as history (recordBuild: a deployment job's past builds with their
 * parameters, result, cause and commit). Everything is derived from the clock, so no
 * timer needs cleaning up.
 */
import { DEFAULT_TIMING, outcomeFromInputs, phaseAt } from '../github/pipeline-simulator-kit';
import type { JobDefinition, JobParameter, RunConclusion, RunTiming } from './types';

export const DEFAULT_QUEUE_ITEM_TTL_MS = 300_000;
const FIRST_QUEUE_ID = 5_001;

export interface SimJob extends JobDefinition {
  nextBuildNumber: number;
}

export interface SimQueueItem {
  id: number;
  job: SimJob;
  /** Every declared parameter, with defaults for those not given. */
  parameters: { name: string; value: string; type: JobParameter['type'] }[];
  user: string;
  createdAt: number;
  /** The build number it becomes when it leaves the queue. */
  buildNumber: number;
  timing: RunTiming;
  outcome: RunConclusion;
  /** Cancelled while still in the queue. */
  cancelledAt: number | null;
  forced: { finishedAt: number; conclusion: RunConclusion } | null;
  /** A recorded build's result (any of Jenkins' five), unless forced since. */
  result?: BuildResult;
  /** Started by a timer (TimerTriggerCause) rather than by `user`. */
  startedByTimer?: boolean;
  /** The commit the git plugin's BuildData says was built. */
  commit?: string;
}

export type BuildResult = 'SUCCESS' | 'FAILURE' | 'ABORTED' | 'UNSTABLE' | 'NOT_BUILT';

/** A past (or still running) build of a job, recorded as history: the delivery demo and tests. */
export interface RecordedBuild {
  /** Its parameters as the build shows them: any names, declared by the job or not (an older definition's). */
  parameters: Record<string, string>;
  startedAt: number;
  /** How long it ran; null: still building (until finish() or cancel()). */
  durationMs: number | null;
  /** Default SUCCESS; ignored while building. */
  result?: BuildResult;
  /** Who started it (UserIdCause); null: a timer (TimerTriggerCause). Default the simulator's demo user. */
  startedBy?: string | null;
  /** The commit built (the git plugin's BuildData lastBuiltRevision.SHA1). */
  commit?: string;
}

/** A build recorded as still building runs until finished this far ahead. */
const STILL_BUILDING_MS = 1e12;
const RECORDED_BY = 'deploy-bot';
const RESULTS: Record<RunConclusion, BuildResult> = { success: 'SUCCESS', failure: 'FAILURE', cancelled: 'ABORTED', timed_out: 'ABORTED' };

export type ItemView =
  | { phase: 'waiting'; leavesAt: number }
  | { phase: 'cancelled'; at: number }
  | { phase: 'building'; startedAt: number }
  | { phase: 'done'; startedAt: number; finishedAt: number; result: BuildResult };

/** Thrown for a parameter value Jenkins refuses (it answers 500 with the exception). */
export class IllegalParameter extends Error {}

export class JenkinsState {
  readonly jobs: SimJob[];
  private readonly items = new Map<number, SimQueueItem>();
  private nextQueueId = FIRST_QUEUE_ID;

  constructor(
    definitions: JobDefinition[],
    readonly now: () => number,
    readonly timing: RunTiming = DEFAULT_TIMING,
    readonly queueItemTtlMs = DEFAULT_QUEUE_ITEM_TTL_MS,
  ) {
    this.jobs = definitions.map((definition) => ({ ...definition, nextBuildNumber: 1 }));
  }

  job(fullName: string): SimJob | undefined {
    return this.jobs.find((job) => job.fullName === fullName);
  }

  allItems(): SimQueueItem[] {
    return [...this.items.values()];
  }

  /** A queue item as /queue/item/ID shows it: undefined once forgotten (queueItemTtlMs after it left the queue). */
  queueItem(id: number): SimQueueItem | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    const view = this.view(item);
    const leftAt = view.phase === 'waiting' ? null : view.phase === 'cancelled' ? view.at : view.startedAt;
    return leftAt !== null && this.now() - leftAt > this.queueItemTtlMs ? undefined : item;
  }

  /** Items still waiting in the queue. */
  waitingItems(): SimQueueItem[] {
    return this.allItems().filter((item) => this.view(item).phase === 'waiting');
  }

  /** The builds of a job (items that left the queue and were not cancelled), newest first. */
  buildsOf(job: SimJob): SimQueueItem[] {
    return this.allItems()
      .filter((item) => item.job === job && ['building', 'done'].includes(this.view(item).phase))
      .sort((a, b) => b.buildNumber - a.buildNumber);
  }

  build(job: SimJob, number: number): SimQueueItem | undefined {
    return this.buildsOf(job).find((item) => item.buildNumber === number);
  }

  /** buildWithParameters: declared parameters from the request (others ignored), defaults for the rest. */
  enqueue(job: SimJob, given: Map<string, string>, user: string): SimQueueItem {
    const parameters = job.parameters.map((definition) => {
      const value = given.get(definition.name) ?? defaultOf(definition);
      if (definition.type === 'choice' && definition.choices && !definition.choices.includes(value)) {
        throw new IllegalParameter(`Illegal choice for parameter ${definition.name}: ${value}`);
      }
      if (definition.type === 'boolean' && value !== 'true' && value !== 'false') {
        throw new IllegalParameter(`Illegal value for boolean parameter ${definition.name}: ${value}`);
      }
      return { name: definition.name, value, type: definition.type };
    });
    const item: SimQueueItem = {
      id: this.nextQueueId++,
      job,
      parameters,
      user,
      createdAt: this.now(),
      buildNumber: job.nextBuildNumber++,
      timing: this.timing,
      outcome: outcomeFromInputs(Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.value]))),
      cancelledAt: null,
      forced: null,
    };
    this.items.set(item.id, item);
    return item;
  }

  /** Records a build of `fullName` as history (it never waits in the queue); it takes the job's next build number. */
  recordBuild(fullName: string, build: RecordedBuild): SimQueueItem {
    const job = this.job(fullName);
    if (!job) throw new Error(`No job ${fullName}`);
    const item: SimQueueItem = {
      id: this.nextQueueId++,
      job,
      parameters: Object.entries(build.parameters).map(([name, value]) => ({ name, value, type: 'string' as const })),
      user: build.startedBy ?? RECORDED_BY,
      createdAt: build.startedAt,
      buildNumber: job.nextBuildNumber++,
      timing: { queuedMs: 0, runningMs: build.durationMs ?? STILL_BUILDING_MS },
      outcome: 'success',
      cancelledAt: null,
      forced: null,
      result: build.result ?? 'SUCCESS',
      startedByTimer: build.startedBy === null,
      ...(build.commit ? { commit: build.commit } : {}),
    };
    this.items.set(item.id, item);
    return item;
  }

  view(item: SimQueueItem): ItemView {
    if (item.cancelledAt !== null) return { phase: 'cancelled', at: item.cancelledAt };
    const phase = phaseAt(item.createdAt, item.timing, this.now(), item.forced);
    if (phase.phase === 'queued') return { phase: 'waiting', leavesAt: item.createdAt + item.timing.queuedMs };
    if (phase.phase === 'running') return { phase: 'building', startedAt: phase.startedAt ?? item.createdAt };
    return {
      phase: 'done',
      startedAt: phase.startedAt ?? item.createdAt,
      finishedAt: phase.finishedAt ?? this.now(),
      result: item.forced ? RESULTS[item.forced.conclusion] : (item.result ?? RESULTS[item.outcome]),
    };
  }

  /** Ends a running build now with this result (its driver, or a test that does not want to wait); a build that has ended stays as it is. */
  finish(queueId: number, conclusion: RunConclusion): void {
    const item = this.items.get(queueId);
    if (!item) throw new Error(`No queue item ${queueId}`);
    if (this.view(item).phase !== 'building') throw new Error(`Queue item ${queueId} is not a running build`);
    item.forced = { finishedAt: this.now(), conclusion };
  }

  /** Cancels a waiting item (POST /queue/cancelItem) or aborts a running build. */
  cancel(queueId: number): void {
    const item = this.items.get(queueId);
    if (!item) throw new Error(`No queue item ${queueId}`);
    const view = this.view(item);
    if (view.phase === 'waiting') item.cancelledAt = this.now();
    else if (view.phase === 'building') item.forced = { finishedAt: this.now(), conclusion: 'cancelled' };
  }
}

function defaultOf(definition: JobParameter): string {
  if (definition.defaultValue !== undefined) return definition.defaultValue;
  if (definition.type === 'choice') return definition.choices?.[0] ?? '';
  if (definition.type === 'boolean') return 'false';
  return '';
}
