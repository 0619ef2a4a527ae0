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

export const GhDispatchDetails = z.object({ workflow_run_id: z.number().int(), run_url: z.string(), html_url: z.string() });

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
