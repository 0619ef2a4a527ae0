/**
 * The console's Changes area over real HTTP: the engine's change desk against the
 * ServiceNow simulator. The change manager persona sees a normal change waiting for them
 * and is told of it, approves it through the outbox (the simulator records the decision
 * as theirs and the change moves to Scheduled), a rejection reaches the simulator with its
 * comment, a decision that is not yours is refused before anything is sent, a product
 * team's template proposal lands as a proposal (and an unknown service is refused with
 * the known ones), and a change system that is down keeps the decision in the outbox
 * until it is back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Persona } from '../../../shared/domain/specialist-request';
import { Settings } from '../../../shared/domain/settings';
import { waitsFor } from '../../../shared/rules/change-approvals';
import { changeKey, type ChangeSystem } from '../../../electron/engine/ports/change-system';
import { createServiceNowChangeSystem } from '../../../electron/providers/servicenow';
import { CHANGE_MANAGER_USER_NAME } from '../../../electron/simulators/servicenow';
import { waitFor } from '../../support/wait-for';
import { startHarness, type Harness } from './engine-harness';
import { ChangeDesk } from '../../../electron/engine/changes/change-desk';
import { systemClock } from '../../../electron/engine/ports';
import { raiseStandardChange } from '../../support/standard-change';
import { gitHubRunLocator, gitHubWebUrlOf } from '../../../electron/engine/changes/run-locator';
import { createGitHubActionsProvider } from '../../../electron/providers/github';
import { startGitHubSimulator } from '../../../electron/simulators/github';

const CHANGE_MANAGER: Persona = {
  id: 'change-manager',
  label: 'Change manager',
  user: { id: CHANGE_MANAGER_USER_NAME, name: 'Grace Hopper', email: 'grace.hopper@example.com' },
  triagesTeamIds: [],
};

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function start(watchIntervalMs = 150): Promise<{ h: Harness; pipeline: ChangeSystem }> {
  const h = await startHarness({
    serviceNow: true,
    changes: { personas: [CHANGE_MANAGER], watchIntervalMs },
    engine: {
      workspace: { name: 'Demo', demo: true, me: null, pollIntervalMs: 60_000 },
      // Whatever the hour the test runs at: no quiet hours.
      settings: {
        get: () => Settings.parse({ notifications: { quietHours: { enabled: false, start: '22:00', end: '07:00' } } }),
        update: (change) => change(Settings.parse({})),
      },
    },
  });
  harness = h;
  await h.engine.switchPersona({ personaId: 'change-manager' });
  const pipeline = createServiceNowChangeSystem({
    instanceUrl: h.serviceNow!.baseUrl,
    auth: { kind: 'basic', user: 'admin', password: 'x' },
    timeoutMs: 2_000,
  });
  return { h, pipeline };
}

/** What a pipeline raises for a risky deployment: a normal change, submitted for approval. */
async function raiseNormal(pipeline: ChangeSystem, version: string) {
  const [service] = await pipeline.listServices();
  const runUrl = `https://ci.example.com/runs/${version}`;
  return pipeline.raiseChange({
    type: 'normal',
    service: service!,
    templateId: null,
    shortDescription: `Deploy ${service!.name} ${version}`,
    description: 'A schema migration: needs a change manager',
    deployment: { version, commit: 'abc1234def', runUrl },
    key: changeKey(service!.name, version, runUrl),
  });
}

