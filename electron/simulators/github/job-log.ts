/**
 * A workflow run's one job as GitHub's REST API shows it (`GET .../actions/runs/{run_id}/jobs`,
 * `GET .../actions/jobs/{job_id}`) and the job's log as GitHub serves it (plain text, each
 * line prefixed with its UTC time to the 100 ns, `##[group]` / `##[endgroup]` around a
 * step's header, `##[error]` for an error): the runner's set-up, the checkout, the
 * workflow's script (pipeline-simulator-kit.ts demoScriptOutput) and the clean-up.
 */
import { demoScriptOutput } from './pipeline-simulator-kit';
import { ownStepsOf, type GitHubActionsState, type RunView, type SimRun } from './state';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** GitHub's log time: 2026-01-06T14:02:11.1234567Z. */
function logTime(ms: number, line: number): string {
  const base = new Date(Math.floor(ms)).toISOString().slice(0, 19);
  const fraction = String(((Math.floor(ms) % 1000) * 10_000 + line * 37) % 10_000_000).padStart(7, '0');
  return `${base}.${fraction}Z`;
}

function jobNameOf(run: SimRun): string {
  return run.workflow.job ?? run.workflow.file.replace(/\.ya?ml$/, '');
}

const scriptOf = (run: SimRun) => `./scripts/${jobNameOf(run)}.sh`;

/** How many of the job's own steps are done: as its driver marked them, or (a run the clock moves) all once it succeeded. */
function ownStepsDone(run: SimRun, view: RunView, count: number): number {
  if (run.driven) return run.driven.stepsDone.length;
  return view.conclusion === 'success' ? count : 0;
}

/**
 * The job's steps as GitHub lists them, with where each stands: the runner's set-up and
 * checkout, the job's own steps (done, running, then queued; once the run ended, the first
 * step not done carries a failure and the rest are skipped), the checkout's clean-up and
 * the job's completion.
 */
function stepsOf(run: SimRun, view: RunView): Record<string, unknown>[] {
  const own = ownStepsOf(run);
  const names = ['Set up job', 'Run actions/checkout@v4', ...own, 'Post Run actions/checkout@v4', 'Complete job'];
  const done = ownStepsDone(run, view, own.length);
  const failed = view.conclusion !== null && view.conclusion !== 'success';
  const started = view.startedAt;
  return names.map((name, index) => {
    const ownIndex = index - 2;
    const isOwn = ownIndex >= 0 && ownIndex < own.length;
    let status: string = 'queued';
    let conclusion: string | null = null;
    if (view.status === 'completed') {
      status = 'completed';
      if (!isOwn) conclusion = ownIndex === own.length && failed ? 'skipped' : 'success';
      else if (ownIndex < done) conclusion = 'success';
      else conclusion = ownIndex === done && failed ? view.conclusion : 'skipped';
    } else if (view.status === 'in_progress') {
      if (ownIndex < 0 || (isOwn && ownIndex < done)) {
        status = 'completed';
        conclusion = 'success';
      } else if (isOwn && ownIndex === done) status = 'in_progress';
    }
    const marked = isOwn ? run.driven?.stepsDone[ownIndex] : undefined;
    const markedBefore = isOwn && ownIndex > 0 ? run.driven?.stepsDone[ownIndex - 1] : undefined;
    return {
      name,
      status,
      conclusion,
      number: index + 1,
      started_at: started !== null && status !== 'queued' ? iso(marked ? (markedBefore?.at ?? started) : started + index * 1000) : null,
      completed_at:
        status === 'completed' ? iso(marked?.at ?? (view.finishedAt ?? started ?? run.createdAt) - (names.length - 1 - index) * 200) : null,
    };
  });
}

