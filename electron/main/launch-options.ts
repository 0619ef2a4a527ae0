/**
 * Which workspace the desktop app opens: the file named by `--workspace FILE` (or
 * `--workspace=FILE`) on the command line, else by the ONCALL_WORKSPACE environment
 * variable, else the built-in demo workspace backed by the simulators.
 */
import { resolve } from 'node:path';

export interface LaunchOptions {
  /** Absolute path of the workspace file; absent in demo mode. */
  workspaceFile?: string;
  demo: boolean;
}

/** Reads the launch options; throws an Error saying what to fix when `--workspace` has no file. */
export function resolveLaunchOptions(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): LaunchOptions {
  const file = workspaceArgument(argv) ?? (env.ONCALL_WORKSPACE?.trim() || undefined);
  return file ? { workspaceFile: resolve(cwd, file), demo: false } : { demo: true };
}

function workspaceArgument(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg.startsWith('--workspace=')) return requireFile(arg.slice('--workspace='.length));
    if (arg === '--workspace') return requireFile(argv[index + 1]);
  }
  return undefined;
}

function requireFile(value: string | undefined): string {
  const file = value?.trim();
  if (!file || file.startsWith('--')) {
    throw new Error('--workspace needs a file, e.g. `--workspace ./workspace.yaml`; leave it out to open the demo workspace.');
  }
  return file;
}
