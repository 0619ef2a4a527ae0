/**
 * The `oncall-console` command: dispatches to serve, simulate, incidents, metrics, delivery,
 * audit and change, and turns
 * any failure into one clear line on stderr and an exit code (stack traces only with
 * ONCALL_DEBUG=1). Command modules load lazily so `--help` starts fast.
 */
import { describeFailure, EXIT, UsageError } from './cli-error';
import { processIo, type CliIo } from './cli-io';
import { USAGE } from './usage';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command')).runServe,
  simulate: async () => (await import('./simulate-command')).runSimulate,
  incidents: async () => (await import('./incidents-command')).runIncidents,
  metrics: async () => (await import('./metrics-command')).runMetrics,
  delivery: async () => (await import('./delivery-command')).runDelivery,
  audit: async () => (await import('./audit-command')).runAudit,
  change: async () => {
    const { runChange } = await import('./change-command');
    const { connectChanges } = await import('../host/change-setup');
    return (args, io) =>
      runChange(args, io, async (workspacePath) => {
        if (!workspacePath) throw new UsageError('change: pass --workspace FILE (the workspace whose change system to use).');
        return {
          ...connectChanges(workspacePath, io.env),
          now: () => Date.now(),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        };
      });
  },
};

/** Runs the CLI with the given arguments (without node and the script); resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined) throw new UsageError('Say which command to run.');
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return EXIT.ok;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`Unknown command "${command}".`);
    return await (
      await load()
    )(args, io);
  } catch (error) {
    const { message, exitCode } = describeFailure(error);
    io.err(message);
    if (io.env.ONCALL_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack);
    return exitCode;
  }
}
