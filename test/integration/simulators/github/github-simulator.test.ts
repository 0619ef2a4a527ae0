/**
 * The GitHub Actions simulator over raw HTTP: authentication and rate limit headers,
 * workflow_dispatch with and without return_run_details, GitHub's 422 wording, the run
 * list's filters and Link paging, the run page, and the control routes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  renderRunName,
  startGitHubSimulator,
  type GitHubSimulator,
  type GitHubSimulatorOptions,
} from '../../../../electron/simulators/github';

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

let clock = 0;
async function start(options: GitHubSimulatorOptions = {}) {
  clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitHubSimulator({ now: () => clock, timing: { queuedMs: 1_000, runningMs: 2_000 }, ...options });
  return sim;
}

const auth = { Authorization: 'Bearer t', 'Content-Type': 'application/json' };
const inputs = {
  database: 'orders',
  backup_id: 'b1',
  target_environment: 'staging',
  requested_by: 'a@example.com',
  console_request_id: 'r1',
};

function dispatch(s: GitHubSimulator, body: unknown, workflow = 'restore-backup.yml') {
  return fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows/${workflow}/dispatches`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(body),
  });
}

describe('GitHub Actions simulator', () => {
  it("lists a run's job and redirects its log to a signed plain-text link", async () => {
    const s = await start();
    await dispatch(s, { ref: 'main', inputs: { ...inputs, simulate_failure: 'true' } });
    const run = s.state.allRuns()[0]!;
    const list = (await (
      await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/runs/${run.id}/jobs?filter=latest`, { headers: auth })
    ).json()) as { total_count: number; jobs: Record<string, unknown>[] };
    expect(list.total_count).toBe(1);
    const jobId = s.state.jobIdOf(run);
    expect(list.jobs[0]).toMatchObject({
      id: jobId,
      run_id: run.id,
      name: 'restore-backup',
      status: 'queued',
      conclusion: null,
      workflow_name: 'Restore a database backup',
    });
    expect((await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/runs/${run.id}/jobs?filter=newest`, { headers: auth })).status).toBe(422);
    const notStarted = await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/jobs/${jobId}/logs`, { headers: auth, redirect: 'manual' });
    expect(notStarted.status).toBe(404);
    clock += 3_500;
    const job = (await (await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/jobs/${jobId}`, { headers: auth })).json()) as {
      status: string;
      conclusion: string;
      steps: { name: string; conclusion: string }[];
    };
    expect(job).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(job.steps.map((step) => `${step.name}: ${step.conclusion}`)).toEqual([
      'Set up job: success',
      'Run actions/checkout@v4: success',
      'Run ./scripts/restore-backup.sh: failure',
      'Post Run actions/checkout@v4: skipped',
      'Complete job: success',
    ]);
    const redirect = await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/jobs/${jobId}/logs`, { headers: auth, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('x-ratelimit-remaining')).not.toBeNull();
    const link = redirect.headers.get('location')!;
    expect(link).toMatch(new RegExp(`^${s.baseUrl}/_results/acme/db-ops/jobs/${jobId}/logs.txt\\?.*se=.*&sig=[0-9a-f]{64}$`));
    // The link is signed: no token needed, and not recorded as an API call.
    const before = s.requests.length;
    const log = await fetch(link);
    expect(log.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = (await log.text()).trimEnd().split('\n');
    expect(s.requests).toHaveLength(before);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z /);
    expect(lines.map((line) => line.slice(29))).toEqual(
      expect.arrayContaining([
        '##[group]Run ./scripts/restore-backup.sh',
        '##[error]Process completed with exit code 1.',
        'Cleaning up orphan processes',
      ]),
    );
    expect(lines.at(-3)!.slice(29)).toBe('##[error]Process completed with exit code 1.');
  });

  it('answers 204 without return_run_details and 200 with the run details with it', async () => {
    const s = await start();
    const plain = await dispatch(s, { ref: 'main', inputs });
    expect(plain.status).toBe(204);
    expect(await plain.text()).toBe('');
    const detailed = await dispatch(s, {
      ref: 'refs/heads/main',
      inputs: { ...inputs, console_request_id: 'r2' },
      return_run_details: true,
    });
    expect(detailed.status).toBe(200);
    const body = (await detailed.json()) as { workflow_run_id: number; run_url: string; html_url: string };
    expect(body.run_url).toBe(`${s.baseUrl}/repos/acme/db-ops/actions/runs/${body.workflow_run_id}`);
    const run = (await (await fetch(body.run_url, { headers: auth })).json()) as Record<string, unknown>;
    expect(run).toMatchObject({
      id: body.workflow_run_id,
      status: 'queued',
      conclusion: null,
      event: 'workflow_dispatch',
      display_title: 'Restore orders from b1 [r2]',
      run_number: 2,
      head_branch: 'main',
    });
  });

  it('refuses dispatches with GitHub status codes and wording', async () => {
    const s = await start();
    const cases: [unknown, string, number, string][] = [
      [{ inputs }, 'restore-backup.yml', 422, 'Invalid request.\n\n"ref" wasn\'t supplied.'],
      [{ ref: 'main', inputs: { ...inputs, protocol: 'tcp' } }, 'restore-backup.yml', 422, 'Unexpected inputs provided: ["protocol"]'],
      [
        { ref: 'main', inputs: { ...inputs, simulate_failure: 'yes' } },
        'restore-backup.yml',
        422,
        "Provided value 'yes' for input 'simulate_failure' is not a valid boolean",
      ],
      [
        { ref: 'main', inputs: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'x'])) },
        'restore-backup.yml',
        422,
        'you may only define up to 25 `inputs` for a `workflow_dispatch` event',
      ],
      [{ ref: 'main' }, 'missing.yml', 404, 'Not Found'],
    ];
    for (const [body, workflow, status, message] of cases) {
      const response = await dispatch(s, body, workflow);
      expect(response.status).toBe(status);
      const json = (await response.json()) as { message: string; documentation_url: string; status: string };
      expect(json.message).toBe(message);
      expect(json.documentation_url).toMatch(/^https:\/\/docs\.github\.com\/rest/);
      expect(json.status).toBe(String(status));
    }
    expect(s.state.allRuns()).toHaveLength(0);
    const booleanTrue = await dispatch(s, { ref: 'main', inputs: { ...inputs, simulate_failure: true } });
    expect(booleanTrue.status).toBe(204);
    expect(s.state.allRuns()[0]!.outcome).toBe('failure');
  });

  it('asks for credentials, refuses unknown tokens and counts the rate limit', async () => {
    const s = await start({ validTokens: [{ token: 'good', login: 'bot' }], rateLimitPerHour: 2 });
    const none = await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { message: string }).message).toBe('Requires authentication');
    const bad = await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`, { headers: { Authorization: 'token nope' } });
    expect(((await bad.json()) as { message: string }).message).toBe('Bad credentials');
    const first = await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`, { headers: { Authorization: 'token good' } });
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`, { headers: { Authorization: 'token good' } });
    const limited = await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`, { headers: { Authorization: 'token good' } });
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as { message: string }).message).toMatch(/^API rate limit exceeded/);
  });

  it('lists a workflow runs newest first with filters and Link paging', async () => {
    const s = await start();
    for (let i = 0; i < 3; i++) {
      await dispatch(s, { ref: 'main', inputs: { ...inputs, console_request_id: `r${i}` } });
      if (i < 2) clock += 60_000;
    }
    const url = `${s.baseUrl}/repos/acme/db-ops/actions/workflows/restore-backup.yml/runs`;
    const page1 = await fetch(`${url}?per_page=2&event=workflow_dispatch`, { headers: auth });
    const body = (await page1.json()) as { total_count: number; workflow_runs: { display_title: string; status: string }[] };
    expect(body.total_count).toBe(3);
    expect(body.workflow_runs.map((run) => run.display_title)).toEqual(['Restore orders from b1 [r2]', 'Restore orders from b1 [r1]']);
    expect(page1.headers.get('link')).toContain('page=2>; rel="next"');
    const recent = (await (await fetch(`${url}?created=>=2026-05-04T09:01:00Z`, { headers: auth })).json()) as { total_count: number };
    expect(recent.total_count).toBe(2);
    const completed = (await (await fetch(`${url}?status=completed`, { headers: auth })).json()) as { total_count: number };
    expect(completed.total_count).toBe(2);
    const other = (await (await fetch(`${url}?event=push`, { headers: auth })).json()) as { total_count: number };
    expect(other.total_count).toBe(0);
  });

  it('serves a page for each run html_url, and 404 for unknown runs', async () => {
    const s = await start();
    await dispatch(s, { ref: 'main', inputs });
    const run = s.state.allRuns()[0]!;
    s.state.finishRun(run.id, 'cancelled');
    const page = await fetch(`${s.baseUrl}/acme/db-ops/actions/runs/${run.id}`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('data-conclusion="cancelled"');
    expect((await fetch(`${s.baseUrl}/acme/db-ops/actions/runs/1`)).status).toBe(404);
    expect(s.requests.some((request) => request.path.startsWith('/acme/'))).toBe(false);
  });

  it('takes faults over HTTP and records requests', async () => {
    const s = await start();
    const refused = await fetch(`${s.baseUrl}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'rate-limit' }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/count/);
    expect(
      (
        await fetch(`${s.baseUrl}/_simulator/faults`, {
          method: 'POST',
          body: JSON.stringify({ kind: 'server-error', count: 1, status: 503 }),
        })
      ).status,
    ).toBe(204);
    expect((await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`, { headers: auth })).status).toBe(503);
    expect((await fetch(`${s.baseUrl}/repos/acme/db-ops/actions/workflows`, { headers: auth })).status).toBe(200);
    const log = (await (await fetch(`${s.baseUrl}/_simulator/requests`)).json()) as { requests: { status: number }[] };
    expect(log.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it('renders run-name expressions', () => {
    expect(renderRunName('Deploy ${{ inputs.env }} ${{inputs.missing}} [${{ inputs.id }}]', { env: 'prod', id: '7' })).toBe(
      'Deploy prod  [7]',
    );
  });
});
