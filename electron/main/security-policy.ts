/**
 * The security decisions of the desktop shell as small pure functions, so each rule of
 * Electron's security checklist that we rely on is one testable line of logic: which
 * navigations are allowed, which links leave for the system browser, which IPC senders
 * are trusted, which permissions are granted, and the page's Content-Security-Policy.
 */
import type { WebFrameMain } from 'electron';

/**
 * True when `url` is the console's own page.
 *
 * For the built renderer (file:) that is the same file, whatever the query or hash; for
 * the dev server it is the same origin.
 */
function isAppPage(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  }
  return (app.protocol === 'http:' || app.protocol === 'https:') && target.origin === app.origin;
}

/** Whether the window may navigate (or be redirected) to `url`: only to the app's page. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  return isAppPage(url, appUrl);
}

export type ExternalLinkDecision = { action: 'open-external'; url: string } | { action: 'drop'; reason: string };

/**
 * What to do with a link the page tries to open in a new window.
 *
 * Only https links with a host and without embedded credentials go to the system
 * browser (and http to this machine, for the demo simulators' pages); mailto: and tel:
 * with a plain address go to the mail or phone app; javascript:, file:, data: and
 * everything else are dropped.
 */
export function externalLinkPolicy(value: string): ExternalLinkDecision {
  const url = parseUrl(value);
  if (!url) return { action: 'drop', reason: 'not a valid URL' };
  // Contact links from the on-call panel: the OS hands them to the mail or phone app.
  if (url.protocol === 'mailto:' || url.protocol === 'tel:') {
    const plain = CONTACT_ADDRESS.test(url.pathname) && !url.search && !url.hash;
    return plain ? { action: 'open-external', url: url.href } : { action: 'drop', reason: 'not a plain address' };
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return { action: 'drop', reason: `${url.protocol} links are not opened` };
  if (!url.hostname) return { action: 'drop', reason: 'the link has no host' };
  if (url.username || url.password) return { action: 'drop', reason: 'the link carries credentials' };
  return { action: 'open-external', url: url.href };
}

/** http is allowed only to this machine: the demo's simulators (their ticket pages). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** An email address or a phone number, nothing that could carry a command line. */
const CONTACT_ADDRESS = /^[A-Za-z0-9.+_%@-]+$/;

/** The frame fields the sender check reads (a subset of Electron's WebFrameMain). */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;

/**
 * Whether an IPC message comes from the app's own page.
 *
 * The frame must exist (it is null once the frame navigated away or was destroyed), be a
 * top-level frame, and show the app's page.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppPage(frame.url, appUrl);
}

/** Permissions the page may get, and only from the app's page: desktop notifications. */
const GRANTED_PERMISSIONS = new Set(['notifications']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined, appUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppPage(requestingUrl, appUrl);
}

export interface ContentSecurityPolicyOptions {
  /**
   * The electron-vite dev server origin, when the page comes from it. Vite's React
   * refresh preamble is an inline script and its hot reload talks over a WebSocket, so
   * development adds exactly those two allowances; the built app never gets them.
   */
  devServerOrigin?: string;
}

/** The page's Content-Security-Policy header value. */
export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    // Mantine injects <style> elements at run time.
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(devSocket ? [devSocket] : [])],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
