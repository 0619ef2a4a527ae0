/**
 * The change systems the change commands (`oncall-console change open|gate|close`) run
 * against, as their integration tests drive them: ServiceNow and Jira Service Management,
 * each behind one small adapter (start its simulator beside a PagerDuty one, the workspace's
 * `ticketing:` section and the credentials the CLI reads, the change as the simulator stores
 * it, an outage, the change manager deciding in the change system itself, and what the
 * shared cases expect where the vendors differ), and useChangeCli, which sets up the
 * simulators, the workspace file and the CLI's environment for a suite and tears them down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Persona } from '../../shared/domain/specialist-request';
import type { SimulatorControls } from '../../electron/simulators/http/simulator-controls';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import { CHANGE_MANAGER_USER_NAME, startServiceNowSimulator, type ServiceNowSimulator } from '../../electron/simulators/servicenow';
import {
  accountIdFor,
  CHANGE_MANAGER_ACCOUNT,
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../electron/simulators/jira-service-management';
import { childEnv, killAll, runCli, startCli } from '../integration/cli/run-cli';

type Fields = Record<string, unknown>;

/** A change as `change open --json` prints it (the fields the cases use). */
export interface RaisedChange {
  id: string;
  number: string;
}

/** What the shared cases expect of one change system where the vendors differ. */
interface Expected {
  /** The requests one gate decision on a standard change makes, as "METHOD /path". */
  gateRequests: string[];
  /** The change's page, as the CLI prints it. */
  url(change: RaisedChange): string;
  /** The simulator's record of a change raised from an approved template. */
  standardRecord: Fields;
  /** The simulator's record once the change is closed successful with these notes. */
  closedRecord(notes: string): Fields;
  /** A normal change as `open --json` prints it, and its record: waiting for the change manager. */
  normalRaised: Fields;
  normalRecord: Fields;
  /** An emergency change as `open --json` prints it, and its record. */
  emergencyRaised: Fields;
  emergencyRecord: Fields;
  /** The vendor's name for the state an approved change waits in to be implemented. */
  scheduledVendorState: string;
}

export interface ChangeSystemUnderTest<Simulator = unknown> {
  /** The system's name, as the console's messages give it. */
  label: string;
  simulator: Simulator;
  /** The `ticketing:` section of a workspace file pointed at the simulator. */
  ticketingSection: string[];
  /** The environment variables with the credentials the console signs in with. */
  credentials: Record<string, string>;
  /** The change manager, who approves normal and emergency changes, as a console persona. */
  changeManager: Persona;
  expected: Expected;
  /** The requests received since the last reset, as "METHOD /path". */
  requestLines(): string[];
  resetRequestLog(): void;
  /** Every request fails with a 503 until clearFaults. */
  goDown(): void;
  clearFaults(): void;
  /** The change as the simulator stores it (with its comments, where the vendor keeps them apart). */
  record(number: string): Fields;
  /** Every change the simulator holds: its number, summary, and whether it is still open. */
  changes(): { number: string; summary: string; open: boolean }[];
  /** The change's approvers as the simulator records them: who, and their answer (approved, or the vendor's word for waiting or no). */
  approvers(change: RaisedChange): { name: string; answer: string }[];
  /** The change manager decides in the change system itself, not through the console. */
  decide(change: RaisedChange, decision: 'approved' | 'rejected', comment: string): void;
  close(): Promise<void>;
}

type StartSystem<Simulator> = (pagerDuty: PagerDutySimulator) => Promise<ChangeSystemUnderTest<Simulator>>;

const OUTAGE = { kind: 'server-error', count: 1000, status: 503 } as const;

/** What every simulator offers alike: its request log, faults, and close. */
function controlsOf(
  simulator: SimulatorControls<typeof OUTAGE, { method: string; path: string }> & { close(): Promise<void> },
): Pick<ChangeSystemUnderTest, 'requestLines' | 'resetRequestLog' | 'goDown' | 'clearFaults' | 'close'> {
  return {
    requestLines: () => simulator.requests.map((request) => `${request.method} ${request.path}`),
    resetRequestLog: () => simulator.resetRequestLog(),
    goDown: () => simulator.faults.inject(OUTAGE),
    clearFaults: () => simulator.faults.clear(),
    close: () => simulator.close(),
  };
}

