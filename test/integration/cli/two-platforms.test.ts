/**
 * The `incidents` and `metrics` commands as child processes against a workspace whose paging
 * names PagerDuty and Splunk On-Call, each a simulator: the list shows both platforms' incidents
 * with their marks, an acknowledgement lands in the incident's own platform, a number open on
 * both is refused naming both ids, a note on a Splunk On-Call incident says why it cannot be
 * taken, metrics count both, and a missing Splunk On-Call secret is one line before anything starts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseMetrics } from '../../../shared/rules/response-metrics';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../electron/simulators/splunk-on-call';
import { childEnv, killAll, runCli } from './run-cli';

const SOC_API_ID = 'cli-org';
const SOC_API_KEY = 'cli-key';

let root: string;
let dataDir: string;
const running: Array<{ close(): Promise<void> }> = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-two-platforms-'));
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
});

afterEach(async () => {
  killAll();
  await Promise.all(running.splice(0).map((sim) => sim.close()));
  rmSync(root, { recursive: true, force: true });
});

function writeWorkspace(pagerDutyUrl: string, splunkOnCallUrl: string, extra: string[] = []): string {
  const file = join(root, 'workspace.yaml');
  writeFileSync(
    file,
    [
      'name: Two platforms CLI test',
      'paging:',
      '  - provider: pagerduty',
      `    baseUrl: ${pagerDutyUrl}`,
      '    pollIntervalSeconds: 2',
      '  - provider: splunk-on-call',
      `    apiUrl: ${splunkOnCallUrl}`,
      ...extra,
      '',
    ].join('\n'),
  );
  return file;
}

async function setup(options: { splunkOnCallHistoryDays?: number } = {}) {
  const pagerDuty: PagerDutySimulator = await startPagerDutySimulator({ seedIncidents: 6, demo: false });
  // Each CLI run is a new process with fresh pacing, while the simulator's once-a-minute routes
  // (policies, reporting) count for the whole organisation: limits are off, as the runs are not
  // what is measured here (the provider's pacing has tests of its own).
  const splunkOnCall: SplunkOnCallSimulator = await startSplunkOnCallSimulator({
    credentials: [{ apiId: SOC_API_ID, apiKey: SOC_API_KEY }],
    rateLimits: false,
    historyDays: options.splunkOnCallHistoryDays ?? 0,
  });
  running.push(pagerDuty, splunkOnCall);
  const user = splunkOnCall.state.users[0]!.username;
  const env = childEnv(root, {
    PAGERDUTY_TOKEN: 'cli-two-platforms-token',
    PAGERDUTY_FROM: pagerDuty.state.me.email,
    SPLUNK_ONCALL_API_ID: SOC_API_ID,
    SPLUNK_ONCALL_API_KEY: SOC_API_KEY,
    SPLUNK_ONCALL_USER: user,
  });
  const file = writeWorkspace(pagerDuty.baseUrl, splunkOnCall.apiUrl);
  const openSplunkOnCall = splunkOnCall.state.currentIncidents().filter((incident) => incident.phase !== 'resolved');
  return { pagerDuty, splunkOnCall, user, env, file, args: ['--workspace', file, '--data-dir', dataDir], openSplunkOnCall };
}

describe('oncall-console with PagerDuty and Splunk On-Call', () => {
  it('`incidents list` shows both platforms’ incidents, each with its mark', async () => {
    const { env, args, openSplunkOnCall } = await setup();
    expect(openSplunkOnCall.length).toBeGreaterThan(0);
    const { code, stdout, stderr } = await runCli(['incidents', 'list', ...args], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^#\s+PLATFORM\s+STATUS\s+URGENCY\s+PRIORITY\s+SERVICE\s+TITLE\s+AGE$/);
    const marks = rows.map((row) => row.split(/\s+/)[1]);
    expect(marks.filter((mark) => mark === 'SOC')).toHaveLength(openSplunkOnCall.length);
    expect(marks.filter((mark) => mark === 'PD').length).toBeGreaterThan(0);
    expect(marks.every((mark) => mark === 'PD' || mark === 'SOC')).toBe(true);
    for (const incident of openSplunkOnCall) {
      expect(rows.some((row) => row.startsWith(`#${incident.number} `) && row.split(/\s+/)[1] === 'SOC')).toBe(true);
    }

    const json = await runCli(['incidents', 'list', '--json', ...args], env);
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as Array<{ id: string; provider: string }>;
    expect(listed.filter((incident) => incident.provider === 'splunk-on-call').map((incident) => incident.id)).toEqual(
      expect.arrayContaining(openSplunkOnCall.map((incident) => `splunk-on-call:${incident.number}`)),
    );
  });

  it('`incidents ack splunk-on-call:<n>` acknowledges in Splunk On-Call as SPLUNK_ONCALL_USER, leaving PagerDuty alone', async () => {
    const { pagerDuty, splunkOnCall, user, env, args, openSplunkOnCall } = await setup();
    const target = openSplunkOnCall.find((incident) => incident.phase === 'triggered')!;
    const id = `splunk-on-call:${target.number}`;
    const { code, stdout, stderr } = await runCli(['incidents', 'ack', id, ...args], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`Acknowledged #${target.number} (${id})\n`);
    const after = splunkOnCall.state.getIncident(target.number)!;
    expect(after.phase).toBe('acknowledged');
    expect(after.transitions.at(-1)).toMatchObject({ name: 'ACKED', by: user, manually: true });
    expect(splunkOnCall.requests.filter((request) => request.method === 'PATCH').map((request) => request.path)).toEqual([
      '/api-public/v1/incidents/ack',
    ]);

    // By number, where only Splunk On-Call has that number open.
    const pagerDutyNumbers = new Set(pagerDuty.state.listIncidents({ statuses: ['triggered', 'acknowledged'] }).map((each) => each.number));
    const byNumber = openSplunkOnCall.find((incident) => incident.phase === 'triggered' && !pagerDutyNumbers.has(incident.number))!;
    const second = await runCli(['incidents', 'ack', `#${byNumber.number}`, ...args], env);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(`Acknowledged #${byNumber.number} (splunk-on-call:${byNumber.number})\n`);
    expect(splunkOnCall.state.getIncident(byNumber.number)!.phase).toBe('acknowledged');
    expect(pagerDuty.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('a number open on both platforms is a usage error naming both ids', async () => {
    const { pagerDuty, env, args, openSplunkOnCall } = await setup();
    const pagerDutyNumbers = new Map(
      pagerDuty.state.listIncidents({ statuses: ['triggered', 'acknowledged'] }).map((incident) => [incident.number, incident.id]),
    );
    const shared = openSplunkOnCall.find((incident) => pagerDutyNumbers.has(incident.number));
    expect(shared, 'the simulators number their incidents from 1, so open numbers overlap').toBeDefined();
    const { code, stdout, stderr } = await runCli(['incidents', 'ack', `#${shared!.number}`, ...args], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(
      `#${shared!.number} is an open incident on more than one platform: ${pagerDutyNumbers.get(shared!.number)} (PagerDuty) and splunk-on-call:${shared!.number} (Splunk On-Call). Name the one you mean by its id.`,
    );
  });

  it('`incidents note` on a Splunk On-Call incident says Splunk On-Call keeps no notes, exit 1, and sends nothing', async () => {
    const { splunkOnCall, env, args, openSplunkOnCall } = await setup();
    const id = `splunk-on-call:${openSplunkOnCall[0]!.number}`;
    const { code, stdout, stderr } = await runCli(['incidents', 'note', id, 'Rolled back', ...args], env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      `Cannot add a note to #${openSplunkOnCall[0]!.number} (${id}): Splunk On-Call has no incident notes in its public API. With a ticketing system in the workspace, the note goes to the incident's ticket.`,
    );
    expect(splunkOnCall.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('`metrics` counts both platforms’ incidents', async () => {
    const { pagerDuty, splunkOnCall, env, args } = await setup({ splunkOnCallHistoryDays: 3 });
    const both = await runCli(['metrics', '--json', '--days', '7', ...args], env);
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
    writeFileSync(
      join(root, 'pagerduty-only.yaml'),
      `name: PagerDuty only\npaging:\n  provider: pagerduty\n  baseUrl: ${pagerDuty.baseUrl}\n  pollIntervalSeconds: 2\n`,
    );
    const alone = await runCli(
      ['metrics', '--json', '--days', '7', '--workspace', join(root, 'pagerduty-only.yaml'), '--data-dir', join(root, 'data-alone')],
      env,
    );
    expect(alone.code).toBe(0);
    const [withBoth] = ResponseMetrics.array().parse(JSON.parse(both.stdout));
    const [withPagerDuty] = ResponseMetrics.array().parse(JSON.parse(alone.stdout));
    // Every Splunk On-Call incident (three days of history and the open ones) is inside the 7-day window.
    expect(withBoth!.overall.incidents - withPagerDuty!.overall.incidents).toBe(splunkOnCall.state.incidents.length);
    expect(withBoth!.incidents.some((incident) => incident.id.startsWith('splunk-on-call:'))).toBe(true);
  });

  it('a missing SPLUNK_ONCALL_API_KEY is one line naming it, before anything starts (incidents, metrics, delivery)', async () => {
    const file = writeWorkspace('http://127.0.0.1:9', 'http://127.0.0.1:9', [
      'github:',
      '  apiUrl: http://127.0.0.1:9',
      'delivery:',
      '  services:',
      '    - service: Payments API',
      '      repository: { provider: github, name: acme/payments-api }',
      '      environments: [staging, production]',
    ]);
    const env = childEnv(root, {
      PAGERDUTY_TOKEN: 'x',
      PAGERDUTY_FROM: 'me@example.com',
      SPLUNK_ONCALL_API_ID: SOC_API_ID,
      SPLUNK_ONCALL_USER: 'someone',
      GITHUB_TOKEN: 'x',
    });
    for (const command of [['incidents', 'list'], ['metrics'], ['delivery']]) {
      const { code, stdout, stderr } = await runCli([...command, '--workspace', file, '--data-dir', dataDir], env);
      expect(code, command.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr, command.join(' ')).toMatch(
        /^Set the environment variable SPLUNK_ONCALL_API_KEY \(.*\): the workspace names Splunk On-Call\.\n$/,
      );
    }
  });
});
