/**
 * The desktop's presence outside the window, wired to a running engine: the tray (count,
 * menu), the OS notifications, the dock badge or taskbar overlay, and the login item.
 * Clicking a notification or a tray incident shows the console and tells the page to
 * select that incident (a `focusIncident` event on the usual event channel).
 */
import type { BrowserWindow } from 'electron';
import { IPC_EVENT_CHANNEL, type ConsoleEvent } from '../../shared/contract';
import type { ConsoleEngine } from '../host/types';
import { showAppBadge } from './app-badge';
import { createLoginItem, type LoginItemSettings } from './login-item';
import { startNotifier } from './notifier';
import { createConsoleTray, type ConsoleTray } from './tray';
import { errorText } from '../../shared/error-text';

export interface DesktopShellOptions {
  engine: ConsoleEngine;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The host's settings (launch at login); absent when the host keeps none. */
  settings?: LoginItemSettings;
  /** The console window, when one is open. */
  window(): BrowserWindow | null;
  /** Shows the console window (opening one if needed) and returns it. */
  showWindow(): BrowserWindow;
  quit(): void;
  log?: (message: string) => void;
}

export interface DesktopShell {
  tray: ConsoleTray;
  /** Shows the console on this incident. */
  showIncident(incidentId: string | null): void;
  destroy(): void;
}

export function startDesktopShell(options: DesktopShellOptions): DesktopShell {
  const { engine, platform } = options;
  const log = options.log ?? ((message: string) => console.warn(message));
  const loginItem = createLoginItem({ platform, env: options.env, settings: options.settings, log });
  loginItem.applySaved();

  function showIncident(incidentId: string | null): void {
    const window = options.showWindow();
    if (!incidentId) return;
    const event: ConsoleEvent = { name: 'focusIncident', payload: { incidentId } };
    const contents = window.webContents;
    // A window that is still loading gets the event once its page can listen.
    if (contents.isLoading()) contents.once('did-finish-load', () => sendTo(window, event));
    else sendTo(window, event);
  }

  const acknowledge = (incidentId: string) =>
    void engine.submitAction({ kind: 'acknowledge', incidentIds: [incidentId] }).catch((error: unknown) => {
      log(`Acknowledging ${incidentId} failed: ${errorText(error)}`);
    });

  const tray = createConsoleTray({
    engine,
    platform,
    openConsole: () => void options.showWindow(),
    openIncident: (incidentId) => showIncident(incidentId),
    quit: options.quit,
    launchAtLogin: loginItem,
    onCount: (count) => showAppBadge(count, platform, options.window()),
    log,
  });
  const stopNotifier = startNotifier({ source: engine, platform, open: showIncident, acknowledge, log });

  return {
    tray,
    showIncident,
    destroy() {
      stopNotifier();
      tray.destroy();
    },
  };
}

function sendTo(window: BrowserWindow, event: ConsoleEvent): void {
  if (!window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event);
}
