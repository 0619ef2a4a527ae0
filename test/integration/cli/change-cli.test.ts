/**
 * The pipeline's change commands end to end: `oncall-console change open|gate|close` run
 * as child processes against the ServiceNow and PagerDuty simulators over real HTTP. The
 * standard path (a template's change is pre-authorised, the gate passes at once, close),
 * the normal path (the gate names the approver and waits, a change manager approves, the
 * waiting gate passes), a rejection, the freeze during a major incident with its emergency
 * exception, failing closed when ServiceNow is down, idempotent open, and bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { CHANGE_MANAGER_USER_NAME, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { childEnv, killAll, runCli, startCli } from './run-cli';

let root: string;
let pagerDuty: PagerDutySimulator;
let serviceNow: ServiceNowSimulator;
let workspace: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'change-cli-'));
  pagerDuty = await startPagerDutySimulator({ seedIncidents: 4, demo: false });
  serviceNow = await startServiceNowSimulator({ seedChanges: false });
  workspace = join(root, 'workspace.yaml');
  writeFileSync(
    workspace,
    [
      'name: Change CLI test',
      'paging:',
      '  provider: pagerduty',
      `  baseUrl: ${pagerDuty.baseUrl}`,
      'ticketing:',
      '  provider: servicenow',
      `  instanceUrl: ${serviceNow.baseUrl}`,
      '',
    ].join('\n'),
  );
  env = childEnv(root, {
    PAGERDUTY_TOKEN: 'pd-token',
    PAGERDUTY_FROM: pagerDuty.state.me.email,
    SERVICENOW_USER: 'oncall.console',
    SERVICENOW_PASSWORD: 'pw',
  });
});

afterEach(() => {
  killAll();
  serviceNow.faults.clear();
});

afterAll(async () => {
  await Promise.all([pagerDuty.close(), serviceNow.close()]);
  rmSync(root, { recursive: true, force: true });
});

function change(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return runCli(['change', ...args, '--workspace', workspace], { ...env, ...extraEnv }, 60_000);
}

/** The change as ServiceNow's own table has it. */
function record(number: string) {
  const found = serviceNow.state.rows('change_request').find((row) => row.number === number);
  if (!found) throw new Error(`ServiceNow has no ${number}`);
  return found;
}

const TEMPLATE = 'Payments API - routine deployment';

