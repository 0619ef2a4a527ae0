/**
 * `oncall-console delivery` and `oncall-console audit` as child processes against a
 * workspace file pointed at the PagerDuty, ServiceNow and GitHub simulators (Payments
 * API's recent history, test/support/payments-history.ts): the metrics JSON counts the
 * week's production deployments, the table is readable, the audit's CSV and JSON list the
 * period's deployments with their exceptions and a change closed without a deployment, the
 * data directory keeps the cursors (a second run reads only what is new), and mistakes are
 * usage errors that say what to fix.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract';
import { AuditReport } from '../../../shared/domain/audit';
import { closeDeploymentChange } from '../../../electron/engine/changes/deployment-change';
import { createServiceNowChangeSystem } from '../../../electron/providers/servicenow';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import type { GitHubSimulator } from '../../../electron/simulators/github';
import { startGitHubWithPaymentsHistory } from '../../support/payments-history';
import { raiseStandardChange } from '../../support/standard-change';
import { childEnv, killAll, runCli } from './run-cli';

const GITHUB_TOKEN = 'ghp_delivery-cli-test';
const DAY = 24 * 3_600_000;
let root: string;
const running: { close(): Promise<void> }[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-delivery-'));
});

afterEach(async () => {
  killAll();
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
  rmSync(root, { recursive: true, force: true });
});

async function setup(options: { delivery?: boolean } = {}) {
  const pagerDuty: PagerDutySimulator = await startPagerDutySimulator({ seedIncidents: 4, seed: 1, demo: false });
  const serviceNow: ServiceNowSimulator = await startServiceNowSimulator({ seedChanges: false });
  const gitHub: GitHubSimulator = await startGitHubWithPaymentsHistory(GITHUB_TOKEN);
  running.push(pagerDuty, serviceNow, gitHub);
  const workspace = join(root, 'workspace.yaml');
  writeFileSync(
    workspace,
    [
      'name: Delivery CLI test',
      'paging:',
      '  provider: pagerduty',
      `  baseUrl: ${pagerDuty.baseUrl}`,
      'ticketing:',
      '  provider: servicenow',
      `  instanceUrl: ${serviceNow.baseUrl}`,
      'github:',
      `  apiUrl: ${gitHub.baseUrl}`,
      ...(options.delivery === false
        ? []
        : [
            'delivery:',
            '  services:',
            '    - service: Payments API',
            '      repository: { provider: github, name: acme/payments-api }',
            '      environments: [staging, production]',
          ]),
      '',
    ].join('\n'),
  );
  const env = childEnv(root, {
    PAGERDUTY_TOKEN: 'cli-delivery-token',
    PAGERDUTY_FROM: pagerDuty.state.me.email,
    SERVICENOW_USER: 'oncall.console',
    SERVICENOW_PASSWORD: 'pw',
    GITHUB_TOKEN,
  });
  const changeSystem = createServiceNowChangeSystem({
    instanceUrl: serviceNow.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
    timeoutMs: 2_000,
  });
  const args = ['--workspace', workspace, '--data-dir', join(root, 'data')];
  return { gitHub, changeSystem, env, args };
}

describe('oncall-console delivery', () => {
  it("--json prints the week's figures; a second run reads only what is new; the table is readable", async () => {
    const { gitHub, env, args } = await setup();
    const first = await runCli(['delivery', '--json', '--days', '7', ...args], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const { metrics, sources } = requests.getDeliveryMetrics.output.parse(JSON.parse(first.stdout));
    expect(metrics.days).toBe(7);
    expect(sources).toEqual([expect.objectContaining({ source: 'github', state: 'ok' })]);
    const payments = metrics.services.find((service) => service.id === 'Payments API')!;
    // v1.0.0, v1.1.0, v1.2.0 failed, v1.2.0, v1.3.0, v1.2.1.
    expect(payments.all.deployments).toBe(6);
    // No lead time for v1.0.0 (the first the console knows: nothing to compare with) nor v1.3.0 (force-pushed away).
    expect(payments.all.leadTime.untraceable).toBe(2);

    // The data directory kept the cursors and ranges: the deployments are asked once per feed (304), no compare again.
    gitHub.resetRequestLog();
    const second = await runCli(['delivery', '--json', '--days', '7', ...args], env);
    expect(second.code).toBe(0);
    const delivery = gitHub.requests.map((request) => `${request.status} ${request.path}`).filter((line) => !line.includes('/actions/'));
    expect(delivery.sort()).toEqual(['304 /repos/acme/payments-api/deployments', '304 /repos/acme/payments-api/deployments']);

    const table = await runCli(['delivery', '--days', '30', ...args], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^Last 30 days \(.* UTC to .* UTC\): 6 production deployments$/);
    expect(lines).toContainEqual(expect.stringMatching(/^GitHub: read \d{4}-\d\d-\d\d \d\d:\d\d UTC$/));
    expect(lines.find((line) => line.startsWith('SERVICE'))).toMatch(
      /DEPLOYS\s+FREQUENCY\s+LEAD MEDIAN\s+LEAD P90\s+FAILURE RATE\s+RECOVERY/,
    );
    expect(lines.find((line) => line.startsWith('Payments API'))).toMatch(/^Payments API\s+6\s+0\.\d\d\/day (elite|high|medium|low)/);

    const team = await runCli(['delivery', '--team', 'Nobody', ...args], env);
    expect(team.code).toBe(2);
    expect(team.stderr).toMatch(/No team Nobody: name one of .*Payments/);
  });

  it('refuses a window it does not offer and a workspace without a delivery section, saying what to fix', async () => {
    const { env, args } = await setup({ delivery: false });
    const window = await runCli(['delivery', '--days', '14', ...args], env);
    expect(window.code).toBe(2);
    expect(window.stderr).toMatch(/--days must be 7, 30 or 90 \(got "14"\)/);
    const noDelivery = await runCli(['delivery', ...args], env);
    expect(noDelivery.code).toBe(2);
    expect(noDelivery.stderr).toMatch(/has no `delivery:` section: map each service to its repository/);
  });
});

describe('oncall-console audit', () => {
  it('exports the period as CSV and JSON: each production deployment with its change, and the exceptions flagged', async () => {
    const { changeSystem, env, args } = await setup();
    await raiseStandardChange(changeSystem, 'v1.2.1', 'https://github.example/acme/payments-api/actions/runs/7');
    const orphan = await raiseStandardChange(changeSystem, 'v9.9.9', 'https://github.example/acme/payments-api/actions/runs/8');
    await closeDeploymentChange(changeSystem, { change: orphan.record.number, result: 'success', notes: null, causedIncident: null });
    const from = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
    const to = new Date(Date.now() + DAY).toISOString().slice(0, 10);

    const csv = await runCli(['audit', '--from', from, '--to', to, '--format', 'csv', ...args], env);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(
      'deployed_at,service,environment,version,commit,deployer,state,change_number,change_type,change_state,approved_by,approved_at,window_start,window_end,commits,exceptions',
    );
    const versions = rows.slice(1).map((row) => row.split(',')[3]);
    expect(versions).toEqual(['v1.2.1', 'v1.3.0', 'v1.2.0', 'v1.2.0', 'v1.1.0', 'v1.0.0', 'v9.9.9']);
    expect(rows[1]).toMatch(/^[^,]+,Payments API,production,v1\.2\.1,[0-9a-f]{40},dana-developer,success,CHG\d+,standard,/);
    expect(rows[2]).toContain('untraceable: ');
    expect(rows[7]).toContain('closed-without-deployment: ');

    const out = join(root, 'audit.json');
    const json = await runCli(
      ['audit', '--from', from, '--to', to, '--service', 'payments api', '--format', 'json', '--out', out, ...args],
      env,
    );
    expect(json.code).toBe(0);
    expect(json.stderr).toMatch(/^Wrote 6 production deployments and 1 changes without a deployment \(6 with exceptions\) to /);
    const report = AuditReport.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.service).toBe('Payments API');
    expect(report.counts.byKind).toEqual({ 'no-approved-change': 5, 'outside-window': 0, untraceable: 1, 'closed-without-deployment': 1 });
  });

  it('refuses a missing or malformed period and an unknown format as usage errors', async () => {
    const { env, args } = await setup();
    const missing = await runCli(['audit', '--to', '2026-11-30', ...args], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/pass --from DATE \(e\.g\. 2026-11-01\)/);
    const malformed = await runCli(['audit', '--from', '1 Nov', '--to', '2026-11-30', ...args], env);
    expect(malformed.stderr).toMatch(/--from must be a date such as 2026-11-01/);
    const reversed = await runCli(['audit', '--from', '2026-12-01', '--to', '2026-11-30', ...args], env);
    expect(reversed.stderr).toMatch(/--from \(2026-12-01\) is after --to \(2026-11-30\)/);
    const format = await runCli(['audit', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'xlsx', ...args], env);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be csv or json \(got "xlsx"\)/);
  });
});
