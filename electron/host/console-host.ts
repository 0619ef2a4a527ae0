/**
 * Wires a workspace to a running engine, for every host (the Electron shell, the
 * headless `serve` command and the CLI): in demo mode it first starts the simulators
 * in-process and points a demo workspace at them (demo-setup.ts); the desktop may hand it
 * a workspace already resolved from its connections (desktop-host.ts); otherwise it loads
 * the workspace file and takes secrets from the environment. It opens the durable outbox
 * in the data directory, creates the providers (paging: PagerDuty, and Splunk On-Call when
 * the workspace names it too; ticketing when the workspace names one) and starts the engine, with the settings and connections requests answered
 * by connections.ts (read-only from the workspace unless the desktop passes its own).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from './create-engine';
import { Outbox } from '../engine/outbox';
import { systemClock } from '../engine/ports';
import { MemorySecretStore } from '../engine/ports/secret-store';
import type { SettingsApi } from '../engine/settings-api';
import { SettingsStore } from '../engine/settings-store';
import { secretAccount } from '../../shared/domain/connection-settings';
import { personalPartsFromEnv, workspaceConnectionsService } from './connections';
import { EnvSecretStore } from './env-secret-store';
import type { PersonalParts, ResolvedWorkspace } from './workspace-connections';
import { createPagerDutyProvider } from '../providers/pagerduty';
import { createSplunkOnCallProvider } from '../providers/splunk-on-call';
import { startDemo, type DemoSetup, type DemoTicketing } from './demo-setup';
import { readOrCreateHostId } from './host-id';
import { runLocatorFor } from '../engine/changes/run-locator';
import { DeliveryStore } from '../engine/delivery/delivery-store';
import { deliveryCredentialsFromEnv, deliveryOptions } from './delivery-setup';
import { createChangeSystem, createTicketingProvider, mappingFrom, readTicketingSecrets, type TicketingSecrets } from './ticketing-setup';
import { catalogueFilesOf, demoPipelineProviders, pipelineProvidersFromEnv, specialistOptions } from './specialists-setup';
import type { ConsoleHost } from './types';
import { loadWorkspaceFile, readPagerDutySecrets, readSplunkOnCallSecrets, type Workspace } from './workspace';
import { errorText } from '../../shared/error-text';
import { preferSmallHeap } from './small-heap';

export interface ConsoleHostOptions {
  /** The workspace file; required unless demo is true. */
  workspaceFile?: string;
  /** Run against the built-in simulators with a demo workspace. */
  demo: boolean;
  /** Where the outbox and other state live. */
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Run the automations here (also set by the workspace's automations.enabled). */
  automations?: boolean;
  /** Demo mode: how many open incidents to seed (default 25). */
  demoIncidents?: number;
  /** Demo mode: how often a new incident arrives (default 45 s; 0 = never). */
  demoNewIncidentEveryMs?: number;
  /** Demo mode: which ticketing simulator the workspace uses (default ServiceNow). */
  demoTicketing?: DemoTicketing;
  /** Demo mode: the queue also shows Splunk On-Call's incidents (a second paging platform). */
  demoSplunkOnCall?: boolean;
  /** Where diagnostics go (never tokens). Default: stderr. */
  log?: (message: string) => void;
  /** A workspace already resolved with its secrets (the desktop's connections): no file, no environment. */
  resolved?: ResolvedWorkspace;
  /** The settings file; default: settings.json in dataDir. A host that restarts passes its one store. */
  settingsStore?: SettingsStore;
  /** Answers the settings and connections requests; default: the workspace's connections, read-only. */
  settingsApi?: SettingsApi;
  /** The delivery sync's first round reads what every production version brought, however many (a report waits for it). */
  deliveryCatchUp?: boolean;
}

/** The non-secret settings' file name in the data directory. */
export const SETTINGS_FILE_NAME = 'settings.json';

