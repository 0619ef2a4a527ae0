/**
 * The Splunk On-Call configuration: one line naming the field (and its variable) to fix,
 * never the key itself; and the credentials headless hosts read from the environment.
 */
import { describe, expect, it } from 'vitest';
import {
  createSplunkOnCallProvider,
  splunkOnCallCredentialsFromEnv,
  type SplunkOnCallConfig,
} from '../../../../electron/providers/splunk-on-call';

const KEY = 'k3y-0f-the-0rg-12345';
const valid: SplunkOnCallConfig = { apiId: 'a1b2c3d4', apiKey: KEY, username: 'ada' };

function problemWith(config: Partial<SplunkOnCallConfig> & Record<string, unknown>): string {
  try {
    createSplunkOnCallProvider({ ...valid, ...config } as SplunkOnCallConfig);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('Splunk On-Call configuration', () => {
  it('accepts the three credentials alone (the API URL defaults to api.victorops.com)', () => {
    expect(problemWith({})).toBe('');
  });

  it('names the field and its variable when one is missing or blank, in one line', () => {
    const missingKey = problemWith({ apiKey: '  ' });
    expect(missingKey).toMatch(/^Splunk On-Call configuration is invalid: apiKey: apiKey \(SPLUNK_ONCALL_API_KEY.*\) is empty$/);
    expect(problemWith({ apiId: undefined })).toContain('apiId (SPLUNK_ONCALL_API_ID');
    expect(problemWith({ username: '' })).toContain('username (SPLUNK_ONCALL_USER');
    expect(missingKey).not.toContain('\n');
  });

  it('refuses a username that cannot be one, a URL that is not http(s), and bad limits, without echoing the key', () => {
    expect(problemWith({ username: 'ada lovelace' })).toContain('username must be a Splunk On-Call username');
    expect(problemWith({ apiUrl: 'ftp://api.victorops.com' })).toContain('apiUrl must be an http(s) URL such as https://api.victorops.com');
    expect(problemWith({ rateLimits: { 'GET /api-public/v1/policies': 0 } })).toContain('rateLimits');
    expect(problemWith({ rateLimits: { 'GET /api-public/v1/nope': 5 } as never })).toContain('rateLimits');
    expect(problemWith({ orgSlug: 'acme/x' })).toContain('orgSlug');
    expect(problemWith({ apiUrl: 'nope' })).not.toContain(KEY);
  });
});

describe('splunkOnCallCredentialsFromEnv', () => {
  it('is null when none of the variables is set', () => {
    expect(splunkOnCallCredentialsFromEnv({})).toBeNull();
    expect(splunkOnCallCredentialsFromEnv({ SPLUNK_ONCALL_API_ID: '  ' })).toBeNull();
  });

  it('reads all three, trimmed', () => {
    expect(
      splunkOnCallCredentialsFromEnv({ SPLUNK_ONCALL_API_ID: ' a1b2 ', SPLUNK_ONCALL_API_KEY: KEY, SPLUNK_ONCALL_USER: 'ada\n' }),
    ).toEqual({ apiId: 'a1b2', apiKey: KEY, username: 'ada' });
  });

  it('names exactly the variables still to set, in one line', () => {
    const onlyId = () => splunkOnCallCredentialsFromEnv({ SPLUNK_ONCALL_API_ID: 'a1b2' });
    expect(onlyId).toThrow(/^Splunk On-Call: set SPLUNK_ONCALL_API_KEY \(.*\) and SPLUNK_ONCALL_USER \(.*\) too/);
    const noUser = () => splunkOnCallCredentialsFromEnv({ SPLUNK_ONCALL_API_ID: 'a1b2', SPLUNK_ONCALL_API_KEY: KEY });
    expect(noUser).toThrow(/set SPLUNK_ONCALL_USER \(the Splunk On-Call username writes are done as\) too/);
    try {
      noUser();
    } catch (error) {
      expect((error as Error).message).not.toContain(KEY);
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain('SPLUNK_ONCALL_API_ID');
    }
  });
});
