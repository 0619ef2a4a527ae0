// The shell's pure security decisions: navigation, external links, IPC senders,
// permissions and the Content-Security-Policy.
import { describe, expect, it } from 'vitest';
import {
  buildContentSecurityPolicy,
  externalLinkPolicy,
  isAllowedNavigation,
  isPermissionGranted,
  isTrustedSender,
} from '../../../electron/main/security-policy';

const fileApp = 'file:///opt/oncall-console/out/renderer/index.html';
const devApp = 'http://localhost:5173/';

describe('isAllowedNavigation', () => {
  it('allows the built page itself, with or without a query or hash', () => {
    expect(isAllowedNavigation(fileApp, fileApp)).toBe(true);
    expect(isAllowedNavigation(`${fileApp}?view=queue#P1`, fileApp)).toBe(true);
  });

  it('blocks other files, other hosts and other schemes', () => {
    expect(isAllowedNavigation('file:///etc/passwd', fileApp)).toBe(false);
    expect(isAllowedNavigation('file:///opt/oncall-console/out/renderer/other.html', fileApp)).toBe(false);
    expect(isAllowedNavigation('file://evil.example/opt/oncall-console/out/renderer/index.html', fileApp)).toBe(false);
    expect(isAllowedNavigation('https://example.com/', fileApp)).toBe(false);
    expect(isAllowedNavigation('not a url', fileApp)).toBe(false);
  });

  it('allows the dev server origin only', () => {
    expect(isAllowedNavigation('http://localhost:5173/incidents', devApp)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', devApp)).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:5173/', devApp)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', devApp)).toBe(false);
  });
});

describe('externalLinkPolicy', () => {
  it('sends https links to the system browser', () => {
    expect(externalLinkPolicy('https://acme.pagerduty.com/incidents/P1')).toEqual({
      action: 'open-external',
      url: 'https://acme.pagerduty.com/incidents/P1',
    });
  });

  it.each(['mailto:priya.patel@example.com', 'tel:+441632960123', 'http://127.0.0.1:35035/nav_to.do?uri=incident.do?sys_id=abc'])(
    'sends %j (contact links, the demo simulators) to the OS',
    (url) => {
      expect(externalLinkPolicy(url).action).toBe('open-external');
    },
  );

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://acme.pagerduty.com/incidents/P1',
    'http://192.168.1.10/',
    'mailto:a@example.com?attach=/etc/passwd',
    'tel:+44 1632 960123;x=1',
    'data:text/html,<script>alert(1)</script>',
    'smb://share/x',
    'https://user:secret@acme.example/',
    '//acme.example/',
    '',
  ])('drops %j', (url) => {
    expect(externalLinkPolicy(url).action).toBe('drop');
  });
});

describe('isTrustedSender', () => {
  it('trusts the top frame showing the app page', () => {
    expect(isTrustedSender({ url: fileApp, parent: null }, fileApp)).toBe(true);
  });

  it('refuses a missing frame, a foreign page and a sub-frame', () => {
    expect(isTrustedSender(null, fileApp)).toBe(false);
    expect(isTrustedSender(undefined, fileApp)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, fileApp)).toBe(false);
    const top = { url: fileApp, parent: null } as never;
    expect(isTrustedSender({ url: fileApp, parent: top }, fileApp)).toBe(false);
  });
});

describe('isPermissionGranted', () => {
  it('grants notifications to the app page only', () => {
    expect(isPermissionGranted('notifications', fileApp, fileApp)).toBe(true);
    expect(isPermissionGranted('notifications', 'https://evil.example/', fileApp)).toBe(false);
    expect(isPermissionGranted('notifications', undefined, fileApp)).toBe(false);
  });

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid'])('denies %s', (permission) => {
    expect(isPermissionGranted(permission, fileApp, fileApp)).toBe(false);
  });
});

describe('buildContentSecurityPolicy', () => {
  const directives = (policy: string) =>
    new Map(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));

  it('is strict for the built app', () => {
    const policy = directives(buildContentSecurityPolicy());
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(buildContentSecurityPolicy()).not.toContain('unsafe-eval');
  });

  it("adds only Vite's inline preamble and hot-reload socket for the dev server", () => {
    const policy = directives(buildContentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
  });
});
