/**
 * Runs a bench script in its own Node process (with --expose-gc, through tsx) so that
 * only what that process does is measured (the memory of the engine, not of the simulators
 * the bench runs), and resolves with the one result it sends back over IPC.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** `what` names the process in errors ("the engine process"); its output is quoted when it fails. */
export function runMeasuringChild<T>(script: string, args: readonly string[], what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [...args], {
      cwd: repoRoot,
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    let result: T | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${timeoutMs / 1000} s:\n${output.join('')}`));
    }, timeoutMs);
    child.on('message', (message) => {
      result = message as T;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${what} exited with code ${code}:\n${output.join('').trim()}`));
    });
  });
}
