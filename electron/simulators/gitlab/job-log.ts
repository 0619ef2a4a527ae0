/**
 * A pipeline's one job as GitLab's API v4 shows it (`GET /projects/:id/pipelines/:pipeline_id/jobs`,
 * `GET /projects/:id/jobs/:job_id`) and its log as `GET /projects/:id/jobs/:job_id/trace`
 * serves it: plain text with the runner's ANSI colours and collapsible
 * `section_start:<time>:<name>` / `section_end:...` markers, the script's lines after
 * `$ <command>`, and "ERROR: Job failed: exit code 1" when it fails.
 */
import { demoScriptOutput } from '../github/pipeline-simulator-kit';
import { FIRST_PIPELINE_ID, type GitLabState, type SimPipeline } from './state';

/** Each pipeline has one job; its id is this plus the pipeline's place among the pipelines. */
const FIRST_JOB_ID = 8_760_000_001;
export const JOB_NAME = 'apply-rule';
const JOB_STAGE = 'deploy';

const iso = (ms: number) => new Date(ms).toISOString();
const ESC = '\u001b';

function jobIdOf(pipeline: SimPipeline): number {
  return FIRST_JOB_ID + (pipeline.id - FIRST_PIPELINE_ID);
}

export function pipelineIdOfJob(jobId: number): number {
  return jobId - FIRST_JOB_ID + FIRST_PIPELINE_ID;
}

export function serializeJob(state: GitLabState, pipeline: SimPipeline, baseUrl: string): Record<string, unknown> {
  const view = state.view(pipeline);
  const id = jobIdOf(pipeline);
  const duration = view.startedAt !== null ? ((view.finishedAt ?? state.now()) - view.startedAt) / 1000 : null;
  return {
    id,
    name: JOB_NAME,
    stage: JOB_STAGE,
    // One job: its status is the pipeline's.
    status: view.status,
    ref: pipeline.ref,
    tag: false,
    coverage: null,
    allow_failure: false,
    created_at: iso(pipeline.createdAt),
    started_at: view.startedAt !== null ? iso(view.startedAt) : null,
    finished_at: view.finishedAt !== null ? iso(view.finishedAt) : null,
    erased_at: null,
    duration,
    queued_duration: ((view.startedAt ?? state.now()) - pipeline.createdAt) / 1000,
    ...(view.status === 'failed' ? { failure_reason: 'script_failure' } : {}),
    user: { id: 17, username: pipeline.user, name: pipeline.user, state: 'active' },
    commit: { id: pipeline.sha, short_id: pipeline.sha.slice(0, 8), title: 'Update firewall rules', created_at: iso(pipeline.createdAt) },
    pipeline: { id: pipeline.id, project_id: pipeline.project.id, ref: pipeline.ref, sha: pipeline.sha, status: view.status },
    web_url: `${baseUrl}/${pipeline.project.path}/-/jobs/${id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts: [],
    runner:
      view.startedAt !== null ? { id: 12, description: 'shared-runner-1', active: true, is_shared: true, name: 'gitlab-runner' } : null,
    tag_list: ['docker'],
  };
}

/** The job's trace so far; null while no runner has started it (GitLab has no log file then). */
export function jobTrace(state: GitLabState, pipeline: SimPipeline): string | null {
  const view = state.view(pipeline);
  if (view.startedAt === null) return null;
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const start = seconds(view.startedAt);
  const end = seconds(view.finishedAt ?? state.now());
  const progress = pipeline.timing.runningMs > 0 ? (state.now() - view.startedAt) / pipeline.timing.runningMs : 1;
  const outcome =
    view.status === 'success'
      ? 'success'
      : view.status === 'failed'
        ? (pipeline.forced?.conclusion ?? pipeline.outcome)
        : view.status === 'canceled'
          ? 'cancelled'
          : null;
  const section = (name: string, at: number, header: string) =>
    `section_start:${at}:${name}\r${ESC}[0K${ESC}[0K${ESC}[36;1m${header}${ESC}[0;m`;
  const sectionEnd = (name: string, at: number) => `section_end:${at}:${name}\r${ESC}[0K`;
  const variables = Object.fromEntries(
    pipeline.variables.map((variable) => [variable.key, variable.variable_type === 'file' ? '[file]' : variable.value]),
  );
  const lines = [
    `${ESC}[0KRunning with gitlab-runner 17.11.0 (0f67ff19)${ESC}[0;m`,
    `${ESC}[0K  on shared-runner-1 t3_Fq9xk, system ID: s_0e6850b2bce1${ESC}[0;m`,
    section('prepare_executor', start, 'Preparing the "docker" executor'),
    `${ESC}[0KUsing Docker executor with image alpine:3.20 ...${ESC}[0;m`,
    `${ESC}[0KPulling docker image alpine:3.20 ...${ESC}[0;m`,
    `${ESC}[0KUsing docker image sha256:91ef0af61f39 for alpine:3.20 ...${ESC}[0;m`,
    sectionEnd('prepare_executor', start + 1),
    section('prepare_script', start + 1, 'Preparing environment'),
    'Running on runner-t3fq9xk-project-4201-concurrent-0 via shared-runner-1...',
    sectionEnd('prepare_script', start + 2),
    section('get_sources', start + 2, 'Getting source from Git repository'),
    `${ESC}[32;1mFetching changes with git depth set to 20...${ESC}[0;m`,
    `Initialized empty Git repository in /builds/${pipeline.project.path}/.git/`,
    `${ESC}[32;1mCreated fresh repository.${ESC}[0;m`,
    `${ESC}[32;1mChecking out ${pipeline.sha.slice(0, 8)} as detached HEAD (ref is ${pipeline.ref})...${ESC}[0;m`,
    '',
    `${ESC}[32;1mSkipping Git submodules setup${ESC}[0;m`,
    sectionEnd('get_sources', start + 3),
    section('step_script', start + 3, 'Executing "step_script" stage of the job script'),
    `${ESC}[0KUsing docker image sha256:91ef0af61f39 for alpine:3.20 ...${ESC}[0;m`,
    `${ESC}[32;1m$ ./apply-rule.sh${ESC}[0;m`,
    ...demoScriptOutput(`Apply a firewall rule from ${pipeline.project.path}`, variables, outcome, progress),
  ];
  if (outcome === null) return `${lines.join('\n')}\n`;
  lines.push(sectionEnd('step_script', end));
  if (outcome === 'success') {
    lines.push(
      section('cleanup_file_variables', end, 'Cleaning up project directory and file based variables'),
      sectionEnd('cleanup_file_variables', end),
      '',
      `${ESC}[32;1mJob succeeded${ESC}[0;m`,
    );
  } else if (outcome === 'cancelled') {
    lines.push(`${ESC}[31;1mERROR: Job failed: canceled${ESC}[0;m`);
  } else if (outcome === 'timed_out') {
    lines.push(`${ESC}[31;1mERROR: Job failed: execution took longer than 1h0m0s seconds${ESC}[0;m`);
  } else {
    lines.push(
      section('cleanup_file_variables', end, 'Cleaning up project directory and file based variables'),
      sectionEnd('cleanup_file_variables', end),
      '',
      `${ESC}[31;1mERROR: Job failed: exit code 1${ESC}[0;m`,
    );
  }
  return `${lines.join('\n')}\n`;
}
