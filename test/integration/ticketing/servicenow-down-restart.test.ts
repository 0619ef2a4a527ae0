/**
 * ServiceNow goes down while the developer acts in the console; the console is SIGKILLed
 * and restarted; ServiceNow comes back; every action is recorded exactly once in
 * PagerDuty and ServiceNow (see down-restart-scenario.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { killAll } from '../cli/run-cli';
import { ticketingDownAndRestart } from './down-restart-scenario';
import { startServiceNowBackend, type TicketingBackend } from './ticketing-backends';

const SEED = 1;

describe('ServiceNow down while acting, the console killed and restarted', () => {
  let root: string;
  let pagerDuty: PagerDutySimulator;
  let serviceNow: TicketingBackend;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ticketing-servicenow-down-'));
    pagerDuty = await startPagerDutySimulator({ seed: SEED, seedIncidents: 0, demo: false });
    serviceNow = await startServiceNowBackend(SEED);
  });

  afterAll(async () => {
    killAll();
    await Promise.all([pagerDuty?.close(), serviceNow?.close()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('records every action exactly once in PagerDuty and ServiceNow', async () => {
    const timings = await ticketingDownAndRestart(root, pagerDuty, serviceNow);
    console.info(`ServiceNow down and restart: ${JSON.stringify(timings)}`);
  }, 420_000);
});
