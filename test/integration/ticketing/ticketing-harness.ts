/**
 * Helpers for the ticketing integration tests: console hosts run as real child processes
 * (`oncall-console serve --workspace ...`) against simulators started in the test
 * process, a small client for the console's HTTP contract, the Events API, ServiceNow's
 * Table API and Jira Service Management's REST API. (For waiting, see test/support/wait-for.ts.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import type { Snapshot } from '../../../shared/contract';
import type { PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { childEnv, startCli, type CliProcess } from '../cli/run-cli';

/** A stub web console, so `serve` needs no renderer build. */
export function writeStubRenderer(root: string): string {
  const dir = join(root, 'renderer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>stub console</title>');
  return dir;
}

export function writeWorkspaceFile(root: string, workspace: Record<string, unknown>): string {
  const file = join(root, 'workspace.yaml');
  writeFileSync(file, stringify(workspace));
  return file;
}

/**
 * The demo organisation's incident-manager escalation policies, as demo-setup.ts picks
 * them: policies named for incident managers, or owned only by an incident management team.
 */
export function incidentManagerPolicyIds(pagerDuty: PagerDutySimulator): string[] {
  const { state } = pagerDuty;
  const teamIds = new Set(state.teams.filter((team) => /incident manage/i.test(team.name)).map((team) => team.id));
  return state.escalationPolicies
    .filter(
      (policy) => /incident manager/i.test(policy.name) || (policy.teamIds.length > 0 && policy.teamIds.every((id) => teamIds.has(id))),
    )
    .map((policy) => policy.id);
}

/** The console's HTTP contract, as the web console calls it. */
export class ConsoleClient {
  constructor(
    readonly origin: string,
    private readonly token: string,
  ) {}

  static fromConsoleLine(line: string): ConsoleClient {
    const match = /^Console: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)$/.exec(line);
    if (!match) throw new Error(`Not a Console line: ${line}`);
    return new ConsoleClient(match[1]!, match[2]!);
  }

  async call<T>(name: string, input: unknown = {}): Promise<T> {
    const response = await fetch(`${this.origin}/api/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${name} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  snapshot(): Promise<Snapshot> {
    return this.call<Snapshot>('getSnapshot');
  }

  submit(request: ActionRequest): Promise<ActionRecord> {
    return this.call<ActionRecord>('submitAction', request);
  }
}

export interface HostProcess {
  cli: CliProcess;
  client: ConsoleClient;
}

/** Starts `serve --workspace FILE --port 0 --data-dir DIR [--automations]` and waits for its Console line. */
export async function startHost(options: {
  root: string;
  workspaceFile: string;
  dataDir: string;
  automations: boolean;
  env: NodeJS.ProcessEnv;
}): Promise<HostProcess> {
  const args = ['serve', '--workspace', options.workspaceFile, '--port', '0', '--data-dir', options.dataDir];
  if (options.automations) args.push('--automations');
  const cli = startCli(args, childEnv(options.root, options.env));
  const line = await cli.waitForLine(/^Console: /, 30_000);
  return { cli, client: ConsoleClient.fromConsoleLine(line) };
}

/** SIGKILL, and wait until the process is gone. */
export async function killHard(host: HostProcess): Promise<void> {
  host.cli.kill();
  await host.cli.exited;
}

/** Sends one event to the PagerDuty Events API v2. */
export async function sendEvent(
  pagerDuty: PagerDutySimulator,
  event: { routingKey: string; action: 'trigger' | 'resolve'; dedupKey: string; summary?: string; details?: Record<string, unknown> },
): Promise<void> {
  const body =
    event.action === 'trigger'
      ? {
          routing_key: event.routingKey,
          event_action: 'trigger',
          dedup_key: event.dedupKey,
          payload: {
            summary: event.summary ?? event.dedupKey,
            source: 'integration-test',
            severity: 'critical',
            custom_details: event.details ?? {},
          },
          links: [{ href: 'https://grafana.example.com/d/abc', text: 'Dashboard' }],
        }
      : { routing_key: event.routingKey, event_action: 'resolve', dedup_key: event.dedupKey };
  const response = await fetch(pagerDuty.eventsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`Events API answered ${response.status}: ${await response.text()}`);
}

/** A Table API row with raw values (all strings); the fields every table has are typed. */
export type SnRow = Record<string, string> & { sys_id: string };
export type SnIncidentRow = SnRow & { number: string; state: string; correlation_id: string; close_notes: string; close_code: string };
export type SnJournalRow = SnRow & { element_id: string; element: string; value: string };

/** Reads ServiceNow's Table API as an outside observer would (Basic auth, raw values). */
export class ServiceNowReader {
  constructor(
    private readonly instanceUrl: string,
    private readonly user = 'admin',
  ) {}

  async table<Row extends SnRow = SnRow>(table: string, query: string, fields?: string): Promise<Row[]> {
    const params = new URLSearchParams({ sysparm_query: query, sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' });
    if (fields) params.set('sysparm_fields', fields);
    const response = await fetch(`${this.instanceUrl}/api/now/table/${table}?${params}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${this.user}:x`).toString('base64')}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`ServiceNow GET ${table} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { result: Row[] }).result;
  }

  /** Every incident linked to this paging incident, in any state. */
  ticketsFor(pagingIncidentId: string): Promise<SnIncidentRow[]> {
    return this.table<SnIncidentRow>('incident', `correlation_id=${pagingIncidentId}^ORDERBYnumber`);
  }

  workNotes(sysId: string): Promise<SnJournalRow[]> {
    return this.table<SnJournalRow>('sys_journal_field', `element_id=${sysId}^element=work_notes`);
  }

  userSysIdByEmail(email: string): Promise<string | undefined> {
    return this.table('sys_user', `email=${email}`, 'sys_id').then((rows) => rows[0]?.sys_id);
  }
}

/** Posts a fault (or clears them all) on a simulator's control route, as an out-of-process test does. */
export async function injectFault(baseUrl: string, fault: Record<string, unknown> | 'clear'): Promise<void> {
  const response = await fetch(`${baseUrl}/_simulator/faults`, {
    method: fault === 'clear' ? 'DELETE' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: fault === 'clear' ? undefined : JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`${baseUrl}/_simulator/faults answered ${response.status}: ${await response.text()}`);
}

export function pagerDutyEnv(pagerDuty: PagerDutySimulator, rendererDir: string): NodeJS.ProcessEnv {
  return { PAGERDUTY_TOKEN: 'integration-test-token', PAGERDUTY_FROM: pagerDuty.state.me.email, ONCALL_CONSOLE_RENDERER_DIR: rendererDir };
}
