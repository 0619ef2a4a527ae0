/**
 * Runs `node bin/oncall-console.mjs ...` as a child process for the CLI's integration
 * tests: collects stdout and stderr, waits for lines, and always kills what it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '../../support/wait-for';

const REPO = resolve(__dirname, '../../..');
const BIN = resolve(REPO, 'bin/oncall-console.mjs');

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching the pattern. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (call in afterEach). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: () => child.kill('SIGKILL'),
    async waitForLine(pattern, timeoutMs = 15_000) {
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      const output = () => `stdout: ${out}\nstderr: ${err}`;
      const line = await waitFor(
        `a stdout line matching ${pattern}`,
        () => {
          const line = out.split('\n').find((candidate) => pattern.test(candidate));
          if (line === undefined && exitedEarly) throw new Error(`the CLI exited before printing a line matching ${pattern}\n${output()}`);
          return line;
        },
        // The process is gone: no line is coming, so the error above ends the wait.
        { until: (line) => line !== undefined, retryOn: () => false, timeoutMs, describe: output },
      );
      return line!;
    },
  };
}

/** Runs the CLI to completion (bounded) and returns its exit code and output. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, env);
  const timer = setTimeout(() => cli.kill(), timeoutMs);
  const { code } = await cli.exited;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** An environment for the child: no inherited paging secrets, state and temp in the test's folder. */
export function childEnv(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_STATE_HOME: resolve(root, 'state'), TMPDIR: root, ...extra };
  for (const name of ['PAGERDUTY_TOKEN', 'PAGERDUTY_FROM', 'SPLUNK_ONCALL_API_ID', 'SPLUNK_ONCALL_API_KEY', 'SPLUNK_ONCALL_USER'])
    if (!(name in extra)) delete env[name];
  delete env.ONCALL_DEBUG;
  delete env.NODE_OPTIONS;
  return env;
}
