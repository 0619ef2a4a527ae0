/**
 * Creates the console window with the settings of Electron's security checklist
 * (context isolation, sandbox, no Node in the page, web security on) and loads the
 * app's page into it. The guards on navigation, new windows and webviews are attached
 * to every web contents by security-guards.ts, not here.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { RendererTarget } from './renderer-target';

const WINDOW_TITLE = 'On-Call Console';

/** The page's web preferences: every one spelled out, so a review sees them at a glance. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  target: RendererTarget;
  preload: string;
}

/** The console window's size, title and locked-down web preferences. */
function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: '#1a1b1e',
    webPreferences: secureWebPreferences(preload),
  };
}

/** Opens the console window; it shows itself once the page has painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preload)); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK: the preferences come from secureWebPreferences() (context isolation, sandbox, no Node: test/unit/security checks them) and a middle-click opens nothing but through the deny-all window-open handler
  window.once('ready-to-show', () => window.show());
  const loading = options.target.kind === 'file' ? window.loadFile(options.target.filePath) : window.loadURL(options.target.url);
  loading.catch((error: unknown) => console.error(`Could not load the console's page (${options.target.url}):`, error));
  return window;
}

/** Brings a window to the front: restores it if minimised, shows it if hidden. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
