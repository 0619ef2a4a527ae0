/**
 * `oncall-console serve`: the console headless, its engine behind the web console on
 * 127.0.0.1, against a workspace file or (with --demo) the built-in simulators.
 */
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpHost } from '../server';
import { assertRendererBuilt } from '../server/static-files';
import { parseCommandArgs, parseCount, parsePort } from './args';
import { describeFailure, EXIT, UsageError } from './cli-error';
import { loadWorkspaceFile } from '../host/workspace';
import { checkPagingSecrets } from './paging-platforms';
import type { CliIo } from './cli-io';
import { defaultDataDir, freshDemoDataDir } from '../host/data-dir';
import { waitForShutdownSignal } from './shutdown';
import { USAGE } from './usage';
import { printSimulatorLines } from './simulate-command';
import { readTicketingSecrets } from '../host/ticketing-setup';

/** How long an orderly shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 5_000;

/** True when `work` settles within `ms`. */
async function withinMs(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolveDeadline) => {
    timer = setTimeout(() => resolveDeadline(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The built renderer: <repo>/out/renderer, unless ONCALL_CONSOLE_RENDERER_DIR says otherwise. */
export function rendererDir(env: NodeJS.ProcessEnv): string {
  if (env.ONCALL_CONSOLE_RENDERER_DIR) return resolve(env.ONCALL_CONSOLE_RENDERER_DIR);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'renderer');
}

export async function runServe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', args, {
    demo: { type: 'boolean' },
    port: { type: 'string' },
    workspace: { type: 'string' },
    'data-dir': { type: 'string' },
    'demo-incidents': { type: 'string' },
    'demo-ticketing': { type: 'string' },
    'demo-splunk-on-call': { type: 'boolean' },
    automations: { type: 'boolean' },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`serve: unexpected argument "${positionals[0]}"`);
  const demo = values.demo === true;
  if (!demo && !values.workspace) {
    throw new UsageError('serve: pass --workspace FILE to watch your PagerDuty, or --demo to try the console with simulated incidents.');
  }
  if (demo && values.workspace) throw new UsageError('serve: pass either --workspace or --demo, not both.');
  const port = parsePort(values.port);
  const demoIncidents = parseCount('--demo-incidents', values['demo-incidents']);
  if (demoIncidents !== undefined && !demo) throw new UsageError('serve: --demo-incidents only applies with --demo.');
  const demoTicketing = values['demo-ticketing'];
  if (demoTicketing !== undefined && demoTicketing !== 'servicenow' && demoTicketing !== 'jira-service-management') {
    throw new UsageError('serve: --demo-ticketing must be servicenow or jira-service-management.');
  }
  if (demoTicketing !== undefined && !demo) throw new UsageError('serve: --demo-ticketing only applies with --demo.');
  if (values['demo-splunk-on-call'] && !demo) throw new UsageError('serve: --demo-splunk-on-call only applies with --demo.');

  if (values.workspace) {
    // Check the file and the secrets before starting anything, for a fast, precise error.
    const workspace = loadWorkspaceFile(values.workspace);
    checkPagingSecrets(workspace, io.env);
    if (workspace.ticketing) readTicketingSecrets(workspace.ticketing, io.env);
  }
  const staticDir = rendererDir(io.env);
  assertRendererBuilt(staticDir);

  const temporaryDataDir = demo && !values['data-dir'] ? freshDemoDataDir() : null;
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : (temporaryDataDir ?? defaultDataDir(io.env));
  const removeTemporaryDataDir = () => {
    if (temporaryDataDir) rmSync(temporaryDataDir, { recursive: true, force: true });
  };

  const { startConsoleHost } = await import('../host/console-host');
  let host;
  try {
    host = await startConsoleHost({
      workspaceFile: values.workspace,
      demo,
      dataDir,
      env: io.env,
      demoIncidents,
      demoTicketing,
      demoSplunkOnCall: values['demo-splunk-on-call'] === true,
      automations: values.automations === true ? true : undefined,
      log: io.err,
    });
  } catch (error) {
    removeTemporaryDataDir();
    throw error;
  }
  let http;
  try {
    http = await startHttpHost({ engine: host.engine, port, staticDir, log: io.err });
  } catch (error) {
    await host.close();
    removeTemporaryDataDir();
    throw error;
  }
  host.engine.ready().catch((error: unknown) => io.err(`Warning: the first sync failed: ${describeFailure(error).message}`));

  if (host.simulators) printSimulatorLines(io, host.simulators);
  io.out(`Console: ${http.url}`);
  io.err(`Data directory: ${dataDir}. Press Ctrl-C to stop.`);

  const signal = await waitForShutdownSignal();
  io.err(`${signal}: shutting down.`);
  // Sends and polls in flight are cancelled (what is unsent stays in the outbox for next time); never wait on a stuck one for long.
  const closed = await withinMs(
    SHUTDOWN_DEADLINE_MS,
    (async () => {
      await http.close();
      await host.close();
    })(),
  );
  if (!closed)
    io.err(
      `Stopping took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway (unsent actions stay in the outbox for the next start).`,
    );
  removeTemporaryDataDir();
  return EXIT.ok;
}