/** The job as the REST API shows it. */
export function serializeJob(state: GitHubActionsState, run: SimRun, baseUrl: string): Record<string, unknown> {
  const view = state.view(run);
  const repo = run.repository;
  const id = state.jobIdOf(run);
  const api = `${baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    id,
    run_id: run.id,
    workflow_name: run.workflow.name,
    head_branch: run.headBranch,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: 1,
    node_id: `CR_${id}`,
    head_sha: run.headSha,
    url: `${api}/actions/jobs/${id}`,
    html_url: `${baseUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}/job/${id}`,
    status: view.status,
    conclusion: view.conclusion,
    created_at: iso(run.createdAt),
    started_at: iso(view.startedAt ?? run.createdAt),
    completed_at: view.finishedAt !== null ? iso(view.finishedAt) : null,
    name: jobNameOf(run),
    steps: stepsOf(run, view),
    check_run_url: `${api}/check-runs/${id}`,
    labels: ['ubuntu-latest'],
    runner_id: view.startedAt !== null ? 2 : null,
    runner_name: view.startedAt !== null ? 'GitHub Actions 2' : null,
    runner_group_id: view.startedAt !== null ? 2 : null,
    runner_group_name: view.startedAt !== null ? 'GitHub Actions' : null,
  };
}

/** A driven run's steps in its log: each step done and what it printed, then the step it stopped at and why. */
function drivenStepsLog(run: SimRun, driven: NonNullable<SimRun['driven']>, view: RunView): string[] {
  const lines = driven.stepsDone.flatMap((step) => [`##[group]Run ${step.name}`, '##[endgroup]', ...step.output]);
  const stoppedAt = ownStepsOf(run)[driven.stepsDone.length];
  const failed = view.conclusion !== null && view.conclusion !== 'success';
  if (failed && stoppedAt) lines.push(`##[group]Run ${stoppedAt}`, '##[endgroup]');
  return [...lines, ...driven.lastWords];
}

/** The job's log so far; null before a runner picked the job up (GitHub has none to serve then). */
export function jobLogText(state: GitHubActionsState, run: SimRun): string | null {
  const view = state.view(run);
  if (view.startedAt === null) return null;
  const start = view.startedAt;
  const end = view.finishedAt ?? state.now();
  const progress = run.timing.runningMs > 0 && Number.isFinite(run.timing.runningMs) ? (state.now() - start) / run.timing.runningMs : 1;
  const repo = `${run.repository.owner}/${run.repository.name}`;
  const inputs = Object.entries(run.inputs);
  const body = [
    "Current runner version: '2.321.0'",
    '##[group]Operating System',
    'Ubuntu',
    '24.04.1',
    'LTS',
    '##[endgroup]',
    '##[group]Runner Image',
    'Image: ubuntu-24.04',
    'Version: 20250105.1.0',
    '##[endgroup]',
    '##[group]GITHUB_TOKEN Permissions',
    'Actions: read',
    'Contents: read',
    'Metadata: read',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    "Download action repository 'actions/checkout@v4' (SHA:11bd71901bbe5b1630ceea73d27597364c9af683)",
    `Complete job name: ${jobNameOf(run)}`,
    '##[group]Run actions/checkout@v4',
    'with:',
    `  repository: ${repo}`,
    `  ref: ${run.headBranch}`,
    '##[endgroup]',
    `Syncing repository: ${repo}`,
    '##[group]Getting Git version info',
    'git version 2.47.1',
    '##[endgroup]',
    run.driven
      ? `HEAD is now at ${run.headSha.slice(0, 7)} ${run.displayTitle}`
      : `HEAD is now at ${run.headSha.slice(0, 7)} Merge pull request #212 from ${run.repository.owner}/runbook-update`,
    ...(run.driven
      ? drivenStepsLog(run, run.driven, view)
      : [
          `##[group]Run ${scriptOf(run)}`,
          scriptOf(run),
          'shell: /usr/bin/bash -e {0}',
          'env:',
          ...inputs.map(([name, value]) => `  INPUT_${name.toUpperCase()}: ${value}`),
          '##[endgroup]',
          ...demoScriptOutput(run.workflow.name, run.inputs, view.conclusion, progress),
        ]),
  ];
  if (view.conclusion === 'failure') body.push('##[error]Process completed with exit code 1.');
  if (view.conclusion === 'timed_out')
    body.push('##[error]The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 360 minutes.');
  if (view.conclusion === 'cancelled') body.push('##[error]The operation was canceled.');
  if (view.status === 'completed') body.push('Post job cleanup.', 'Cleaning up orphan processes');
  const step = body.length > 1 ? (end - start) / (body.length - 1) : 0;
  return `${body.map((line, index) => `${logTime(start + index * step, index)} ${line}`).join('\n')}\n`;
}
