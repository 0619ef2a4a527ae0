// The in-memory SecretStore the tests and the demo use: it keeps, replaces and deletes by account.
import { describe, expect, it } from 'vitest';
import { MemorySecretStore, SecretStoreError } from '../../../electron/engine/ports/secret-store';

describe('MemorySecretStore', () => {
  it('stores, reads, replaces and deletes a secret by account', async () => {
    const store = new MemorySecretStore();
    expect(await store.get('pagerduty:a1')).toBeNull();
    await store.set('pagerduty:a1', 'first');
    await store.set('pagerduty:a1', 'second');
    await store.set('github:b2', 'other');
    expect(await store.get('pagerduty:a1')).toBe('second');
    expect(await store.delete('pagerduty:a1')).toBe(true);
    expect(await store.delete('pagerduty:a1')).toBe(false);
    expect(await store.get('pagerduty:a1')).toBeNull();
    expect(store.accounts()).toEqual(['github:b2']);
  });

  it('starts from the secrets it is given and refuses an empty one', async () => {
    const store = new MemorySecretStore({ 'pagerduty:demo': 'demo-token' });
    expect(await store.get('pagerduty:demo')).toBe('demo-token');
    await expect(store.set('pagerduty:demo', '')).rejects.toBeInstanceOf(SecretStoreError);
    expect(await store.get('pagerduty:demo')).toBe('demo-token');
  });
});
