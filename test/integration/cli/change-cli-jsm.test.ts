/**
 * The pipeline's change commands against Jira Service Management end to end:
 * `oncall-console change open|gate|close` run as child processes against the JSM and
 * PagerDuty simulators over real HTTP, with a workspace whose ticketing is JSM. The same
 * cases as change-cli.test.ts (ServiceNow): the standard path (a template's change is
 * auto-approved, the gate passes at once, close), the normal path (the gate names the
 * approver and waits, the change manager approves in JSM, the waiting gate passes), a
 * rejection, the freeze during a major incident with its emergency exception, failing
 * closed when JSM is down, idempotent open (also twice at once), unknown names, and a
 * transition JSM refuses, reported in its own words.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJiraServiceManagementChangeSystem } from '../../../electron/providers/jira-service-management';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import {
  CHANGE_MANAGER_ACCOUNT,
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../../electron/simulators/jira-service-management';
import { waitFor } from '../../support/wait-for';
import { childEnv, killAll, runCli, startCli } from './run-cli';

const PIPELINE = 'oncall-console@example.com';
const MANAGER = { email: CHANGE_MANAGER_ACCOUNT.emailAddress, name: CHANGE_MANAGER_ACCOUNT.displayName };
const TEMPLATE = 'Payments API - routine deployment';

let root: string;
let pagerDuty: PagerDutySimulator;
let jsm: JiraServiceManagementSimulator;
let workspace: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'change-cli-jsm-'));
  pagerDuty = await startPagerDutySimulator({ seedIncidents: 4, demo: false });
  jsm = await startJiraServiceManagementSimulator({ org: pagerDuty.state, seedChanges: false });
  workspace = join(root, 'workspace.yaml');
  writeFileSync(
    workspace,
    [
      'name: Change CLI test (JSM)',
      'paging:',
      '  provider: pagerduty',
      `  baseUrl: ${pagerDuty.baseUrl}`,
      'ticketing:',
      '  provider: jira-service-management',
      `  siteUrl: ${jsm.baseUrl}`,
      '',
    ].join('\n'),
  );
  env = childEnv(root, {
    PAGERDUTY_TOKEN: 'pd-token',
    PAGERDUTY_FROM: pagerDuty.state.me.email,
    JIRA_EMAIL: PIPELINE,
    JIRA_API_TOKEN: 'jsm-token',
  });
});

afterEach(() => {
  killAll();
  jsm.faults.clear();
});

afterAll(async () => {
  await Promise.all([pagerDuty.close(), jsm.close()]);
  rmSync(root, { recursive: true, force: true });
});

function change(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return runCli(['change', ...args, '--workspace', workspace], { ...env, ...extraEnv }, 60_000);
}

/** The change manager deciding in JSM with her own account, through the approval API (the provider, over HTTP). */
function asChangeManager() {
  return createJiraServiceManagementChangeSystem({ siteUrl: jsm.baseUrl, email: MANAGER.email, apiToken: 'her-token', maxRetries: 0 });
}

/** The console's own account (the pipeline's), as the console's Changes area uses it. */
function asPipeline() {
  return createJiraServiceManagementChangeSystem({ siteUrl: jsm.baseUrl, email: PIPELINE, apiToken: 'jsm-token', maxRetries: 0 });
}

/** The change as the simulated site has it. */
function record(key: string) {
  const found = jsm.changes.find(key);
  if (!found) throw new Error(`JSM has no ${key}`);
  return found;
}

