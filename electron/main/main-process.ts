/**
 * The desktop app's life cycle: one instance only (a second launch focuses the first
 * window), the security guards installed before anything loads, then on ready: start
 * the console host, serve the contract over IPC, open the window and put the console in
 * the tray (desktop-shell.ts). Closing the window hides it: the app stays in the tray
 * until Quit. On quit the host is closed once, with a time limit, before the app exits.
 */
import { defaultDataDir, freshDemoDataDir } from '../host/data-dir';
import { resolve } from 'node:path';
import { app, dialog, session } from 'electron';
import type { BrowserWindow, WebContents } from 'electron';
import type { ConsoleHostOptions } from '../host/console-host';
import type { ConsoleHost } from '../host/types';
import { forwardEngineEvents, registerContractHandlers } from './ipc';
import { resolveLaunchOptions } from './launch-options';
import { preloadPath, resolveRendererTarget } from './renderer-target';
import { hardenSession, hardenWebContents } from './security-guards';
import { createMainWindow, focusWindow } from './window';
import { startDesktopShell, type DesktopShell } from './desktop-shell';
import { errorText } from '../../shared/error-text';

export interface MainProcessDeps {
  startHost(options: ConsoleHostOptions): Promise<ConsoleHost>;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How long quitting waits for the host to close. */
  closeTimeoutMs?: number;
}

export interface MainProcess {
  /** Settles once the window is open, or once a failed start has been reported. */
  started: Promise<void>;
  /** The console window, while it is open. */
  window(): BrowserWindow | null;
  /** The tray, notifications and badge, once the host runs. */
  shell(): DesktopShell | null;
}

/**
 * Starts the app; returns null when another instance already runs (this one quits).
 *
 * ONCALL_USER_DATA_DIR, when set, replaces the user data folder (tests and second
 * profiles); the single-instance lock is per folder.
 */
export function startMainProcess(deps: MainProcessDeps): MainProcess | null {
  app.enableSandbox();
  const userDataDir = deps.env.ONCALL_USER_DATA_DIR?.trim();
  if (userDataDir) app.setPath('userData', resolve(deps.cwd, userDataDir));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const target = resolveRendererTarget({
    appPath: app.getAppPath(),
    devServerUrl: deps.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
  });
  let mainWindow: BrowserWindow | null = null;
  let mainContents: WebContents | null = null;
  let host: ConsoleHost | null = null;
  let stopServing: (() => void) | null = null;
  let starting: Promise<ConsoleHost | null> = Promise.resolve(null);
  let desktopShell: DesktopShell | null = null;
  /** Set once quitting starts: from then on closing the window really closes it. */
  let quitting = false;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, target.url));
  app.on('second-instance', () => {
    if (mainWindow) focusWindow(mainWindow);
    else if (host) openWindow(host);
  });
  app.on('window-all-closed', () => {
    // With the tray up the app lives on; without one (it failed) closing the window quits.
    if (process.platform !== 'darwin' && !desktopShell) app.quit();
  });
  app.on('activate', () => {
    if (host && !mainWindow) openWindow(host);
  });

  /** Shows the console window, opening one if it was closed. */
  function showWindow(running: ConsoleHost): BrowserWindow {
    if (!mainWindow || mainWindow.isDestroyed()) openWindow(running);
    focusWindow(mainWindow!);
    return mainWindow!;
  }

  function openWindow(running: ConsoleHost): void {
    const window = createMainWindow({ target, preload: preloadPath(app.getAppPath()) });
    const contents = window.webContents;
    mainWindow = window;
    mainContents = contents;
    forwardEngineEvents(running.engine, contents);
    window.on('close', (event) => {
      if (quitting || !desktopShell) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
      if (mainContents === contents) mainContents = null;
    });
  }

  let shutdown: 'none' | 'running' | 'done' = 'none';
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutdown === 'done') return;
    event.preventDefault();
    if (shutdown === 'running') return;
    shutdown = 'running';
    const stopShell = () => {
      desktopShell?.destroy();
      stopServing?.();
    };
    void closeHost(starting, stopShell, deps.closeTimeoutMs ?? 5_000).finally(() => {
      shutdown = 'done';
      app.quit();
    });
  });

  const started = app
    .whenReady()
    .then(async () => {
      if (shutdown !== 'none') return;
      hardenSession(
        session.defaultSession,
        target.url,
        target.kind === 'dev-server' ? { devServerOrigin: new URL(target.url).origin } : {},
      );
      const launch = resolveLaunchOptions(deps.argv, deps.env, deps.cwd);
      // The same data directory as the CLI, so both share one outbox; the demo gets a throwaway one.
      const dataDir = launch.demo ? freshDemoDataDir() : defaultDataDir(deps.env);
      const hostStart = deps.startHost({ ...launch, dataDir, env: deps.env });
      starting = hostStart;
      const running = await hostStart;
      host = running;
      running.engine.ready().catch((error: unknown) => console.warn(`The first sync did not complete: ${errorText(error)}`));
      stopServing = registerContractHandlers({
        api: running.engine,
        appUrl: target.url,
        isConsoleWindow: (contents) => contents === mainContents,
      });
      if (shutdown === 'none') {
        openWindow(running);
        desktopShell = startShell(running);
      }
    })
    .catch((error: unknown) => {
      starting = Promise.resolve(null);
      const message = errorText(error);
      console.error(`On-Call Console could not start: ${message}`);
      dialog.showErrorBox('On-Call Console could not start', message);
      app.exit(1);
    });

  function startShell(running: ConsoleHost): DesktopShell | null {
    try {
      return startDesktopShell({
        engine: running.engine,
        platform: process.platform,
        env: deps.env,
        settings: running.settings,
        window: () => mainWindow,
        showWindow: () => showWindow(running),
        quit: () => app.quit(),
      });
    } catch (error) {
      console.error(`The tray could not start (${errorText(error)}); closing the window will quit the app.`);
      return null;
    }
  }

  return { started, window: () => mainWindow, shell: () => desktopShell };
}

/** Stops serving IPC and closes the host, waiting at most `timeoutMs`. */
async function closeHost(starting: Promise<ConsoleHost | null>, stopServing: () => void, timeoutMs: number): Promise<void> {
  stopServing();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn(`The console host did not close within ${timeoutMs} ms; quitting anyway.`);
      resolve();
    }, timeoutMs);
  });
  const closing = (async () => {
    const running = await starting.catch(() => null);
    await running?.close();
  })().catch((error: unknown) => console.error(`Closing the console host failed: ${errorText(error)}`));
  await Promise.race([closing, timeout]);
  clearTimeout(timer);
}
