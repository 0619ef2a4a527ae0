/**
 * The desktop app's host: the console on the connections made in Settings -> Connections,
 * restarted when they change, or on the demo while there is none.
 *
 * - With --workspace FILE, the file and the environment decide, as for `serve` (the
 *   settings page shows those connections read-only).
 * - Otherwise the first PagerDuty connection with a From email and a secret in the OS
 *   keychain runs (with the first complete Splunk On-Call connection beside it in the same
 *   queue, its API key from the keychain, and the first complete ticketing connection);
 *   without one, the demo runs (a Splunk On-Call connection alone cannot run yet: the
 *   workspace needs PagerDuty first). Saving, removing or importing connections restarts
 *   the host on the new set.
 *
 * One SettingsStore (settings.json in the persistent data directory) serves every host
 * it starts, so the settings page, the notifications and the restarts agree.
 */
import { join } from 'node:path';
import type { SecretStore } from '../engine/ports/secret-store';
import { SettingsStore } from '../engine/settings-store';
import { ConnectionsService } from './connections';
import { SETTINGS_FILE_NAME, startConsoleHost, type ConsoleHostOptions } from './console-host';
import { startRestartableHost } from './restartable-host';
import type { ConsoleHost } from './types';
import { resolveDesktopWorkspace } from './workspace-connections';
import { errorText } from '../../shared/error-text';

export interface DesktopHostOptions extends ConsoleHostOptions {
  /** The persistent data directory: settings.json, and the outbox of a workspace built from connections. */
  settingsDir: string;
  /** The OS keychain (KeytarSecretStore); tests pass an in-memory store. */
  secrets: SecretStore;
  /** Starts one host (default startConsoleHost). */
  startHost?: (options: ConsoleHostOptions) => Promise<ConsoleHost>;
}

export interface DesktopHost extends ConsoleHost {
  settings: SettingsStore;
  /** The connections service answering the settings requests. */
  connections: ConnectionsService | null;
  /** Resolves once a restart in progress (if any) is done. */
  restart(): Promise<void>;
}

export async function startDesktopHost(options: DesktopHostOptions): Promise<DesktopHost> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const start = options.startHost ?? startConsoleHost;
  const settings = new SettingsStore(join(options.settingsDir, SETTINGS_FILE_NAME), log);

  if (!options.demo && options.workspaceFile) {
    const host = await start({ ...options, settingsStore: settings });
    return { ...host, settings, connections: null, restart: async () => undefined };
  }

  const connections = new ConnectionsService({ settings, secrets: options.secrets, source: { kind: 'editable' } });
  const startOne = async (): Promise<ConsoleHost> => {
    const { connections: list, automationHost } = settings.get();
    const resolved = await resolveDesktopWorkspace(list, automationHost, options.secrets).catch((error: unknown) => {
      log(`Could not read the connections' secrets from the OS keychain (${errorText(error)}); opening the demo.`);
      return null;
    });
    if (!resolved && list.some((connection) => connection.kind === 'splunk-on-call'))
      log('Splunk On-Call runs beside PagerDuty for now: add a PagerDuty connection with its token to use it; opening the demo.');
    if (resolved) {
      try {
        return await start({
          ...options,
          demo: false,
          workspaceFile: undefined,
          resolved,
          dataDir: options.settingsDir,
          settingsStore: settings,
          settingsApi: connections,
          log,
        });
      } catch (error) {
        log(`Could not start on your connections (${errorText(error)}); opening the demo.`);
      }
    }
    return start({ ...options, demo: true, workspaceFile: undefined, settingsStore: settings, settingsApi: connections, log });
  };

  const host = await startRestartableHost(startOne, log);
  connections.onConnectionsChanged(() => void host.restart());
  return {
    engine: host.engine,
    get simulators() {
      return host.simulators;
    },
    settings,
    connections,
    restart: () => host.restart(),
    close: () => host.close(),
  };
}
