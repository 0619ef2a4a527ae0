/**
 * `serve` and the command line on one data directory, as two real processes: a note whose
 * request takes longer than the outbox lease is sent once, because the process sending it
 * renews its lease and the other process never takes the row over. The lease is shortened
 * to 1 s (ONCALL_OUTBOX_LEASE_SECONDS) so that a 4 s answer outlasts it several times.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { ConsoleClient, writeStubRenderer } from '../ticketing/ticketing-harness';
import { waitFor } from '../../support/wait-for';
import { childEnv, killAll, runCli, startCli } from './run-cli';

let root: string;
let simulator: PagerDutySimulator | null = null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'shared-dir-'));
});
afterEach(async () => {
  killAll();
  await simulator?.close();
  simulator = null;
  rmSync(root, { recursive: true, force: true });
});

it('sends a slow note once while the command line works on the same data directory', async () => {
  simulator = await startPagerDutySimulator({ seedIncidents: 6, demo: false });
  const sim = simulator;
  const [noted, acked] = sim.state.listIncidents({ statuses: ['triggered'] });
  const workspace = join(root, 'workspace.yaml');
  writeFileSync(workspace, `name: Two processes\npaging:\n  provider: pagerduty\n  baseUrl: ${sim.baseUrl}\n  pollIntervalSeconds: 30\n  requestTimeoutSeconds: 20\n`);
  const dataDir = join(root, 'data');
  const env = childEnv(root, {
    PAGERDUTY_TOKEN: 'test-token',
    PAGERDUTY_FROM: sim.state.me.email,
    ONCALL_OUTBOX_LEASE_SECONDS: '1',
    ONCALL_CONSOLE_RENDERER_DIR: writeStubRenderer(root),
  });

  const serve = startCli(['serve', '--workspace', workspace, '--port', '0', '--data-dir', dataDir], env);
  const client = ConsoleClient.fromConsoleLine(await serve.waitForLine(/^Console: /, 30_000));
  await waitFor('the first sync', async () => (await client.snapshot()).lastSyncAt !== null, { timeoutMs: 20_000 });

  // PagerDuty takes 4 s to answer the note: four times the lease.
  sim.faults.inject({ kind: 'slow', delayMs: 4_000, count: 1, path: `/incidents/${noted!.id}/notes` });
  const note = await client.submit({ kind: 'addNote', incidentIds: [noted!.id], content: 'Restarting the payment workers' });
  await waitFor('the note to be on its way', () => sim.requests.some((request) => request.method === 'POST' && request.path.endsWith('/notes')));

  // Meanwhile the command line starts on the same data directory, sends its own action and exits.
  const cli = await runCli(['incidents', 'ack', acked!.id, '--workspace', workspace, '--data-dir', dataDir], env, 30_000);
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
  expect(sim.state.getIncident(acked!.id)!.status).toBe('acknowledged');

  await waitFor('the note to land', async () => (await client.snapshot()).actions.find((action) => action.id === note.id)?.state === 'done', { timeoutMs: 15_000 });
  const posts = sim.requests.filter((request) => request.method === 'POST' && request.path === `/incidents/${noted!.id}/notes`);
  expect(posts).toHaveLength(1);
  expect(sim.state.notesOf(sim.state.getIncident(noted!.id)!).filter((entry) => entry.content === 'Restarting the payment workers')).toHaveLength(1);
  serve.child.kill('SIGTERM');
  await serve.exited;
}, 60_000);