describe('the change desk against the ServiceNow simulator', () => {
  it('lists a normal change waiting for the change manager, and approving it moves it to Scheduled as her decision', async () => {
    const { h, pipeline } = await start();
    const raised = await raiseNormal(pipeline, '9.1.0');
    expect(['assess', 'authorize']).toContain(raised.state);

    // The watch reads ServiceNow again within its interval: the new change shows.
    const listed = await waitFor('the raised change in the list', async () => {
      const answer = await h.engine.listChanges({ days: 7 });
      const listedChange = answer.changes.find((change) => change.id === raised.id);
      return listedChange && waitsFor(listedChange, answer.me) ? answer : undefined;
    });
    expect(listed.system).toEqual({ label: 'ServiceNow', system: 'servicenow' });
    expect(listed.me).toEqual({ email: 'grace.hopper@example.com', name: 'Grace Hopper' });
    const waiting = listed.changes.find((change) => change.id === raised.id);
    expect(waiting?.approvals.some((approval) => approval.approver.name === 'Grace Hopper' && approval.state === 'requested')).toBe(true);

    const action = await h.engine.decideChange({ changeId: raised.id, decision: 'approved', comment: '' });
    expect(action.request.kind).toBe('decideChange');
    const settled = await h.settle(action.id);
    expect(settled.state, settled.lastError ?? '').toBe('done');

    const after = await pipeline.getChange(raised.id);
    expect(after.state).toBe('scheduled');
    expect(after.approval).toBe('approved');
    // The simulator's record: Grace Hopper's own approval row is the one approved.
    const grace = h.serviceNow!.state.userByName(CHANGE_MANAGER_USER_NAME)!;
    const rows = h.serviceNow!.changes.approvals.forChange(raised.id);
    expect(rows.find((row) => row.approver === grace.sys_id)?.state).toBe('approved');
    // The UI is told to read again.
    await waitFor('a changesChanged event', () => h.events.some((event) => event.name === 'changesChanged') || undefined);
  });

  it('sends a rejection with its comment, and refuses one without a comment or for a change not waiting for you', async () => {
    const { h, pipeline } = await start();
    const raised = await raiseNormal(pipeline, '9.2.0');
    await expect(h.engine.decideChange({ changeId: raised.id, decision: 'rejected', comment: '  ' })).rejects.toThrow(/Say why/);

    const action = await h.engine.decideChange({ changeId: raised.id, decision: 'rejected', comment: 'No backout plan for the migration' });
    expect((await h.settle(action.id)).state).toBe('done');
    const after = await pipeline.getChange(raised.id);
    expect(after.approval).toBe('rejected');
    expect(after.approvals.find((approval) => approval.state === 'rejected')?.comment).toContain('No backout plan');

    // Decided already: nothing waits for her now, so a second decision is refused before anything is sent.
    await expect(h.engine.decideChange({ changeId: raised.id, decision: 'approved', comment: '' })).rejects.toThrow(
      /not waiting for your approval/,
    );
  });

  it('tells the change manager of a change newly waiting for her', async () => {
    const { h, pipeline } = await start();
    // The first read is the baseline (what already waits is not news): let it happen.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const raised = await raiseNormal(pipeline, '9.3.0');
    const notice = await waitFor('a notification for the new change', () =>
      h.events.find(
        (event) => (event.name === 'notify' || event.name === 'attention') && JSON.stringify(event.payload).includes(raised.record.number),
      ),
    );
    expect(JSON.stringify(notice.payload)).toContain('waiting for your approval');
  });

  it('proposes a template for a known service, and refuses an unknown service naming the known ones', async () => {
    const { h, pipeline } = await start();
    const { services } = await h.engine.listChangeTemplates();
    const service = services[0]!;
    const draft = {
      service,
      name: 'Nightly config refresh',
      scope: 'Refreshes the feature flag configuration from the repository',
      risk: 'low' as const,
      implementationPlan: 'Run the refresh job',
      backoutPlan: 'Run the job with the previous revision',
      testPlan: 'Smoke tests pass',
    };
    await expect(h.engine.proposeChangeTemplate({ ...draft, service: { id: 'x', name: 'No Such Service' } })).rejects.toThrow(
      new RegExp(`knows no service "No Such Service": choose one of .*${service.name}`),
    );
    const action = await h.engine.proposeChangeTemplate(draft);
    const settled = await h.settle(action.id);
    expect(settled.state, settled.lastError ?? '').toBe('done');
    const proposed = (await pipeline.listTemplates()).find((template) => template.name === draft.name);
    expect(proposed?.state).toBe('proposed');
    expect(proposed?.service.name).toBe(service.name);
  });

  it('keeps a decision in the outbox while ServiceNow is down, and sends it once it is back', async () => {
    // No watch during the outage: the decision is made from the list read before it.
    const { h, pipeline } = await start(60_000);
    const raised = await raiseNormal(pipeline, '9.4.0');
    // "Sync now" reads the change system too.
    await h.engine.refreshNow();
    expect((await h.engine.listChanges({ days: 7 })).changes.some((change) => change.id === raised.id)).toBe(true);
    // The approval write fails (the reads before it still answer): the decision waits in the outbox and is retried.
    h.serviceNow!.faults.inject({ kind: 'server-error', status: 503, count: 6, path: '/api/now/table/sysapproval_approver' });
    const action = await h.engine.decideChange({ changeId: raised.id, decision: 'approved', comment: '' });
    const settled = await h.settle(action.id, 20_000);
    expect(settled.state, settled.lastError ?? '').toBe('done');
    expect((await pipeline.getChange(raised.id)).state).toBe('scheduled');
  });

  it('on the automation host, closes a change whose GitHub Actions run ended without closing it, through the outbox', async () => {
    const gitHub = await startGitHubSimulator();
    try {
      const provider = createGitHubActionsProvider({ baseUrl: gitHub.baseUrl, token: 'test-token', timeoutMs: 2_000 });
      const h = await startHarness({
        serviceNow: true,
        automations: true,
        changes: { runs: gitHubRunLocator(provider, gitHubWebUrlOf(gitHub.baseUrl)), autoCloseIntervalMs: 200, watchIntervalMs: 60_000 },
      });
      harness = h;
      const pipeline = createServiceNowChangeSystem({
        instanceUrl: h.serviceNow!.baseUrl,
        auth: { kind: 'basic', user: 'admin', password: 'x' },
        timeoutMs: 2_000,
      });
      const run = gitHub.state.startRun('acme', 'payments-api', 'deploy.yml', { title: 'Release 7.0.0' });
      const runUrl = `${gitHub.baseUrl}/acme/payments-api/actions/runs/${run.id}/attempts/1`;
      const change = await raiseStandardChange(pipeline, '7.0.0', runUrl);
      expect(change.state).toBe('scheduled');
      // The run is still going: the change stays open.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await pipeline.getChange(change.id)).state).toBe('scheduled');
      gitHub.state.finishRun(run.id, 'failure');
      const closed = await waitFor(
        'the change closed by the automation host',
        async () => {
          const now = await pipeline.getChange(change.id);
          return now.state === 'closed' ? now : undefined;
        },
        { timeoutMs: 15_000 },
      );
      expect(closed.closeCode).toBe('unsuccessful');
      expect(closed.closeNotes).toContain(runUrl);
      // One closing, recorded in the outbox and sent from there, however many rounds saw the run end.
      const closings = new Set(
        h.events.flatMap((event) =>
          event.name === 'actionChanged' && event.payload.request.kind === 'closeChange' ? [event.payload.id] : [],
        ),
      );
      expect(closings.size).toBe(1);
    } finally {
      await gitHub.close();
    }
  });

  it("knows what was deployed on a service just before an incident opened, from the watch's last read", async () => {
    const { h, pipeline } = await start(60_000);
    const desk = new ChangeDesk({
      changeSystem: pipeline,
      outbox: h.outbox,
      clock: systemClock,
      actor: () => Promise.reject(new Error('nobody')),
      directory: () => Promise.reject(new Error('no directory')),
      onRecorded: () => undefined,
      changed: () => undefined,
      notify: () => undefined,
    });
    const runUrl = 'https://ci.example.com/runs/deploy-8.0.0';
    const change = await raiseStandardChange(pipeline, '8.0.0', runUrl);
    await pipeline.closeChange(change.id, { code: 'successful', notes: 'Deployed' });
    await desk.watchNow();
    const closedAt = Date.parse((await pipeline.getChange(change.id)).updatedAt);
    const in12Minutes = new Date(closedAt + 12 * 60_000).toISOString();
    expect(desk.recentDeployment('payments api', in12Minutes)).toBe(`deployed 12 min before (${change.record.number}, Payments API 8.0.0)`);
    // An hour and more later, before it, or another service: not news.
    expect(desk.recentDeployment('Payments API', new Date(closedAt + 61 * 60_000).toISOString())).toBeNull();
    expect(desk.recentDeployment('Payments API', new Date(closedAt - 60_000).toISOString())).toBeNull();
    expect(desk.recentDeployment('Search API', in12Minutes)).toBeNull();
  });
});
