/**
 * A build's console output as Jenkins keeps it (`GET /job/<name>/<number>/consoleText`,
 * plain text): who started it, the workspace, the shell step's command traced with `+`,
 * the script's own lines (pipeline-simulator-kit.ts demoScriptOutput), and the
 * `Finished: <RESULT>` line once it ends. Password parameters are never printed.
 */
import { demoScriptOutput } from '../github/pipeline-simulator-kit';
import type { RunConclusion } from './types';
import type { JenkinsState, SimQueueItem } from './state';

const RESULT_OUTCOME: Record<string, RunConclusion> = {
  SUCCESS: 'success',
  FAILURE: 'failure',
  ABORTED: 'cancelled',
  UNSTABLE: 'failure',
  NOT_BUILT: 'cancelled',
};

/** The console so far; null for an item still waiting in the queue or cancelled there (no build, no console). */
export function consoleText(state: JenkinsState, item: SimQueueItem): string | null {
  const view = state.view(item);
  if (view.phase === 'waiting' || view.phase === 'cancelled') return null;
  const shortName = item.job.fullName.split('/').pop() ?? item.job.fullName;
  const parameters = Object.fromEntries(
    item.parameters.map((parameter) => [parameter.name, parameter.type === 'password' ? '****' : parameter.value]),
  );
  const outcome = view.phase === 'done' ? (RESULT_OUTCOME[view.result] ?? 'failure') : null;
  const progress = item.timing.runningMs > 0 ? (state.now() - view.startedAt) / item.timing.runningMs : 1;
  const lines = [
    `Started by user ${item.user}`,
    'Running as SYSTEM',
    `Building in workspace /var/jenkins_home/workspace/${item.job.fullName}`,
    `[${shortName}] $ /bin/sh -xe /tmp/jenkins${String(item.id).padStart(19, '7')}.sh`,
    `+ ./${shortName}.sh`,
    ...demoScriptOutput(item.job.description ?? item.job.fullName, parameters, outcome, progress),
  ];
  if (view.phase === 'done') {
    if (view.result === 'FAILURE') lines.push("Build step 'Execute shell' marked build as failure");
    if (view.result === 'ABORTED') lines.push('Build was aborted', `Aborted by ${item.user}`);
    lines.push(`Finished: ${view.result}`);
  }
  return `${lines.join('\n')}\n`;
}
