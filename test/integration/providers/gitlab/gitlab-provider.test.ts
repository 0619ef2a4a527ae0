/**
 * The GitLab provider over real HTTP against the GitLab simulator: a pipeline created
 * with variables, its way to success and to failure, GitLab's refusals (404 project, 400
 * ref / variables / rules), 401, replay safety by the request id variable (also after a
 * lost answer), and retries of 429 and 5xx.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createGitLabProvider, type GitLabConfig } from '../../../../electron/providers/gitlab';
import { startGitLabSimulator, type GitLabSimulator, type GitLabSimulatorOptions } from '../../../../electron/simulators/gitlab';
import type { GitLabPipelineRef } from '../../../../shared/domain/pipeline';

const TOKEN = 'glpat-test-token-abcdef';
const firewall: GitLabPipelineRef = { kind: 'gitlab', project: 'network/firewall-as-code' };
const ruleInputs = { SOURCE_CIDR: '10.20.0.0/16', DESTINATION: 'db-orders.internal', PORT: '5432' };

let sim: GitLabSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: GitLabSimulatorOptions = {}, config: Partial<GitLabConfig> = {}) {
  let clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitLabSimulator({
    validTokens: [{ token: TOKEN, username: 'network-bot' }],
    timing: { queuedMs: 1_000, runningMs: 5_000 },
    now: () => clock,
    ...options,
  });
  const sleeps: number[] = [];
  const provider = createGitLabProvider({
    baseUrl: sim.baseUrl,
    token: TOKEN,
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

describe('GitLab provider against the simulator', () => {
  it('creates a pipeline with variables and follows it from created to success', async () => {
    const { sim, provider, advance } = await setup();
    const run = await provider.dispatch(firewall, ruleInputs, 'req-1');
    expect(run).toMatchObject({
      provider: 'gitlab',
      status: 'queued',
      vendorStatus: 'created',
      inputs: { ...ruleInputs, CONSOLE_REQUEST_ID: 'req-1' },
    });
    expect(run.url).toBe(`${sim.baseUrl}/network/firewall-as-code/-/pipelines/${run.id}`);

    const post = sim.requests.find((request) => request.method === 'POST')!;
    expect(post.path).toBe('/api/v4/projects/network%2Ffirewall-as-code/pipeline');
    expect(post.headers['private-token']).toBe(TOKEN);
    expect(JSON.parse(post.body!)).toMatchObject({
      ref: 'main',
      variables: expect.arrayContaining([{ key: 'CONSOLE_REQUEST_ID', value: 'req-1', variable_type: 'env_var' }]),
    });

    advance(600);
    expect(await provider.getRun(firewall, run.id)).toMatchObject({ status: 'queued', vendorStatus: 'pending' });
    advance(1_000);
    expect(await provider.getRun(firewall, run.id)).toMatchObject({ status: 'in_progress', vendorStatus: 'running' });
    advance(5_000);
    const done = await provider.getRun(firewall, run.id);
    expect(done).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      vendorStatus: 'success',
      inputs: { ...ruleInputs, CONSOLE_REQUEST_ID: 'req-1' },
    });
    expect(done.finishedAt).not.toBeNull();
    const page = await fetch(done.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-status="success"');
  });

  it('reports a failed pipeline', async () => {
    const { provider, advance } = await setup();
    const run = await provider.dispatch(firewall, { ...ruleInputs, DESTINATION: 'simulate-failure.internal' }, 'req-2');
    advance(10_000);
    expect(await provider.getRun(firewall, run.id)).toMatchObject({ status: 'completed', conclusion: 'failure', vendorStatus: 'failed' });
  });

  it('says which project was not found (404)', async () => {
    const { provider } = await setup();
    const error = await refusal(provider.dispatch({ ...firewall, project: 'network/firewall' }, ruleInputs, 'req-3'));
    expect(error).toMatchObject({ kind: 'rejected', status: 404 });
    expect(error.message).toBe(
      "The GitLab project network/firewall was not found: check the catalogue's pipeline.project (and that the GitLab token can see it)",
    );
  });

  it('passes on GitLab 400 refusals with what to fix', async () => {
    const { provider, sim } = await setup({
      projects: [
        { id: 1, path: 'network/firewall-as-code', name: 'firewall-as-code', requiredVariables: ['SOURCE_CIDR'] },
        { id: 2, path: 'network/locked', name: 'locked', allowPipelineVariables: false },
      ],
    });
    const rules = await refusal(provider.dispatch(firewall, { PORT: '22' }, 'req-4'));
    expect(rules.message).toMatch(
      /^GitLab did not create the pipeline: Pipeline will not run for the selected trigger\..*: check the catalogue's variable mapping/,
    );
    const ref = await refusal(provider.dispatch({ ...firewall, ref: 'release' }, ruleInputs, 'req-5'));
    expect(ref.message).toBe("GitLab refused the pipeline: Reference not found: check the catalogue's pipeline.ref (release)");
    const locked = await refusal(provider.dispatch({ kind: 'gitlab', project: '2' }, {}, 'req-6'));
    expect(locked.message).toMatch(
      /^GitLab refused the pipeline variables: Insufficient permissions to set pipeline variables: in 2, let the token's role/,
    );
    for (const error of [rules, ref, locked]) expect(error).toMatchObject({ kind: 'rejected', status: 400 });
    expect(sim.state.allPipelines()).toHaveLength(0);
  });

  it('reports a refused token as an auth error that never shows the token', async () => {
    const { provider } = await setup({}, { token: 'glpat-wrong' });
    const error = await refusal(provider.getRun(firewall, '1'));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toMatch(/^GitLab rejected the token \(401: 401 Unauthorized\): check GITLAB_TOKEN/);
    expect(error.message).not.toContain('glpat-wrong');
  });

  it('is safe to replay, also after a lost answer', async () => {
    const { provider, sim } = await setup();
    const first = await provider.dispatch(firewall, ruleInputs, 'req-7');
    const replay = await provider.dispatch(firewall, ruleInputs, 'req-7');
    expect(replay.id).toBe(first.id);
    expect(sim.state.allPipelines()).toHaveLength(1);
    expect(await provider.findRunByKey(firewall, 'req-8')).toBeNull();

    sim.faults.inject({ kind: 'drop-after', count: 1, method: 'POST' });
    const second = await provider.dispatch(firewall, ruleInputs, 'req-8');
    expect(sim.state.allPipelines()).toHaveLength(2);
    expect(second.id).toBe(String(sim.state.allPipelines()[1]!.id));
    expect(second.inputs).toMatchObject({ CONSOLE_REQUEST_ID: 'req-8' });
  });

  it('retries a rate-limited create after Retry-After, and 5xx on reads', async () => {
    const { provider, sim, sleeps } = await setup();
    sim.faults.inject({ kind: 'rate-limit', count: 1, method: 'POST' });
    const run = await provider.dispatch(firewall, ruleInputs, 'req-9');
    expect(sim.state.allPipelines()).toHaveLength(1);
    expect(sleeps).toEqual([1_000]);
    sim.faults.inject({ kind: 'server-error', count: 2, status: 502, method: 'GET' });
    expect((await provider.getRun(firewall, run.id)).id).toBe(run.id);
    expect(sleeps).toHaveLength(3);
  });

  it('says when a pipeline id does not exist', async () => {
    const { provider } = await setup();
    const error = await refusal(provider.getRun(firewall, '42'));
    expect(error).toMatchObject({ kind: 'rejected', status: 404 });
    expect(error.message).toBe('The GitLab pipeline 42 was not found in network/firewall-as-code: it may have been deleted');
  });

  it("reads a failed pipeline's log: its failed job, then that job's trace, without colours or section markers", async () => {
    const { sim, provider, advance } = await setup();
    const run = await provider.dispatch(firewall, { ...ruleInputs, DESTINATION: 'simulate-failure.internal' }, 'req-log');
    const notYet = await refusal(provider.getRunLog(firewall, run.id, 60));
    expect(notYet).toMatchObject({ kind: 'rejected', status: 404 });
    expect(notYet.message).toMatch(/has no log yet/);
    advance(10_000);
    sim.resetRequestLog();
    const log = await provider.getRunLog(firewall, run.id, 40);
    expect(
      sim.requests.map(
        (request) => `${request.method} ${decodeURIComponent(request.path)}${request.query ? `?${decodeURIComponent(request.query)}` : ''}`,
      ),
    ).toEqual([
      `GET /api/v4/projects/network/firewall-as-code/pipelines/${run.id}/jobs?scope[]=failed&per_page=100`,
      expect.stringMatching(new RegExp(`^GET /api/v4/projects/network/firewall-as-code/jobs/\\d+/trace$`)),
    ]);
    expect(sim.requests[1]!.headers.accept).toBe('text/plain');
    expect(log).toMatchObject({
      runId: run.id,
      provider: 'gitlab',
      source: 'job "apply-rule" (failed)',
      url: expect.stringMatching(new RegExp(`^${sim.baseUrl}/network/firewall-as-code/-/jobs/\\d+$`)),
    });
    expect(log.lines).toHaveLength(40);
    expect(log.lines.at(-1)).toBe('ERROR: Job failed: exit code 1');
    expect(log.lines).toContain(
      'ERROR: chunk 18/24 refused: the input DESTINATION="simulate-failure.internal" asks this demo pipeline to fail',
    );
    // eslint-disable-next-line no-control-regex
    for (const line of log.lines) expect(line).not.toMatch(/section_(start|end)|\u001b|\r/);
    const page = await fetch(log.url!);
    expect(await page.text()).toContain('ERROR: Job failed: exit code 1');
  });

  it("shows the newest job's trace when no job failed", async () => {
    const { provider, advance } = await setup();
    const run = await provider.dispatch(firewall, ruleInputs, 'req-ok');
    advance(10_000);
    const log = await provider.getRunLog(firewall, run.id, 3);
    expect(log.source).toBe('job "apply-rule" (success)');
    expect(log.lines.at(-1)).toBe('Job succeeded');
    expect((await refusal(provider.getRunLog(firewall, '1180009999', 3))).message).toMatch(/was not found in network\/firewall-as-code/);
  });
});
