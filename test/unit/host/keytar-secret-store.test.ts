// The keychain store over a fake keytar: the service name, lazy loading, and errors that
// say what to do and never carry the secret. The real keychain: test/integration/keychain.
import { describe, expect, it, vi } from 'vitest';
import { KEYCHAIN_SERVICE, KeytarSecretStore, type KeytarApi } from '../../../electron/host/keytar-secret-store';
import { SecretStoreError } from '../../../electron/engine/ports/secret-store';

function fakeKeytar(): KeytarApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: vi.fn(async (service: string, account: string) => entries.get(`${service}/${account}`) ?? null),
    setPassword: vi.fn(async (service: string, account: string, password: string) => void entries.set(`${service}/${account}`, password)),
    deletePassword: vi.fn(async (service: string, account: string) => entries.delete(`${service}/${account}`)),
  };
}

describe('KeytarSecretStore', () => {
  it('keeps secrets under the "On-Call Console" service, one account per connection', async () => {
    const keytar = fakeKeytar();
    const store = new KeytarSecretStore({ load: async () => keytar });
    await store.set('pagerduty:a1', 's3cret');
    expect(keytar.entries.get(`${KEYCHAIN_SERVICE}/pagerduty:a1`)).toBe('s3cret');
    expect(KEYCHAIN_SERVICE).toBe('On-Call Console');
    expect(await store.get('pagerduty:a1')).toBe('s3cret');
    expect(await store.delete('pagerduty:a1')).toBe(true);
    expect(await store.get('pagerduty:a1')).toBeNull();
  });

  it('loads keytar on first use only, once', async () => {
    const load = vi.fn(async () => fakeKeytar());
    const store = new KeytarSecretStore({ load });
    expect(load).not.toHaveBeenCalled();
    await store.get('a:1');
    await store.get('a:2');
    expect(load).toHaveBeenCalledOnce();
  });

  it('explains a keytar that failed to build, and tries again next time', async () => {
    const load = vi.fn(async (): Promise<KeytarApi> => {
      throw new Error('Cannot find module keytar.node');
    });
    const store = new KeytarSecretStore({ load });
    const failure = store.get('pagerduty:a1');
    await expect(failure).rejects.toBeInstanceOf(SecretStoreError);
    await expect(failure).rejects.toThrow(
      /keychain module \(keytar\) could not be loaded \(Cannot find module keytar\.node\).*npm rebuild keytar/,
    );
    await expect(store.get('pagerduty:a1')).rejects.toThrow(SecretStoreError);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('says in one line what to install when keytar is not installed (an optional dependency that did not build)', async () => {
    // What require('keytar') throws where npm left the optional dependency out.
    const notInstalled = async (): Promise<KeytarApi> => {
      throw Object.assign(new Error("Cannot find module 'keytar'\nRequire stack:\n- /app/out/main/index.js"), { code: 'MODULE_NOT_FOUND' });
    };
    const linux = new KeytarSecretStore({ load: notInstalled, platform: 'linux' });
    const line = await linux.unavailable();
    expect(line).toBe(
      'The OS keychain module (keytar) is not installed, so the desktop cannot keep connection secrets: ' +
        'install libsecret and a C++ toolchain (Debian/Ubuntu: apt-get install libsecret-1-dev pkg-config build-essential python3; ' +
        'Fedora: dnf install libsecret-devel gcc-c++ make python3), then run npm install again.',
    );
    expect(line).not.toContain('\n');
    await expect(linux.set('pagerduty:a1', 's3cret')).rejects.toThrow(line ?? '');

    const mac = await new KeytarSecretStore({ load: notInstalled, platform: 'darwin' }).unavailable();
    expect(mac).toMatch(/^The OS keychain module \(keytar\) is not installed.*Xcode Command Line Tools on macOS/);
    expect(mac).not.toContain('libsecret');
  });

  it('gives the loader error in one line when keytar is there but cannot load (libsecret missing at run time)', async () => {
    const store = new KeytarSecretStore({
      platform: 'linux',
      load: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
      },
    });
    expect(await store.unavailable()).toBe(
      'The OS keychain module (keytar) could not be loaded (libsecret-1.so.0: cannot open shared object file: No such file or directory): ' +
        'it needs libsecret (Debian/Ubuntu: apt-get install libsecret-1-0; Fedora: dnf install libsecret); from source, run npm rebuild keytar.',
    );
  });

  it('is available when keytar loads', async () => {
    expect(await new KeytarSecretStore({ load: async () => fakeKeytar() }).unavailable()).toBeNull();
  });

  it('names the account and operation when the keychain refuses, without the secret', async () => {
    const keytar = fakeKeytar();
    keytar.setPassword = async () => {
      throw new Error('Cannot create an item in a locked collection');
    };
    const store = new KeytarSecretStore({ load: async () => keytar });
    const error = await store.set('github:g1', 'ghp_verysecretvalue').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).toContain('Could not store the secret of github:g1');
    expect((error as Error).message).toContain('locked collection');
    expect((error as Error).message).not.toContain('ghp_verysecretvalue');
  });

  it('refuses an empty secret before touching the keychain', async () => {
    const keytar = fakeKeytar();
    const store = new KeytarSecretStore({ load: async () => keytar });
    await expect(store.set('pagerduty:a1', '')).rejects.toThrow(SecretStoreError);
    expect(keytar.setPassword).not.toHaveBeenCalled();
  });

  it('loads the real module lazily by default (a require on first use)', async () => {
    // Only checks that the default loader resolves to keytar's API where it is installed.
    const store = new KeytarSecretStore({ service: 'On-Call Console (unit test)' });
    const loaded = await (store as unknown as { api(): Promise<KeytarApi> }).api().catch((error: unknown) => error);
    if (loaded instanceof SecretStoreError) {
      expect(loaded.message).toMatch(/The OS keychain module \(keytar\) (is not installed|could not be loaded)/);
    } else {
      expect(typeof (loaded as KeytarApi).getPassword).toBe('function');
    }
  });
});
