// The keychain store against a real Secret Service (gnome-keyring under dbus-run-session):
// store, read, replace and delete a secret. Runs under `npm run test:keychain`
// (scripts/test-keychain.sh), which sets ONCALL_KEYCHAIN_TEST=1; skipped otherwise.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../../electron/host/keytar-secret-store';

const enabled = process.env.ONCALL_KEYCHAIN_TEST === '1';
if (!enabled) {
  console.log('Skipping the keychain tests: they need a Secret Service; run `npm run test:keychain` (sets ONCALL_KEYCHAIN_TEST=1).');
}

describe.runIf(enabled)('KeytarSecretStore against a real Secret Service', () => {
  it('stores, reads, replaces and deletes a secret', async () => {
    const store = new KeytarSecretStore({ service: `On-Call Console test ${randomBytes(4).toString('hex')}` });
    const account = `pagerduty:${randomBytes(4).toString('hex')}`;
    const secret = `token-${randomBytes(12).toString('hex')}`;
    expect(await store.get(account)).toBeNull();
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);
    await store.set(account, `${secret}-2`);
    expect(await store.get(account)).toBe(`${secret}-2`);
    // Another store (another process, in the app) sees the same entry.
    expect(await new KeytarSecretStore({ service: (store as unknown as { service: string }).service }).get(account)).toBe(`${secret}-2`);
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });
});
