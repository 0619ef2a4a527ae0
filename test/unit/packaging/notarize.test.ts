// The notarisation hook's decisions: it notarises a macOS app when APPLE_ID,
// APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID are all set and valid, skips with a
// printed reason when none is set, for test builds and on other platforms, and fails the
// build when the credentials are half set or malformed. Nothing here talks to Apple.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTARIZE_ENV, afterSign, notarizeDecision } from '../../../build/notarize.mjs';

const mac = { platform: 'darwin', appPath: '/tmp/release/mac-arm64/On-Call Console.app' };
const credentials = { APPLE_ID: 'release@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop', APPLE_TEAM_ID: 'ABCDE12345' };

describe('notarizeDecision', () => {
  it('notarises a macOS app with all three credentials', () => {
    expect(notarizeDecision(mac, credentials)).toEqual({
      action: 'notarize',
      options: { appPath: mac.appPath, appleId: 'release@example.com', appleIdPassword: 'abcd-efgh-ijkl-mnop', teamId: 'ABCDE12345' },
    });
  });

  it('skips, naming the variables, when none is set', () => {
    expect(notarizeDecision(mac, {})).toEqual({
      action: 'skip',
      reason: 'APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID are not set',
    });
    expect(notarizeDecision(mac, { APPLE_ID: '  ' })).toMatchObject({ action: 'skip' });
  });

  it('skips test builds and other platforms even with credentials', () => {
    expect(notarizeDecision(mac, { ...credentials, ONCALL_TEST_BUILD: '1' })).toMatchObject({
      action: 'skip',
      reason: expect.stringContaining('test build'),
    });
    expect(notarizeDecision({ ...mac, platform: 'win32' }, credentials)).toMatchObject({
      action: 'skip',
      reason: expect.stringContaining('win32'),
    });
  });

  it('fails the build when the credentials are half set, naming what is missing', () => {
    expect(() => notarizeDecision(mac, { APPLE_ID: credentials.APPLE_ID })).toThrow(
      'set APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID too, or unset APPLE_ID to skip it',
    );
  });

  it('fails the build on a malformed Apple ID or Team ID', () => {
    expect(() => notarizeDecision(mac, { ...credentials, APPLE_TEAM_ID: 'abc' })).toThrow('10-character Team ID');
    expect(() => notarizeDecision(mac, { ...credentials, APPLE_ID: 'release' })).toThrow('APPLE_ID must be the Apple ID email');
  });

  it('reads exactly the variables the README documents', () => {
    expect(NOTARIZE_ENV).toEqual(['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']);
  });
});

describe('afterSign', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('prints why it skips when no credentials are set', async () => {
    for (const name of NOTARIZE_ENV) vi.stubEnv(name, '');
    vi.stubEnv('ONCALL_TEST_BUILD', '');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterSign({
      electronPlatformName: 'darwin',
      appOutDir: '/tmp/release/mac-arm64',
      packager: { appInfo: { productFilename: 'On-Call Console' } },
    });
    expect(log).toHaveBeenCalledWith('  • skipping macOS notarisation: APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID are not set');
  });
});
