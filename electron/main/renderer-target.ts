/**
 * Where the console window's page comes from: the built renderer on disk
 * (out/renderer/index.html) or, while developing, the electron-vite dev server named by
 * ELECTRON_RENDERER_URL, accepted only when it is a plain http URL on the loopback
 * interface. The resulting URL is "the app's page" for every security check.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type RendererTarget = { kind: 'file'; filePath: string; url: string } | { kind: 'dev-server'; url: string };

export interface RendererTargetInput {
  /** app.getAppPath(): the folder holding package.json and out/. */
  appPath: string;
  /** process.env.ELECTRON_RENDERER_URL, set by `electron-vite dev`. */
  devServerUrl?: string | undefined;
  /** app.isPackaged: a packaged app never loads a dev server. */
  isPackaged: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `http://localhost:5173/`-like URLs: http, a loopback host, no credentials. */
export function isLoopbackHttpUrl(value: string): boolean {
  const url = parseUrl(value);
  if (!url || url.protocol !== 'http:' || url.username || url.password) return false;
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

/** Picks the page to load; a dev server URL that is not loopback http is ignored, with a warning. */
export function resolveRendererTarget(
  input: RendererTargetInput,
  warn: (message: string) => void = (message) => console.warn(message),
): RendererTarget {
  const devServerUrl = input.devServerUrl?.trim();
  if (devServerUrl && !input.isPackaged) {
    if (isLoopbackHttpUrl(devServerUrl)) return { kind: 'dev-server', url: new URL(devServerUrl).href };
    warn(`Ignoring ELECTRON_RENDERER_URL=${devServerUrl}: it must be an http URL on localhost or 127.0.0.1.`);
  }
  const filePath = join(input.appPath, 'out', 'renderer', 'index.html');
  return { kind: 'file', filePath, url: pathToFileURL(filePath).href };
}

/** The preload script the window runs: bundled CommonJS, as sandboxed preloads require. */
export function preloadPath(appPath: string): string {
  return join(appPath, 'out', 'preload', 'index.cjs');
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
