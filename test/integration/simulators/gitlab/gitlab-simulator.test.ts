/**
 * The GitLab simulator over raw HTTP: tokens, projects by id or encoded path, pipeline
 * creation (JSON and form), GitLab's error bodies, statuses over time, pagination
 * headers and the variables route.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from '../../../../electron/simulators/gitlab';

let sim: GitLabSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

let clock = 0;
async function start() {
  clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startGitLabSimulator({
    now: () => clock,
    timing: { queuedMs: 1_000, runningMs: 2_000 },
    validTokens: [{ token: 'glpat-ok', username: 'bot' }],
    projects: [{ id: 11, path: 'network/firewall-as-code', name: 'firewall-as-code' }],
  });
  return sim;
}

const headers = { 'PRIVATE-TOKEN': 'glpat-ok', 'Content-Type': 'application/json' };

describe('GitLab simulator', () => {
  it('creates pipelines by encoded path or id and moves them along', async () => {
    const s = await start();
    const created = await fetch(`${s.baseUrl}/api/v4/projects/network%2Ffirewall-as-code/pipeline`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ref: 'main', variables: [{ key: 'A', value: 'simulate-cancel' }] }),
    });
    expect(created.status).toBe(201);
    const pipeline = (await created.json()) as { id: number; iid: number; status: string; source: string; project_id: number };
    expect(pipeline).toMatchObject({ iid: 1, status: 'created', source: 'api', project_id: 11 });
    const form = await fetch(`${s.baseUrl}/api/v4/projects/11/pipeline`, {
      method: 'POST',
      headers: { 'PRIVATE-TOKEN': 'glpat-ok', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'ref=main',
    });
    expect(form.status).toBe(201);

    const get = async () =>
      (await (await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines/${pipeline.id}`, { headers })).json()) as {
        status: string;
        started_at: string | null;
        finished_at: string | null;
      };
    clock += 600;
    expect((await get()).status).toBe('pending');
    clock += 600;
    expect(await get()).toMatchObject({ status: 'running', finished_at: null });
    clock += 2_000;
    const done = await get();
    expect(done.status).toBe('canceled');
    expect(done.finished_at).not.toBeNull();
    const variables = await (await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines/${pipeline.id}/variables`, { headers })).json();
    expect(variables).toEqual([{ key: 'A', value: 'simulate-cancel', variable_type: 'env_var', raw: false }]);
  });

  it('answers with GitLab error bodies', async () => {
    const s = await start();
    const ask = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${s.baseUrl}/api/v4${path}`, { headers, ...init });
      return [response.status, await response.json()];
    };
    expect(await ask('/projects/11/pipelines', { headers: { 'PRIVATE-TOKEN': 'nope' } })).toEqual([401, { message: '401 Unauthorized' }]);
    expect(await ask('/projects/99/pipelines')).toEqual([404, { message: '404 Project Not Found' }]);
    expect(await ask('/projects/11/pipelines/5')).toEqual([404, { message: '404 Not found' }]);
    expect(await ask('/projects/11/pipeline', { method: 'POST', body: '{}' })).toEqual([400, { error: 'ref is missing' }]);
    expect(await ask('/projects/11/pipeline', { method: 'POST', body: JSON.stringify({ ref: 'nope' }) })).toEqual([
      400,
      { message: { base: ['Reference not found'] } },
    ]);
    expect(
      await ask('/projects/11/pipeline', { method: 'POST', body: JSON.stringify({ ref: 'main', variables: [{ value: 'x' }] }) }),
    ).toEqual([400, { error: 'variables[0][key] is missing' }]);
  });

  it('lists pipelines newest first with pagination headers and filters', async () => {
    const s = await start();
    for (let i = 0; i < 3; i++) {
      await fetch(`${s.baseUrl}/api/v4/projects/11/pipeline`, { method: 'POST', headers, body: JSON.stringify({ ref: 'main' }) });
      if (i < 2) clock += 10_000;
    }
    const response = await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines?per_page=2&ref=main&source=api`, { headers });
    const list = (await response.json()) as { id: number; status: string }[];
    expect(list).toHaveLength(2);
    expect(list[0]!.id).toBeGreaterThan(list[1]!.id);
    expect(response.headers.get('x-total')).toBe('3');
    expect(response.headers.get('x-next-page')).toBe('2');
    const recent = (await (
      await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines?updated_after=2026-05-04T09:00:05Z`, { headers })
    ).json()) as unknown[];
    expect(recent).toHaveLength(2);
    const success = (await (await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines?status=success`, { headers })).json()) as unknown[];
    expect(success).toHaveLength(2);
  });

  it('answers an injected rate limit as GitLab does', async () => {
    const s = await start();
    s.faults.inject({ kind: 'rate-limit', count: 1 });
    const response = await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines`, { headers });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.text()).toBe('Retry later\n');
  });

  it("lists a pipeline's job by scope and serves its trace once a runner started it", async () => {
    const s = await start();
    const created = await fetch(`${s.baseUrl}/api/v4/projects/11/pipeline`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ref: 'main', variables: [{ key: 'PORT', value: 'simulate-failure' }] }),
    });
    const pipeline = (await created.json()) as { id: number };
    const jobs = async (query = '') =>
      (await (await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines/${pipeline.id}/jobs${query}`, { headers })).json()) as {
        id: number;
        status: string;
        name: string;
        stage: string;
        web_url: string;
      }[];
    const [job] = await jobs();
    expect(job).toMatchObject({
      name: 'apply-rule',
      stage: 'deploy',
      status: 'created',
      web_url: `${s.baseUrl}/network/firewall-as-code/-/jobs/${job!.id}`,
    });
    const early = await fetch(`${s.baseUrl}/api/v4/projects/11/jobs/${job!.id}/trace`, { headers });
    expect(early.status).toBe(404);
    expect(await early.json()).toEqual({ message: '404 Not found' });
    expect(await jobs('?scope[]=failed')).toEqual([]);
    clock += 5_000;
    expect((await jobs('?scope[]=failed&scope[]=canceled')).map((candidate) => candidate.status)).toEqual(['failed']);
    expect(await jobs('?scope=failed')).toHaveLength(1);
    const bad = await fetch(`${s.baseUrl}/api/v4/projects/11/pipelines/${pipeline.id}/jobs?scope[]=broken`, { headers });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'scope does not have a valid value' });
    const single = (await (await fetch(`${s.baseUrl}/api/v4/projects/11/jobs/${job!.id}`, { headers })).json()) as {
      status: string;
      failure_reason: string;
    };
    expect(single).toMatchObject({ status: 'failed', failure_reason: 'script_failure' });
    const trace = await fetch(`${s.baseUrl}/api/v4/projects/11/jobs/${job!.id}/trace`, { headers });
    expect(trace.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await trace.text();
    expect(text.startsWith('\u001b[0KRunning with gitlab-runner')).toBe(true);
    expect(text).toMatch(/section_start:\d+:step_script\r\u001b\[0K/); // eslint-disable-line no-control-regex
    expect(text.trimEnd().endsWith('\u001b[31;1mERROR: Job failed: exit code 1\u001b[0;m')).toBe(true);
    const unauthorised = await fetch(`${s.baseUrl}/api/v4/projects/11/jobs/${job!.id}/trace`);
    expect(unauthorised.status).toBe(401);
  });
});
