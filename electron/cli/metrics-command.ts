/**
 * `oncall-console metrics`: time to acknowledge and time to resolve per service and per
 * team over the last 7 and/or 30 days, from every paging platform's records, as a table or
 * as JSON. The same engine request (getResponseMetrics) as the console's metrics view.
 */
import { resolve } from 'node:path';
import type { ResponseMetrics } from '../../shared/rules/response-metrics';
import { RESPONSE_METRICS_WINDOWS, type ResponseMetricsWindow } from '../engine/response-metrics';
import { defaultDataDir } from '../host/data-dir';
import { loadWorkspaceFile } from '../host/workspace';
import { parseCommandArgs } from './args';
import { EXIT, UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { formatMetricsTables } from './metrics-table';
import { checkPagingSecrets } from './paging-platforms';
import { USAGE } from './usage';

/** The windows --days asks for: one of 7 and 30, or both (the default). */
export function parseWindows(days: string | undefined): ResponseMetricsWindow[] {
  if (days === undefined) return [...RESPONSE_METRICS_WINDOWS];
  const window = RESPONSE_METRICS_WINDOWS.find((each) => String(each) === days.trim());
  if (window === undefined) throw new UsageError(`metrics: --days must be ${RESPONSE_METRICS_WINDOWS.join(' or ')} (got "${days}")`);
  return [window];
}

export async function runMetrics(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('metrics', args, {
    json: { type: 'boolean' },
    days: { type: 'string' },
    workspace: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`metrics: unexpected argument "${positionals[0]}"`);
  const windows = parseWindows(values.days);
  if (!values.workspace) throw new UsageError('metrics: pass --workspace FILE (the workspace to report on).');
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir(io.env);

  // Check the file and the secrets before starting anything, for a fast, precise error.
  checkPagingSecrets(loadWorkspaceFile(values.workspace), io.env);
  const { startConsoleHost } = await import('../host/console-host');
  const log = io.env.ONCALL_DEBUG === '1' ? io.err : () => {};
  const host = await startConsoleHost({ workspaceFile: values.workspace, demo: false, dataDir, env: io.env, log });
  try {
    const results: ResponseMetrics[] = [];
    // One read of every paging platform serves every window (the engine keeps it for a while).
    for (const windowDays of windows) results.push(await host.engine.getResponseMetrics({ windowDays }));
    if (values.json) io.out(JSON.stringify(results, null, 2));
    else for (const line of formatMetricsTables(results)) io.out(line);
    return EXIT.ok;
  } finally {
    await host.close();
  }
}