export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  // A host stays up for hours: keep the heap near what is live (small-heap.ts).
  preferSmallHeap();
  let demo: DemoSetup | null = null;
  let workspace: Workspace;
  let pagerDutySecrets: { token: string; from: string };
  let ticketingSecrets: TicketingSecrets | null = null;
  let splunkOnCallSecrets: { apiId: string; apiKey: string; username: string } | null = null;

  if (options.demo) {
    demo = await startDemo({
      incidents: options.demoIncidents ?? 25,
      newIncidentEveryMs: options.demoNewIncidentEveryMs ?? 45_000,
      ticketing: options.demoTicketing ?? 'servicenow',
      splunkOnCall: options.demoSplunkOnCall ?? false,
      automations: options.automations ?? true,
      log,
    });
    ({ workspace, pagerDuty: pagerDutySecrets, ticketing: ticketingSecrets, splunkOnCall: splunkOnCallSecrets } = demo);
  } else if (options.resolved) {
    ({ workspace, pagerDuty: pagerDutySecrets, ticketing: ticketingSecrets, splunkOnCall: splunkOnCallSecrets } = options.resolved);
  } else {
    if (!options.workspaceFile) throw new Error('No workspace: pass --workspace FILE (or use --demo).');
    workspace = loadWorkspaceFile(options.workspaceFile);
    pagerDutySecrets = readPagerDutySecrets(options.env);
    if (workspace.ticketing) ticketingSecrets = readTicketingSecrets(workspace.ticketing, options.env);
    if (workspace.morePaging) splunkOnCallSecrets = readSplunkOnCallSecrets(options.env);
  }

  mkdirSync(options.dataDir, { recursive: true });
  const settingsStore = options.settingsStore ?? new SettingsStore(join(options.dataDir, SETTINGS_FILE_NAME), log);
  const settingsApi =
    options.settingsApi ??
    workspaceConnectionsService({
      settings: settingsStore,
      workspace,
      ...(demo
        ? {
            secrets: new MemorySecretStore(demoSecrets(demo)),
            personal: demoPersonalParts(demo),
            note: 'The demo runs against the built-in simulators with their own credentials. To use your own, add connections in the desktop app, or serve a workspace file with the secrets in the environment.',
          }
        : {
            secrets: new EnvSecretStore(options.env),
            personal: personalPartsFromEnv(options.env),
            note: `These come from ${options.workspaceFile ? `the workspace file ${options.workspaceFile}` : 'the workspace file'} and the environment (PAGERDUTY_TOKEN, PAGERDUTY_FROM, SPLUNK_ONCALL_*, SERVICENOW_*, JIRA_*, GITHUB_TOKEN). Change them there and restart.`,
          }),
    });
  const databasePath = join(options.dataDir, outboxFileName(workspace.paging.baseUrl, pagerDutySecrets.from));
  const { paging } = workspace;
  const timeoutMs = paging.requestTimeoutSeconds * 1000;
  // The catalogue is checked before anything is opened: a malformed file stops the start with file:line, offering and field.
  const catalogueFiles = demo ? demo.catalogueFiles : catalogueFilesOf(workspace, options.workspaceFile);
  if (demo && catalogueFiles.length === 0)
    log('The demo catalogue (catalogue/dba.yaml, catalogue/network.yaml) was not found: the demo runs without the service catalogue.');
  const pipelines = demo
    ? demoPipelineProviders(demo.pipelines, timeoutMs)
    : pipelineProvidersFromEnv(workspace, options.env, timeoutMs, log);
  const specialists = specialistOptions(
    catalogueFiles,
    databasePath,
    pipelines,
    // Requests changed on other machines are read from the ticketing system as often as its tickets are.
    (workspace.ticketing?.pollIntervalSeconds ?? 10) * 1000,
  );
  const outbox = new Outbox(databasePath, systemClock, { leaseMs: outboxLeaseMs(options.env) });
  const provider = createPagerDutyProvider({
    baseUrl: paging.baseUrl,
    token: pagerDutySecrets.token,
    from: pagerDutySecrets.from,
    scope: paging.scope ?? {},
    timeoutMs,
  });
  // The other platforms in the same queue (a workspace file's `paging` list, or the desktop's Splunk On-Call connection).
  const splunkOnCallCredentials = splunkOnCallSecrets;
  const morePaging = splunkOnCallCredentials
    ? (workspace.morePaging ?? []).map((platform) =>
        createSplunkOnCallProvider({
          apiUrl: platform.apiUrl,
          apiId: splunkOnCallCredentials.apiId,
          apiKey: splunkOnCallCredentials.apiKey,
          username: splunkOnCallCredentials.username,
          ...(platform.orgSlug ? { orgSlug: platform.orgSlug } : {}),
          timeoutMs: platform.requestTimeoutSeconds * 1000,
        }),
      )
    : [];
  let me: { id: string; name: string; email: string } | null = null;
  try {
    me = await provider.whoAmI();
  } catch (error) {
    log(`Could not tell who the PagerDuty token belongs to: ${errorText(error)}`);
  }
  const ticketing =
    workspace.ticketing && ticketingSecrets
      ? {
          provider: createTicketingProvider(workspace.ticketing, ticketingSecrets, timeoutMs),
          mapping: mappingFrom(workspace.ticketing),
          hostId: readOrCreateHostId(options.dataDir),
          automations: options.automations ?? workspace.automations?.enabled ?? false,
          backfillMs: (workspace.automations?.backfillHours ?? 24) * 60 * 60_000,
        }
      : undefined;
  const changeSystem =
    workspace.ticketing && ticketingSecrets
      ? createChangeSystem(workspace.ticketing, ticketingSecrets, { timeoutMs, decideAsThemselves: options.demo })
      : null;
  const deliveryStore = workspace.delivery ? new DeliveryStore(databasePath) : null;
  const delivery =
    workspace.delivery && deliveryStore
      ? deliveryOptions(
          workspace.delivery,
          demo ? demo.pipelines : deliveryCredentialsFromEnv(workspace, options.env),
          deliveryStore,
          timeoutMs,
          log,
        )
      : undefined;
  // A report waits for every range; the demo's simulators are local, so its first round reads them all too.
  if (delivery && (options.deliveryCatchUp || demo)) delivery.rangesPerRound = Number.MAX_SAFE_INTEGER;
  const engine = createEngine({
    paging: provider,
    ...(morePaging.length > 0 ? { morePaging } : {}),
    outbox,
    clock: systemClock,
    reconcileIntervalMs: paging.reconcileMinutes * 60_000,
    workspace: { name: workspace.name, demo: options.demo, me, pollIntervalMs: paging.pollIntervalSeconds * 1000 },
    incidentManagerPolicyIds: workspace.incidentManagers?.escalationPolicyIds ?? [],
    ticketing,
    settings: settingsStore,
    settingsApi,
    ...(specialists ? { specialists } : {}),
    ...(changeSystem
      ? {
          changes: {
            system: changeSystem,
            personas: demo?.personas ?? [],
            // The automation host closes what a pipeline left open once the pipeline run or GitHub deployment it names has ended.
            runs: runLocatorFor(
              pipelines,
              demo
                ? { github: demo.pipelines.github.baseUrl, gitlab: demo.pipelines.gitlab.baseUrl, jenkins: demo.pipelines.jenkins.baseUrl }
                : { github: workspace.github?.apiUrl, gitlab: workspace.gitlab?.baseUrl, jenkins: workspace.jenkins?.baseUrl },
            ),
          },
        }
      : {}),
    ...(delivery ? { delivery } : {}),
    log,
  }).start();

  let closed: Promise<void> | null = null;
  return {
    engine,
    simulators: demo?.endpoints ?? null,
    close() {
      closed ??= (async () => {
        await engine.stop();
        outbox.close();
        specialists?.store.close();
        deliveryStore?.close();
        await demo?.close();
      })();
      return closed;
    },
  };
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

