import { describe, expect, it } from 'vitest';
import { serviceNowAuthFromEnv, validateConfig } from '../../../../electron/providers/servicenow/config';
import { glideFromMs, impactUrgencyFor, isoFromGlide, priorityFor, stageOf } from '../../../../electron/providers/servicenow/mapper';

describe('impact and urgency for a new ticket', () => {
  it('maps P1..P5 to priorities 1..5 through the default lookup, and urgency when there is no priority', () => {
    const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'].map((name) => {
      const { impact, urgency } = impactUrgencyFor(name, 'low');
      return priorityFor(impact, urgency);
    });
    expect(priorities).toEqual(['1', '2', '3', '4', '5']);
    expect(impactUrgencyFor(null, 'high')).toEqual({ impact: '2', urgency: '1' });
    expect(impactUrgencyFor('Sev-1', 'low')).toEqual({ impact: '2', urgency: '3' });
  });
});

describe('dates and states', () => {
  it("converts the Table API's UTC date-times", () => {
    expect(isoFromGlide('2026-11-26 10:00:00')).toBe('2026-11-26T10:00:00Z');
    expect(glideFromMs(Date.parse('2026-11-26T10:00:00.900Z'))).toBe('2026-11-26 10:00:00');
    expect(['1', '2', '3', '6', '7', '8'].map(stageOf)).toEqual(['new', 'in-progress', 'on-hold', 'resolved', 'closed', 'canceled']);
  });
});

describe('configuration', () => {
  it('reads Basic, Bearer and API key credentials from the environment', () => {
    expect(serviceNowAuthFromEnv({ SERVICENOW_USER: 'svc', SERVICENOW_PASSWORD: 'p' })).toEqual({
      kind: 'basic',
      user: 'svc',
      password: 'p',
    });
    expect(serviceNowAuthFromEnv({ SERVICENOW_TOKEN: 't' })).toEqual({ kind: 'bearer', token: 't' });
    expect(serviceNowAuthFromEnv({ SERVICENOW_TOKEN: 't', SERVICENOW_TOKEN_TYPE: 'api-key' })).toEqual({ kind: 'api-key', key: 't' });
    expect(serviceNowAuthFromEnv({})).toBeNull();
    expect(() => serviceNowAuthFromEnv({ SERVICENOW_USER: 'svc' })).toThrow(/SERVICENOW_PASSWORD is not/);
    expect(() => serviceNowAuthFromEnv({ SERVICENOW_TOKEN: 't', SERVICENOW_TOKEN_TYPE: 'jwt' })).toThrow(/SERVICENOW_TOKEN_TYPE must be/);
  });

  it('names the field to fix and never echoes a secret', () => {
    expect(() => validateConfig({ instanceUrl: 'acme', auth: { kind: 'basic', user: 'svc', password: 'hunter2-secret' } })).toThrow(
      /instanceUrl must be an http\(s\) URL/,
    );
    try {
      validateConfig({ instanceUrl: 'https://acme.service-now.com', auth: { kind: 'basic', user: '', password: 'hunter2-secret' } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/auth.user: auth.user \(SERVICENOW_USER\) is empty/);
      expect((error as Error).message).not.toContain('hunter2-secret');
    }
  });
});
