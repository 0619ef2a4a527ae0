/**
 * Self-service pipelines: where a catalogue offering's pipeline lives (a GitHub Actions
 * workflow, a GitLab project's pipeline, a Jenkins job) and what one run of it looks
 * like, whatever the vendor calls its states.
 */
import { z } from 'zod';
import { Timestamp } from './incident';

export const PipelineKind = z.enum(['github-actions', 'gitlab', 'jenkins']);
export type PipelineKind = z.infer<typeof PipelineKind>;

/** The input, variable or parameter that carries the console's request id when a ref names none. */
export const DEFAULT_REQUEST_ID_INPUT: Record<PipelineKind, string> = {
  'github-actions': 'console_request_id',
  gitlab: 'CONSOLE_REQUEST_ID',
  jenkins: 'console_request_id',
};

const name = (what: string, example: string) =>
  z
    .string({ error: `${what} is required (e.g. ${example})` })
    .trim()
    .min(1, `${what} is empty (e.g. ${example})`);
const inputName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a name of letters, digits, "_" or "-" (e.g. console_request_id)')
  .optional();

export const GitHubActionsPipelineRef = z
  .object({
    kind: z.literal('github-actions'),
    owner: name('owner', 'acme'),
    repo: name('repo', 'db-ops'),
    /** The workflow's file name (restore-backup.yml) or numeric id. */
    workflow: name('workflow', 'restore-backup.yml'),
    /** Branch or tag to run the workflow from; default "main". */
    ref: z.string().trim().min(1, 'ref is empty: leave it out for "main"').optional(),
    /**
     * The workflow_dispatch input that carries the console's request id (default
     * console_request_id). The workflow must declare it, and should show it in its
     * `run-name` so the console can find the run again after a crash.
     */
    requestIdInput: inputName,
  })
  .strict();
export type GitHubActionsPipelineRef = z.infer<typeof GitHubActionsPipelineRef>;

export const GitLabPipelineRef = z
  .object({
    kind: z.literal('gitlab'),
    /** The project's full path (network/firewall-as-code) or numeric id. */
    project: name('project', 'network/firewall-as-code'),
    /** Branch or tag; default "main". */
    ref: z.string().trim().min(1, 'ref is empty: leave it out for "main"').optional(),
    /** The pipeline variable that carries the console's request id (default CONSOLE_REQUEST_ID). */
    requestIdInput: inputName,
  })
  .strict();
export type GitLabPipelineRef = z.infer<typeof GitLabPipelineRef>;

export const JenkinsPipelineRef = z
  .object({
    kind: z.literal('jenkins'),
    /** The job's full name; folders separated by "/" (network/dns-change). */
    job: name('job', 'dns-change'),
    /** The build parameter that carries the console's request id (default console_request_id); the job must declare it. */
    requestIdInput: inputName,
  })
  .strict();
export type JenkinsPipelineRef = z.infer<typeof JenkinsPipelineRef>;

export const PipelineRef = z.discriminatedUnion('kind', [GitHubActionsPipelineRef, GitLabPipelineRef, JenkinsPipelineRef], {
  error: 'kind must be "github-actions", "gitlab" or "jenkins"',
});
export type PipelineRef = z.infer<typeof PipelineRef>;

/** The input that carries the request id for this ref. */
export function requestIdInputOf(ref: PipelineRef): string {
  return ref.requestIdInput ?? DEFAULT_REQUEST_ID_INPUT[ref.kind];
}

/** Where a pipeline is, in a few words: "acme/db-ops restore-backup.yml", "Jenkins job dns-change". */
export function describePipeline(ref: PipelineRef): string {
  switch (ref.kind) {
    case 'github-actions':
      return `${ref.owner}/${ref.repo} ${ref.workflow}`;
    case 'gitlab':
      return `GitLab project ${ref.project}`;
    case 'jenkins':
      return `Jenkins job ${ref.job}`;
  }
}

export const PipelineRunStatus = z.enum(['queued', 'in_progress', 'completed']);
export type PipelineRunStatus = z.infer<typeof PipelineRunStatus>;

export const PipelineConclusion = z.enum(['success', 'failure', 'cancelled', 'timed_out']);
export type PipelineConclusion = z.infer<typeof PipelineConclusion>;

export const PipelineRun = z.object({
  /** The vendor's run id: GitHub workflow run id, GitLab pipeline id, Jenkins queue item id (stable before and after the build starts). */
  id: z.string().min(1),
  provider: PipelineKind,
  status: PipelineRunStatus,
  /** Set once completed. */
  conclusion: PipelineConclusion.nullable(),
  /** The vendor's own words for where it stands, e.g. "completed/neutral", "waiting_for_resource", "UNSTABLE". */
  vendorStatus: z.string(),
  /** Link to the run's logs in the vendor's web app. */
  url: z.string(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  /**
   * The inputs the run carries, as the vendor reports them; null when the vendor does not
   * say (GitHub's REST API does not return a run's inputs: keep them from the dispatch).
   */
  inputs: z.record(z.string(), z.string()).nullable(),
});
export type PipelineRun = z.infer<typeof PipelineRun>;

/** True once the run has ended, whatever the outcome. */
export function isRunFinished(run: Pick<PipelineRun, 'status'>): boolean {
  return run.status === 'completed';
}

/**
 * The end of a run's log, for people: the failed job's (GitHub Actions, GitLab; else the
 * last job's) or the build's console (Jenkins), cleaned of colour codes and the vendor's
 * markers, as the pipeline provider read it.
 */
export const PipelineRunLog = z.object({
  runId: z.string().min(1),
  provider: PipelineKind,
  /** Whose log it is, in words: `job "restore-backup" (failure)`, `build #12 (FAILURE)`. */
  source: z.string(),
  /** The last lines, oldest first. */
  lines: z.array(z.string()),
  /** How many lines the whole log has (more than `lines` when its start was left out). */
  totalLines: z.number().int().nonnegative(),
  /** Where the whole log is, in the vendor's web app. */
  url: z.string().nullable(),
});
export type PipelineRunLog = z.infer<typeof PipelineRunLog>;

/** How many lines of a run's log the console shows. */
export const RUN_LOG_TAIL_LINES = 60;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * A log's last `maxLines` lines for people: colour codes gone, a line's carriage-return
 * rewrites reduced to the text written last, each line passed through the vendor's `clean` (null
 * drops it), trailing blank lines dropped.
 */
export function logTail(
  text: string,
  maxLines: number,
  clean: (line: string) => string | null = (line) => line,
): { lines: string[]; totalLines: number } {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    // What a terminal shows last: the last text written after a carriage return.
    const shown =
      raw
        .replace(ANSI, '')
        .split('\r')
        .findLast((part) => part !== '') ?? '';
    const cleaned = clean(shown.trimEnd());
    if (cleaned !== null) lines.push(cleaned);
  }
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return { lines: lines.slice(-maxLines), totalLines: lines.length };
}
