/**
 * `oncall-console simulate`: only the simulators (PagerDuty REST and Events API,
 * Splunk On-Call's API and REST endpoint, ServiceNow, Jira Service Management, GitHub Actions, GitLab, Jenkins), with demo
 * incidents arriving now and then, for trying providers and the desktop app.
 */
import { parseCommandArgs, parseCount, parsePort } from './args';
import { EXIT, UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { waitForShutdownSignal } from './shutdown';
import { USAGE } from './usage';
import type { SimulatorEndpoints } from '../host/types';
import { DEFAULT_SEED_INCIDENTS } from '../simulators/pagerduty';

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

  const { startDemo } = await import('../host/demo-setup');
  const demo = await startDemo({
    port,
    incidents: seedIncidents ?? DEFAULT_SEED_INCIDENTS,
    newIncidentEveryMs: DEMO_NEW_INCIDENT_EVERY_MS,
    ticketing: 'servicenow',
    automations: false,
  });
  printSimulatorLines(io, demo.endpoints);
  io.err('Press Ctrl-C to stop.');

  const signal = await waitForShutdownSignal();
  io.err(`${signal}: shutting down.`);
  await demo.close();
  return EXIT.ok;
}

/** The lines that tell a user (and the tests) where each simulator listens. */
export function printSimulatorLines(io: CliIo, endpoints: SimulatorEndpoints): void {
  io.out(`PagerDuty API: ${endpoints.pagerDutyApi}`);
  io.out(`PagerDuty Events API: ${endpoints.pagerDutyEvents}`);
  io.out(`Splunk On-Call API: ${endpoints.splunkOnCallApi}`);
  io.out(`Splunk On-Call REST endpoint: ${endpoints.splunkOnCallRestEndpoint}`);
  io.out(`ServiceNow API: ${endpoints.serviceNowApi}`);
  io.out(`Jira Service Management API: ${endpoints.jiraServiceManagementApi}`);
  io.out(`GitHub API: ${endpoints.gitHubApi}`);
  io.out(`GitLab API: ${endpoints.gitLabApi}`);
  io.out(`Jenkins: ${endpoints.jenkins}`);
}
