/**
 * The GitHub Actions provider over real HTTP against the GitHub simulator: dispatch with
 * return_run_details, a run's way to success and to failure, the refusals users must
 * understand (404 workflow, 422 inputs, 401), replay safety by the idempotency key
 * (also after a lost answer), and retries of 429 and 5xx.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createGitHubActionsProvider, type GitHubActionsConfig } from '../../../../electron/providers/github';
import { startGitHubSimulator, type GitHubSimulator, type GitHubSimulatorOptions } from '../../../../electron/simulators/github';
import type { GitHubActionsPipelineRef } from '../../../../shared/domain/pipeline';

const TOKEN = 'ghp_test-token-0123456789';
const restore: GitHubActionsPipelineRef = { kind: 'github-actions', owner: 'acme', repo: 'db-ops', workflow: 'restore-backup.yml' };
const restoreInputs = {
  database: 'orders',
  backup_id: 'snap-2026-05-01',
  target_environment: 'staging',
  requested_by: 'dana.developer@example.com',
};

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: GitHubSimulatorOptions = {}, config: Partial<GitHubActionsConfig> = {}) {
  let clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitHubSimulator({
    validTokens: [{ token: TOKEN, login: 'oncall-bot' }],
    timing: { queuedMs: 1_000, runningMs: 5_000 },
    now: () => clock,
    ...options,
  });
  const sleeps: number[] = [];
  const provider = createGitHubActionsProvider({
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

describe('GitHub Actions provider against the simulator', () => {
  it('dispatches with return_run_details and follows the run from queued to success', async () => {
    const { sim, provider, advance } = await setup();
    const run = await provider.dispatch(restore, restoreInputs, 'req-0001');
    expect(run).toMatchObject({
      provider: 'github-actions',
      status: 'queued',
      conclusion: null,
      inputs: { ...restoreInputs, console_request_id: 'req-0001' },
    });
    expect(run.url).toBe(`${sim.baseUrl}/acme/db-ops/actions/runs/${run.id}`);

    const dispatched = sim.requests.find((request) => request.method === 'POST')!;
    expect(dispatched.path).toBe('/repos/acme/db-ops/actions/workflows/restore-backup.yml/dispatches');
    expect(dispatched.headers.authorization).toBe(`token ${TOKEN}`);
    expect(dispatched.headers['x-github-api-version']).toBe('2022-11-28');
    expect(JSON.parse(dispatched.body!)).toEqual({
      ref: 'main',
      inputs: { ...restoreInputs, console_request_id: 'req-0001' },
      return_run_details: true,
    });
    const [simRun] = sim.state.allRuns();
    expect(simRun!.inputs).toMatchObject({ ...restoreInputs, console_request_id: 'req-0001', simulate_failure: 'false' });

    expect((await provider.getRun(restore, run.id)).status).toBe('queued');
    advance(1_500);
    const running = await provider.getRun(restore, run.id);
    expect(running).toMatchObject({ status: 'in_progress', conclusion: null, finishedAt: null });
    expect(running.startedAt).not.toBeNull();
    advance(5_000);
    const done = await provider.getRun(restore, run.id);
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success', vendorStatus: 'completed/success', inputs: null });
    expect(done.finishedAt).not.toBeNull();

    const page = await fetch(done.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-conclusion="success"');
    expect(html).toContain('snap-2026-05-01');
  });

  it('reports a failed run as completed with conclusion failure', async () => {
    const { provider, advance } = await setup();
    const run = await provider.dispatch(restore, { ...restoreInputs, simulate_failure: 'true' }, 'req-0002');
    advance(10_000);
    expect(await provider.getRun(restore, run.id)).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      vendorStatus: 'completed/failure',
    });
  });

  it('says which workflow was not found (404) and where to fix it', async () => {
    const { provider, sim } = await setup();
    const error = await refusal(provider.dispatch({ ...restore, workflow: 'restore-backups.yml' }, restoreInputs, 'req-0003'));
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(404);
    expect(error.message).toMatch(
      /^The workflow restore-backups\.yml was not found in acme\/db-ops: check the catalogue's pipeline\.workflow/,
    );
    expect(sim.state.allRuns()).toHaveLength(0);
  });

  it.each([
    [{ database: 'orders', target_environment: 'staging', requested_by: 'x@example.com' }, "Required input 'backup_id' not provided"],
    [{ ...restoreInputs, backup: 'snap-1' }, 'Unexpected inputs provided: ["backup"]'],
    [
      { ...restoreInputs, target_environment: 'prod' },
      "Provided value 'prod' for input 'target_environment' not in the list of allowed values",
    ],
  ])('passes on GitHub 422 refusals of the inputs with what to fix (%#)', async (inputs, vendorMessage) => {
    const { provider, sim } = await setup();
    const error = await refusal(provider.dispatch(restore, inputs, 'req-0004'));
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(422);
    expect(error.message).toBe(`GitHub refused the inputs: ${vendorMessage}: check the catalogue's input mapping for restore-backup.yml`);
    expect(sim.state.allRuns()).toHaveLength(0);
  });

  it('names the ref and the missing trigger when GitHub refuses the dispatch itself', async () => {
    const { provider } = await setup();
    const badRef = await refusal(provider.dispatch({ ...restore, ref: 'release' }, restoreInputs, 'req-0005'));
    expect(badRef.message).toBe("GitHub refused the dispatch: No ref found for: release: check the catalogue's pipeline.ref");
    const noTrigger = await refusal(provider.dispatch({ ...restore, workflow: 'nightly-vacuum.yml', requestIdInput: 'x' }, {}, 'req-0006'));
    expect(noTrigger.message).toMatch(
      /Workflow does not have 'workflow_dispatch' trigger: the workflow nightly-vacuum\.yml needs an `on: workflow_dispatch` trigger$/,
    );
  });

  it('reports a refused token as an auth error that never shows the token', async () => {
    const { provider } = await setup({}, { token: 'ghp_wrong-token-xyz' });
    const error = await refusal(provider.dispatch(restore, restoreInputs, 'req-0007'));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^GitHub rejected the token \(401: Bad credentials\): check GITHUB_TOKEN/);
    expect(error.message).not.toContain('ghp_wrong-token-xyz');
  });

  it('is safe to replay: a second dispatch with the same key returns the first run', async () => {
    const { provider, sim, advance } = await setup();
    const first = await provider.dispatch(restore, restoreInputs, 'req-0008');
    advance(2_000);
    const replay = await provider.dispatch(restore, restoreInputs, 'req-0008');
    expect(replay.id).toBe(first.id);
    expect(replay.status).toBe('in_progress');
    expect(sim.state.allRuns()).toHaveLength(1);
    expect(await provider.findRunByKey(restore, 'req-0008')).toMatchObject({ id: first.id });
    expect(await provider.findRunByKey(restore, 'req-000')).toBeNull();
    const other = await provider.dispatch(restore, restoreInputs, 'req-0009');
    expect(other.id).not.toBe(first.id);
    expect(sim.state.allRuns()).toHaveLength(2);
  });

  it('does not start a second run when the answer to a dispatch is lost', async () => {
    const { provider, sim, sleeps } = await setup();
    sim.faults.inject({ kind: 'drop-after', count: 1, method: 'POST' });
    const run = await provider.dispatch(restore, restoreInputs, 'req-0010');
    expect(sim.state.allRuns()).toHaveLength(1);
    expect(run.id).toBe(String(sim.state.allRuns()[0]!.id));
    expect(sleeps).toHaveLength(1);
  });

  it('retries a rate-limited dispatch after Retry-After and a 5xx on reads', async () => {
    const { provider, sim, sleeps } = await setup();
    sim.faults.inject({ kind: 'rate-limit', count: 2, method: 'POST' });
    const run = await provider.dispatch(restore, restoreInputs, 'req-0011');
    expect(sim.state.allRuns()).toHaveLength(1);
    expect(sleeps).toHaveLength(2);
    for (const wait of sleeps) expect(wait).toBeGreaterThanOrEqual(1_000);

    sim.faults.inject({ kind: 'server-error', count: 2, status: 502, path: '/repos/acme/db-ops/actions/runs/' });
    expect((await provider.getRun(restore, run.id)).id).toBe(run.id);
    expect(sleeps).toHaveLength(4);
  });

  it('gives up on a lasting outage with a transient error', async () => {
    const { provider, sim } = await setup({}, { maxRetries: 1 });
    sim.faults.inject({ kind: 'server-error', count: 10, status: 503 });
    const error = await refusal(provider.getRun(restore, '1'));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/failed with 503.*gave up after 2 attempts/);
  });

  it('treats a malformed body as transient and retries it', async () => {
    const { provider, sim, advance } = await setup();
    const run = await provider.dispatch(restore, restoreInputs, 'req-0012');
    sim.faults.inject({ kind: 'malformed', count: 1, path: '/repos/acme/db-ops/actions/runs/' });
    advance(60_000);
    expect((await provider.getRun(restore, run.id)).conclusion).toBe('success');
  });

  it('finds the run by its request id when GitHub answers a dispatch with 204 (no run details)', async () => {
    const { provider, sim, sleeps } = await setup({ returnRunDetails: false });
    const run = await provider.dispatch(restore, restoreInputs, 'req-0013');
    expect(run).toMatchObject({ id: String(sim.state.allRuns()[0]!.id), status: 'queued', inputs: { console_request_id: 'req-0013' } });
    expect(sleeps).toEqual([1_000]);
  });

  it('retries a request that gets no answer within the timeout', async () => {
    const { provider, sim, sleeps } = await setup({}, { timeoutMs: 100 });
    const run = await provider.dispatch(restore, restoreInputs, 'req-0014');
    sim.faults.inject({ kind: 'slow', count: 1, delayMs: 2_000, method: 'GET' });
    expect((await provider.getRun(restore, run.id)).id).toBe(run.id);
    expect(sleeps).toHaveLength(1);
  });

  it('says when a run id does not exist', async () => {
    const { provider } = await setup();
    const error = await refusal(provider.getRun(restore, '999'));
    expect(error).toMatchObject({ kind: 'rejected', status: 404 });
    expect(error.message).toMatch(/^The workflow run 999 was not found in acme\/db-ops/);
  });

  it("reads a failed run's log: its jobs, then the failed job's log through the signed download link, its tail cleaned for people", async () => {
    const { sim, provider, advance } = await setup();
    const run = await provider.dispatch(restore, { ...restoreInputs, backup_id: 'simulate-failure' }, 'req-log-1');
    const notYet = await refusal(provider.getRunLog(restore, run.id, 60));
    expect(notYet).toMatchObject({ kind: 'rejected', status: 404 });
    expect(notYet.message).toMatch(/has no log yet/);
    advance(10_000);
    sim.resetRequestLog();
    const log = await provider.getRunLog(restore, run.id, 60);
    const job = sim.state.jobIdOf(sim.state.allRuns()[0]!);
    expect(sim.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
      `GET /repos/acme/db-ops/actions/runs/${run.id}/jobs`,
      `GET /repos/acme/db-ops/actions/jobs/${job}/logs`,
    ]);
    expect(sim.requests[0]!.query).toContain('filter=latest');
    expect(log).toMatchObject({
      runId: run.id,
      provider: 'github-actions',
      source: 'job "restore-backup" (failure)',
      url: `${sim.baseUrl}/acme/db-ops/actions/runs/${run.id}/job/${job}`,
    });
    expect(log.lines).toHaveLength(60);
    expect(log.totalLines).toBeGreaterThan(60);
    expect(log.lines.at(-3)).toBe('Error: Process completed with exit code 1.');
    expect(log.lines).toContain('ERROR: chunk 18/24 refused: the input backup_id="simulate-failure" asks this demo pipeline to fail');
    // No time prefixes, group markers or colour codes.
    // eslint-disable-next-line no-control-regex
    for (const line of log.lines) expect(line).not.toMatch(/^\d{4}-\d{2}-\d{2}T|##\[|\u001b/);
  });

  it("follows the log link only while it is valid, as GitHub's expire after a minute", async () => {
    const { sim, provider, advance } = await setup();
    const run = await provider.dispatch(restore, restoreInputs, 'req-log-2');
    advance(10_000);
    const job = sim.state.jobIdOf(sim.state.allRuns()[0]!);
    const redirect = await fetch(`${sim.baseUrl}/repos/acme/db-ops/actions/jobs/${job}/logs`, {
      headers: { Authorization: `token ${TOKEN}` },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const link = redirect.headers.get('location')!;
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(link.replace(/sig=[0-9a-f]+/, 'sig=00'))).status).toBe(403);
    advance(61_000);
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AuthenticationFailed<\/Code>/);
    // The provider asks for a fresh link each time.
    expect((await provider.getRunLog(restore, run.id, 5)).lines.at(-1)).toBe('Cleaning up orphan processes');
  });
});
