/**
 * The pipeline's change commands end to end, once per change system (ServiceNow and Jira
 * Service Management, each behind the adapter in test/support/change-cli-systems.ts):
 * `oncall-console change open|gate|close` run as child processes against the change
 * system's and PagerDuty's simulators over real HTTP. The standard path (a template's change
 * is pre-authorised, the gate passes at once, close), the normal path (the gate names the
 * approver and refuses while it waits; the change manager approves in the console, whose
 * decision reaches the change system as hers, and a waiting gate passes), a rejection, the
 * freeze during a major incident with its emergency exception, failing closed when the
 * change system is down or PagerDuty cannot be asked, idempotent open (also twice at once),
 * and unknown names. What only Jira Service Management has is in change-cli-jsm.test.ts.
 */
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/host/create-engine';
import { createChangeSystem, readTicketingSecrets } from '../../../electron/host/ticketing-setup';
import { loadWorkspaceFile } from '../../../electron/host/workspace';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { CHANGE_SYSTEMS, useChangeCli, type ChangeCli, type RaisedChange } from '../../support/change-cli-systems';
import { waitFor } from '../../support/wait-for';
import type { startCli } from './run-cli';

const TEMPLATE = 'Payments API - routine deployment';

// By label (%s prints it plain) and the adapter's start.
describe.each(CHANGE_SYSTEMS.map(({ label, start }) => [label, start] as const))('oncall-console change against %s', (_label, start) => {
  const cli = useChangeCli(start);

  it('standard path: raised from the template, pre-authorised, the gate passes at once, closed successful; open is idempotent', async () => {
    const { system, change } = cli;
    const output = join(cli.root, 'github-output');
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
    const raised = JSON.parse(opened.stdout) as RaisedChange & { url: string };
    expect(raised).toMatchObject({ type: 'standard', state: 'scheduled', service: 'Payments API', version: '1.4.2' });
    expect(raised.url).toBe(system.expected.url(raised));
    expect(readFileSync(output, 'utf8')).toContain(`change-number=${raised.number}\nchange-type=standard\n`);
    expect(system.record(raised.number)).toMatchObject(system.expected.standardRecord);

    // The same deployment asked again: the same change, not a second one.
    const again = await change(['open', ...args, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ number: raised.number });
    expect(system.changes().filter((candidate) => candidate.summary.includes('1.4.2'))).toHaveLength(1);

    system.resetRequestLog();
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.4.2']);
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    expect(gate.stdout).toBe(`Deployment permitted: ${raised.number} (standard, approved) covers Payments API 1.4.2\n`);
    expect(system.requestLines()).toEqual(system.expected.gateRequests);

    const closed = await change(['close', '--change', raised.number, '--result', 'success', '--notes', 'Rolled out to all regions']);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^${raised.number} closed successful: `));
    expect(system.record(raised.number)).toMatchObject(system.expected.closedRecord('Rolled out to all regions'));
  }, 120_000);

  it('normal path: the gate refuses while it waits, naming the approver; approved in the console as the change manager, a waiting gate passes', async () => {
    const { system, change } = cli;
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '2.0.0', '--commit', 'def4567', '--normal', '--json']);
    expect(opened.code, opened.stderr).toBe(0);
    const raised = JSON.parse(opened.stdout) as RaisedChange;
    expect(raised).toMatchObject(system.expected.normalRaised);
    expect(system.record(raised.number)).toMatchObject(system.expected.normalRecord);

    const refused = await change(['gate', '--service', 'Checkout Web', '--version', '2.0.0']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe(
      `Deployment not permitted yet: ${raised.number} (normal) is in Authorize, waiting for approval from Grace Hopper\n`,
    );

    const managerConsole = await startConsole(cli);
    try {
      const waiting = cli.startChange([
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
      ]);
      await waitForStderr(waiting, /^Waiting: /m);
      // As the approval queue's Approve button asks it: recorded in the outbox, sent to the change system as hers.
      const decision = await managerConsole.engine.decideChange({ changeId: raised.id, decision: 'approved', comment: 'Fine for tonight' });
      expect(decision.request).toMatchObject({
        kind: 'decideChange',
        changeNumber: raised.number,
        decision: 'approved',
        approver: { email: system.changeManager.user.email },
      });
      const { code } = await waiting.exited;
      expect(code, waiting.stdout() + waiting.stderr()).toBe(0);
      expect(waiting.stdout()).toMatch(new RegExp(`^Deployment permitted: ${raised.number} \\(normal, approved\\)`));
      // The change system has it as the change manager's approval.
      expect(await managerConsole.changeSystem.getChange(raised.id)).toMatchObject({
        state: 'scheduled',
        vendorState: system.expected.scheduledVendorState,
        approval: 'approved',
      });
      expect(system.approvers(raised)).toEqual([{ name: 'Grace Hopper', answer: 'approved' }]);
    } finally {
      await managerConsole.stop();
    }
  }, 120_000);

  it('a rejection: the gate refuses, naming who rejected it and why', async () => {
    const { system, change } = cli;
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '2.1.0', '--commit', 'fff0001', '--normal', '--json']);
    const raised = JSON.parse(opened.stdout) as RaisedChange;
    system.decide(raised, 'rejected', 'No backout plan for the schema change');
    const gate = await change(['gate', '--service', 'Checkout Web', '--version', '2.1.0']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toBe(
      `Deployment not permitted: ${raised.number} was rejected by Grace Hopper: No backout plan for the schema change\n`,
    );
  }, 120_000);

  it('a major incident freezes the service; only the emergency change linked to it may deploy', async () => {
    const { system, change, pagerDuty } = cli;
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

    const fix = ['--service', 'Payments API', '--version', '1.5.1', '--commit', 'f1f1f1f', '--emergency', '--incident', incident.id];
    const opened = await change(['open', ...fix, '--json']);
    expect(opened.code, opened.stderr).toBe(0);
    const emergency = JSON.parse(opened.stdout) as RaisedChange;
    expect(emergency).toMatchObject(system.expected.emergencyRaised);
    expect(system.record(emergency.number)).toMatchObject(system.expected.emergencyRecord);
    system.decide(emergency, 'approved', '');
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.5.1']);
    expect(gate.code, gate.stdout).toBe(0);
    expect(gate.stdout).toMatch(/\(emergency, approved\)/);
  }, 120_000);

  it('fails closed when the change system is down, and says so', async () => {
    const { system, change } = cli;
    system.goDown();
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.4.2']);
    expect(gate.code).toBe(4);
    expect(gate.stdout).toMatch(
      new RegExp(`^Deployment not permitted: ${system.label} could not be reached to check the change \\(.+\\); the gate fails closed\\n$`),
    );
  }, 120_000);

  it('opens without PagerDuty credentials, but the gate then cannot rule out a freeze: it fails closed', async () => {
    const { change } = cli;
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
    const { change, pagerDuty } = cli;
    const template = 'Checkout Web - routine deployment';
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '5.1.0', '--commit', 'aaa0002', '--template', template]);
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
    const { system, change } = cli;
    const run = ['--run-url', 'https://ci.example.com/runs/99', '--json'];
    const args = ['open', '--service', 'Checkout Web', '--version', '4.0.0', '--commit', 'c0ffee1', '--normal', ...run];
    const [a, b] = await Promise.all([change(args), change(args)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const numbers = [a, b].map((opened) => (JSON.parse(opened.stdout) as RaisedChange).number);
    expect(numbers[0]).toBe(numbers[1]);
    const live = system.changes().filter((candidate) => candidate.summary.includes('Checkout Web 4.0.0') && candidate.open);
    expect(live.map((candidate) => candidate.number)).toEqual([numbers[0]]);
  }, 120_000);

  it('names the known services and templates when one is unknown', async () => {
    const { system, change } = cli;
    const service = await change(['open', '--service', 'Paymnts API', '--version', '1', '--commit', 'x', '--normal']);
    expect(service.code).toBe(2);
    expect(service.stderr).toMatch(new RegExp(`^${system.label} has no service "Paymnts API"\\. Known services: .*Payments API`));
    const template = await change(['open', '--service', 'Payments API', '--version', '1', '--commit', 'x', '--template', 'Nightly']);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain(`Payments API has no change template "Nightly". Its templates: "${TEMPLATE}" (approved)`);
  }, 120_000);
});

/**
 * The console as the change manager runs it (the demo's personas, switched to hers): an
 * in-process engine over the suite's workspace and credentials, whose change system decides
 * as the person deciding (Jira Service Management records an approval as the account that
 * answers it).
 */
async function startConsole(cli: ChangeCli<unknown>) {
  const { ticketing } = loadWorkspaceFile(cli.workspace);
  if (!ticketing) throw new Error(`${cli.workspace} names no change system`);
  const changeSystem = createChangeSystem(ticketing, readTicketingSecrets(ticketing, cli.env), {
    timeoutMs: 10_000,
    decideAsThemselves: true,
  });
  const outbox = new Outbox(join(cli.root, `console-outbox-${Date.now()}.sqlite`), systemClock);
  const pagerDuty = cli.pagerDuty;
  const engine = createEngine({
    paging: createPagerDutyProvider({ baseUrl: pagerDuty.baseUrl, token: 'pd-token', from: pagerDuty.state.me.email, scope: {} }),
    outbox,
    clock: systemClock,
    workspace: { name: 'Change CLI test', demo: true, me: null, pollIntervalMs: 60_000 },
    reconcileIntervalMs: 10 * 60_000,
    changes: { system: changeSystem, personas: [cli.system.changeManager] },
  }).start();
  await engine.switchPersona({ personaId: 'change-manager' });
  return {
    engine,
    changeSystem,
    async stop() {
      await engine.stop();
      outbox.close();
    },
  };
}

async function waitForStderr(cli: ReturnType<typeof startCli>, pattern: RegExp): Promise<void> {
  await waitFor(`the CLI to print ${pattern} on stderr`, () => pattern.test(cli.stderr()), {
    timeoutMs: 30_000,
    describe: () => cli.stderr(),
  });
}