describe('oncall-console change against Jira Service Management', () => {
  it('standard path: raised from the template, auto-approved, the gate passes at once, closed successful; open is idempotent', async () => {
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
    const raised = JSON.parse(opened.stdout) as { number: string; type: string; state: string; url: string };
    expect(raised).toMatchObject({ type: 'standard', state: 'scheduled', service: 'Payments API', version: '1.4.2' });
    expect(raised.url).toBe(`${jsm.baseUrl}/browse/${raised.number}`);
    expect(readFileSync(output, 'utf8')).toContain(`change-number=${raised.number}\nchange-type=standard\n`);
    expect(record(raised.number)).toMatchObject({ statusName: 'Awaiting implementation', changeType: 'Standard', changeRisk: 'Low' });

    // The same deployment asked again: the same change, not a second one.
    const again = await change(['open', ...args, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ number: raised.number });
    expect(jsm.changes.list().filter((issue) => issue.summary.includes('1.4.2'))).toHaveLength(1);

    jsm.resetRequestLog();
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.4.2']);
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    expect(gate.stdout).toBe(`Deployment permitted: ${raised.number} (standard, approved) covers Payments API 1.4.2\n`);
    // After finding the change project and its fields, one search decides it: no approval or comment reads for a standard change.
    expect(jsm.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /rest/servicedeskapi/servicedesk',
      'GET /rest/servicedeskapi/servicedesk/1/requesttype',
      'GET /rest/servicedeskapi/servicedesk/2/requesttype',
      'GET /rest/api/3/field',
      'GET /rest/api/3/search/jql',
    ]);

    const closed = await change(['close', '--change', raised.number, '--result', 'success', '--notes', 'Rolled out to all regions']);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^${raised.number} closed successful: `));
    const issue = record(raised.number);
    expect(issue.statusName).toBe('Completed');
    expect(jsm.changes.commentsOf(issue).map((comment) => [comment.body, comment.public])).toEqual([
      ['Change closed (successful): Rolled out to all regions', false],
    ]);
  }, 120_000);

  it('normal path: the gate waits and names the approver; approved by the change manager in JSM, a waiting gate passes', async () => {
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '2.0.0', '--commit', 'def4567', '--normal', '--json']);
    expect(opened.code, opened.stderr).toBe(0);
    const raised = JSON.parse(opened.stdout) as { number: string; id: string };
    // Submitted for approval: JSM's approval status, the Checkout Web's change approver asked.
    expect(raised).toMatchObject({ type: 'normal', state: 'authorize', approval: 'requested' });
    expect(record(raised.number).statusName).toBe('Awaiting approval');

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
    const approved = await asChangeManager().decideChange(raised.id, 'approved', 'Fine for tonight', MANAGER);
    expect(approved).toMatchObject({ state: 'scheduled', vendorState: 'Awaiting implementation', approval: 'approved' });
    const { code } = await waiting.exited;
    expect(code, waiting.stdout() + waiting.stderr()).toBe(0);
    expect(waiting.stdout()).toMatch(new RegExp(`^Deployment permitted: ${raised.number} \\(normal, approved\\)`));
  }, 120_000);

  it('a rejection: the gate refuses, naming who declined it and why', async () => {
    const opened = await change(['open', '--service', 'Checkout Web', '--version', '2.1.0', '--commit', 'fff0001', '--normal', '--json']);
    const raised = JSON.parse(opened.stdout) as { number: string; id: string };
    // JSM records an approval as the account answering it: the pipeline's account cannot decide for her.
    await expect(asPipeline().decideChange(raised.id, 'approved', '', MANAGER)).rejects.toThrow(
      `Jira Service Management records an approval as the account that answers it, and the console is signed in to it as ${PIPELINE}: it cannot decide Grace Hopper's approval of ${raised.number} for them.`,
    );
    const declined = await asChangeManager().decideChange(raised.id, 'rejected', 'No backout plan for the schema change', MANAGER);
    expect(declined).toMatchObject({ state: 'canceled', vendorState: 'Declined', approval: 'rejected' });
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
    const emergency = JSON.parse(opened.stdout) as { number: string; type: string; state: string };
    expect(emergency).toMatchObject({ type: 'emergency', state: 'authorize' });
    expect(record(emergency.number).changeType).toBe('Emergency');
    jsm.changes.decide(emergency.number, MANAGER.email, 'approve');
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.5.1']);
    expect(gate.code, gate.stdout).toBe(0);
    expect(gate.stdout).toMatch(/\(emergency, approved\)/);
  }, 120_000);

  it('fails closed when Jira Service Management is down, and says so', async () => {
    jsm.faults.inject({ kind: 'server-error', count: 1000, status: 503 });
    const gate = await change(['gate', '--service', 'Payments API', '--version', '1.4.2']);
    expect(gate.code).toBe(4);
    expect(gate.stdout).toMatch(
      /^Deployment not permitted: Jira Service Management could not be reached to check the change \(.+\); the gate fails closed\n$/,
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
    const live = jsm.changes
      .list()
      .filter(
        (issue) =>
          issue.summary.includes('Checkout Web 4.0.0') && !['Canceled', 'Declined', 'Completed', 'Failed'].includes(issue.statusName),
      );
    expect(live.map((issue) => issue.key)).toEqual([numbers[0]]);
  }, 120_000);

  it('names the known services and templates when one is unknown', async () => {
    const service = await change(['open', '--service', 'Paymnts API', '--version', '1', '--commit', 'x', '--normal']);
    expect(service.code).toBe(2);
    expect(service.stderr).toMatch(/^Jira Service Management has no service "Paymnts API"\. Known services: .*Payments API/);
    const template = await change(['open', '--service', 'Payments API', '--version', '1', '--commit', 'x', '--template', 'Nightly']);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain(`Payments API has no change template "Nightly". Its templates: "${TEMPLATE}" (approved)`);
  }, 120_000);

  it("a transition JSM refuses (the change was canceled meanwhile) fails the close in JSM's own words", async () => {
    const opened = await change([
      'open',
      '--service',
      'Checkout Web',
      '--version',
      '3.0.0',
      '--commit',
      'ccc0003',
      '--template',
      'Checkout Web - routine deployment',
      '--json',
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    const { number } = JSON.parse(opened.stdout) as { number: string };
    const path = `/rest/api/3/issue/${number}/transitions`;
    // The close reads the transitions (first fault: no delay), then posts one, held 3 s (second fault) while an agent cancels the change.
    jsm.faults.inject({ kind: 'slow', delayMs: 0, count: 1, path });
    jsm.faults.inject({ kind: 'slow', delayMs: 3_000, count: 1, path });
    jsm.resetRequestLog();
    const closing = startCli(['change', 'close', '--change', number, '--result', 'success', '--workspace', workspace], env);
    await waitFor(
      'the close to post its transition',
      () => jsm.requests.some((request) => request.method === 'POST' && request.path === path),
      {
        timeoutMs: 30_000,
      },
    );
    jsm.changes.transitionTo(number, 'Canceled');
    const { code } = await closing.exited;
    expect(code).toBe(1);
    expect(closing.stderr()).toBe(
      `Jira Service Management refused to move ${number} from Awaiting implementation to Implementing (400: Transition id '51' is not valid for this issue.); it is Canceled now, allowed from there: none\n`,
    );
    expect(record(number).statusName).toBe('Canceled');
  }, 120_000);

  it('a template proposed from the console is a request type, approved at once: the pipeline raises standard changes from it', async () => {
    const draft = {
      service: { id: 'PSEARCH', name: 'Search API' },
      name: 'Search API - index rebuild',
      scope: 'Rebuilding the product index from the catalogue',
      risk: 'low' as const,
      implementationPlan: 'Rebuild into a new index, then switch the alias',
      backoutPlan: 'Switch the alias back',
      testPlan: 'Search smoke tests',
    };
    const proposed = await asPipeline().proposeTemplate(draft);
    expect(proposed).toMatchObject({
      name: draft.name,
      state: 'approved',
      service: { name: 'Search API' },
      risk: 'low',
      backoutPlan: 'Switch the alias back',
      proposedBy: { name: 'On-Call Console Integration' },
    });
    // Proposed again (a replay): the same request type, not a second one.
    expect((await asPipeline().proposeTemplate(draft)).id).toBe(proposed.id);
    expect(jsm.changes.requestTypes.filter((type) => type.name === draft.name)).toHaveLength(1);
    await expect(asPipeline().decideTemplate(proposed.id, 'approved', '')).rejects.toThrow(/has no approval of change templates/);

    const opened = await change([
      'open',
      '--service',
      'Search API',
      '--version',
      '7.0.0',
      '--commit',
      'ddd0007',
      '--template',
      draft.name,
      '--json',
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    const raised = JSON.parse(opened.stdout) as { number: string };
    expect(JSON.parse(opened.stdout)).toMatchObject({ type: 'standard', state: 'scheduled' });
    // Its request type's form shows only Summary and Change type: the rest was set afterwards with the platform API.
    expect(record(raised.number)).toMatchObject({
      requestTypeId: proposed.id,
      statusName: 'Awaiting implementation',
      changeRisk: 'Low',
      labels: ['oncall:search-api:7.0.0:-', 'oncall:search-api:7.0.0:'],
      backoutPlan: 'Switch the alias back',
    });
    const gate = await change(['gate', '--service', 'Search API', '--version', '7.0.0']);
    expect(gate.stdout).toBe(`Deployment permitted: ${raised.number} (standard, approved) covers Search API 7.0.0\n`);
  }, 120_000);
});

async function waitForStderr(cli: ReturnType<typeof startCli>, pattern: RegExp): Promise<void> {
  await waitFor(`the CLI to print ${pattern} on stderr`, () => pattern.test(cli.stderr()), {
    timeoutMs: 30_000,
    describe: () => cli.stderr(),
  });
}