function changeManagerPersona(user: Persona['user']): Persona {
  return { id: 'change-manager', label: 'Change manager', user, triagesTeamIds: [] };
}

async function startServiceNowUnderTest(): Promise<ChangeSystemUnderTest<ServiceNowSimulator>> {
  const serviceNow = await startServiceNowSimulator({ seedChanges: false });
  const record = (number: string): Fields => {
    const found = serviceNow.state.rows('change_request').find((row) => row.number === number);
    if (!found) throw new Error(`ServiceNow has no ${number}`);
    return found;
  };
  return {
    label: 'ServiceNow',
    simulator: serviceNow,
    ticketingSection: ['ticketing:', '  provider: servicenow', `  instanceUrl: ${serviceNow.baseUrl}`],
    credentials: { SERVICENOW_USER: 'oncall.console', SERVICENOW_PASSWORD: 'pw' },
    changeManager: changeManagerPersona({ id: CHANGE_MANAGER_USER_NAME, name: 'Grace Hopper', email: 'grace.hopper@example.com' }),
    expected: {
      // One read decides it: the changes raised for this version, by their key.
      gateRequests: ['GET /api/sn_chg_rest/change'],
      url: (change) => `${serviceNow.baseUrl}/change_request.do?sys_id=${change.id}`,
      // Scheduled (-2), pre-authorised, risk Low (4).
      standardRecord: { type: 'standard', state: '-2', approval: 'approved', risk: '4' },
      closedRecord: (notes) => ({ state: '3', close_code: 'successful', close_notes: notes }),
      // Submitted for approval: ServiceNow answers Assess, then its flow asks the CAB in Authorize (-3).
      normalRaised: { type: 'normal', state: 'assess', approval: 'requested' },
      normalRecord: { type: 'normal', state: '-3', approval: 'requested' },
      emergencyRaised: { type: 'emergency', state: 'authorize' },
      emergencyRecord: { type: 'emergency', state: '-3' },
      scheduledVendorState: 'Scheduled',
    },
    ...controlsOf(serviceNow),
    record,
    changes: () =>
      serviceNow.state.rows('change_request').map((row) => ({
        number: row.number ?? '',
        summary: row.short_description ?? '',
        // Closed (3) and Canceled (4) are the end.
        open: !['3', '4'].includes(row.state ?? ''),
      })),
    approvers: (change) =>
      serviceNow.state
        .rows('sysapproval_approver')
        .filter((row) => row.sysapproval === change.id)
        .map((row) => ({ name: serviceNow.state.get('sys_user', row.approver ?? '')?.name ?? '', answer: row.state ?? '' })),
    decide: (change, decision, comment) => void serviceNow.changes.decide(change.id, CHANGE_MANAGER_USER_NAME, decision, comment),
  };
}

