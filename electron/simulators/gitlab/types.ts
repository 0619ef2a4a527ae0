/**
 * The GitLab simulator's vocabulary: its options, the projects it holds (with what
 * their .gitlab-ci.yml rules need), the pipelines it creates and its request log.
 */
import type { RunConclusion, RunTiming } from '../github/types';

export type { RecordedRequest, RunTiming, RunConclusion } from '../github/types';

export interface ProjectDefinition {
  id: number;
  /** The full path, e.g. network/firewall-as-code. */
  path: string;
  name: string;
  /** Branches and tags; default ["main"]. */
  refs?: string[];
  /**
   * False when the project's "Minimum role to use pipeline variables" is above ours (or
   * "no one allowed"): a pipeline with variables is refused with 400. Default true.
   */
  allowPipelineVariables?: boolean;
  /**
   * Variables the project's CI rules need (`rules: - if: $X`): without them no job is
   * added and GitLab refuses the pipeline with 400. Default none.
   */
  requiredVariables?: string[];
}

export interface SimulatorToken {
  token: string;
  username: string;
}

export interface GitLabSimulatorOptions {
  port?: number;
  /** Default the demo project network/firewall-as-code. */
  projects?: ProjectDefinition[];
  /** When set, only these tokens are accepted (others get 401); otherwise any token acts as `oncall-console-bot`. */
  validTokens?: SimulatorToken[];
  timing?: Partial<RunTiming>;
  now?: () => number;
}

/** GitLab's pipeline statuses (the ones the simulator goes through). */
export type PipelineStatus = 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled';

export type ConclusionToStatus = Record<RunConclusion, PipelineStatus>;
