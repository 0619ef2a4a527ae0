/**
 * Wires a workspace to a running engine, for every host (the Electron shell, the
 * headless `serve` command and the CLI): in demo mode it first starts the simulators
 * in-process and points a demo workspace at them; otherwise it loads the workspace file
 * and takes secrets from the environment. It opens the durable outbox in the data
 * directory, creates the providers and starts the engine.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import { Outbox } from '../engine/outbox';
import { systemClock } from '../engine/ports';
import { createPagerDutyProvider } from '../providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../simulators/pagerduty';
import type { ConsoleHost } from './types';
import { loadWorkspaceFile, readPagerDutySecrets, type Workspace } from './workspace';

export interface ConsoleHostOptions {
  /** The workspace file; required unless demo is true. */
  workspaceFile?: string;
  /** Run against the built-in simulators with a demo workspace. */
  demo: boolean;
  /** Where the outbox and other state live. */
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Demo mode: how many open incidents to seed (default 25). */
  demoIncidents?: number;
  /** Demo mode: how often a new incident arrives (default 45 s; 0 = never). */
  demoNewIncidentEveryMs?: number;
  /** Where diagnostics go (never tokens). Default: stderr. */
  log?: (message: string) => void;
}

/** The token the demo workspace uses against its own simulator. */
const DEMO_TOKEN = 'demo-token-for-the-built-in-simulator';

export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  let simulator: PagerDutySimulator | null = null;
  let workspace: Workspace;
  let secrets: { token: string; from: string };

  if (options.demo) {
    simulator = await startPagerDutySimulator({
      seedIncidents: options.demoIncidents ?? 25,
      demo: options.demoNewIncidentEveryMs === 0 ? false : { newIncidentEveryMs: options.demoNewIncidentEveryMs ?? 45_000 },
    });
    workspace = demoWorkspace(simulator.baseUrl, demoIncidentManagerPolicyIds(simulator));
    secrets = { token: DEMO_TOKEN, from: await demoUserEmail(simulator.baseUrl) };
  } else {
    if (!options.workspaceFile) throw new Error('No workspace: pass --workspace FILE (or use --demo).');
    workspace = loadWorkspaceFile(options.workspaceFile);
    secrets = readPagerDutySecrets(options.env);
  }

  mkdirSync(options.dataDir, { recursive: true });
  const outbox = new Outbox(join(options.dataDir, outboxFileName(workspace.paging.baseUrl, secrets.from)), systemClock);
  const { paging } = workspace;
  const provider = createPagerDutyProvider({
    baseUrl: paging.baseUrl,
    token: secrets.token,
    from: secrets.from,
    scope: paging.scope ?? {},
    timeoutMs: paging.requestTimeoutSeconds * 1000,
  });
  let me: { id: string; name: string; email: string } | null = null;
  try {
    me = await provider.whoAmI();
  } catch (error) {
    log(`Could not tell who the PagerDuty token belongs to: ${error instanceof Error ? error.message : error}`);
  }
  const engine = new Engine({
    paging: provider,
    outbox,
    clock: systemClock,
    reconcileIntervalMs: paging.reconcileMinutes * 60_000,
    workspace: { name: workspace.name, demo: options.demo, me, pollIntervalMs: paging.pollIntervalSeconds * 1000 },
    incidentManagerPolicyIds: workspace.incidentManagers?.escalationPolicyIds ?? [],
    log,
  }).start();

  let closed: Promise<void> | null = null;
  return {
    engine,
    simulators: simulator ? { pagerDutyApi: simulator.baseUrl, pagerDutyEvents: simulator.eventsUrl } : null,
    close() {
      closed ??= (async () => {
        await engine.stop();
        outbox.close();
        await simulator?.close();
      })();
      return closed;
    },
  };
}

function demoWorkspace(pagerDutyApi: string, incidentManagerPolicyIds: string[]): Workspace {
  return {
    name: 'Demo workspace',
    incidentManagers: { escalationPolicyIds: incidentManagerPolicyIds },
    paging: {
      provider: 'pagerduty',
      baseUrl: pagerDutyApi,
      scope: {},
      pollIntervalSeconds: 5,
      reconcileMinutes: 10,
      requestTimeoutSeconds: 10,
    },
  } as Workspace;
}

/**
 * The demo organisation's incident-manager escalation policies, read from the running
 * simulator (the demo data may change): policies named for incident managers, or owned
 * by a team named for incident management.
 */
function demoIncidentManagerPolicyIds(simulator: PagerDutySimulator): string[] {
  const { state } = simulator;
  const teamIds = new Set(state.teams.filter((team) => /incident manage/i.test(team.name)).map((team) => team.id));
  return state.escalationPolicies
    .filter((policy) => /incident manager/i.test(policy.name) || (policy.teamIds.length > 0 && policy.teamIds.every((id) => teamIds.has(id))))
    .map((policy) => policy.id);
}

/** The demo acts as the simulator's own "me" user, so writes carry a From header it knows. */
async function demoUserEmail(pagerDutyApi: string): Promise<string> {
  const response = await fetch(`${pagerDutyApi}/users/me`, {
    headers: { Authorization: `Token token=${DEMO_TOKEN}`, Accept: 'application/vnd.pagerduty+json;version=2' },
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { user?: { email?: string } };
  if (!body.user?.email) throw new Error('The demo PagerDuty simulator did not say who "me" is');
  return body.user.email;
}

/**
 * One outbox per paging platform and acting user: the desktop app and the CLI pointed at
 * the same PagerDuty as the same person share it, while an action recorded against one
 * account is never replayed against another that uses the same data directory.
 */
export function outboxFileName(pagingBaseUrl: string, actingUserEmail: string): string {
  const identity = `${new URL(pagingBaseUrl).origin} ${actingUserEmail.trim().toLowerCase()}`;
  const key = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return `outbox-${key}.sqlite`;
}