describe('oncall-console change', () => {
  it('standard path: raised from the template, pre-authorised, the gate passes at once, closed successful; open is idempotent', async () => {
    const output = join(root, 'github-output');
    writeFileSync(output, '');
    const args = [
      '--service',
      'Payments API',
      '--version',
      '1.4.2',
      '--commit',
      'a1b2c3d',
      '--template',
      TEMPLATE,
      '--run-url',
      'https://ci.example.com/runs/7',
    ];
    const opened = await change(['open', ...args, '--json'], { GITHUB_OUTPUT: output });
    expect(opened.code, opened.stderr).toBe(0);
    const raised = JSON.parse(opened.stdout) as { number: string; type: string; state: string };
    expect(raised).toMatchObject({ type: 'standard', state: 'scheduled', service: 'Payments API', version: '1.4.2' });
    expect(readFileSync(output, 'utf8')).toContain(`change-number=${raised.number}\nchange-type=standard\n`);

    // The same deployment asked again: the same change, not a second one.
    const again = await change(['open', ...args, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ number: raised.number });
    expect(serviceNow.state.rows('change_request').filter((row) => String(row.short_description).includes('1.4.2'))).toHaveLength(1);

    serviceNow.resetRequestLog();
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.4.2']);
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    // One read of ServiceNow decides it: the changes raised for this version, by their key.
    expect(serviceNow.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/sn_chg_rest/change']);
    expect(gate.stdout).toBe(`Deployment permitted: ${raised.number} (standard, approved) covers Payments API 1.4.2\n`);

    const closed = await change(['close', '--change', raised.number, '--result', 'success', '--notes', 'Rolled out to all regions']);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^${raised.number} closed successful: `));
    expect(record(raised.number)).toMatchObject({ state: '3', close_code: 'successful', close_notes: 'Rolled out to all regions' });
  }, 120_000);

  it('normal path: the gate waits and names the approver; approved by the change manager, a waiting gate passes', async () => {
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '2.0.0', '--commit', 'def4567', '--normal', '--json']);
    expect(opened.code, opened.stderr).toBe(0);
    const raised = JSON.parse(opened.stdout) as { number: string; id: string };
    // Submitted for approval: ServiceNow answers Assess, then its flow asks the CAB in Authorize.
    expect(raised).toMatchObject({ type: 'normal', state: 'assess' });

    const refused = await change(['gate', '--service', 'Checkout Web', '--version', '2.0.0']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe(
      `Deployment not permitted yet: ${raised.number} (normal) is in Authorize, waiting for approval from Grace Hopper\n`,
    );

    const waiting = startCli(
      [
        'change',
        'gate',
        '--service',
        'Checkout Web',
        '--version',
        '2.0.0',
        '--wait',
        '--poll',
        '1s',
        '--timeout',
        '60s',
        '--workspace',
        workspace,
      ],
      env,
    );
    await waitForStderr(waiting, /^Waiting: /m);
    serviceNow.changes.decide(raised.id, CHANGE_MANAGER_USER_NAME, 'approved', 'Fine for tonight');
    const { code } = await waiting.exited;
    expect(code, waiting.stdout() + waiting.stderr()).toBe(0);
    expect(waiting.stdout()).toMatch(new RegExp(`^Deployment permitted: ${raised.number} \\(normal, approved\\)`));
  }, 120_000);

  it('a rejection: the gate refuses, naming who rejected it and why', async () => {
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '2.1.0', '--commit', 'fff0001', '--normal', '--json']);
    const raised = JSON.parse(opened.stdout) as { number: string; id: string };
    serviceNow.changes.decide(raised.id, CHANGE_MANAGER_USER_NAME, 'rejected', 'No backout plan for the schema change');
    const gate = await change(['gate', '--service', 'Checkout Web', '--version', '2.1.0']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toBe(
      `Deployment not permitted: ${raised.number} was rejected by Grace Hopper: No backout plan for the schema change\n`,
    );
  }, 120_000);

  it('a major incident freezes the service; only the emergency change linked to it may deploy', async () => {
    const service = pagerDuty.state.getServiceByName('Payments API')!;
    const me = pagerDuty.state.me;
    const incident = pagerDuty.state.createIncident({
      serviceId: service.id,
      title: 'Card payments failing',
      agent: { type: 'user', id: me.id },
      channel: { type: 'api' },
    });
    pagerDuty.state.requestResponders(incident.id, me.id, 'Major incident declared: card payments failing', [{ type: 'user', id: me.id }]);

    const standard = ['--service', 'Payments API', '--version', '1.5.0', '--commit', 'b0b0b0b', '--template', TEMPLATE];
    expect((await change(['open', ...standard])).code).toBe(0);
    const frozen = await change(['gate', '--service', 'Payments API', '--version', '1.5.0']);
    expect(frozen.code).toBe(1);
    expect(frozen.stdout).toMatch(
      new RegExp(
        `^Deployment not permitted: Change freeze on Payments API: major incident #${incident.number} "Card payments failing" is open`,
      ),
    );

    const fix = [
      '--service',
      'Payments API',
      '--version',
      '1.5.1',
      '--commit',
      'f1f1f1f',
      '--emergency',
      '--incident',
      incident.id,
      '--json',
    ];
    const opened = await change(['open', ...fix]);
    expect(opened.code, opened.stderr).toBe(0);
    const emergency = JSON.parse(opened.stdout) as { number: string; id: string };
    serviceNow.changes.decide(emergency.id, CHANGE_MANAGER_USER_NAME, 'approved', '');
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.5.1']);
    expect(gate.code, gate.stdout).toBe(0);
    expect(gate.stdout).toMatch(/\(emergency, approved\)/);
  }, 120_000);

  it('fails closed when ServiceNow is down, and says so', async () => {
    serviceNow.faults.inject({ kind: 'server-error', count: 1000, status: 503 });
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.4.2']);
    expect(gate.code).toBe(4);
    expect(gate.stdout).toMatch(
      /^Deployment not permitted: ServiceNow could not be reached to check the change \(.+\); the gate fails closed\n$/,
    );
  }, 120_000);

  it('opens without PagerDuty credentials, but the gate then cannot rule out a freeze: it fails closed', async () => {
    const noPagerDuty = { PAGERDUTY_TOKEN: '', PAGERDUTY_FROM: '' };
    const opened = await change(
      ['open', '--service', 'Checkout Web', '--version', '5.0.0', '--commit', 'aaa0001', '--normal'],
      noPagerDuty,
    );
    expect(opened.code, opened.stderr).toBe(0);
    const gate = await change(['gate', '--service', 'Checkout Web', '--version', '5.0.0'], noPagerDuty);
    expect(gate.code).toBe(4);
    expect(gate.stdout).toMatch(
      /^Deployment not permitted: the paging platform could not be reached to check whether a major incident freezes the service \(Set the environment variable PAGERDUTY_TOKEN/,
    );
  }, 120_000);

  it("refuses when PagerDuty has no service by the change system's name: a freeze there could never be seen", async () => {
    const opened = await change([
      'open',
      '--service',
      'Checkout Web',
      '--version',
      '5.1.0',
      '--commit',
      'aaa0002',
      '--template',
      'Checkout Web - routine deployment',
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    // The change system names the service; PagerDuty calls it something else.
    const service = pagerDuty.state.services.find((candidate) => candidate.name === 'Checkout Web')!;
    service.name = 'Checkout (web)';
    try {
      const gate = await change(['gate', '--service', 'Checkout Web', '--version', '5.1.0']);
      expect(gate.code).toBe(1);
      expect(gate.stdout).toBe(
        'Deployment not permitted: PagerDuty has no service named "Checkout Web", so a change freeze on it cannot be checked and the gate fails closed; name the PagerDuty service as the change system names it\n',
      );
    } finally {
      service.name = 'Checkout Web';
    }
    expect((await change(['gate', '--service', 'Checkout Web', '--version', '5.1.0'])).code).toBe(0);
  }, 120_000);

  it('two pipelines raising the same deployment at once get one change', async () => {
    const args = [
      'open',
      '--service',
      'Checkout Web',
      '--version',
      '4.0.0',
      '--commit',
      'c0ffee1',
      '--normal',
      '--run-url',
      'https://ci.example.com/runs/99',
      '--json',
    ];
    const [a, b] = await Promise.all([change(args), change(args)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const numbers = [a, b].map((run) => (JSON.parse(run.stdout) as { number: string }).number);
    expect(numbers[0]).toBe(numbers[1]);
    const live = serviceNow.state
      .rows('change_request')
      .filter((row) => String(row.short_description).includes('Checkout Web 4.0.0') && !['3', '4'].includes(String(row.state)));
    expect(live.map((row) => row.number)).toEqual([numbers[0]]);
  }, 120_000);

  it('names the known services and templates when one is unknown', async () => {
    const service = await change(['open', '--service', 'Paymnts API', '--version', '1', '--commit', 'x', '--normal']);
    expect(service.code).toBe(2);
    expect(service.stderr).toMatch(/^ServiceNow has no service "Paymnts API"\. Known services: .*Payments API/);
    const template = await change(['open', '--service', 'Payments API', '--version', '1', '--commit', 'x', '--template', 'Nightly']);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain(`Payments API has no change template "Nightly". Its templates: "${TEMPLATE}" (approved)`);
  }, 120_000);
});

async function waitForStderr(cli: ReturnType<typeof startCli>, pattern: RegExp): Promise<void> {
  const { waitFor } = await import('../../support/wait-for');
  await waitFor(`the CLI to print ${pattern} on stderr`, () => pattern.test(cli.stderr()), {
    timeoutMs: 30_000,
    describe: () => cli.stderr(),
  });
}
