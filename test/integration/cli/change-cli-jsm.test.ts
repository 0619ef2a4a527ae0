/**
 * What only Jira Service Management has, end to end with the change commands (the cases
 * both change systems share are in change-cli.test.ts): an approval is recorded as the
 * account that answers it, so the pipeline's account cannot decide the change manager's;
 * a transition JSM refuses fails the close in JSM's own words; and a template proposed from
 * the console is a request type, approved at once, that the pipeline raises standard
 * changes from.
 */
import { describe, expect, it } from 'vitest';
import { createJiraServiceManagementChangeSystem } from '../../../electron/providers/jira-service-management';
import { CHANGE_MANAGER_ACCOUNT } from '../../../electron/simulators/jira-service-management';
import { startJiraServiceManagementUnderTest, useChangeCli, type RaisedChange } from '../../support/change-cli-systems';
import { waitFor } from '../../support/wait-for';

const PIPELINE = 'oncall-console@example.com';
const MANAGER = { email: CHANGE_MANAGER_ACCOUNT.emailAddress, name: CHANGE_MANAGER_ACCOUNT.displayName };

describe('oncall-console change against Jira Service Management only', () => {
  const cli = useChangeCli(startJiraServiceManagementUnderTest);

  /** The change manager deciding in JSM with her own account, through the approval API (the provider, over HTTP). */
  function asChangeManager() {
    return createJiraServiceManagementChangeSystem({
      siteUrl: cli.system.simulator.baseUrl,
      email: MANAGER.email,
      apiToken: 'her-token',
      maxRetries: 0,
    });
  }

  /** The console's own account (the pipeline's), as the console's Changes area uses it. */
  function asPipeline() {
    return createJiraServiceManagementChangeSystem({
      siteUrl: cli.system.simulator.baseUrl,
      email: PIPELINE,
      apiToken: 'jsm-token',
      maxRetries: 0,
    });
  }

  it("an approval is the answering account's: the pipeline's account cannot decide hers; her own account declines, and the gate names her", async () => {
    const opened = await cli.change([
      'open',
      '--service',
      'Checkout Web',
      '--version',
      '2.1.0',
      '--commit',
      'fff0001',
      '--normal',
      '--json',
    ]);
    const raised = JSON.parse(opened.stdout) as RaisedChange;
    await expect(asPipeline().decideChange(raised.id, 'approved', '', MANAGER)).rejects.toThrow(
      `Jira Service Management records an approval as the account that answers it, and the console is signed in to it as ${PIPELINE}: it cannot decide Grace Hopper's approval of ${raised.number} for them.`,
    );
    const declined = await asChangeManager().decideChange(raised.id, 'rejected', 'No backout plan for the schema change', MANAGER);
    expect(declined).toMatchObject({ state: 'canceled', vendorState: 'Declined', approval: 'rejected' });
    const gate = await cli.change(['gate', '--service', 'Checkout Web', '--version', '2.1.0']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toBe(
      `Deployment not permitted: ${raised.number} was rejected by Grace Hopper: No backout plan for the schema change\n`,
    );
  }, 120_000);

  it("a transition JSM refuses (the change was canceled meanwhile) fails the close in JSM's own words", async () => {
    const jsm = cli.system.simulator;
    const template = 'Checkout Web - routine deployment';
    const opened = await cli.change([
      'open',
      '--service',
      'Checkout Web',
      '--version',
      '3.0.0',
      '--commit',
      'ccc0003',
      '--template',
      template,
      '--json',
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    const { number } = JSON.parse(opened.stdout) as RaisedChange;
    const path = `/rest/api/3/issue/${number}/transitions`;
    // The close reads the transitions (first fault: no delay), then posts one, held 3 s (second fault) while an agent cancels the change.
    jsm.faults.inject({ kind: 'slow', delayMs: 0, count: 1, path });
    jsm.faults.inject({ kind: 'slow', delayMs: 3_000, count: 1, path });
    jsm.resetRequestLog();
    const closing = cli.startChange(['close', '--change', number, '--result', 'success']);
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
    expect(cli.system.record(number).statusName).toBe('Canceled');
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
    expect(cli.system.simulator.changes.requestTypes.filter((type) => type.name === draft.name)).toHaveLength(1);
    await expect(asPipeline().decideTemplate(proposed.id, 'approved', '')).rejects.toThrow(/has no approval of change templates/);

    const opened = await cli.change([
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
    const raised = JSON.parse(opened.stdout) as RaisedChange;
    expect(raised).toMatchObject({ type: 'standard', state: 'scheduled' });
    // Its request type's form shows only Summary and Change type: the rest was set afterwards with the platform API.
    expect(cli.system.record(raised.number)).toMatchObject({
      requestTypeId: proposed.id,
      statusName: 'Awaiting implementation',
      changeRisk: 'Low',
      labels: ['oncall:search-api:7.0.0:-', 'oncall:search-api:7.0.0:'],
      backoutPlan: 'Switch the alias back',
    });
    const gate = await cli.change(['gate', '--service', 'Search API', '--version', '7.0.0']);
    expect(gate.stdout).toBe(`Deployment permitted: ${raised.number} (standard, approved) covers Search API 7.0.0\n`);
  }, 120_000);
});
