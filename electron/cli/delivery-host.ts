/**
 * The console host the `audit` and `delivery` commands report from: the workspace file's
 * (or, with --demo, the built-in simulators' demo organisation), started with the delivery
 * sync reading everything new since the data directory's cursors, including what every
 * production version brought, before the report is made.
 */
import { resolve } from 'node:path';
import { defaultDataDir, freshDemoDataDir } from '../host/data-dir';
import type { ConsoleHost } from '../host/types';
import { loadWorkspaceFile } from '../host/workspace';
import { UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { checkPagingSecrets } from './paging-platforms';

export interface ReportingHostFlags {
  workspace?: string;
  demo?: boolean;
  'data-dir'?: string;
}

/** Starts the host and waits for the first reads of the paging platform and the delivery sources. */
export async function startReportingHost(command: string, flags: ReportingHostFlags, io: CliIo): Promise<ConsoleHost> {
  const demo = flags.demo === true;
  if (!demo && !flags.workspace) throw new UsageError(`${command}: pass --workspace FILE (the workspace to report on), or --demo.`);
  if (demo && flags.workspace) throw new UsageError(`${command}: pass either --workspace or --demo, not both.`);
  const dataDir = flags['data-dir'] ? resolve(flags['data-dir']) : demo ? freshDemoDataDir() : defaultDataDir(io.env);
  if (flags.workspace) {
    // Check the file and the secrets before starting anything, for a fast, precise error.
    const workspace = loadWorkspaceFile(flags.workspace);
    if (!workspace.delivery)
      throw new UsageError(
        `${command}: the workspace ${flags.workspace} has no \`delivery:\` section: map each service to its repository and environments (see examples/workspace.yaml)`,
      );
    checkPagingSecrets(workspace, io.env);
  }
  const { startConsoleHost } = await import('../host/console-host');
  const log = io.env.ONCALL_DEBUG === '1' ? io.err : () => {};
  const host = await startConsoleHost({
    workspaceFile: flags.workspace,
    demo,
    dataDir,
    env: io.env,
    log,
    deliveryCatchUp: true,
    ...(demo ? { demoNewIncidentEveryMs: 0, automations: false } : {}),
  });
  try {
    // The first reads (started with the host) are the report's: the paging platform's, and every delivery source's from its cursor.
    await host.engine.ready();
    await host.engine.deliveryRead?.();
    return host;
  } catch (error) {
    await host.close();
    throw error;
  }
}
