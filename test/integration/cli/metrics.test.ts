/**
 * `oncall-console metrics` as a child process against a PagerDuty simulator named in a
 * workspace file: the JSON is the figures the simulator's records imply, for both windows
 * or the one --days names; the table is readable; mistakes are usage errors.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeResponseMetrics, ResponseMetrics } from '../../../shared/rules/response-metrics';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { expectedIncidentTimes } from '../../support/simulator-incident-times';
import { childEnv, killAll, runCli } from './run-cli';

const DAY = 24 * 3600_000;
let root: string;
let simulator: PagerDutySimulator | null = null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-metrics-'));
  mkdirSync(join(root, 'data'));
});

afterEach(async () => {
  killAll();
  await simulator?.close();
  simulator = null;
  rmSync(root, { recursive: true, force: true });
});

async function setup(): Promise<{ sim: PagerDutySimulator; file: string; env: NodeJS.ProcessEnv }> {
  simulator = await startPagerDutySimulator({ seedIncidents: 8, historyDays: 30, demo: false });
  const file = join(root, 'workspace.yaml');
  writeFileSync(file, `name: Metrics test\npaging:\n  provider: pagerduty\n  baseUrl: ${simulator.baseUrl}\n  pollIntervalSeconds: 30\n`);
  return { sim: simulator, file, env: childEnv(root, { PAGERDUTY_TOKEN: 'cli-metrics-token', PAGERDUTY_FROM: simulator.state.me.email }) };
}

describe('oncall-console metrics', () => {
  it('--json prints the 7- and 30-day figures the simulator holds', async () => {
    const { sim, file, env } = await setup();
    const { code, stdout, stderr } = await runCli(['metrics', '--json', '--workspace', file, '--data-dir', join(root, 'data')], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const reports = ResponseMetrics.array().parse(JSON.parse(stdout));
    expect(reports.map((report) => report.windowDays)).toEqual([7, 30]);
    // Both windows end when the CLI read PagerDuty (once).
    const readAt = Date.parse(reports[0]!.to);
    expect(reports[1]!.to).toBe(reports[0]!.to);
    const expected = expectedIncidentTimes(sim.state, readAt - 30 * DAY);
    expect(reports[0]).toEqual(computeResponseMetrics(expected, 7, readAt));
    expect(reports[1]).toEqual(computeResponseMetrics(expected, 30, readAt));
    expect(reports[1]!.overall.incidents).toBeGreaterThan(reports[0]!.overall.incidents);
    // One row per service the window's incidents name (a quiet service has none: the history is random).
    const servicesInWindow = new Set(expected.map((incident) => incident.service.id));
    expect(servicesInWindow.size).toBeGreaterThan(1);
    expect(new Set(reports[1]!.byService.map((figures) => figures.subject.id))).toEqual(servicesInWindow);
    // Only reads: the metrics and the engine's first sync.
    expect(sim.requests.every((request) => request.method === 'GET')).toBe(true);
  });

  it('--days 30 prints only that window; without --json a table per window', async () => {
    const { file, env } = await setup();
    const args = ['--workspace', file, '--data-dir', join(root, 'data')];
    const json = await runCli(['metrics', '--json', '--days', '30', ...args], env);
    expect(json.code).toBe(0);
    expect(
      ResponseMetrics.array()
        .parse(JSON.parse(json.stdout))
        .map((report) => report.windowDays),
    ).toEqual([30]);

    const table = await runCli(['metrics', ...args], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^Last 7 days \(\d{4}-\d\d-\d\d \d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d UTC\): \d+ incidents$/);
    expect(lines.some((line) => /^Last 30 days /.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith('SERVICE'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('TEAM'))).toHaveLength(2);
    expect(lines.find((line) => line.startsWith('Payments API'))).toMatch(/\d+(s|m|h|d)( \d+(s|m|h))?\s*$/);
  });

  it('refuses a window it does not offer, and a missing workspace, as usage errors', async () => {
    const bad = await runCli(['metrics', '--days', '14', '--workspace', 'nowhere.yaml'], childEnv(root));
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('metrics: --days must be 7 or 30 (got "14")');
    const missing = await runCli(['metrics', '--json'], childEnv(root));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('metrics: pass --workspace FILE (the workspace to report on).');
    expect(missing.stdout).toBe('');
  });
});
