import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { waitFor } from '../../support/wait-for';
import { childEnv, killAll, runCli, startCli } from './run-cli';

let root: string;
let simulator: PagerDutySimulator | null = null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-it-'));
});

afterEach(async () => {
  killAll();
  await simulator?.close();
  simulator = null;
  rmSync(root, { recursive: true, force: true });
});

function writeWorkspace(baseUrl: string, extra = ''): string {
  const file = join(root, 'workspace.yaml');
  writeFileSync(file, `name: CLI test\npaging:\n  provider: pagerduty\n  baseUrl: ${baseUrl}\n  pollIntervalSeconds: 2\n${extra}`);
  return file;
}

async function startSimulator(options: Parameters<typeof startPagerDutySimulator>[0] = {}) {
  simulator = await startPagerDutySimulator({ seedIncidents: 6, demo: false, ...options });
  return simulator;
}

function secretsFor(sim: PagerDutySimulator, token = 'test-token'): NodeJS.ProcessEnv {
  return { PAGERDUTY_TOKEN: token, PAGERDUTY_FROM: sim.state.me.email };
}

describe('oncall-console (CLI)', () => {
  it('prints its usage for --help', async () => {
    const { code, stdout, stderr } = await runCli(['--help'], childEnv(root));
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: oncall-console');
    expect(stderr).toBe('');
  });

  it('refuses an unknown flag with exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['incidents', 'list', '--jsno'], childEnv(root));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('incidents: unknown option --jsno');
  });

  it('reports a malformed workspace as file:line:column with exit 2 and no stack trace', async () => {
    const file = writeWorkspace('api.pagerduty');
    const { code, stdout, stderr } = await runCli(['incidents', 'list', '--workspace', file], childEnv(root));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${file}:4:12: paging.baseUrl: must be an http(s) URL (got "api.pagerduty")\n`);
  });

  it('names the missing environment variable with exit 2', async () => {
    const file = writeWorkspace('http://127.0.0.1:9');
    const { code, stderr } = await runCli(['incidents', 'list', '--workspace', file], childEnv(root, { PAGERDUTY_TOKEN: 'x' }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Set the environment variable PAGERDUTY_FROM/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('`serve` names the missing Splunk On-Call variable with exit 2 when the workspace names that platform', async () => {
    const file = join(root, 'two-platforms.yaml');
    writeFileSync(
      file,
      'paging:\n  - provider: pagerduty\n    baseUrl: http://127.0.0.1:9\n  - provider: splunk-on-call\n    apiUrl: http://127.0.0.1:9\n',
    );
    const env = { PAGERDUTY_TOKEN: 'x', PAGERDUTY_FROM: 'me@example.com', SPLUNK_ONCALL_API_ID: 'acme', SPLUNK_ONCALL_API_KEY: 'k' };
    const { code, stderr } = await runCli(['serve', '--workspace', file, '--port', '0'], childEnv(root, env));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Set the environment variable SPLUNK_ONCALL_USER \(/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('`simulate` prints every simulator URL and stops on SIGTERM with exit 0', async () => {
    const cli = startCli(['simulate', '--port', '0', '--demo-incidents', '3'], childEnv(root));
    const jenkins = await cli.waitForLine(/^Jenkins: /);
    const gitLab = await cli.waitForLine(/^GitLab API: /);
    const gitHub = await cli.waitForLine(/^GitHub API: /);
    const jira = await cli.waitForLine(/^Jira Service Management API: /);
    const serviceNow = await cli.waitForLine(/^ServiceNow API: /);
    const splunkOnCallRestEndpoint = await cli.waitForLine(/^Splunk On-Call REST endpoint: /);
    const splunkOnCallApi = await cli.waitForLine(/^Splunk On-Call API: /);
    const events = await cli.waitForLine(/^PagerDuty Events API: /);
    const api = await cli.waitForLine(/^PagerDuty API: /);
    const apiUrl = api.replace('PagerDuty API: ', '');
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(events).toBe(`PagerDuty Events API: ${apiUrl}/v2/enqueue`);
    const response = await fetch(`${apiUrl}/incidents?statuses[]=triggered&statuses[]=acknowledged`, {
      headers: { Authorization: 'Token token=anything', Accept: 'application/vnd.pagerduty+json;version=2' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { incidents: unknown[] }).incidents).toHaveLength(3);
    expect(cli.stdout().trim().split('\n')).toEqual([
      api,
      events,
      splunkOnCallApi,
      splunkOnCallRestEndpoint,
      serviceNow,
      jira,
      gitHub,
      gitLab,
      jenkins,
    ]);
    // Splunk On-Call's API answers (its demo org's credentials are the simulator's own: a wrong pair is refused as the vendor does).
    const splunkOnCallUrl = splunkOnCallApi.replace('Splunk On-Call API: ', '');
    expect(splunkOnCallUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const refused = await fetch(`${splunkOnCallUrl}/api-public/v1/incidents`, { headers: { 'X-VO-Api-Id': 'x', 'X-VO-Api-Key': 'y' } });
    expect(refused.status).toBe(403);
    // Its REST endpoint takes an alert for a routing key.
    const restEndpoint = splunkOnCallRestEndpoint.replace('Splunk On-Call REST endpoint: ', '');
    expect(restEndpoint.startsWith(`${splunkOnCallUrl}/integrations/generic/20131114/alert/`)).toBe(true);
    const alert = await fetch(`${restEndpoint}/data-pipelines`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message_type: 'CRITICAL', entity_id: 'cli-test', state_message: 'from the cli test' }),
    });
    expect(alert.status).toBe(200);
    expect(((await alert.json()) as { result: string }).result).toBe('success');
    const snUrl = serviceNow.replace('ServiceNow API: ', '');
    const tickets = await fetch(`${snUrl}/api/now/table/incident?sysparm_limit=1`, {
      headers: { Authorization: `Basic ${Buffer.from('oncall.console:x').toString('base64')}`, Accept: 'application/json' },
    });
    expect(tickets.status).toBe(200);
    const jiraUrl = jira.replace('Jira Service Management API: ', '');
    const desks = await fetch(`${jiraUrl}/rest/servicedeskapi/servicedesk`, {
      headers: { Authorization: `Basic ${Buffer.from('oncall-console@example.com:x').toString('base64')}`, Accept: 'application/json' },
    });
    expect(desks.status).toBe(200);
    const gitHubUrl = gitHub.replace('GitHub API: ', '');
    expect(gitHubUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const workflows = await fetch(`${gitHubUrl}/repos/acme/db-ops/actions/workflows`, { headers: { Authorization: 'Bearer anything' } });
    expect(workflows.status).toBe(200);
    expect(((await workflows.json()) as { workflows: { path: string }[] }).workflows.map((workflow) => workflow.path)).toContain(
      '.github/workflows/restore-backup.yml',
    );
    const pipelines = await fetch(`${gitLab.replace('GitLab API: ', '')}/api/v4/projects/network%2Ffirewall-as-code/pipelines`, {
      headers: { 'PRIVATE-TOKEN': 'anything' },
    });
    expect(pipelines.status).toBe(200);
    const job = await fetch(`${jenkins.replace('Jenkins: ', '')}/job/dns-change/api/json`, {
      headers: { Authorization: `Basic ${Buffer.from('oncall-console:token').toString('base64')}` },
    });
    expect(job.status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('`incidents list --json` prints the open incidents of the workspace', async () => {
    const sim = await startSimulator();
    const file = writeWorkspace(sim.baseUrl);
    const dataDir = join(root, 'data');
    const { code, stdout, stderr } = await runCli(
      ['incidents', 'list', '--json', '--workspace', file, '--data-dir', dataDir],
      childEnv(root, secretsFor(sim)),
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { id: string; number: number; status: string }[];
    const open = sim.state.listIncidents({ statuses: ['triggered', 'acknowledged'] });
    expect(open.length).toBe(6);
    expect(listed.map((incident) => incident.id).sort()).toEqual(open.map((incident) => incident.id).sort());
    for (const incident of listed) {
      expect(incident.status).toBe(sim.state.getIncident(incident.id)?.status);
    }
    expect(existsSync(dataDir)).toBe(true);
  });

  it('`incidents list` prints an aligned table', async () => {
    const sim = await startSimulator();
    const file = writeWorkspace(sim.baseUrl);
    const { code, stdout } = await runCli(
      ['incidents', 'list', '--workspace', file, '--data-dir', join(root, 'data')],
      childEnv(root, secretsFor(sim)),
    );
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+STATUS\s+URGENCY\s+PRIORITY\s+SERVICE\s+TITLE\s+AGE$/);
    expect(lines).toHaveLength(7);
    const statusColumn = lines[0]!.indexOf('STATUS');
    for (const line of lines.slice(1)) expect(line.slice(statusColumn)).toMatch(/^(triggered|acknowledged) /);
  });

  it('`incidents ack` by number acknowledges in PagerDuty and says so', async () => {
    const sim = await startSimulator();
    const target = sim.state.listIncidents({ statuses: ['triggered'] })[0];
    expect(target).toBeDefined();
    const file = writeWorkspace(sim.baseUrl);
    const { code, stdout, stderr } = await runCli(
      ['incidents', 'ack', `#${target!.number}`, '--workspace', file, '--data-dir', join(root, 'data')],
      childEnv(root, secretsFor(sim)),
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    expect(stdout).toBe(`Acknowledged #${target!.number} (${target!.id})\n`);
    expect(sim.state.getIncident(target!.id)?.status).toBe('acknowledged');
  });

  it('`incidents ack` on an incident resolved elsewhere says who resolved it and exits 1, leaving it resolved', async () => {
    const sim = await startSimulator();
    const target = sim.state.listIncidents({ statuses: ['triggered'] })[0]!;
    const response = await fetch(`${sim.baseUrl}/incidents/${target.id}`, {
      method: 'PUT',
      headers: {
        Authorization: 'Token token=test-token',
        Accept: 'application/vnd.pagerduty+json;version=2',
        'Content-Type': 'application/json',
        From: 'marcus.chen@example.com',
      },
      body: JSON.stringify({ incident: { type: 'incident_reference', status: 'resolved' } }),
    });
    expect(response.status).toBe(200);
    const file = writeWorkspace(sim.baseUrl);
    const { code, stdout, stderr } = await runCli(
      ['incidents', 'ack', target.id, '--workspace', file, '--data-dir', join(root, 'data')],
      childEnv(root, secretsFor(sim)),
    );
    expect(stdout).toBe('');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `^Acknowledging ${target.id} failed: Not acknowledged: #${target.number} is already resolved, by Marcus Chen (just now|\\d+ s ago)\\.\n$`,
      ),
    );
    expect(sim.state.getIncident(target.id)?.status).toBe('resolved');
  });

  it('`incidents note` and `incidents resolve --note` write to PagerDuty', async () => {
    const sim = await startSimulator();
    const target = sim.state.listIncidents({ statuses: ['triggered', 'acknowledged'] })[0]!;
    const file = writeWorkspace(sim.baseUrl);
    const env = childEnv(root, secretsFor(sim));
    const args = ['--workspace', file, '--data-dir', join(root, 'data')];

    const noted = await runCli(['incidents', 'note', target.id, 'Rolled back the deploy', ...args], env);
    expect(noted.code).toBe(0);
    expect(noted.stdout).toBe(`Added a note to #${target.number} (${target.id})\n`);
    expect(sim.state.notesOf(sim.state.getIncident(target.id)!).map((note) => note.content)).toContain('Rolled back the deploy');

    const resolved = await runCli(['incidents', 'resolve', String(target.number), '--note', 'Fixed by rollback', ...args], env);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toBe(`Resolved #${target.number} (${target.id})\n`);
    expect(sim.state.getIncident(target.id)?.status).toBe('resolved');
    expect(sim.state.notesOf(sim.state.getIncident(target.id)!).map((note) => note.content)).toContain('Fixed by rollback');
  });

  it('says PagerDuty rejected the token, exit 1', async () => {
    const sim = await startSimulator({ validTokens: ['the-right-token'] });
    const file = writeWorkspace(sim.baseUrl);
    const { code, stdout, stderr } = await runCli(
      ['incidents', 'list', '--workspace', file, '--data-dir', join(root, 'data')],
      childEnv(root, secretsFor(sim, 'a-wrong-token')),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'PagerDuty rejected the token in PAGERDUTY_TOKEN (HTTP 401): check that it is a valid REST API key that has not been revoked.\n',
    );
  });

  it('`serve --demo --port 0` prints the URLs, serves the contract with its token and exits 0 on SIGTERM', async () => {
    const rendererDir = join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>web console</title>');
    const cli = startCli(
      ['serve', '--demo', '--port', '0', '--demo-incidents', '4'],
      childEnv(root, { ONCALL_CONSOLE_RENDERER_DIR: rendererDir }),
    );
    const consoleLine = await cli.waitForLine(/^Console: /, 20_000);
    const match = /^Console: (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)$/.exec(consoleLine);
    expect(match).not.toBeNull();
    const [, origin, token] = match!;

    const lines = cli.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^PagerDuty API: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^PagerDuty Events API: http:\/\/127\.0\.0\.1:\d+\/v2\/enqueue$/);
    expect(lines[2]).toMatch(/^Splunk On-Call API: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[3]).toMatch(/^Splunk On-Call REST endpoint: http:\/\/127\.0\.0\.1:\d+\/integrations\/generic\/20131114\/alert\/[\w-]+$/);
    expect(lines[4]).toMatch(/^ServiceNow API: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[5]).toMatch(/^Jira Service Management API: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[6]).toMatch(/^GitHub API: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[7]).toMatch(/^GitLab API: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[8]).toMatch(/^Jenkins: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[9]).toBe(consoleLine);

    const refused = await fetch(`${origin}/api/getSnapshot`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    type Snapshot = { workspace: { demo: boolean }; incidents: unknown[] };
    const snapshot = await waitFor(
      "the demo's incidents in the snapshot",
      async () => {
        const response = await fetch(`${origin}/api/getSnapshot`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: '{}',
        });
        expect(response.status).toBe(200);
        return (await response.json()) as Snapshot;
      },
      // Every read must answer 200: a failed one ends the wait at once.
      { until: (read) => read.incidents.length > 0, retryOn: () => false, timeoutMs: 10_000, everyMs: 100 },
    );
    expect(snapshot.workspace.demo).toBe(true);
    const fromPagerDuty = snapshot.incidents.filter((incident) => (incident as { provider: string }).provider === 'pagerduty');
    expect(fromPagerDuty).toHaveLength(4);
    const page = await fetch(`${origin}/`);
    expect(await page.text()).toContain('web console');

    const demoDirs = () => readdirSync(root).filter((name) => name.startsWith('oncall-console-demo-'));
    expect(demoDirs()).toHaveLength(1);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(demoDirs()).toEqual([]);
    expect(cli.stdout().trimEnd().split('\n')).toHaveLength(10);
  });

  it('`serve --workspace` prints only the Console line and serves that workspace', async () => {
    const sim = await startSimulator();
    const file = writeWorkspace(sim.baseUrl);
    const rendererDir = join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    const cli = startCli(
      ['serve', '--workspace', file, '--port', '0', '--data-dir', join(root, 'data')],
      childEnv(root, { ...secretsFor(sim), ONCALL_CONSOLE_RENDERER_DIR: rendererDir }),
    );
    const consoleLine = await cli.waitForLine(/^Console: /, 20_000);
    expect(cli.stdout()).toBe(`${consoleLine}\n`);
    const [, origin, token] = /^Console: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)$/.exec(consoleLine) ?? [];
    const response = await fetch(`${origin}/api/getSnapshot`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { workspace: { name: string; demo: boolean } }).workspace).toMatchObject({
      name: 'CLI test',
      demo: false,
    });
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('`serve` says to build the web console when it is not built', async () => {
    const { code, stderr } = await runCli(['serve', '--demo'], childEnv(root, { ONCALL_CONSOLE_RENDERER_DIR: join(root, 'missing') }));
    expect(code).toBe(1);
    expect(stderr).toBe('The web console is not built: run `npm run build` first.\n');
  });
});
