/**
 * The automation host's auto-close against the ServiceNow and GitHub Actions simulators
 * over real HTTP: changes raised as a pipeline raises them (the same steps as `change
 * open`), for runs the GitHub simulator holds. A run that completes gets its change closed
 * (an outbox row with the run's result), once however many rounds see it; a running run,
 * a closed change and a run URL no pipeline knows are left alone; a run that cannot be read
 * does not stop the others. The rows are then carried out through the ChangeSystem, and
 * ServiceNow's record ends Closed with the code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import { ChangeAutoClose } from '../../../electron/engine/changes/auto-close';
import { closeDeploymentChange } from '../../../electron/engine/changes/deployment-change';
import { gitHubRunLocator, gitHubWebUrlOf } from '../../../electron/engine/changes/run-locator';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import type { ChangeSystem } from '../../../electron/engine/ports/change-system';
import { createGitHubActionsProvider } from '../../../electron/providers/github';
import { createServiceNowChangeSystem } from '../../../electron/providers/servicenow';
import { startGitHubSimulator, type GitHubSimulator } from '../../../electron/simulators/github';
import { startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { sleep, waitFor } from '../../support/wait-for';
import { raiseStandardChange } from '../../support/standard-change';

let root: string;
let serviceNow: ServiceNowSimulator;
let gitHub: GitHubSimulator;
let changeSystem: ChangeSystem;
let outbox: Outbox;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'change-auto-close-'));
  serviceNow = await startServiceNowSimulator({ seedChanges: false, seedIncidents: 0 });
  gitHub = await startGitHubSimulator();
  changeSystem = createServiceNowChangeSystem({
    instanceUrl: serviceNow.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
  });
  outbox = new Outbox(join(root, 'outbox.db'), systemClock);
});

afterAll(async () => {
  outbox.close();
  await Promise.all([serviceNow.close(), gitHub.close()]);
  rmSync(root, { recursive: true, force: true });
});

/** A deploy run of Payments API, started as a push starts it, and its page's URL as the change step links it. */
function deployRun(version: string): { id: number; url: string } {
  const run = gitHub.state.startRun('acme', 'payments-api', 'deploy.yml', { title: `Release ${version}` });
  return { id: run.id, url: `${gitHub.baseUrl}/acme/payments-api/actions/runs/${run.id}/attempts/1` };
}

/** The standard change for a deployment (test/support/standard-change.ts). */
const raise = (version: string, runUrl: string) => raiseStandardChange(changeSystem, version, runUrl);

function pendingClosings(): ActionRecord[] {
  return outbox.listVisible(0).filter((record) => record.state === 'pending' && record.request.kind === 'closeChange');
}

