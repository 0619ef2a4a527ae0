/**
 * The Jenkins provider over real HTTP against the Jenkins simulator: the crumb, a build
 * queued with parameters and followed from the queue to SUCCESS or FAILURE under one run
 * id, the queue item forgotten, refusals (404 job, undeclared parameters, an illegal
 * choice), 401, replay safety by the request id parameter (also after a lost answer), and
 * retries of 429 and 5xx.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createJenkinsProvider, type JenkinsConfig } from '../../../../electron/providers/jenkins';
import {
  crumbFor,
  startJenkinsSimulator,
  type JenkinsSimulator,
  type JenkinsSimulatorOptions,
} from '../../../../electron/simulators/jenkins';
import type { JenkinsPipelineRef } from '../../../../shared/domain/pipeline';

const USER = 'network-bot';
const API_TOKEN = '11aa22bb33cc44dd55ee66ff77';
const dnsChange: JenkinsPipelineRef = { kind: 'jenkins', job: 'dns-change' };
const dnsInputs = {
  ZONE: 'internal.acme.example',
  RECORD_NAME: 'orders-db',
  RECORD_TYPE: 'CNAME',
  VALUE: 'orders-db-2.internal.acme.example',
  REQUESTED_BY: 'dana@example.com',
};

let sim: JenkinsSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: JenkinsSimulatorOptions = {}, config: Partial<JenkinsConfig> = {}) {
  let clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startJenkinsSimulator({
    validUsers: [{ user: USER, apiToken: API_TOKEN }],
    timing: { queuedMs: 1_000, runningMs: 5_000 },
    now: () => clock,
    ...options,
  });
  const sleeps: number[] = [];
  const provider = createJenkinsProvider({
    baseUrl: sim.baseUrl,
    user: USER,
    apiToken: API_TOKEN,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...config,
  });
  return { sim, provider, sleeps, advance: (ms: number) => (clock += ms) };
}

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('Jenkins provider against the simulator', () => {
  it('queues a build with the crumb and follows it from the queue to SUCCESS under one id', async () => {
    const { sim, provider, advance } = await setup();
    const run = await provider.dispatch(dnsChange, dnsInputs, 'req-1');
    expect(run).toMatchObject({
      provider: 'jenkins',
      status: 'queued',
      url: `${sim.baseUrl}/job/dns-change/`,
      inputs: { ...dnsInputs, console_request_id: 'req-1' },
    });

    const post = sim.requests.find((request) => request.method === 'POST')!;
    expect(post.path).toBe('/job/dns-change/buildWithParameters');
    expect(post.headers['jenkins-crumb']).toBe(crumbFor(USER));
    expect(Object.fromEntries(new URLSearchParams(post.body!))).toEqual({ ...dnsInputs, console_request_id: 'req-1' });
    expect(sim.requests.filter((request) => request.path === '/crumbIssuer/api/json')).toHaveLength(1);

    const queued = await provider.getRun(dnsChange, run.id);
    expect(queued).toMatchObject({ id: run.id, status: 'queued' });
    expect(queued.vendorStatus).toMatch(/^In the quiet period/);
    advance(1_500);
    const building = await provider.getRun(dnsChange, run.id);
    expect(building).toMatchObject({
      id: run.id,
      status: 'in_progress',
      vendorStatus: 'building',
      url: `${sim.baseUrl}/job/dns-change/1/console`,
    });
    advance(5_000);
    const done = await provider.getRun(dnsChange, run.id);
    expect(done).toMatchObject({
      id: run.id,
      status: 'completed',
      conclusion: 'success',
      vendorStatus: 'SUCCESS',
      inputs: { ...dnsInputs, TTL: '300', console_request_id: 'req-1' },
    });
    expect(Date.parse(done.finishedAt!) - Date.parse(done.startedAt!)).toBe(5_000);
    const page = await fetch(done.url);
    expect(await page.text()).toContain('Finished: SUCCESS');

    // A second dispatch reuses the crumb.
    await provider.dispatch(dnsChange, dnsInputs, 'req-1b');
    expect(sim.requests.filter((request) => request.path === '/crumbIssuer/api/json')).toHaveLength(1);
  });

  it('reports a failed build, and finds it by queue id after Jenkins forgot the queue item', async () => {
    const { provider, advance } = await setup({ queueItemTtlMs: 60_000 });
    const run = await provider.dispatch(dnsChange, { ...dnsInputs, VALUE: 'simulate-failure' }, 'req-2');
    advance(10_000);
    expect(await provider.getRun(dnsChange, run.id)).toMatchObject({ status: 'completed', conclusion: 'failure', vendorStatus: 'FAILURE' });
    advance(120_000);
    expect(await provider.getRun(dnsChange, run.id)).toMatchObject({ id: run.id, status: 'completed', conclusion: 'failure' });
    const gone = await refusal(provider.getRun(dnsChange, '999'));
    expect(gone.message).toMatch(/^The Jenkins run 999 of dns-change was not found/);
  });

  it('works without CSRF protection (the crumb issuer answers 404)', async () => {
    const { sim, provider } = await setup({ csrfProtection: false });
    await provider.dispatch(dnsChange, dnsInputs, 'req-3');
    expect(sim.state.allItems()).toHaveLength(1);
    expect(sim.requests.find((request) => request.method === 'POST')!.headers['jenkins-crumb']).toBeUndefined();
  });

  it('says which job was not found (404)', async () => {
    const { provider } = await setup();
    const error = await refusal(provider.dispatch({ kind: 'jenkins', job: 'dns-changes' }, dnsInputs, 'req-4'));
    expect(error).toMatchObject({ kind: 'rejected', status: 404 });
    expect(error.message).toMatch(/^The Jenkins job dns-changes was not found: check the catalogue's pipeline\.job/);
  });

  it('refuses parameters Jenkins would drop, a job without the request id parameter, and an illegal choice', async () => {
    const { provider, sim } = await setup({
      jobs: [
        { fullName: 'tools/no-key', parameters: [{ name: 'A', type: 'string' }] },
        ...(await import('../../../../electron/simulators/jenkins')).demoJobs(),
      ],
    });
    const dropped = await refusal(provider.dispatch(dnsChange, { ...dnsInputs, RECORD: 'x' }, 'req-5'));
    expect(dropped.message).toBe(
      "Jenkins would ignore parameters the job dns-change does not declare: RECORD: check the catalogue's parameter mapping (or add them to the job)",
    );
    const noKey = await refusal(provider.dispatch({ kind: 'jenkins', job: 'tools/no-key' }, { A: '1' }, 'req-6'));
    expect(noKey.message).toMatch(/^The Jenkins job tools\/no-key does not declare the parameter console_request_id/);
    const choice = await refusal(provider.dispatch(dnsChange, { ...dnsInputs, RECORD_TYPE: 'MX' }, 'req-7'));
    expect(choice).toMatchObject({ kind: 'rejected' });
    expect(choice.message).toBe(
      "Jenkins refused the parameters: Illegal choice for parameter RECORD_TYPE: MX: check the catalogue's parameter mapping for dns-change",
    );
    expect(sim.state.allItems()).toHaveLength(0);
  });

  it('reports refused credentials as an auth error that never shows the token', async () => {
    const { provider } = await setup({}, { apiToken: 'wrong-token-123' });
    const error = await refusal(provider.dispatch(dnsChange, dnsInputs, 'req-8'));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toMatch(
      /^Jenkins rejected the credentials \(401: Invalid password\/token for user: network-bot\): check JENKINS_USER and JENKINS_API_TOKEN/,
    );
    expect(error.message).not.toContain('wrong-token-123');
  });

  it('is safe to replay, while queued, while building and after a lost answer', async () => {
    const { provider, sim, advance } = await setup();
    const first = await provider.dispatch(dnsChange, dnsInputs, 'req-9');
    expect((await provider.dispatch(dnsChange, dnsInputs, 'req-9')).id).toBe(first.id);
    advance(2_000);
    const replayed = await provider.dispatch(dnsChange, dnsInputs, 'req-9');
    expect(replayed).toMatchObject({ id: first.id, status: 'in_progress' });
    expect(sim.state.allItems()).toHaveLength(1);

    sim.faults.inject({ kind: 'drop-after', count: 1, method: 'POST' });
    const second = await provider.dispatch(dnsChange, dnsInputs, 'req-10');
    expect(sim.state.allItems()).toHaveLength(2);
    expect(second.id).toBe(String(sim.state.allItems()[1]!.id));
    expect(await provider.findRunByKey(dnsChange, 'req-11')).toBeNull();
  });

  it('fetches a fresh crumb when Jenkins no longer accepts the old one', async () => {
    const { provider, sim } = await setup();
    await provider.dispatch(dnsChange, dnsInputs, 'req-12');
    sim.rotateCrumbs();
    await provider.dispatch(dnsChange, dnsInputs, 'req-12b');
    expect(sim.state.allItems()).toHaveLength(2);
    expect(sim.requests.filter((request) => request.path === '/crumbIssuer/api/json')).toHaveLength(2);
    const posts = sim.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.status)).toEqual([201, 403, 201]);
  });

  it('retries a rate-limited build request and 5xx on reads', async () => {
    const { provider, sim, sleeps } = await setup();
    sim.faults.inject({ kind: 'rate-limit', count: 1, method: 'POST' });
    const run = await provider.dispatch(dnsChange, dnsInputs, 'req-13');
    expect(sim.state.allItems()).toHaveLength(1);
    expect(sleeps).toEqual([1_000]);
    sim.faults.inject({ kind: 'server-error', count: 2, status: 503, path: '/queue/item/' });
    expect((await provider.getRun(dnsChange, run.id)).id).toBe(run.id);
    expect(sleeps).toHaveLength(3);
  });

  it("reads a failed build's console (consoleText), also after Jenkins forgot the queue item", async () => {
    const { sim, provider, advance } = await setup({ queueItemTtlMs: 60_000 });
    const run = await provider.dispatch(dnsChange, { ...dnsInputs, VALUE: 'simulate-failure' }, 'req-log');
    const queued = await refusal(provider.getRunLog(dnsChange, run.id, 60));
    expect(queued).toMatchObject({ kind: 'rejected', status: 404 });
    expect(queued.message).toBe(`The Jenkins run ${run.id} of dns-change is still waiting in the queue, so it has no console output`);
    advance(10_000);
    sim.resetRequestLog();
    const log = await provider.getRunLog(dnsChange, run.id, 60);
    expect(sim.requests.map((request) => request.path.split('?')[0])).toEqual([
      `/queue/item/${run.id}/api/json`,
      '/job/dns-change/1/api/json',
      '/job/dns-change/1/consoleText',
    ]);
    expect(sim.requests.at(-1)!.headers.authorization).toMatch(/^Basic /);
    expect(log).toMatchObject({
      runId: run.id,
      provider: 'jenkins',
      source: 'build #1 (FAILURE)',
      url: `${sim.baseUrl}/job/dns-change/1/console`,
    });
    expect(log.lines.slice(-2)).toEqual(["Build step 'Execute shell' marked build as failure", 'Finished: FAILURE']);
    expect(log.lines).toContain('ERROR: chunk 18/24 refused: the input VALUE="simulate-failure" asks this demo pipeline to fail');
    expect(log.totalLines).toBe(log.lines.length);
    advance(120_000);
    expect((await provider.getRunLog(dnsChange, run.id, 2)).lines).toEqual([
      "Build step 'Execute shell' marked build as failure",
      'Finished: FAILURE',
    ]);
  });
});