export async function startJiraServiceManagementUnderTest(
  pagerDuty: PagerDutySimulator,
): Promise<ChangeSystemUnderTest<JiraServiceManagementSimulator>> {
  const jsm = await startJiraServiceManagementSimulator({ org: pagerDuty.state, seedChanges: false });
  const record = (key: string): Fields => {
    const found = jsm.changes.find(key);
    if (!found) throw new Error(`JSM has no ${key}`);
    return { ...found, comments: jsm.changes.commentsOf(found).map((comment) => [comment.body, comment.public]) };
  };
  const manager = CHANGE_MANAGER_ACCOUNT;
  return {
    label: 'Jira Service Management',
    simulator: jsm,
    ticketingSection: ['ticketing:', '  provider: jira-service-management', `  siteUrl: ${jsm.baseUrl}`],
    credentials: { JIRA_EMAIL: 'oncall-console@example.com', JIRA_API_TOKEN: 'jsm-token' },
    changeManager: changeManagerPersona({ id: accountIdFor(manager.emailAddress), name: manager.displayName, email: manager.emailAddress }),
    expected: {
      // After finding the change project and its fields, one search decides it: no approval or comment reads for a standard change.
      gateRequests: [
        'GET /rest/servicedeskapi/servicedesk',
        'GET /rest/servicedeskapi/servicedesk/1/requesttype',
        'GET /rest/servicedeskapi/servicedesk/2/requesttype',
        'GET /rest/api/3/field',
        'GET /rest/api/3/search/jql',
      ],
      url: (change) => `${jsm.baseUrl}/browse/${change.number}`,
      standardRecord: { statusName: 'Awaiting implementation', changeType: 'Standard', changeRisk: 'Low' },
      // The close notes are an internal comment.
      closedRecord: (notes) => ({ statusName: 'Completed', comments: [[`Change closed (successful): ${notes}`, false]] }),
      // Submitted for approval: JSM's approval status, the service's change approver asked.
      normalRaised: { type: 'normal', state: 'authorize', approval: 'requested' },
      normalRecord: { statusName: 'Awaiting approval', changeType: 'Normal' },
      emergencyRaised: { type: 'emergency', state: 'authorize' },
      emergencyRecord: { statusName: 'Awaiting approval', changeType: 'Emergency' },
      scheduledVendorState: 'Awaiting implementation',
    },
    ...controlsOf(jsm),
    record,
    changes: () =>
      jsm.changes.list().map((issue) => ({
        number: issue.key,
        summary: issue.summary,
        open: !['Canceled', 'Declined', 'Completed', 'Failed'].includes(issue.statusName),
      })),
    approvers: (change) =>
      jsm.changes
        .approvalsOf(jsm.changes.find(change.number)!)
        .flatMap((approval) => approval.approvers)
        .map((approver) => ({ name: jsm.state.getUser(approver.accountId)?.displayName ?? '', answer: approver.decision })),
    decide: (change, decision, comment) =>
      void jsm.changes.decide(change.number, manager.emailAddress, decision === 'approved' ? 'approve' : 'decline', comment),
  };
}

/** Both change systems, for describe.each. */
export const CHANGE_SYSTEMS: { label: string; start: StartSystem<unknown> }[] = [
  { label: 'ServiceNow', start: startServiceNowUnderTest },
  { label: 'Jira Service Management', start: startJiraServiceManagementUnderTest },
];

/** A suite's simulators, workspace file and CLI environment (filled in by useChangeCli's beforeAll). */
export interface ChangeCli<Simulator> {
  root: string;
  pagerDuty: PagerDutySimulator;
  system: ChangeSystemUnderTest<Simulator>;
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** Runs `oncall-console change ARGS --workspace W` to its end. */
  change(args: string[], extraEnv?: NodeJS.ProcessEnv): ReturnType<typeof runCli>;
  /** Starts `oncall-console change ARGS --workspace W` and returns at once. */
  startChange(args: string[]): ReturnType<typeof startCli>;
}

/**
 * Registers the suite's hooks: before all, a PagerDuty simulator (for the gate's freeze
 * check), the change system's, a workspace naming both and the CLI's environment; after
 * each, the CLIs still running killed and faults cleared; after all, everything closed.
 */
export function useChangeCli<Simulator>(start: StartSystem<Simulator>): ChangeCli<Simulator> {
  const cli = {} as ChangeCli<Simulator>;
  beforeAll(async () => {
    cli.root = mkdtempSync(join(tmpdir(), 'change-cli-'));
    cli.pagerDuty = await startPagerDutySimulator({ seedIncidents: 4, demo: false });
    cli.system = await start(cli.pagerDuty);
    cli.workspace = join(cli.root, 'workspace.yaml');
    const paging = ['paging:', '  provider: pagerduty', `  baseUrl: ${cli.pagerDuty.baseUrl}`];
    writeFileSync(cli.workspace, [`name: Change CLI test (${cli.system.label})`, ...paging, ...cli.system.ticketingSection, ''].join('\n'));
    cli.env = childEnv(cli.root, {
      PAGERDUTY_TOKEN: 'pd-token',
      PAGERDUTY_FROM: cli.pagerDuty.state.me.email,
      ...cli.system.credentials,
    });
    cli.change = (args, extraEnv = {}) => runCli(['change', ...args, '--workspace', cli.workspace], { ...cli.env, ...extraEnv }, 60_000);
    cli.startChange = (args) => startCli(['change', ...args, '--workspace', cli.workspace], cli.env);
  });
  afterEach(() => {
    killAll();
    cli.system.clearFaults();
  });
  afterAll(async () => {
    await Promise.all([cli.pagerDuty?.close(), cli.system?.close()]);
    if (cli.root) rmSync(cli.root, { recursive: true, force: true });
  });
  return cli;
}
