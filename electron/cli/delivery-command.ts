/**
 * `oncall-console delivery [--team T] [--days 7|30|90] [--json]`: the delivery metrics
 * (deployment frequency, lead time, change failure rate, failed deployment recovery time,
 * each with its DORA band) per service and per team, split by change type, from the
 * workspace's delivery sources: the same engine request (getDeliveryMetrics) as the
 * console's Delivery metrics page. Without --json, a table per subject kind.
 */
import type { RequestOutput } from '../../shared/contract';
import { parseCommandArgs } from './args';
import { EXIT, UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { startReportingHost } from './delivery-host';
import { formatDeliveryTables } from './delivery-table';
import { USAGE } from './usage';

const WINDOWS = [7, 30, 90] as const;

export async function runDelivery(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('delivery', args, {
    team: { type: 'string' },
    days: { type: 'string' },
    json: { type: 'boolean' },
    workspace: { type: 'string' },
    demo: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`delivery: unexpected argument "${positionals[0]}"`);
  const days = WINDOWS.find((window) => String(window) === (values.days ?? '30').trim());
  if (days === undefined) throw new UsageError(`delivery: --days must be 7, 30 or 90 (got "${values.days}")`);
  const team = values.team?.trim() || undefined;

  const host = await startReportingHost('delivery', values, io);
  try {
    let result: RequestOutput<'getDeliveryMetrics'>;
    try {
      result = await host.engine.getDeliveryMetrics({ days, team });
    } catch (error) {
      // An unknown team is the caller's mistake: a usage error naming the teams there are.
      if (error instanceof Error && /^No team /.test(error.message)) throw new UsageError(`delivery: ${error.message}`);
      throw error;
    }
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else {
      const directory = await host.engine.getDirectory({});
      const teamNames = new Map(directory.teams.map((each) => [each.id, each.name]));
      for (const line of formatDeliveryTables(result, (id) => teamNames.get(id) ?? id)) io.out(line);
    }
    return EXIT.ok;
  } finally {
    await host.close();
  }
}
