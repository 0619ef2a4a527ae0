/**
 * GitLab's pipeline (as API v4 sends it) into the console's PipelineRun, and the zod
 * schemas of the responses the provider reads.
 */
import { z } from 'zod';
import type { PipelineConclusion, PipelineRun, PipelineRunStatus } from '../../../shared/domain/pipeline';

export const GlPipeline = z.object({
  id: z.number().int(),
  status: z.string(),
  ref: z.string().nullish(),
  web_url: z.string(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
});
export type GlPipeline = z.infer<typeof GlPipeline>;

export const GlPipelineList = z.array(GlPipeline);

export const GlVariables = z.array(z.object({ key: z.string(), value: z.string().nullable(), variable_type: z.string().optional() }));

const QUEUED = new Set(['created', 'waiting_for_resource', 'preparing', 'pending', 'scheduled', 'manual', 'waiting_for_callback']);
const FINISHED: Record<string, PipelineConclusion> = { success: 'success', failed: 'failure', canceled: 'cancelled', skipped: 'cancelled' };

export function stageOf(status: string): PipelineRunStatus {
  if (status in FINISHED) return 'completed';
  if (QUEUED.has(status)) return 'queued';
  return 'in_progress';
}

export function mapPipeline(pipeline: GlPipeline, inputs: Record<string, string> | null): PipelineRun {
  const status = stageOf(pipeline.status);
  return {
    id: String(pipeline.id),
    provider: 'gitlab',
    status,
    conclusion: status === 'completed' ? (FINISHED[pipeline.status] ?? 'failure') : null,
    vendorStatus: pipeline.status,
    url: pipeline.web_url,
    startedAt: status === 'queued' ? null : (pipeline.started_at ?? pipeline.created_at ?? null),
    finishedAt: status === 'completed' ? (pipeline.finished_at ?? pipeline.updated_at ?? null) : null,
    inputs,
  };
}

export function variablesToInputs(variables: z.infer<typeof GlVariables>): Record<string, string> {
  return Object.fromEntries(variables.map((variable) => [variable.key, variable.value ?? '']));
}
