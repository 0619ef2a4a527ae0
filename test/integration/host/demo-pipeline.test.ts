/**
 * The demo's deployment pipeline against the PagerDuty, ServiceNow and GitHub Actions
 * simulators over real HTTP, at a short interval: its first cycle leaves a standard change
 * raised from the service's template, gated and closed successful with the run's URL, its
 * run completed with every step done, and a normal change waiting in Authorize for the
 * change manager while its run waits at the gate; approved, that run deploys and closes
 * its change. Each run adds to the repository's history: pull requests merged, the
 * version tagged at the change's commit, deployed to staging and then production (a
 * GitHub deployment, in progress then successful). A run that completes without closing
 * its change leaves it to the automation host's auto-close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/domain/change';
import { ChangeAutoClose } from '../../../electron/engine/changes/auto-close';
import { gitHubRunLocator, gitHubWebUrlOf } from '../../../electron/engine/changes/run-locator';
import { systemClock } from '../../../electron/engine/ports';
import type { ChangeSystem } from '../../../electron/engine/ports/change-system';
import { startDemoPipeline, type DemoPipeline, type DemoPipelineOptions } from '../../../electron/host/demo-pipeline';
import { createGitHubActionsProvider } from '../../../electron/providers/github';
import { createServiceNowChangeSystem } from '../../../electron/providers/servicenow';
import { startGitHubSimulator, type GitHubSimulator } from '../../../electron/simulators/github';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { CHANGE_MANAGER_USER_NAME, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { waitFor } from '../../support/wait-for';

let pagerDuty: PagerDutySimulator;
let serviceNow: ServiceNowSimulator;
let gitHub: GitHubSimulator;
let changeSystem: ChangeSystem;
let pipeline: DemoPipeline | null = null;
const log: string[] = [];
const PAYMENTS_TEAM = [
  { login: 'dana-developer', name: 'Dana Developer', email: 'dana.developer@example.com' },
  { login: 'priya-patel', name: 'Priya Patel', email: 'priya.patel@example.com' },
];

beforeAll(async () => {
  pagerDuty = await startPagerDutySimulator({ seedIncidents: 0, demo: false });
  serviceNow = await startServiceNowSimulator({ seedChanges: false, seedIncidents: 0 });
  gitHub = await startGitHubSimulator();
  changeSystem = createServiceNowChangeSystem({
    instanceUrl: serviceNow.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
  });
});

afterAll(async () => {
  await pipeline?.stop();
  await Promise.all([pagerDuty.close(), serviceNow.close(), gitHub.close()]);
});

/** The changes the pipeline raised, as the console reads them. */
function changes(): Promise<ChangeRequest[]> {
  return changeSystem.findChanges({ since: new Date(Date.now() - 3_600_000).toISOString() });
}

function runOf(change: ChangeRequest) {
  const id = Number(/\/actions\/runs\/(\d+)\/attempts\/1$/.exec(change.deployment.runUrl ?? '')?.[1]);
  const run = gitHub.state.allRuns().find((candidate) => candidate.id === id);
  if (!run) throw new Error(`No run behind ${change.deployment.runUrl}`);
  return { run, view: gitHub.state.view(run) };
}

async function jobSteps(runId: number): Promise<{ name: string; status: string; conclusion: string | null }[]> {
  const answer = await fetch(`${gitHub.baseUrl}/repos/acme/payments-api/actions/runs/${runId}/jobs`, {
    headers: { Authorization: 'Bearer t' },
  });
  const body = (await answer.json()) as { jobs: { steps: { name: string; status: string; conclusion: string | null }[] }[] };
  return body.jobs[0]!.steps.map(({ name, status, conclusion }) => ({ name, status, conclusion }));
}

/** The demo pipeline against this test's simulators, deploying at once and then every minute. */
function startPipeline(options: Partial<DemoPipelineOptions>): DemoPipeline {
  return startDemoPipeline({
    gitHub,
    changeSystem: createServiceNowChangeSystem({
      instanceUrl: serviceNow.baseUrl,
      auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
      timeoutMs: 10_000,
    }),
    pagerDuty: { baseUrl: pagerDuty.baseUrl, token: 'pd-token', from: pagerDuty.state.me.email, services: pagerDuty.state.services },
    everyMs: 60_000,
    firstAfterMs: 0,
    teamOf: () => PAYMENTS_TEAM,
    ...options,
  });
}

