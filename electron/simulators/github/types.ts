/**
 * The GitHub Actions simulator's vocabulary: its options, the repositories and
 * workflows it holds (each workflow declaring its workflow_dispatch inputs), the runs it
 * creates, the faults it can inject and the request log.
 */

type WorkflowInputType = 'string' | 'choice' | 'boolean' | 'number' | 'environment';

export interface WorkflowInput {
  description?: string;
  required?: boolean;
  type?: WorkflowInputType;
  default?: string;
  /** For type choice: the allowed values. */
  options?: string[];
}

export interface WorkflowDefinition {
  /** The file name under .github/workflows, e.g. restore-backup.yml. */
  file: string;
  /** The workflow's `name:`. */
  name: string;
  /**
   * The workflow's `run-name:`, with `${{ inputs.x }}` expressions (the run's display_title).
   * When left out, runs are titled with the workflow's name.
   */
  runName?: string;
  /** False for a workflow without an `on: workflow_dispatch` trigger (dispatch gets 422). */
  dispatchable?: boolean;
  /** `on.workflow_dispatch.inputs`. */
  inputs: Record<string, WorkflowInput>;
  /** The workflow's one job (its key under `jobs:`); default the file name without .yml. */
  job?: string;
  /**
   * The job's own steps after the checkout, by name ("Open the change", "Deploy to
   * production"): a run started with `startRun` has them marked done one by one by its
   * driver. Default: one step running the workflow's script (`Run ./scripts/<job>.sh`).
   */
  steps?: string[];
}

export interface RepositoryDefinition {
  owner: string;
  name: string;
  /** Branches and tags a dispatch may name; default ["main"]. */
  refs?: string[];
  workflows: WorkflowDefinition[];
}

export type RunStatus = 'queued' | 'in_progress' | 'completed';
/** What started a run: a workflow_dispatch, or a push to a branch (the demo's deployment pipeline). */
export type RunEvent = 'workflow_dispatch' | 'push';
export type RunConclusion = 'success' | 'failure' | 'cancelled' | 'timed_out';

/** How long a run waits and runs, in ms. The demo default is 3 s queued and 8 s in progress. */
export interface RunTiming {
  queuedMs: number;
  runningMs: number;
}

/** A token the simulator accepts, acting as a GitHub user. */
export interface SimulatorToken {
  token: string;
  login: string;
}

export interface GitHubSimulatorOptions {
  /** Default 0 (any free port); always 127.0.0.1. */
  port?: number;
  /** Repositories and workflows; default the demo set (acme/db-ops, acme/network-ops). */
  repositories?: RepositoryDefinition[];
  /** When set, only these tokens are accepted (others get 401 Bad credentials); otherwise any token acts as `oncall-console-bot`. */
  validTokens?: SimulatorToken[];
  timing?: Partial<RunTiming>;
  /** False to act like a GitHub Enterprise Server that predates return_run_details: dispatches always answer 204. Default true. */
  returnRunDetails?: boolean;
  /** Core rate limit per token per hour (x-ratelimit-*), default 5,000. */
  rateLimitPerHour?: number;
  now?: () => number;
}

/** One request in the simulator's request log (the shape every simulator logs). */
export type { LoggedRequest as RecordedRequest } from '../http/request-log';
