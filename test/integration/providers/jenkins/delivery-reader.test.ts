/**
 * The Jenkins delivery reader over real HTTP against the Jenkins simulator: a deployment
 * job's builds become deployments with their version and environment, creator and state;
 * an idle poll is one request; a running build is picked up once it finishes; a build
 * without the parameters is reported; a poll catches up past its window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createJenkinsDeliveryReader, type JenkinsDeliveryConfig } from '../../../../electron/providers/jenkins/delivery-reader';
import { startJenkinsSimulator, type JenkinsSimulator } from '../../../../electron/simulators/jenkins';

const USER = 'delivery-reader';
const API_TOKEN = '99zz88yy77xx66ww55';
const JOB = 'deploy/payments-api';
const target = { job: JOB, repository: 'acme/payments-api' };
const T0 = Date.parse('2026-05-04T09:00:00Z');
const MINUTE = 60_000;

let sim: JenkinsSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(config: Partial<JenkinsDeliveryConfig> = {}) {
  let clock = T0 + 60 * MINUTE;
  sim = await startJenkinsSimulator({
    validUsers: [{ user: USER, apiToken: API_TOKEN }],
    jobs: [
      {
        fullName: JOB,
        parameters: [
          { name: 'VERSION', type: 'string' },
          { name: 'ENVIRONMENT', type: 'choice', choices: ['staging', 'production'] },
        ],
      },
    ],
    now: () => clock,
  });
  const reader = createJenkinsDeliveryReader({ baseUrl: sim.baseUrl, user: USER, apiToken: API_TOKEN, now: () => clock, ...config });
  return { sim, reader, advance: (ms: number) => (clock += ms) };
}

const deploy = (version: string, environment: string) => ({ VERSION: version, ENVIRONMENT: environment });

describe('Jenkins delivery reader', () => {
  it('turns builds into deployments with their version, environment, creator and state', async () => {
    const { sim, reader } = await setup();
    sim.state.recordBuild(JOB, { parameters: deploy('v2.14.0', 'staging'), startedAt: T0, durationMs: 90_000, startedBy: 'dana' });
    sim.state.recordBuild(JOB, {
      parameters: deploy('v2.14.0', 'production'),
      startedAt: T0 + 10 * MINUTE,
      durationMs: 120_000,
      startedBy: 'dana',
      commit: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
    });
    sim.state.recordBuild(JOB, {
      parameters: deploy('v2.14.1', 'production'),
      startedAt: T0 + 20 * MINUTE,
      durationMs: 60_000,
      result: 'FAILURE',
      startedBy: null,
    });
    sim.state.recordBuild(JOB, {
      parameters: deploy('v2.14.1', 'staging'),
      startedAt: T0 + 30 * MINUTE,
      durationMs: 60_000,
      result: 'UNSTABLE',
    });
    sim.state.recordBuild(JOB, {
      parameters: deploy('v2.14.2', 'staging'),
      startedAt: T0 + 40 * MINUTE,
      durationMs: 5_000,
      result: 'ABORTED',
    });

    const poll = await reader.deploymentsSince(target, null);
    expect(sim.requests).toHaveLength(1);
    expect(poll.withoutParameters).toEqual([]);
    expect(poll.deployments.map((d) => [d.id, d.ref, d.environment, d.production, d.state, d.vendorState, d.creator])).toEqual([
      [`${JOB}#1`, 'v2.14.0', 'staging', false, 'success', 'SUCCESS', 'dana'],
      [`${JOB}#2`, 'v2.14.0', 'production', true, 'success', 'SUCCESS', 'dana'],
      [`${JOB}#3`, 'v2.14.1', 'production', true, 'failure', 'FAILURE', null],
      [`${JOB}#4`, 'v2.14.1', 'staging', false, 'failure', 'UNSTABLE', 'deploy-bot'],
      [`${JOB}#5`, 'v2.14.2', 'staging', false, 'error', 'ABORTED', 'deploy-bot'],
    ]);
    const [first, second, failed] = poll.deployments;
    expect(first).toMatchObject({
      repository: 'acme/payments-api',
      sha: 'v2.14.0',
      createdAt: '2026-05-04T09:00:00.000Z',
      stateAt: '2026-05-04T09:01:30.000Z',
      succeededAt: '2026-05-04T09:01:30.000Z',
      logUrl: `${sim.baseUrl}/job/deploy/job/payments-api/1/console`,
      environmentUrl: null,
    });
    expect(second!.sha).toBe('a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d');
    expect(failed!.succeededAt).toBeNull();
  });

  it('costs one small request when nothing changed, and picks up a running build once it finishes', async () => {
    const { sim, reader, advance } = await setup({ pollBuilds: 5 });
    sim.state.recordBuild(JOB, { parameters: deploy('v1.0.0', 'production'), startedAt: T0, durationMs: 60_000 });
    const running = sim.state.recordBuild(JOB, {
      parameters: deploy('v1.1.0', 'production'),
      startedAt: T0 + 50 * MINUTE,
      durationMs: null,
    });

    const first = await reader.deploymentsSince(target, null);
    expect(first.deployments.map((d) => [d.ref, d.state])).toEqual([
      ['v1.0.0', 'success'],
      ['v1.1.0', 'in_progress'],
    ]);

    sim.resetRequestLog();
    const idle = await reader.deploymentsSince(target, first.cursor);
    expect(idle).toMatchObject({ deployments: [], withoutParameters: [], unchanged: true });
    expect(sim.requests).toHaveLength(1);
    expect(new URL(sim.requests[0]!.path, sim.baseUrl).pathname).toBe('/job/deploy/job/payments-api/api/json');

    advance(3 * MINUTE);
    sim.state.finish(running.id, 'success');
    sim.resetRequestLog();
    const finished = await reader.deploymentsSince(target, idle.cursor);
    expect(sim.requests).toHaveLength(1);
    expect(finished.unchanged).toBe(false);
    expect(finished.deployments).toHaveLength(1);
    expect(finished.deployments[0]).toMatchObject({
      id: `${JOB}#2`,
      ref: 'v1.1.0',
      state: 'success',
      succeededAt: '2026-05-04T10:03:00.000Z',
    });

    sim.resetRequestLog();
    expect((await reader.deploymentsSince(target, finished.cursor)).unchanged).toBe(true);
    expect(sim.requests).toHaveLength(1);
  });

  it('asks after a running build by its number once it fell out of the window', async () => {
    const { sim, reader } = await setup({ pollBuilds: 2, firstPollBuilds: 1 });
    const running = sim.state.recordBuild(JOB, { parameters: deploy('v3.0.0', 'production'), startedAt: T0, durationMs: null });
    const first = await reader.deploymentsSince(target, null);
    for (let i = 0; i < 3; i++)
      sim.state.recordBuild(JOB, { parameters: deploy(`v3.0.${i + 1}`, 'staging'), startedAt: T0 + (i + 1) * MINUTE, durationMs: 1_000 });
    sim.state.finish(running.id, 'failure');
    sim.resetRequestLog();
    const next = await reader.deploymentsSince(target, first.cursor);
    expect(next.deployments.map((d) => [d.ref, d.state])).toEqual([
      ['v3.0.0', 'failure'],
      ['v3.0.1', 'success'],
      ['v3.0.2', 'success'],
      ['v3.0.3', 'success'],
    ]);
    // The window of 2 (#4, #3), the catch-up of 1 past it (#2), and the running #1 by its number.
    expect(sim.requests.map((request) => new URL(request.path, sim!.baseUrl).pathname)).toEqual([
      '/job/deploy/job/payments-api/api/json',
      '/job/deploy/job/payments-api/api/json',
      '/job/deploy/job/payments-api/1/api/json',
    ]);
  });

  it('reports a build without the version or environment parameter instead of dropping it', async () => {
    const { sim, reader } = await setup();
    sim.state.recordBuild(JOB, { parameters: { VERSION: 'v4.0.0' }, startedAt: T0, durationMs: 1_000 });
    sim.state.recordBuild(JOB, { parameters: { VERSION: '', ENVIRONMENT: '' }, startedAt: T0 + MINUTE, durationMs: 1_000 });
    sim.state.recordBuild(JOB, { parameters: deploy('v4.0.1', 'production'), startedAt: T0 + 2 * MINUTE, durationMs: 1_000 });
    const poll = await reader.deploymentsSince(target, null);
    expect(poll.deployments.map((d) => d.ref)).toEqual(['v4.0.1']);
    expect(poll.withoutParameters).toEqual([
      { job: JOB, number: 1, url: `${sim.baseUrl}/job/deploy/job/payments-api/1/`, missing: ['ENVIRONMENT'] },
      { job: JOB, number: 2, url: `${sim.baseUrl}/job/deploy/job/payments-api/2/`, missing: ['VERSION', 'ENVIRONMENT'] },
    ]);
    expect((await reader.deploymentsSince(target, poll.cursor)).unchanged).toBe(true);
  });

  it('reads the version and environment from the parameters the workspace names', async () => {
    const { sim, reader } = await setup({ versionParameter: 'RELEASE', environmentParameter: 'TARGET', productionEnvironments: ['prod'] });
    sim.state.recordBuild(JOB, { parameters: { RELEASE: 'v5.0.0', TARGET: 'prod' }, startedAt: T0, durationMs: 1_000 });
    const poll = await reader.deploymentsSince(target, null);
    expect(poll.deployments.map((d) => [d.ref, d.environment, d.production])).toEqual([['v5.0.0', 'prod', true]]);
  });

  it('refuses a cursor of another job and names a job Jenkins does not have', async () => {
    const { reader } = await setup();
    const { cursor } = await reader.deploymentsSince(target, null);
    const other = await reader.deploymentsSince({ job: 'deploy/other', repository: 'acme/other' }, cursor).catch((error: unknown) => error);
    expect(other).toBeInstanceOf(ProviderError);
    expect((other as ProviderError).message).toMatch(/cursor is for the Jenkins job deploy\/payments-api, not deploy\/other/);
    const missing = await reader.deploymentsSince({ job: 'deploy/other', repository: 'acme/other' }, null).catch((error: unknown) => error);
    expect((missing as ProviderError).message).toMatch(/Jenkins job deploy\/other was not found/);
    expect(() => createJenkinsDeliveryReader({ baseUrl: 'http://127.0.0.1:1', user: USER, apiToken: API_TOKEN, pollBuilds: 0 })).toThrow(
      /pollBuilds must be at least 1/,
    );
  });
});
