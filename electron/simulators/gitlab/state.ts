/**
 * The GitLab simulator's state: projects and the pipelines `POST /projects/:id/pipeline`
 * creates, refused as GitLab refuses them (unknown ref, pipeline variables not allowed,
 * CI rules that add no job), and each pipeline's way created -> pending -> running ->
 * success / failed / canceled, derived from the clock.
 */
import { DEFAULT_TIMING, outcomeFromInputs, phaseAt } from '../github/pipeline-simulator-kit';
import type { ConclusionToStatus, PipelineStatus, ProjectDefinition, RunConclusion, RunTiming } from './types';

export const FIRST_PIPELINE_ID = 1_180_000_001;

export interface SimProject extends Required<Omit<ProjectDefinition, 'requiredVariables' | 'allowPipelineVariables'>> {
  allowPipelineVariables: boolean;
  requiredVariables: string[];
  nextIid: number;
}

export interface SimPipeline {
  id: number;
  iid: number;
  project: SimProject;
  ref: string;
  sha: string;
  variables: { key: string; value: string; variable_type: 'env_var' | 'file' }[];
  user: string;
  createdAt: number;
  timing: RunTiming;
  outcome: RunConclusion;
  forced: { finishedAt: number; conclusion: RunConclusion } | null;
}

export interface PipelineView {
  status: PipelineStatus;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
}

/** A refusal with GitLab's body: `{"message":{"base":[...]}}`. */
export class PipelineRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineRefusal';
  }
}

const FINAL: ConclusionToStatus = { success: 'success', failure: 'failed', timed_out: 'failed', cancelled: 'canceled' };

const RULES_PREVENTED_JOBS =
  'Pipeline will not run for the selected trigger. The rules configuration prevented any jobs from being added to the pipeline.';
const VARIABLES_NOT_ALLOWED = 'Insufficient permissions to set pipeline variables';

export class GitLabState {
  readonly projects: SimProject[];
  private readonly pipelines = new Map<number, SimPipeline>();
  private nextId = FIRST_PIPELINE_ID;

  constructor(
    definitions: ProjectDefinition[],
    readonly now: () => number,
    readonly timing: RunTiming = DEFAULT_TIMING,
  ) {
    this.projects = definitions.map((definition) => ({
      id: definition.id,
      path: definition.path,
      name: definition.name,
      refs: definition.refs ?? ['main'],
      allowPipelineVariables: definition.allowPipelineVariables ?? true,
      requiredVariables: definition.requiredVariables ?? [],
      nextIid: 1,
    }));
  }

  /** By numeric id or full path (case-insensitive, as GitLab routes do). */
  project(idOrPath: string): SimProject | undefined {
    return this.projects.find((project) => String(project.id) === idOrPath || project.path.toLowerCase() === idOrPath.toLowerCase());
  }

  pipeline(project: SimProject, id: number): SimPipeline | undefined {
    const pipeline = this.pipelines.get(id);
    return pipeline && pipeline.project === project ? pipeline : undefined;
  }

  allPipelines(): SimPipeline[] {
    return [...this.pipelines.values()];
  }

  /** Pipelines of a project, newest first. */
  pipelinesOf(project: SimProject): SimPipeline[] {
    return [...this.pipelines.values()].filter((pipeline) => pipeline.project === project).reverse();
  }

  createPipeline(project: SimProject, ref: string, variables: SimPipeline['variables'], user: string): SimPipeline {
    if (!project.refs.includes(ref)) throw new PipelineRefusal('Reference not found');
    if (variables.length > 0 && !project.allowPipelineVariables) throw new PipelineRefusal(VARIABLES_NOT_ALLOWED);
    const given = new Set(variables.filter((variable) => variable.value !== '').map((variable) => variable.key));
    if (project.requiredVariables.some((name) => !given.has(name))) throw new PipelineRefusal(RULES_PREVENTED_JOBS);
    const values = Object.fromEntries(variables.map((variable) => [variable.key, variable.value]));
    const id = this.nextId++;
    const pipeline: SimPipeline = {
      id,
      iid: project.nextIid++,
      project,
      ref,
      sha: (id * 2654435761).toString(16).padStart(40, 'a').slice(-40),
      variables,
      user,
      createdAt: this.now(),
      timing: this.timing,
      outcome: outcomeFromInputs(values),
      forced: null,
    };
    this.pipelines.set(id, pipeline);
    return pipeline;
  }

  view(pipeline: SimPipeline): PipelineView {
    const phase = phaseAt(pipeline.createdAt, pipeline.timing, this.now(), pipeline.forced);
    if (phase.phase === 'done') {
      return {
        status: FINAL[pipeline.forced?.conclusion ?? pipeline.outcome],
        startedAt: phase.startedAt,
        finishedAt: phase.finishedAt,
        updatedAt: phase.finishedAt ?? pipeline.createdAt,
      };
    }
    if (phase.phase === 'running')
      return { status: 'running', startedAt: phase.startedAt, finishedAt: null, updatedAt: phase.startedAt ?? pipeline.createdAt };
    const pending = this.now() >= pipeline.createdAt + pipeline.timing.queuedMs / 2;
    return { status: pending ? 'pending' : 'created', startedAt: null, finishedAt: null, updatedAt: pipeline.createdAt };
  }

  /** Ends a pipeline now (a person cancelling it, a test that does not want to wait). */
  finishPipeline(id: number, conclusion: RunConclusion): void {
    const pipeline = this.pipelines.get(id);
    if (!pipeline) throw new Error(`No pipeline ${id}`);
    const status = this.view(pipeline).status;
    if (status === 'success' || status === 'failed' || status === 'canceled') return;
    pipeline.forced = { finishedAt: this.now(), conclusion };
  }
}
