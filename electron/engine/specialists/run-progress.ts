/**
 * What a pipeline run's latest status means for its request: dispatched -> running when
 * the run starts, running -> succeeded or failed when it ends (a cancelled or timed-out
 * run is a failure the requester can retry), each with an entry in the history that says
 * which run and where its logs are.
 */
import type { PipelineRun } from '../../../shared/domain/pipeline';
import { nextState } from '../../../shared/rules/request-lifecycle';
import type { StoredRequest } from './request-record';

/** How the run ended, if this update ended it. */
export type RunEnding = 'succeeded' | 'failed' | null;

/**
 * Applies `run` (the latest of the request's runs) to the request in place. Its history
 * entries are keyed by the run and what happened to it, so two consoles that both follow
 * the run keep one entry each when their notes are merged.
 */
export function applyRun(request: StoredRequest, run: PipelineRun, now: number): RunEnding {
  const stored = request.runs.find((candidate) => candidate.run?.id === run.id);
  if (stored) stored.run = { ...run, inputs: run.inputs ?? stored.run?.inputs ?? stored.inputs };
  const label = stored ? `Run ${stored.number} (${run.provider} ${run.id})` : `Run ${run.provider} ${run.id}`;
  if (request.state === 'dispatched' && run.status !== 'queued') {
    request.state = nextState(request.kind, request.state, 'run-started');
    request.history.push({
      at: now,
      actor: null,
      summary: `${label} is running: ${run.url}`,
      state: request.state,
      key: `run:${run.provider}:${run.id}:running`,
    });
  }
  if (run.status !== 'completed' || (request.state !== 'dispatched' && request.state !== 'running')) return null;
  if (run.conclusion === 'success') {
    request.state = nextState(request.kind, request.state, 'run-succeeded');
    request.lastError = null;
    request.history.push({
      at: now,
      actor: null,
      summary: `${label} succeeded: ${run.url}`,
      state: request.state,
      key: `run:${run.provider}:${run.id}:ended`,
    });
    return 'succeeded';
  }
  request.state = nextState(request.kind, request.state, 'run-failed');
  request.lastError = `${label} ended ${run.conclusion ?? run.vendorStatus}: see its logs at ${run.url}`;
  request.history.push({
    at: now,
    actor: null,
    summary: `${label} ended ${run.conclusion ?? run.vendorStatus} (${run.vendorStatus}): ${run.url}`,
    state: request.state,
    key: `run:${run.provider}:${run.id}:ended`,
  });
  return 'failed';
}
