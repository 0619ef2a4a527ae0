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

const GlJob = z.object({
  id: z.number().int(),
  name: z.string(),
  stage: z.string().nullish(),
  status: z.string(),
  web_url: z.string().nullish(),
  failure_reason: z.string().nullish(),
});
type GlJob = z.infer<typeof GlJob>;

export const GlJobList = z.array(GlJob);

/** A job's trace: plain text. */
export const GlTrace = z.string({ error: 'expected the job log as plain text' });

const SECTION = /section_(?:start|end):\d+:[A-Za-z0-9_.-]+(?:\[[^\]]*\])?/g;

/** One line of a GitLab job trace for people: the collapsible section markers dropped (colours go before). */
export function cleanTraceLine(line: string): string | null {
  const text = line.replace(SECTION, '');
  // A line that was only a section's end marker says nothing.
  return text.trim() === '' && line.trim() !== '' ? null : text;
}
