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
  writeFileSync(
    workspace,
    `name: Two processes\npaging:\n  provider: pagerduty\n  baseUrl: ${sim.baseUrl}\n  pollIntervalSeconds: 30\n  requestTimeoutSeconds: 20\n`,
  );
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
  await waitFor('the note to be on its way', () =>
    sim.requests.some((request) => request.method === 'POST' && request.path.endsWith('/notes')),
  );

  // Meanwhile the command line starts on the same data directory, sends its own action and exits.
  const cli = await runCli(['incidents', 'ack', acked!.id, '--workspace', workspace, '--data-dir', dataDir], env, 30_000);
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
  expect(sim.state.getIncident(acked!.id)!.status).toBe('acknowledged');

  await waitFor(
    'the note to land',
    async () => (await client.snapshot()).actions.find((action) => action.id === note.id)?.state === 'done',
    { timeoutMs: 15_000 },
  );
  const posts = sim.requests.filter((request) => request.method === 'POST' && request.path === `/incidents/${noted!.id}/notes`);
  expect(posts).toHaveLength(1);
  expect(
    sim.state.notesOf(sim.state.getIncident(noted!.id)!).filter((entry) => entry.content === 'Restarting the payment workers'),
  ).toHaveLength(1);
  serve.child.kill('SIGTERM');
  await serve.exited;
}, 60_000);

it('shuts down within seconds on SIGTERM while a send hangs, and sends what was left at the next start, once', async () => {
  simulator = await startPagerDutySimulator({ seedIncidents: 6, demo: false });
  const sim = simulator;
  const [incident] = sim.state.listIncidents({ statuses: ['triggered'] });
  const workspace = join(root, 'workspace.yaml');
  writeFileSync(
    workspace,
    `name: Shutdown\npaging:\n  provider: pagerduty\n  baseUrl: ${sim.baseUrl}\n  pollIntervalSeconds: 30\n  requestTimeoutSeconds: 60\n`,
  );
  const dataDir = join(root, 'data');
  const env = childEnv(root, {
    PAGERDUTY_TOKEN: 'test-token',
    PAGERDUTY_FROM: sim.state.me.email,
    ONCALL_CONSOLE_RENDERER_DIR: writeStubRenderer(root),
  });
  const args = ['serve', '--workspace', workspace, '--port', '0', '--data-dir', dataDir];

  const first = startCli(args, env);
  const client = ConsoleClient.fromConsoleLine(await first.waitForLine(/^Console: /, 30_000));
  await waitFor('the first sync', async () => (await client.snapshot()).lastSyncAt !== null, { timeoutMs: 20_000 });
  sim.faults.inject({ kind: 'slow', delayMs: 60_000, count: 1, path: `/incidents/${incident!.id}/notes` });
  const note = await client.submit({ kind: 'addNote', incidentIds: [incident!.id], content: 'Failing over to the replica' });
  await waitFor('the note to be on its way', () =>
    sim.requests.some((request) => request.method === 'POST' && request.path.endsWith('/notes')),
  );

  const stoppedAt = Date.now();
  first.child.kill('SIGTERM');
  const { code } = await first.exited;
  expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  expect(code).toBe(0);
  expect(first.stderr()).toContain('SIGTERM: shutting down.');

  // The next start sends it: the abandoned attempt never reached PagerDuty's records, so it is written once.
  const second = startCli(args, env);
  const again = ConsoleClient.fromConsoleLine(await second.waitForLine(/^Console: /, 30_000));
  await waitFor(
    'the note to land after the restart',
    async () => (await again.snapshot()).actions.find((action) => action.id === note.id)?.state === 'done',
    { timeoutMs: 20_000 },
  );
  expect(
    sim.state.notesOf(sim.state.getIncident(incident!.id)!).filter((entry) => entry.content === 'Failing over to the replica'),
  ).toHaveLength(1);
  second.child.kill('SIGTERM');
  await second.exited;
}, 90_000);
