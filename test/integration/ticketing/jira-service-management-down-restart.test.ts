/**
 * Jira Service Management goes down while the developer acts in the console; the console
 * is SIGKILLed and restarted; Jira comes back; every action is recorded exactly once in
 * PagerDuty and Jira Service Management (see down-restart-scenario.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { killAll } from '../cli/run-cli';
import { ticketingDownAndRestart } from './down-restart-scenario';
import { startJiraServiceManagementBackend, type TicketingBackend } from './ticketing-backends';

const SEED = 1;

describe('Jira Service Management down while acting, the console killed and restarted', () => {
  let root: string;
  let pagerDuty: PagerDutySimulator;
  let jira: TicketingBackend;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ticketing-jsm-down-'));
    pagerDuty = await startPagerDutySimulator({ seed: SEED, seedIncidents: 0, demo: false });
    jira = await startJiraServiceManagementBackend(pagerDuty);
  });

  afterAll(async () => {
    killAll();
    await Promise.all([pagerDuty?.close(), jira?.close()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('records every action exactly once in PagerDuty and Jira Service Management', async () => {
    const timings = await ticketingDownAndRestart(root, pagerDuty, jira);
    console.info(`Jira Service Management down and restart: ${JSON.stringify(timings)}`);
  }, 420_000);
});