describe('the demo pipeline', () => {
  it('deploys under a standard change it closes, and raises a normal change that waits for the change manager', async () => {
    pipeline = startPipeline({ stepMs: 20, gatePollMs: 100, log: (message) => log.push(message) });

    // After the first cycle: Payments API deployed under a closed standard change, Checkout Web waiting under a normal one.
    const [standard, normal] = await waitFor(
      'a closed standard change and a normal one in Authorize',
      async () => {
        const all = await changes();
        const closed = all.find((change) => change.type === 'standard' && change.state === 'closed');
        const waiting = all.find((change) => change.type === 'normal' && change.state === 'authorize');
        return closed && waiting ? ([closed, waiting] as const) : null;
      },
      { timeoutMs: 15_000, everyMs: 100, describe: () => log.join('\n') },
    );
    expect(log).toEqual([]);
    expect(standard).toMatchObject({
      service: { name: 'Payments API' },
      closeCode: 'successful',
      closeNotes: 'Deployed by the pipeline.',
      deployment: {
        version: '2.14.1',
        runUrl: expect.stringMatching(new RegExp(`^${gitHub.baseUrl}/acme/payments-api/actions/runs/\\d+/attempts/1$`)),
      },
    });
    const standardRun = runOf(standard);
    expect(standardRun.view).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(standard.deployment.commit).toBe(standardRun.run.headSha);
    expect(standardRun.run.event).toBe('push');
    expect((await jobSteps(standardRun.run.id)).map((step) => `${step.name}: ${step.conclusion}`)).toEqual([
      'Set up job: success',
      'Run actions/checkout@v4: success',
      'Build and test: success',
      'Open the change: success',
      'Pass the change gate: success',
      'Deploy to production: success',
      'Close the change: success',
      'Post Run actions/checkout@v4: success',
      'Complete job: success',
    ]);
    // The run added to the repository's history: its pull requests merged, the version tagged at the change's commit,
    // deployed to staging and then to production (in progress, then successful), as GitHub serves them.
    const api = async <T>(path: string): Promise<T> =>
      (await fetch(`${gitHub.baseUrl}/repos/acme/payments-api${path}`, { headers: { Authorization: 'Bearer t' } })).json() as Promise<T>;
    const compared = await api<{ status: string; commits: { sha: string }[] }>('/compare/v2.13.1...2.14.1');
    expect(compared.status).toBe('ahead');
    expect(compared.commits.length).toBeGreaterThanOrEqual(1);
    expect(compared.commits.length).toBeLessThanOrEqual(3);
    expect(compared.commits.at(-1)!.sha).toBe(standard.deployment.commit);
    for (const commit of compared.commits) {
      const [pull] = await api<{ number: number; user: { login: string }; merged_at: string }[]>(`/commits/${commit.sha}/pulls`);
      expect(pull?.merged_at).toEqual(expect.any(String));
      const reviews = await api<{ user: { login: string }; state: string }[]>(`/pulls/${pull!.number}/reviews`);
      expect(reviews).toEqual([expect.objectContaining({ state: 'APPROVED' })]);
      expect(PAYMENTS_TEAM.map((person) => person.login)).toContain(reviews[0]!.user.login);
      expect(reviews[0]!.user.login).not.toBe(pull!.user.login);
    }
    const deployed = await api<{ id: number; environment: string; sha: string }[]>('/deployments?ref=2.14.1');
    expect(deployed.map((deployment) => [deployment.environment, deployment.sha])).toEqual([
      ['production', standard.deployment.commit],
      ['staging', standard.deployment.commit],
    ]);
    const statuses = await api<{ state: string; log_url: string }[]>(`/deployments/${deployed[0]!.id}/statuses`);
    expect(statuses.map((status) => status.state)).toEqual(['success', 'in_progress']);
    expect(statuses[1]!.log_url).toBe(standard.deployment.runUrl);

    // The run's page shows it like a real one, its steps' output included.
    const page = await (await fetch(standard.deployment.runUrl!)).text();
    expect(page).toContain('completed: success');
    expect(page).toContain(`${standard.record.number} closed successful`);

    expect(normal).toMatchObject({ service: { name: 'Checkout Web' }, deployment: { version: '5.4.0' } });
    expect(normal.approvals).toEqual([
      expect.objectContaining({ approver: expect.objectContaining({ name: 'Grace Hopper' }), state: 'requested' }),
    ]);
    const normalRun = runOf(normal);
    expect(normalRun.view.status).toBe('in_progress');
    const waitingSteps = await fetch(`${gitHub.baseUrl}/repos/acme/checkout-web/actions/runs/${normalRun.run.id}/jobs`, {
      headers: { Authorization: 'Bearer t' },
    });
    const gateStep = ((await waitingSteps.json()) as { jobs: { steps: { name: string; status: string }[] }[] }).jobs[0]!.steps.find(
      (step) => step.name === 'Pass the change gate',
    );
    expect(gateStep?.status).toBe('in_progress');

    // The change manager approves: the waiting run passes the gate, deploys and closes its change.
    serviceNow.changes.decide(normal.id, CHANGE_MANAGER_USER_NAME, 'approved', 'Migration reviewed');
    await waitFor(
      'the approved normal change deployed and closed',
      async () => (await changeSystem.getChange(normal.id)).state === 'closed' && gitHub.state.view(normalRun.run).status === 'completed',
      { timeoutMs: 10_000, everyMs: 100 },
    );
    expect(gitHub.state.view(normalRun.run).conclusion).toBe('success');
    expect((await changeSystem.getChange(normal.id)).closeCode).toBe('successful');
  });

  it('leaves the change of a run that never closed it to the auto-close', async () => {
    // unclosedEvery 2: the second standard run (the next cycle, brought forward) ends without closing its change.
    await pipeline?.stop();
    pipeline = startPipeline({ stepMs: 0, normalEvery: 1_000, unclosedEvery: 1 });
    const left = await waitFor(
      'a completed run whose standard change is still Scheduled',
      async () =>
        (await changes()).find(
          (change) =>
            change.type === 'standard' && change.state === 'scheduled' && gitHub.state.view(runOf(change).run).status === 'completed',
        ),
      { timeoutMs: 15_000, everyMs: 100 },
    );
    expect(gitHub.state.view(runOf(left).run).conclusion).toBe('success');
    expect((await jobSteps(runOf(left).run.id)).find((step) => step.name === 'Close the change')).toMatchObject({
      status: 'completed',
      conclusion: 'skipped',
    });

    const closings: string[] = [];
    const autoClose = new ChangeAutoClose({
      changeSystem,
      pipelines: gitHubRunLocator(createGitHubActionsProvider({ baseUrl: gitHub.baseUrl, token: 't' }), gitHubWebUrlOf(gitHub.baseUrl)),
      clock: systemClock,
      enqueue: (request) => closings.push(`${request.changeNumber} ${request.code}`),
    });
    await autoClose.pollOnce();
    expect(closings).toEqual([`${left.record.number} successful`]);
  });
});