describe('ChangeAutoClose', () => {
  it('closes the changes of finished runs once, with their result, and leaves the rest alone', async () => {
    const failed = deployRun('1.0.1');
    const running = deployRun('1.0.2');
    const closedByPipeline = deployRun('1.0.3');
    const succeeded = deployRun('1.0.4');
    const failedChange = await raise('1.0.1', failed.url);
    const runningChange = await raise('1.0.2', running.url);
    const closedChange = await raise('1.0.3', closedByPipeline.url);
    const succeededChange = await raise('1.0.4', succeeded.url);
    const elsewhere = await raise('1.0.5', 'https://ci.example.com/job/payments/41/');
    expect([failedChange, runningChange, closedChange, succeededChange, elsewhere].map((change) => change.state)).toEqual(
      Array(5).fill('scheduled'),
    );
    // The deployment of 1.0.4 started (Implement); 1.0.3's pipeline closed its own change.
    await changeSystem.moveChange(succeededChange.id, 'implement');
    await closeDeploymentChange(changeSystem, { change: closedChange.record.number, result: 'success', notes: null, causedIncident: null });
    gitHub.state.finishRun(failed.id, 'failure');
    gitHub.state.finishRun(closedByPipeline.id, 'success');
    gitHub.state.finishRun(succeeded.id, 'success');

    const log: string[] = [];
    const provider = createGitHubActionsProvider({ baseUrl: gitHub.baseUrl, token: 'automation-host-token', maxRetries: 0 });
    const autoClose = new ChangeAutoClose({
      changeSystem,
      pipelines: gitHubRunLocator(provider, gitHubWebUrlOf(gitHub.baseUrl)),
      clock: systemClock,
      enqueue: (request, dedupeKey) => void outbox.enqueueOnce(request, dedupeKey),
      intervalMs: 60_000,
      log: (message) => log.push(message),
    });

    // GitHub cannot answer for the failed run this round: the others are still seen to.
    gitHub.faults.inject({ kind: 'server-error', count: 5, status: 502, path: `/repos/acme/payments-api/actions/runs/${failed.id}` });
    await autoClose.pollOnce();
    expect(pendingClosings().map((record) => record.request)).toEqual([
      {
        kind: 'closeChange',
        incidentIds: [],
        changeId: succeededChange.id,
        changeNumber: succeededChange.record.number,
        code: 'successful',
        notes: `Closed by the On-Call Console's automation host: pipeline run ${succeeded.url} completed (success) and the pipeline did not close the change.`,
      },
    ]);
    expect(log).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${failedChange.record.number}: its pipeline run could not be read`))]),
    );

    gitHub.faults.clear();
    await autoClose.pollOnce();
    await autoClose.pollOnce();
    const closings = pendingClosings();
    expect(closings.map((record) => record.request)).toEqual([
      expect.objectContaining({ changeId: succeededChange.id, code: 'successful' }),
      {
        kind: 'closeChange',
        incidentIds: [],
        changeId: failedChange.id,
        changeNumber: failedChange.record.number,
        code: 'unsuccessful',
        notes: `Closed by the On-Call Console's automation host: pipeline run ${failed.url} completed (failure) and the pipeline did not close the change.`,
      },
    ]);
    // The running run's change and the unknown URL's were left alone, and said so once each over three rounds.
    const about = (number: string) => log.filter((message) => message.startsWith(`${number} is left open`));
    expect(about(runningChange.record.number)).toEqual([
      `${runningChange.record.number} is left open while its pipeline run ${running.url} is in_progress`,
    ]);
    expect(about(elsewhere.record.number)).toEqual([
      `${elsewhere.record.number} is left open: no configured pipeline knows its run https://ci.example.com/job/payments/41/`,
    ]);
    expect(log.some((message) => message.includes(closedChange.record.number))).toBe(false);

    // Carried out (as the outbox runner and the change executor do), ServiceNow's records end Closed with the run's result.
    for (const { id, request } of closings) {
      if (request.kind !== 'closeChange') continue;
      await changeSystem.closeChange(request.changeId, { code: request.code, notes: request.notes });
      outbox.markDone(id);
    }
    const record = (number: string) => serviceNow.state.rows('change_request').find((row) => row.number === number);
    expect(record(succeededChange.record.number)).toMatchObject({ state: '3', close_code: 'successful' });
    expect(record(failedChange.record.number)).toMatchObject({
      state: '3',
      close_code: 'unsuccessful',
      close_notes: expect.stringContaining(`pipeline run ${failed.url} completed (failure)`),
    });
    expect(record(runningChange.record.number)).toMatchObject({ state: '-2' });

    // Closed now: the next rounds record nothing more, and the running run's change waits for its run.
    await autoClose.pollOnce();
    expect(pendingClosings()).toEqual([]);
    gitHub.state.finishRun(running.id, 'cancelled');
    await autoClose.pollOnce();
    expect(pendingClosings().map((row) => row.request)).toEqual([
      expect.objectContaining({
        changeId: runningChange.id,
        code: 'unsuccessful',
        notes: expect.stringContaining('completed (cancelled)'),
      }),
    ]);
  });

  it('runs rounds on its interval once started, and stops', async () => {
    const run = deployRun('1.1.0');
    const change = await raise('1.1.0', run.url);
    gitHub.state.finishRun(run.id, 'success');
    const keys: string[] = [];
    const provider = createGitHubActionsProvider({ baseUrl: gitHub.baseUrl, token: 'automation-host-token' });
    const autoClose = new ChangeAutoClose({
      changeSystem,
      pipelines: gitHubRunLocator(provider, gitHubWebUrlOf(gitHub.baseUrl)),
      clock: systemClock,
      enqueue: (_request, dedupeKey) => keys.push(dedupeKey),
      intervalMs: 50,
    });
    autoClose.start();
    const closingKey = `change:${change.id}:auto-close`;
    await waitFor('two rounds recording the closing', () => keys.filter((key) => key === closingKey).length >= 2);
    await autoClose.stop();
    const after = keys.length;
    await sleep(200);
    expect(keys.length).toBe(after);
  });
});
