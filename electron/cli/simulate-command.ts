/**
 * `oncall-console simulate`: only the PagerDuty simulators (REST and Events API), with
 * demo incidents arriving now and then, for trying providers and the desktop app.
 */
import { parseCommandArgs, parseCount, parsePort } from './args';
import { EXIT, UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { waitForShutdownSignal } from './shutdown';
import { USAGE } from './usage';

export const DEMO_NEW_INCIDENT_EVERY_MS = 45_000;

export async function runSimulate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('simulate', args, {
    port: { type: 'string' },
    'demo-incidents': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`simulate: unexpected argument "${positionals[0]}"`);
  const port = parsePort(values.port);
  const seedIncidents = parseCount('--demo-incidents', values['demo-incidents']);

  const { startPagerDutySimulator } = await import('../simulators/pagerduty');
  const simulator = await startPagerDutySimulator({
    port,
    demo: { newIncidentEveryMs: DEMO_NEW_INCIDENT_EVERY_MS },
    ...(seedIncidents === undefined ? {} : { seedIncidents }),
  });
  io.out(`PagerDuty API: ${simulator.baseUrl}`);
  io.out(`PagerDuty Events API: ${simulator.eventsUrl}`);
  io.err('Press Ctrl-C to stop.');

  const signal = await waitForShutdownSignal();
  io.err(`${signal}: shutting down.`);
  await simulator.close();
  return EXIT.ok;
}
