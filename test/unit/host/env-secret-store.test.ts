// Headless secrets: read from the environment by the account's kind, never written.
import { describe, expect, it } from 'vitest';
import { EnvSecretStore } from '../../../electron/host/env-secret-store';
import { SecretStoreError } from '../../../electron/engine/ports/secret-store';

describe('EnvSecretStore', () => {
  const env = {
    PAGERDUTY_TOKEN: '  pd-token  ',
    SERVICENOW_TOKEN: 'sn-token',
    JIRA_API_TOKEN: 'jira-token',
    GITHUB_TOKEN: '',
  };

  it("reads each kind's variable, whatever the connection id, trimmed", async () => {
    const store = new EnvSecretStore(env);
    expect(await store.get('pagerduty:pagerduty')).toBe('pd-token');
    expect(await store.get('pagerduty:anything')).toBe('pd-token');
    expect(await store.get('servicenow:servicenow')).toBe('sn-token');
    expect(await store.get('jira-service-management:x')).toBe('jira-token');
  });

  it('answers null for an unset or empty variable and for an unknown kind', async () => {
    const store = new EnvSecretStore(env);
    expect(await store.get('github:github')).toBeNull();
    expect(await store.get('splunk:x')).toBeNull();
    expect(await new EnvSecretStore({}).get('pagerduty:pagerduty')).toBeNull();
  });

  it('prefers the ServiceNow password to a token when both are set', async () => {
    const store = new EnvSecretStore({ SERVICENOW_PASSWORD: 'pw', SERVICENOW_TOKEN: 'tok' });
    expect(await store.get('servicenow:servicenow')).toBe('pw');
  });

  it('is read-only, and says which variable to set instead', async () => {
    const store = new EnvSecretStore(env);
    await expect(store.set('pagerduty:pagerduty', 'new')).rejects.toThrow(SecretStoreError);
    await expect(store.set('pagerduty:pagerduty', 'new')).rejects.toThrow(/set PAGERDUTY_TOKEN and restart/);
    await expect(store.delete('github:github')).rejects.toThrow(/unset GITHUB_TOKEN/);
    expect(await store.get('pagerduty:pagerduty')).toBe('pd-token');
  });
});
