/**
 * GitHub's workflow run (as the REST API sends it) into the console's PipelineRun, and
 * the zod schemas of the few responses the provider reads.
 */
import { z } from 'zod';
import type { PipelineConclusion, PipelineRun, PipelineRunStatus } from '../../../shared/domain/pipeline';

export const GhWorkflowRun = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  display_title: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().nullish(),
  head_branch: z.string().nullable(),
});
export type GhWorkflowRun = z.infer<typeof GhWorkflowRun>;

export const GhWorkflowRunList = z.object({ total_count: z.number().int(), workflow_runs: z.array(GhWorkflowRun) });

const GhDispatchDetails = z.object({ workflow_run_id: z.number().int(), run_url: z.string(), html_url: z.string() });

/** A dispatch answer: 200 with run details, or 204 (no body) where return_run_details is not supported. */
export const GhDispatchAnswer = GhDispatchDetails.or(z.undefined());

/** GitHub's run status in the console's three stages: requested, waiting, pending and queued are all "queued". */
export function stageOf(status: string | null): PipelineRunStatus {
  if (status === 'completed') return 'completed';
  if (status === 'in_progress') return 'in_progress';
  return 'queued';
}

/** GitHub's conclusions in the console's four: neutral counts as success, skipped and stale as cancelled. */
export function conclusionOf(conclusion: string | null): PipelineConclusion {
  switch (conclusion) {
    case 'success':
    case 'neutral':
      return 'success';
    case 'cancelled':
    case 'skipped':
    case 'stale':
      return 'cancelled';
    case 'timed_out':
      return 'timed_out';
    default:
      return 'failure';
  }
}

export function mapWorkflowRun(run: GhWorkflowRun, inputs: Record<string, string> | null = null): PipelineRun {
  const status = stageOf(run.status);
  return {
    id: String(run.id),
    provider: 'github-actions',
    status,
    conclusion: status === 'completed' ? conclusionOf(run.conclusion) : null,
    vendorStatus: status === 'completed' ? `completed/${run.conclusion ?? 'unknown'}` : (run.status ?? 'unknown'),
    url: run.html_url,
    startedAt: status === 'queued' ? null : (run.run_started_at ?? run.created_at),
    finishedAt: status === 'completed' ? run.updated_at : null,
    inputs,
  };
}

export const GhJob = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  html_url: z.string().nullable(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
});
export type GhJob = z.infer<typeof GhJob>;

export const GhJobList = z.object({ total_count: z.number().int(), jobs: z.array(GhJob) });

/** A job's log, as the download link serves it: plain text. */
export const GhJobLog = z.string({ error: 'expected the job log as plain text' });

const FAILED = ['failure', 'timed_out', 'cancelled', 'action_required'];

/** The job whose log explains the run: the first that failed (then timed out, was cancelled), else the last one. */
export function jobToShow(jobs: readonly GhJob[]): GhJob | null {
  for (const conclusion of FAILED) {
    const job = jobs.find((candidate) => candidate.conclusion === conclusion);
    if (job) return job;
  }
  return jobs.at(-1) ?? null;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;
const MARKERS: Record<string, string | null> = {
  group: '',
  endgroup: null,
  error: 'Error: ',
  warning: 'Warning: ',
  notice: 'Notice: ',
  debug: null,
  command: '',
};

/**
 * One line of a GitHub Actions job log for people: its time prefix dropped, `##[group]`
 * headers kept as text, `##[endgroup]` and debug lines dropped, errors and warnings said.
 */
export function cleanJobLogLine(line: string): string | null {
  const text = line.replace(/^\uFEFF/, '').replace(TIMESTAMP, '');
  const marker = /^##\[(\w+)\]/.exec(text);
  if (!marker) return text;
  const prefix = MARKERS[marker[1]!.toLowerCase()];
  if (prefix === undefined) return text;
  return prefix === null ? null : `${prefix}${text.slice(marker[0].length)}`;
}

/** A deployment status as GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses lists it (the fields read). */
const GhDeploymentStatus = z.object({ id: z.number().int(), state: z.string(), created_at: z.string() });

export const GhDeploymentStatusList = z.array(GhDeploymentStatus);

/**
 * Where a deployment stands, by its latest status: success has ended well, failure and
 * error badly; queued, pending (or no status yet) and in_progress have not ended. GitHub
 * marks a successful deployment inactive once a newer one to the same environment
 * succeeds: it ended well, so an inactive status after a success reads as that success
 * (a deployment only ever inactive has no result). GitHub's docs do not say in which order
 * the statuses are listed: the latest is the one created last (the highest id among equal times).
 */
export function deploymentOutcome(
  statuses: readonly z.infer<typeof GhDeploymentStatus>[],
): Pick<PipelineRun, 'status' | 'conclusion' | 'vendorStatus'> {
  const newestFirst = [...statuses].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const latest = newestFirst.find((status) => status.state !== 'inactive') ?? newestFirst[0] ?? null;
  const state = latest?.state ?? null;
  const superseded = newestFirst[0]?.state === 'inactive' && state !== 'inactive';
  if (state === 'success')
    return { status: 'completed', conclusion: 'success', vendorStatus: superseded ? 'success (inactive since)' : state };
  if (state === 'failure' || state === 'error') return { status: 'completed', conclusion: 'failure', vendorStatus: state };
  if (state === null) return { status: 'queued', conclusion: null, vendorStatus: 'pending (no status yet)' };
  return { status: state === 'queued' || state === 'pending' ? 'queued' : 'in_progress', conclusion: null, vendorStatus: state };
}
