/**
 * Runs the GitHub Actions simulator starts as a push does and hands to a driver (the
 * demo's deployment pipeline): in progress at once, steps marked done one by one, ended
 * by the driver; over raw HTTP, as the provider and people see them (the run, its job's
 * steps, its log, its page at the attempt URL the change step links).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../../../electron/simulators/github';

let sim: GitHubSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const auth = { Authorization: 'Bearer t' };

async function get(path: string): Promise<Record<string, unknown>> {
  const answer = await fetch(`${sim!.baseUrl}${path}`, { headers: auth });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}

async function steps(runId: number): Promise<string[]> {
  const { jobs } = (await get(`/repos/acme/payments-api/actions/runs/${runId}/jobs`)) as {
    jobs: { steps: { name: string; status: string; conclusion: string | null }[] }[];
  };
  return jobs[0]!.steps.map((step) => `${step.name}: ${step.status}${step.conclusion ? `/${step.conclusion}` : ''}`);
}

async function log(runId: number): Promise<string> {
  const jobId = sim!.state.jobIdOf(sim!.state.allRuns().find((run) => run.id === runId)!);
  const answer = await fetch(`${sim!.baseUrl}/repos/acme/payments-api/actions/jobs/${jobId}/logs`, { headers: auth });
  return answer.text();
}

describe('driven runs', () => {
  it('are pushes in progress at once, show each step as their driver marks it, and end as it says', async () => {
    sim = await startGitHubSimulator();
    const run = sim.state.startRun('acme', 'payments-api', 'deploy.yml', { title: 'Release 2.14.1' });
    expect(await get(`/repos/acme/payments-api/actions/runs/${run.id}`)).toMatchObject({
      event: 'push',
      status: 'in_progress',
      conclusion: null,
      display_title: 'Release 2.14.1',
      name: 'Deploy',
    });
    expect(sim.state.completeStep(run.id, ['Tests: 212 passed'])).toBe('Build and test');
    sim.state.completeStep(run.id, ['CHG0030001 standard change for Payments API 2.14.1']);
    expect(await steps(run.id)).toEqual([
      'Set up job: completed/success',
      'Run actions/checkout@v4: completed/success',
      'Build and test: completed/success',
      'Open the change: completed/success',
      'Pass the change gate: in_progress',
      'Deploy to production: queued',
      'Close the change: queued',
      'Post Run actions/checkout@v4: queued',
      'Complete job: queued',
    ]);

    sim.state.finishRun(run.id, 'failure', ['Deployment not permitted: Change freeze on Payments API']);
    expect(await get(`/repos/acme/payments-api/actions/runs/${run.id}`)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect((await steps(run.id)).slice(4)).toEqual([
      'Pass the change gate: completed/failure',
      'Deploy to production: completed/skipped',
      'Close the change: completed/skipped',
      'Post Run actions/checkout@v4: completed/skipped',
      'Complete job: completed/success',
    ]);
    const text = await log(run.id);
    expect(text).toMatch(/##\[group\]Run Open the change\n.*##\[endgroup\]\n.*CHG0030001 standard change/);
    expect(text).toMatch(
      /##\[group\]Run Pass the change gate\n.*##\[endgroup\]\n.*Deployment not permitted: Change freeze on Payments API\n.*##\[error\]Process completed with exit code 1\./,
    );
    expect(() => sim!.state.completeStep(run.id)).toThrow(/has ended/);

    const page = await fetch(`${sim.baseUrl}/acme/payments-api/actions/runs/${run.id}/attempts/1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('completed: failure');
    const pushes = (await get('/repos/acme/payments-api/actions/workflows/deploy.yml/runs?event=push')) as { total_count: number };
    expect(pushes.total_count).toBe(1);
  });

  it('skips the steps a successful run never did (a pipeline without its close step)', async () => {
    sim = await startGitHubSimulator();
    const run = sim.state.startRun('acme', 'checkout-web', 'deploy.yml', { title: 'Release 5.3.1' });
    for (let step = 0; step < 4; step++) sim.state.completeStep(run.id);
    sim.state.finishRun(run.id, 'success');
    const { jobs } = (await get(`/repos/acme/checkout-web/actions/runs/${run.id}/jobs`)) as {
      jobs: { conclusion: string; steps: { name: string; conclusion: string }[] }[];
    };
    expect(jobs[0]!.conclusion).toBe('success');
    expect(jobs[0]!.steps.find((step) => step.name === 'Close the change')?.conclusion).toBe('skipped');
    expect(() => sim!.state.startRun('acme', 'checkout-web', 'release.yml', { title: 'x' })).toThrow(
      'acme/checkout-web has no workflow release.yml',
    );
  });
});
