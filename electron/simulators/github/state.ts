/**
 * The GitHub Actions simulator's state: repositories and their workflows, the runs a
 * workflow_dispatch creates, validated the way GitHub validates inputs, and each run's
 * life cycle (queued -> in_progress -> completed) derived from the clock, so no timer
 * needs cleaning up and a test clock moves runs along. Runs can also be started as a push
 * would start them and driven from outside (startRun, completeStep, finishRun): they stay
 * in progress while their driver marks the workflow's steps done, and end when it says.
 */
import { DEFAULT_TIMING, outcomeFromInputs, phaseAt } from './pipeline-simulator-kit';
import type { RepositoryDefinition, RunConclusion, RunEvent, RunStatus, RunTiming, WorkflowDefinition } from './types';

/** GitHub takes at most this many inputs per dispatch. */
const MAX_DISPATCH_INPUTS = 25;
const FIRST_RUN_ID = 14_250_000_001;
/** Each run has one job; its id is this plus the run's place among the runs. */
const FIRST_JOB_ID = 38_400_000_001;

export interface SimRepository {
  id: number;
  owner: string;
  name: string;
  refs: string[];
  workflows: SimWorkflow[];
}

export interface SimWorkflow extends WorkflowDefinition {
  id: number;
  path: string;
  nextRunNumber: number;
}

export interface SimRun {
  id: number;
  runNumber: number;
  repository: SimRepository;
  workflow: SimWorkflow;
  headBranch: string;
  headSha: string;
  /** The inputs the run got: defaults filled in, every value a string. */
  inputs: Record<string, string>;
  displayTitle: string;
  actor: string;
  createdAt: number;
  timing: RunTiming;
  outcome: RunConclusion;
  /** Set when a test or the demo ends the run early. */
  forced: { finishedAt: number; conclusion: RunConclusion } | null;
  event: RunEvent;
  /** For a run started with startRun: the workflow's steps its driver has marked done, in order; null for a run the clock moves. */
  driven: { stepsDone: DoneStep[]; lastWords: string[] } | null;
}

/** A step of a driven run, done: its name, what it printed and when it ended. */
interface DoneStep {
  name: string;
  output: string[];
  at: number;
}

export interface RunView {
  status: RunStatus;
  conclusion: RunConclusion | null;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
}

/** A refusal of a dispatch, with GitHub's status and message. */
export class DispatchRefusal extends Error {
  constructor(
    readonly status: 404 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'DispatchRefusal';
  }
}

