/**
 * The desktop host's path without Electron, against the PagerDuty and ServiceNow
 * simulators (which accept only the tokens given): starts on the demo, saves a PagerDuty
 * and a ServiceNow connection through the contract (as Settings -> Connections does),
 * waits for the restart onto them, syncs, acknowledges an incident through the outbox,
 * and closes. Every log line and everything written to stderr or the console is kept.
 * Used by the no-token-on-disk test (keychain) and the desktop host test (in memory).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { ConsoleEvent, WorkspaceSummary } from '../../../shared/contract';
import type { SecretStore } from '../../../electron/engine/ports/secret-store';
import { startDesktopHost, type DesktopHost } from '../../../electron/host/desktop-host';
import { startPagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { demoServiceNowRoutingTable, INTEGRATION_USER_NAME, startServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { waitFor } from '../../support/wait-for';

export interface ScenarioSecrets {
  pagerDutyToken: string;
  serviceNowPassword: string;
  /** Saved first, then corrected: the refused sign-in is logged. */
  wrongServiceNowPassword: string;
}

export interface ScenarioResult {
  /** The persistent data directory (settings.json, the outbox, host-id). */
  dataDir: string;
  /** The demo's throwaway data directory the host started in. */
  demoDataDir: string;
  logs: string[];
  workspaceBefore: WorkspaceSummary;
  workspaceAfter: WorkspaceSummary;
  acknowledgedId: string;
  events: ConsoleEvent[];
  cleanup(): void;
}

const WAIT_MS = 15_000;

export async function runDesktopScenario(secrets: SecretStore, tokens: ScenarioSecrets): Promise<ScenarioResult> {
  const root = mkdtempSync(join(tmpdir(), 'oncall-desktop-'));
  const dataDir = join(root, 'state');
  const demoDataDir = join(root, 'demo');
  const logs: string[] = [];
  const capture = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  const spies = [
    vi.spyOn(console, 'log').mockImplementation(capture),
    vi.spyOn(console, 'warn').mockImplementation(capture),
    vi.spyOn(console, 'error').mockImplementation(capture),
    vi.spyOn(console, 'info').mockImplementation(capture),
    vi.spyOn(console, 'debug').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logs.push(String(chunk));
      return true;
    }),
  ];
  const pagerDuty = await startPagerDutySimulator({ seedIncidents: 6, validTokens: [tokens.pagerDutyToken] });
  const serviceNow = await startServiceNowSimulator({
    validCredentials: [{ kind: 'basic', user: INTEGRATION_USER_NAME, password: tokens.serviceNowPassword }],
  });
  let host: DesktopHost | null = null;
  try {
    host = await startDesktopHost({
      demo: true,
      dataDir: demoDataDir,
      settingsDir: dataDir,
      env: {},
      secrets,
      demoIncidents: 3,
      demoNewIncidentEveryMs: 0,
      log: (line) => logs.push(line),
    });
    const events: ConsoleEvent[] = [];
    host.engine.onEvent((event) => events.push(event));
    const workspaceBefore = (await host.engine.getSnapshot({})).workspace;
    const me = pagerDuty.state.me;

    const tested = await host.engine.testConnection({
      connection: { kind: 'pagerduty', label: 'Payments', baseUrl: pagerDuty.baseUrl, fromEmail: me.email },
      secret: tokens.pagerDutyToken,
    });
    if (!tested.ok) throw new Error(`Testing the PagerDuty connection failed: ${tested.message}`);
    await host.engine.saveConnection({
      connection: { kind: 'pagerduty', label: 'Payments', baseUrl: pagerDuty.baseUrl, fromEmail: me.email },
      secret: tokens.pagerDutyToken,
    });
    const serviceNowConnection = {
      kind: 'servicenow' as const,
      label: 'ServiceNow',
      instanceUrl: serviceNow.baseUrl,
      authKind: 'basic' as const,
      user: INTEGRATION_USER_NAME,
      // Where each service's tickets go, so that acknowledging mirrors to a ticket.
      mapping: Object.entries(demoServiceNowRoutingTable({ seed: 1 })).map(([pagerDutyServiceId, route]) => ({
        pagerDutyServiceId,
        assignmentGroup: route.assignmentGroupId,
        businessService: route.businessServiceId,
        configurationItem: route.configurationItemId,
      })),
    };
    // First a mistyped password, as people do: the ticket sync is refused and says so in the log.
    const { connection: saved } = await host.engine.saveConnection({
      connection: serviceNowConnection,
      secret: tokens.wrongServiceNowPassword,
    });
    await host.restart();
    await waitFor(
      'the refused ServiceNow sign-in to be logged',
      () => logs.some((line) => /ServiceNow/.test(line) && /fail|refus|401/i.test(line)),
      {
        timeoutMs: WAIT_MS,
        describe: () => logs.join('\n'),
      },
    );
    await host.engine.saveConnection({ connection: { ...serviceNowConnection, id: saved.id }, secret: tokens.serviceNowPassword });
    await host.restart();
    const workspaceAfter = (await host.engine.getSnapshot({})).workspace;
    if (workspaceAfter.demo) throw new Error(`The host did not leave the demo:\n${logs.join('\n')}`);

    await host.engine.ready();
    const incident = (await host.engine.getSnapshot({})).incidents.find((candidate) => candidate.status === 'triggered');
    if (!incident) throw new Error('The simulator has no triggered incident to acknowledge');
    const record = await host.engine.submitAction({ kind: 'acknowledge', incidentIds: [incident.id] });
    const landed = () =>
      events.some((event) => event.name === 'actionChanged' && event.payload.id === record.id && event.payload.state === 'done');
    await waitFor('the acknowledgement to land', landed, {
      timeoutMs: WAIT_MS,
      describe: () => JSON.stringify(events.filter((event) => event.name === 'actionChanged').at(-1)),
    });
    await waitFor('PagerDuty to show it acknowledged', () => pagerDuty.state.getIncident(incident.id)?.status === 'acknowledged', {
      timeoutMs: WAIT_MS,
    });
    await host.close();
    host = null;
    return {
      dataDir,
      demoDataDir,
      logs,
      workspaceBefore,
      workspaceAfter,
      acknowledgedId: incident.id,
      events,
      cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  } finally {
    await host?.close();
    await Promise.all([pagerDuty.close(), serviceNow.close()]);
    for (const spy of spies) spy.mockRestore();
  }
}

/** Every file under a directory, recursively (SQLite databases, WAL and journal files included). */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const visit = (path: string, depth: number) => {
    if (depth > 20) return;
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) visit(child, depth + 1);
      else files.push(child);
    }
  };
  visit(dir, 0);
  return files;
}

/** The forms a token could take on disk or in a log: raw, base64 (alone and as a Basic credential) and URL-encoded. */
export function tokenForms(token: string, basicUser?: string): string[] {
  const forms = [token, Buffer.from(token).toString('base64'), encodeURIComponent(token)];
  if (basicUser) forms.push(Buffer.from(`${basicUser}:${token}`).toString('base64'));
  return [...new Set(forms)];
}
