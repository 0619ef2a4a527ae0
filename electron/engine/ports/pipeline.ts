/**
 * The pipeline port: what the engine needs from a CI/CD system (GitHub Actions, GitLab,
 * Jenkins) to run a self-service action and follow it to its end.
 *
 * dispatch is called by the outbox only and is safe to replay after a crash: the
 * idempotency key travels with the run (a workflow input, a pipeline variable, a build
 * parameter, named by requestIdInputOf(ref)), and dispatch first looks for a run that
 * already carries the key. Errors are ProviderErrors (see ports/index.ts) whose messages say
 * what to fix (the workflow name, the refused input, the credentials to check).
 */
import { ProviderError } from './index';
import type { PipelineKind, PipelineRef, PipelineRun, PipelineRunLog } from '../../../shared/domain/pipeline';

export type { PipelineKind, PipelineRef };

export interface PipelineProvider {
  /** The kind of ref this provider runs ("github-actions", "gitlab", "jenkins"). */
  readonly id: PipelineKind;
  /** For people: "GitHub Actions", "GitLab", "Jenkins". */
  readonly label: string;
  /**
   * Starts a run with these inputs plus the idempotency key (added under
   * requestIdInputOf(ref)), unless a run with that key already exists, which is returned
   * instead. Returns the run as it stands (usually queued).
   */
  dispatch(ref: PipelineRef, inputs: Record<string, string>, idempotencyKey: string): Promise<PipelineRun>;
  /** The run as it stands now. Run ids are stable (Jenkins: the queue item id, before and after the build starts). */
  getRun(ref: PipelineRef, runId: string): Promise<PipelineRun>;
  /** The run that carries this idempotency key, among the recent ones, or null. */
  findRunByKey(ref: PipelineRef, idempotencyKey: string): Promise<PipelineRun | null>;
  /**
   * The end of the run's log (at most `maxLines` lines, cleaned for people): the failed
   * job's, else the last job's (GitHub Actions: the run's jobs and the job's log; GitLab:
   * the pipeline's jobs and the job's trace), the build's console (Jenkins). A run with no
   * log yet is a 'rejected' ProviderError with status 404 that says so.
   */
  getRunLog(ref: PipelineRef, runId: string, maxLines: number): Promise<PipelineRunLog>;
}

/** The providers a workspace has configured, by kind. */
export type PipelineProviders = Partial<Record<PipelineKind, PipelineProvider>>;

const LABELS: Record<PipelineKind, string> = { 'github-actions': 'GitHub Actions', gitlab: 'GitLab', jenkins: 'Jenkins' };

/** The provider for a ref, or a 'rejected' ProviderError saying which connection to set up. */
export function pipelineProviderFor(providers: PipelineProviders, ref: PipelineRef): PipelineProvider {
  const provider = providers[ref.kind];
  if (!provider) {
    throw new ProviderError('rejected', `No ${LABELS[ref.kind]} connection is configured: add one to the workspace to run this pipeline`);
  }
  return provider;
}

/** Throws a 'rejected' ProviderError when a provider is handed a ref of another kind (a wiring mistake). */
export function expectRefKind<K extends PipelineKind>(ref: PipelineRef, kind: K): Extract<PipelineRef, { kind: K }> {
  if (ref.kind !== kind) throw new ProviderError('rejected', `The ${LABELS[kind]} provider cannot run a ${ref.kind} pipeline`);
  return ref as Extract<PipelineRef, { kind: K }>;
}

/**
 * The inputs a run is dispatched with: the caller's plus the idempotency key under
 * `keyInput`. A caller input of that name with another value is a catalogue mistake.
 */
export function inputsWithKey(inputs: Record<string, string>, keyInput: string, idempotencyKey: string): Record<string, string> {
  if (idempotencyKey.trim() === '')
    throw new ProviderError('rejected', 'The idempotency key is empty: every dispatch needs the request id');
  const given = inputs[keyInput];
  if (given !== undefined && given !== idempotencyKey) {
    throw new ProviderError(
      'rejected',
      `The input ${keyInput} carries the console's request id: remove it from the catalogue's input mapping`,
    );
  }
  return { ...inputs, [keyInput]: idempotencyKey };
}
