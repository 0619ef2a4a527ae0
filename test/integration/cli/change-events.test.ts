/**
 * PagerDuty change events from the pipeline's change commands, end to end: `oncall-console
 * change open|close` run as child processes against the ServiceNow and PagerDuty simulators
 * over real HTTP. Open and close each send one change event to the service's routing key
 * (PAGERDUTY_CHANGE_ROUTING_KEY, or the variable the workspace names for the service) with
 * the summary, details and links responders read in PagerDuty; a service without a key sends
 * nothing; an event that cannot be sent (the Events API down, the key refused, the key's
 * variable unset) is one warning line on stderr and changes nothing else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGE_SYSTEMS, useChangeCli, type RaisedChange } from '../../support/change-cli-systems';
import { runCli } from './run-cli';

const TEMPLATE = 'Payments API - routine deployment';
const ENQUEUE = '/v2/change/enqueue';

interface WireChangeEvent {
  summary: string;
  source?: string;
  services: { id: string; summary: string }[];
  custom_details: Record<string, string>;
  links: { href: string; text?: string }[];
}

describe('oncall-console change open|close send PagerDuty change events', () => {
  const cli = useChangeCli(CHANGE_SYSTEMS.find((system) => system.label === 'ServiceNow')!.start);

  function service(name: string) {
    const found = cli.pagerDuty.state.getServiceByName(name);
    if (!found) throw new Error(`no PagerDuty service ${name}`);
    return found;
  }

  function routingKey(name: string): string {
    return cli.pagerDuty.state.routingKeyFor(service(name).id);
  }

  /** The service's change events as PagerDuty's REST API lists them (newest first). */
  async function changeEventsOf(name: string): Promise<WireChangeEvent[]> {
    const response = await fetch(`${cli.pagerDuty.baseUrl}/services/${service(name).id}/change_events`, {
      headers: { Authorization: 'Token token=pd-token', Accept: 'application/vnd.pagerduty+json;version=2' },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { change_events: WireChangeEvent[] }).change_events;
  }

  /** The change events the CLI sent since the last reset, with PagerDuty's answers. */
  function enqueued(): number[] {
    return cli.pagerDuty.requests.filter((request) => request.path === ENQUEUE).map((request) => request.status);
  }

  function openArgs(name: string, version: string, extra: string[]): string[] {
    return ['open', '--service', name, '--version', version, '--commit', `c0ffee${version.replace(/\./g, '')}`, ...extra, '--json'];
  }

  it('open and close each send one change event to the service, with the change’s details and links', async () => {
    const env = { PAGERDUTY_CHANGE_ROUTING_KEY: routingKey('Payments API') };
    const runUrl = 'https://ci.example.com/acme/payments/runs/41';
    cli.pagerDuty.resetRequestLog();
    const opened = await cli.change(openArgs('Payments API', '1.4.2', ['--template', TEMPLATE, '--run-url', runUrl]), env);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stderr).toBe('');
    const raised = JSON.parse(opened.stdout) as RaisedChange & { url: string };
    const closed = await cli.change(['close', '--change', raised.number, '--result', 'success'], env);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stderr).toBe('');
    expect(enqueued()).toEqual([202, 202]);

    const details = {
      change_number: raised.number,
      change_type: 'standard',
      service: 'Payments API',
      version: '1.4.2',
      commit: 'c0ffee142',
      run_url: runUrl,
    };
    const links = [
      { href: raised.url, text: `${raised.number} in ServiceNow` },
      { href: runUrl, text: 'Pipeline run' },
    ];
    const events = await changeEventsOf('Payments API');
    expect(events).toHaveLength(2);
    expect(events.find((event) => event.summary.startsWith('Change '))).toMatchObject({
      summary: `Change ${raised.number} raised: Payments API 1.4.2 (standard)`,
      source: 'ci.example.com',
      services: [{ id: service('Payments API').id, summary: 'Payments API' }],
      custom_details: { ...details, change_state: 'scheduled' },
      links,
    });
    expect(events.find((event) => event.summary.startsWith('Deployed '))).toMatchObject({
      summary: `Deployed Payments API 1.4.2 under ${raised.number} (successful)`,
      source: 'ci.example.com',
      services: [{ id: service('Payments API').id }],
      custom_details: { ...details, change_state: 'closed', close_code: 'successful' },
      links,
    });
    // Informational only: nothing was opened in PagerDuty.
    expect(
      cli.pagerDuty.state.listIncidents({ serviceIds: [service('Payments API').id] }).some((incident) => /1\.4\.2/.test(incident.title)),
    ).toBe(false);
  }, 120_000);

  it('a workspace names the variable holding each service’s key; a service without a key sends nothing', async () => {
    const workspace = join(cli.root, 'workspace-change-events.yaml');
    const changeEvents = [
      '  changeEvents:',
      '    routingKeyVariables:',
      '      Checkout Web: PD_ROUTING_KEY_CHECKOUT',
      '      Payments API: PD_ROUTING_KEY_PAYMENTS',
    ];
    // Under the suite's `paging:` section, after its baseUrl.
    const pagingBaseUrl = `  baseUrl: ${cli.pagerDuty.baseUrl}\n`;
    const suiteWorkspace = readFileSync(cli.workspace, 'utf8');
    expect(suiteWorkspace).toContain(pagingBaseUrl);
    writeFileSync(workspace, suiteWorkspace.replace(pagingBaseUrl, `${pagingBaseUrl}${changeEvents.join('\n')}\n`));
    const change = (args: string[], env: NodeJS.ProcessEnv) =>
      runCli(['change', ...args, '--workspace', workspace], { ...cli.env, ...env }, 60_000);

    const checkoutBefore = (await changeEventsOf('Checkout Web')).length;
    const normal = await change(openArgs('Checkout Web', '5.4.0', ['--normal']), { PD_ROUTING_KEY_CHECKOUT: routingKey('Checkout Web') });
    expect(normal.code, normal.stderr).toBe(0);
    expect(normal.stderr).toBe('');
    const raised = JSON.parse(normal.stdout) as RaisedChange;
    const [latest, ...older] = await changeEventsOf('Checkout Web');
    expect(older).toHaveLength(checkoutBefore);
    expect(latest).toMatchObject({
      summary: `Change ${raised.number} raised: Checkout Web 5.4.0 (normal)`,
      custom_details: { change_number: raised.number, change_type: 'normal', version: '5.4.0', commit: 'c0ffee540' },
    });
    // No run URL given: no source, and only the change's link.
    expect(latest!.source).toBeUndefined();
    expect(latest!.links).toHaveLength(1);

    // The workspace names a variable the environment does not set: one warning, the change raised all the same.
    const paymentsBefore = (await changeEventsOf('Payments API')).length;
    const unset = await change(openArgs('Payments API', '1.5.0', ['--template', TEMPLATE]), {});
    expect(unset.code, unset.stderr).toBe(0);
    expect(JSON.parse(unset.stdout)).toMatchObject({ type: 'standard', version: '1.5.0' });
    expect(unset.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^Warning: the change event for Payments API was not sent \(.*PD_ROUTING_KEY_PAYMENTS.*\); the deployment step goes on/,
      ),
    ]);

    // The suite's own workspace names no variable, and PAGERDUTY_CHANGE_ROUTING_KEY is not set: nothing sent, nothing said.
    cli.pagerDuty.resetRequestLog();
    const silent = await cli.change(openArgs('Payments API', '1.5.1', ['--template', TEMPLATE]));
    expect(silent.code, silent.stderr).toBe(0);
    expect(silent.stderr).toBe('');
    expect(enqueued()).toEqual([]);
    expect(await changeEventsOf('Payments API')).toHaveLength(paymentsBefore);
  }, 120_000);

  it('the Events API down or refusing the key: the command still exits 0, with one warning line and no key in it', async () => {
    const env = { PAGERDUTY_CHANGE_ROUTING_KEY: routingKey('Payments API') };
    cli.pagerDuty.resetRequestLog();
    cli.pagerDuty.faults.inject({ kind: 'server-error', status: 503, count: 100, path: ENQUEUE });
    try {
      const opened = await cli.change(openArgs('Payments API', '1.6.0', ['--template', TEMPLATE]), env);
      expect(opened.code, opened.stderr).toBe(0);
      const raised = JSON.parse(opened.stdout) as RaisedChange;
      expect(raised).toMatchObject({ type: 'standard', version: '1.6.0' });
      expect(opened.stderr.trimEnd().split('\n')).toEqual([
        'Warning: the change event for Payments API was not sent (PagerDuty POST /v2/change/enqueue failed with 503: 503 Service Unavailable ' +
          '(gave up after 3 attempts)); the deployment step goes on, as a change event is informational.',
      ]);
      // Retried as PagerDuty asks for a 5xx, twice.
      expect(enqueued()).toEqual([503, 503, 503]);

      const closed = await cli.change(['close', '--change', raised.number, '--result', 'failure', '--incident', 'Q1BROKEN'], env);
      expect(closed.code, closed.stderr).toBe(0);
      expect(closed.stdout).toMatch(new RegExp(`^${raised.number} closed unsuccessful: `));
      expect(closed.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(closed.stderr).toMatch(
        /^Warning: the change event for Payments API was not sent \(PagerDuty POST \/v2\/change\/enqueue failed with 503/,
      );
      expect(cli.system.record(raised.number)).toMatchObject({ close_code: 'unsuccessful' });
    } finally {
      cli.pagerDuty.faults.clear();
    }

    // A key PagerDuty does not know: refused in its words, not retried, the key never printed.
    const wrongKey = 'f'.repeat(32);
    cli.pagerDuty.resetRequestLog();
    const refused = await cli.change(openArgs('Payments API', '1.6.1', ['--template', TEMPLATE]), {
      PAGERDUTY_CHANGE_ROUTING_KEY: wrongKey,
    });
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.stderr.trimEnd().split('\n')).toEqual([
      'Warning: the change event for Payments API was not sent (PagerDuty refused POST /v2/change/enqueue (400): Event object is invalid: ' +
        'Invalid routing key; check the integration key of the service); the deployment step goes on, as a change event is informational.',
    ]);
    expect(refused.stdout + refused.stderr).not.toContain(wrongKey);
    expect(enqueued()).toEqual([400]);
  }, 120_000);
});