function shaFor(seed: string): string {
  let hash = 2166136261;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const char of `${seed}:${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export class GitHubActionsState {
  readonly repositories: SimRepository[];
  private readonly runs = new Map<number, SimRun>();
  private nextRunId = FIRST_RUN_ID;

  constructor(
    definitions: RepositoryDefinition[],
    readonly now: () => number,
    readonly timing: RunTiming = DEFAULT_TIMING,
  ) {
    let workflowId = 61_000_001;
    this.repositories = definitions.map((definition, index) => ({
      id: 780_000_001 + index,
      owner: definition.owner,
      name: definition.name,
      refs: definition.refs ?? ['main'],
      workflows: definition.workflows.map((workflow) => ({
        ...workflow,
        id: workflowId++,
        path: `.github/workflows/${workflow.file}`,
        nextRunNumber: 1,
      })),
    }));
  }

  /** Owner and name are not case sensitive, as on GitHub. */
  repository(owner: string, name: string): SimRepository | undefined {
    return this.repositories.find(
      (repo) => repo.owner.toLowerCase() === owner.toLowerCase() && repo.name.toLowerCase() === name.toLowerCase(),
    );
  }

  /** By numeric id or file name. */
  workflow(repo: SimRepository, idOrFile: string): SimWorkflow | undefined {
    return repo.workflows.find((workflow) => String(workflow.id) === idOrFile || workflow.file === idOrFile);
  }

  run(repo: SimRepository, runId: number): SimRun | undefined {
    const run = this.runs.get(runId);
    return run && run.repository === repo ? run : undefined;
  }

  /** The run's one job's id. */
  jobIdOf(run: SimRun): number {
    return FIRST_JOB_ID + (run.id - FIRST_RUN_ID);
  }

  /** The run a job belongs to, in this repository. */
  runOfJob(repo: SimRepository, jobId: number): SimRun | undefined {
    return this.run(repo, jobId - FIRST_JOB_ID + FIRST_RUN_ID);
  }

  /** Every run, oldest first (for tests and the demo). */
  allRuns(): SimRun[] {
    return [...this.runs.values()];
  }

  /** Runs of a workflow, newest first. */
  runsOf(workflow: SimWorkflow): SimRun[] {
    return [...this.runs.values()].filter((run) => run.workflow === workflow).reverse();
  }

  /**
   * Validates a workflow_dispatch like GitHub and creates the run. Throws DispatchRefusal
   * (422) with GitHub's wording for a bad ref, unexpected, missing or invalid inputs.
   */
  dispatch(repo: SimRepository, workflow: SimWorkflow, ref: string, rawInputs: Record<string, unknown>, actor: string): SimRun {
    const branch = ref.replace(/^refs\/(heads|tags)\//, '');
    if (!repo.refs.includes(branch)) throw new DispatchRefusal(422, `No ref found for: ${ref}`);
    if (workflow.dispatchable === false) throw new DispatchRefusal(422, "Workflow does not have 'workflow_dispatch' trigger");
    const names = Object.keys(rawInputs);
    if (names.length > MAX_DISPATCH_INPUTS)
      throw new DispatchRefusal(422, `you may only define up to ${MAX_DISPATCH_INPUTS} \`inputs\` for a \`workflow_dispatch\` event`);
    const unexpected = names.filter((name) => !(name in workflow.inputs));
    if (unexpected.length > 0)
      throw new DispatchRefusal(422, `Unexpected inputs provided: [${unexpected.map((name) => JSON.stringify(name)).join(', ')}]`);

    const inputs: Record<string, string> = {};
    for (const [name, declared] of Object.entries(workflow.inputs)) {
      const raw = rawInputs[name];
      if (raw === undefined || raw === null) {
        if (declared.default !== undefined) inputs[name] = declared.default;
        else if (declared.required) throw new DispatchRefusal(422, `Required input '${name}' not provided`);
        continue;
      }
      if (typeof raw === 'object') throw new DispatchRefusal(422, `Provided value for input '${name}' must be a string, number or boolean`);
      const value = String(raw);
      if (declared.type === 'choice' && declared.options && !declared.options.includes(value)) {
        throw new DispatchRefusal(422, `Provided value '${value}' for input '${name}' not in the list of allowed values`);
      }
      if (declared.type === 'boolean' && value !== 'true' && value !== 'false') {
        throw new DispatchRefusal(422, `Provided value '${value}' for input '${name}' is not a valid boolean`);
      }
      if (declared.type === 'number' && (value.trim() === '' || !Number.isFinite(Number(value)))) {
        throw new DispatchRefusal(422, `Provided value '${value}' for input '${name}' is not a valid number`);
      }
      inputs[name] = value;
    }

    const id = this.nextRunId++;
    const outcome = inputs.simulate_failure === 'true' ? 'failure' : outcomeFromInputs(inputs);
    const run: SimRun = {
      id,
      runNumber: workflow.nextRunNumber++,
      repository: repo,
      workflow,
      headBranch: branch,
      headSha: shaFor(`${repo.owner}/${repo.name}@${branch}`),
      inputs,
      displayTitle: workflow.runName ? renderRunName(workflow.runName, inputs) : workflow.name,
      actor,
      createdAt: this.now(),
      timing: this.timing,
      outcome,
      forced: null,
      event: 'workflow_dispatch',
      driven: null,
    };
    this.runs.set(id, run);
    return run;
  }

  /**
   * Starts a run as a push to `branch` does (event "push", titled with the head commit's
   * message) and hands it to its caller to drive: it is in progress at once (the caller is
   * its runner), its steps are marked done with completeStep, and it ends only with
   * finishRun. Throws an Error naming what is missing (repository, workflow, branch).
   */
  startRun(
    owner: string,
    name: string,
    workflowFile: string,
    push: { title: string; branch?: string; sha?: string; actor?: string },
  ): SimRun {
    const repo = this.repository(owner, name);
    if (!repo) throw new Error(`The GitHub simulator has no repository ${owner}/${name}`);
    const workflow = this.workflow(repo, workflowFile);
    if (!workflow) throw new Error(`${owner}/${name} has no workflow ${workflowFile}`);
    const branch = push.branch ?? 'main';
    if (!repo.refs.includes(branch)) throw new Error(`${owner}/${name} has no branch ${branch}`);
    const id = this.nextRunId++;
    const run: SimRun = {
      id,
      runNumber: workflow.nextRunNumber++,
      repository: repo,
      workflow,
      headBranch: branch,
      headSha: push.sha ?? shaFor(`${repo.owner}/${repo.name}@${branch}:${push.title}:${id}`),
      inputs: {},
      displayTitle: push.title,
      actor: push.actor ?? 'release-bot',
      createdAt: this.now(),
      // Picked up at once, and never ended by the clock: finishRun ends it.
      timing: { queuedMs: 0, runningMs: Number.POSITIVE_INFINITY },
      outcome: 'success',
      forced: null,
      event: 'push',
      driven: { stepsDone: [], lastWords: [] },
    };
    this.runs.set(id, run);
    return run;
  }

  /** Marks the next step of a driven run done, with what it printed; returns the step's name. Throws when there is none left. */
  completeStep(runId: number, output: string[] = []): string {
    const run = this.runs.get(runId);
    if (!run?.driven) throw new Error(`No run ${runId} started with startRun`);
    if (this.view(run).status === 'completed') throw new Error(`Run ${runId} has ended`);
    const steps = ownStepsOf(run);
    const next = steps[run.driven.stepsDone.length];
    if (next === undefined) throw new Error(`Run ${runId} has done all its steps (${steps.join(', ')}): finish it`);
    run.driven.stepsDone.push({ name: next, output: [...output], at: this.now() });
    return next;
  }

  /** Where the run stands now. */
  view(run: SimRun): RunView {
    const phase = phaseAt(run.createdAt, run.timing, this.now(), run.forced);
    if (phase.phase === 'done') {
      return {
        status: 'completed',
        conclusion: run.forced?.conclusion ?? run.outcome,
        startedAt: phase.startedAt,
        finishedAt: phase.finishedAt,
        updatedAt: phase.finishedAt ?? run.createdAt,
      };
    }
    return {
      status: phase.phase === 'running' ? 'in_progress' : 'queued',
      conclusion: null,
      startedAt: phase.startedAt,
      finishedAt: null,
      updatedAt: run.driven?.stepsDone.at(-1)?.at ?? phase.startedAt ?? run.createdAt,
    };
  }

  /**
   * Ends a run now with this conclusion (a person cancelling it, a test that does not want
   * to wait, a driven run's driver); `output` is what a driven run's last step printed (why it failed).
   */
  finishRun(runId: number, conclusion: RunConclusion, output: string[] = []): void {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`No run ${runId}`);
    if (this.view(run).status === 'completed') return;
    run.forced = { finishedAt: this.now(), conclusion };
    if (run.driven) run.driven.lastWords = [...output];
  }
}

/** The job's own steps after the checkout: the workflow's named steps, or its one script. */
export function ownStepsOf(run: SimRun): string[] {
  const steps = run.workflow.steps;
  if (steps && steps.length > 0) return steps;
  return [`Run ./scripts/${run.workflow.job ?? run.workflow.file.replace(/\.ya?ml$/, '')}.sh`];
}

/** A workflow's run-name with its `${{ inputs.x }}` expressions filled in. */
export function renderRunName(template: string, inputs: Record<string, string>): string {
  return template.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '').trim();
}