/** The demo's built-in credentials, under the accounts of the demo's read-only connections. */
function demoSecrets(demo: DemoSetup): Record<string, string> {
  const ticketing = demo.ticketing;
  const ticketingSecret =
    ticketing.provider === 'servicenow'
      ? ticketing.auth.kind === 'basic'
        ? ticketing.auth.password
        : ticketing.auth.kind === 'bearer'
          ? ticketing.auth.token
          : ticketing.auth.key
      : ticketing.apiToken;
  return {
    [secretAccount('pagerduty', 'pagerduty')]: demo.pagerDuty.token,
    [secretAccount(ticketing.provider, ticketing.provider)]: ticketingSecret,
    [secretAccount('splunk-on-call', 'splunk-on-call')]: demo.splunkOnCall.apiKey,
  };
}

function demoPersonalParts({ pagerDuty, ticketing, splunkOnCall }: DemoSetup): PersonalParts {
  return {
    pagerDutyFrom: pagerDuty.from,
    splunkOnCallApiId: splunkOnCall.apiId,
    splunkOnCallUsername: splunkOnCall.username,
    ...(ticketing.provider === 'servicenow'
      ? { serviceNowAuthKind: ticketing.auth.kind, serviceNowUser: ticketing.auth.kind === 'basic' ? ticketing.auth.user : undefined }
      : { jiraEmail: ticketing.email }),
  };
}

/**
 * How long a process's claim on an outbox action holds before another process sharing the
 * data directory may take it over (renewed while the send lasts): ONCALL_OUTBOX_LEASE_SECONDS,
 * default 60 s. Tests shorten it to show two processes never send one action twice.
 */
function outboxLeaseMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.ONCALL_OUTBOX_LEASE_SECONDS?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0.2 || seconds > 3600) {
    throw new Error(`ONCALL_OUTBOX_LEASE_SECONDS must be a number of seconds from 0.2 to 3600 (got "${raw}").`);
  }
  return Math.round(seconds * 1000);
}
