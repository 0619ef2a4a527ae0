// The guards attached to every web contents and to the session, driven through the
// Electron fakes: blocked navigation, denied windows, https-only external links, no
// webviews, the CSP header and the permission handlers.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionMock, WebContentsMock, fakeEvent, resetElectronMock, shell } from '../../mocks/electron';
import { hardenSession, hardenWebContents } from '../../../electron/main/security-guards';

type WebContents = Parameters<typeof hardenWebContents>[0];
type Session = Parameters<typeof hardenSession>[0];

vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);

const appUrl = 'file:///opt/oncall-console/out/renderer/index.html';

function hardenedContents() {
  const contents = new WebContentsMock();
  const log = vi.fn();
  hardenWebContents(contents as unknown as WebContents, appUrl, log);
  return { contents, log };
}

beforeEach(() => resetElectronMock());

describe('hardenWebContents', () => {
  it('prevents navigation to a foreign URL and lets the app page load', () => {
    const { contents, log } = hardenedContents();
    const foreign = fakeEvent({ url: 'https://evil.example/phish' });
    contents.emit('will-navigate', foreign, foreign.url);
    expect(foreign.preventDefault).toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/phish'));

    const own = fakeEvent({ url: `${appUrl}#incident/P1` });
    contents.emit('will-navigate', own, own.url);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents a redirect away from the app page', () => {
    const { contents } = hardenedContents();
    const redirect = fakeEvent({ url: 'file:///etc/passwd' });
    contents.emit('will-redirect', redirect, redirect.url);
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('does not log a query string of a blocked URL', () => {
    const { contents, log } = hardenedContents();
    const event = fakeEvent({ url: 'https://evil.example/x?token=s3cret' });
    contents.emit('will-navigate', event, event.url);
    expect(log.mock.calls.flat().join(' ')).not.toContain('s3cret');
  });

  it('blocks webview attachment', () => {
    const { contents } = hardenedContents();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and hands https links to the system browser', () => {
    const { contents } = hardenedContents();
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    expect(open?.({ url: 'https://acme.pagerduty.com/incidents/P1' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://acme.pagerduty.com/incidents/P1');
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'http://acme.pagerduty.com/', 'about:blank'])(
    'denies window.open(%j) without opening anything',
    (url) => {
      const { contents } = hardenedContents();
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(shell.openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('hardenSession', () => {
  function hardened(options?: { devServerOrigin?: string }) {
    const session = new SessionMock();
    hardenSession(session as unknown as Session, appUrl, options);
    return session;
  }

  function headersFor(session: SessionMock, responseHeaders: Record<string, string[]>) {
    const listener = session.webRequest.headersReceivedListener;
    expect(listener).not.toBeNull();
    let result: Record<string, string | string[]> | undefined;
    listener?.({ url: appUrl, resourceType: 'mainFrame', responseHeaders }, (response) => {
      result = response.responseHeaders;
    });
    return result;
  }

  it('sets the Content-Security-Policy header and keeps the other headers', () => {
    const headers = headersFor(hardened(), { 'Content-Type': ['text/html'] });
    expect(headers?.['Content-Type']).toEqual(['text/html']);
    const [policy] = (headers?.['Content-Security-Policy'] ?? []) as string[];
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("object-src 'none'");
  });

  it('replaces a policy the response brought, whatever its spelling', () => {
    const headers = headersFor(hardened(), { 'content-security-policy': ['script-src *'] });
    expect(Object.keys(headers ?? {}).filter((key) => key.toLowerCase() === 'content-security-policy')).toEqual([
      'Content-Security-Policy',
    ]);
  });

  it('grants notifications to the app page and denies everything else', () => {
    const session = hardened();
    const decide = (permission: string, requestingUrl: string) => {
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback, { requestingUrl });
      return callback.mock.calls[0]?.[0];
    };
    expect(decide('notifications', appUrl)).toBe(true);
    expect(decide('notifications', 'https://evil.example/')).toBe(false);
    expect(decide('media', appUrl)).toBe(false);
    expect(decide('geolocation', appUrl)).toBe(false);

    expect(session.permissionCheckHandler?.({}, 'notifications', 'file:///', { requestingUrl: appUrl })).toBe(true);
    expect(session.permissionCheckHandler?.({}, 'clipboard-read', 'file:///', { requestingUrl: appUrl })).toBe(false);
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });
});
