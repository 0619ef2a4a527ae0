/**
 * Wires the decisions of security-policy.ts into Electron: every web contents the app
 * creates gets the navigation guard, the window-open handler and the webview block, and
 * the session gets the Content-Security-Policy header and the permission handlers.
 */
import { shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { buildContentSecurityPolicy, externalLinkPolicy, isAllowedNavigation, isPermissionGranted } from './security-policy';

type Log = (message: string) => void;

/**
 * Blocks navigation away from the app's page, webview attachment and new windows.
 *
 * https links the page opens in a new window go to the system browser instead; any other
 * link is dropped.
 */
export function hardenWebContents(contents: WebContents, appUrl: string, log: Log = (message) => console.warn(message)): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log(`Blocked navigation to ${describeUrl(event.url)}: the console window only shows its own page.`);
  });
  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log(`Blocked redirect to ${describeUrl(event.url)}.`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('Blocked a <webview>: the console does not embed other pages.');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = externalLinkPolicy(url);
    if (decision.action === 'open-external') {
      shell.openExternal(decision.url).catch((error: unknown) => log(`Could not open ${decision.url}: ${String(error)}`)); // eng-disable OPEN_EXTERNAL_JS_CHECK: decision.url passed externalLinkPolicy(): an https URL with a host and no credentials, http to loopback only, or a plain mailto:/tel: address
    } else {
      log(`Dropped a link to ${describeUrl(url)}: ${decision.reason}.`);
    }
    return { action: 'deny' };
  });
}

/**
 * Adds the Content-Security-Policy header to the session's responses and denies every
 * permission except desktop notifications for the app's page.
 */
export function hardenSession(session: Session, appUrl: string, options: { devServerOrigin?: string } = {}): void {
  const policy = buildContentSecurityPolicy(options);
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withoutHeader(details.responseHeaders ?? {}, 'content-security-policy');
    callback({ responseHeaders: { ...responseHeaders, 'Content-Security-Policy': [policy] } }); // eng-disable CSP_GLOBAL_CHECK: the scanner cannot read a policy built at run time; test/unit/security/electronegativity.test.ts evaluates buildContentSecurityPolicy()
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, appUrl));
  });
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(permission, details.requestingUrl ?? contents?.getURL(), appUrl),
  );
  session.setDevicePermissionHandler(() => false);
}

/** Headers minus every spelling of `name`, so ours is the only Content-Security-Policy. */
function withoutHeader(headers: Record<string, string[]>, name: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

/** A URL for a log line: scheme, host and path only, so no query-string secret is logged. */
function describeUrl(value: string): string {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'file:'
      ? `${url.protocol}//${url.host}${url.pathname}`
      : `a ${url.protocol} URL`;
  } catch {
    return 'an invalid URL';
  }
}
