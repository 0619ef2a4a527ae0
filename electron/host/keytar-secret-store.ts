/**
 * The desktop's SecretStore: the OS keychain through keytar (macOS Keychain, Windows
 * Credential Manager, the Secret Service on Linux: GNOME Keyring, KWallet), under the
 * service "On-Call Console" with one account per connection (`pagerduty:<id>`).
 *
 * keytar is a native module and an optional dependency: `npm install` goes on without it
 * where it cannot be built (Linux without libsecret's headers), and it is loaded on first
 * use, not at import. The CLI and the headless server never load it (they read secrets from
 * the environment); the desktop reports a missing keytar in one line saying what to install.
 */
import { createRequire } from 'node:module';
import { SecretStoreError, type SecretStore } from '../engine/ports/secret-store';
import { errorText } from '../../shared/error-text';

export const KEYCHAIN_SERVICE = 'On-Call Console';

/** The part of keytar this store uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  /** Default "On-Call Console"; tests use their own so they never touch real entries. */
  service?: string;
  /** Loads keytar; default: requires the native module, on first use. */
  load?: () => Promise<KeytarApi>;
  /** Whose install instructions a missing keytar gets; default process.platform. */
  platform?: NodeJS.Platform;
}

export class KeytarSecretStore implements SecretStore {
  private readonly service: string;
  private readonly load: () => Promise<KeytarApi>;
  private readonly platform: NodeJS.Platform;
  private keytar: Promise<KeytarApi> | null = null;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.load = options.load ?? loadKeytar;
    this.platform = options.platform ?? process.platform;
  }

  /** Null when keytar loads; otherwise the one line saying what to install (the desktop prints it at start). */
  async unavailable(): Promise<string | null> {
    try {
      await this.api();
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async get(account: string): Promise<string | null> {
    const keytar = await this.api();
    return this.call('read', account, () => keytar.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    if (secret === '') throw new SecretStoreError(`Refused to store an empty secret for ${account}.`);
    const keytar = await this.api();
    await this.call('store', account, () => keytar.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    const keytar = await this.api();
    return this.call('delete', account, () => keytar.deletePassword(this.service, account));
  }

  private api(): Promise<KeytarApi> {
    this.keytar ??= this.load().catch((error: unknown) => {
      this.keytar = null;
      throw new SecretStoreError(keytarMissing(error, this.platform));
    });
    return this.keytar;
  }

  /** Runs one keychain call; its failure names the account and the operation, never a secret. */
  private async call<T>(operation: string, account: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new SecretStoreError(
        `Could not ${operation} the secret of ${account} in the OS keychain: ${errorText(error)}. ` +
          'On Linux a Secret Service (GNOME Keyring or KWallet) must be running and unlocked.',
      );
    }
  }
}

/**
 * keytar is CommonJS, so it is required. A require the bundler leaves alone: electron-vite
 * only externalizes `dependencies`, and an optional one that failed to install must neither
 * be bundled nor break the build.
 */
async function loadKeytar(): Promise<KeytarApi> {
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarApi;
}

/** One line: why the keychain module is not there, and what to install on this platform. */
function keytarMissing(error: unknown, platform: NodeJS.Platform): string {
  const code = (error as { code?: unknown } | null)?.code;
  const notInstalled = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
  if (notInstalled && platform === 'linux') {
    return (
      'The OS keychain module (keytar) is not installed, so the desktop cannot keep connection secrets: ' +
      'install libsecret and a C++ toolchain (Debian/Ubuntu: apt-get install libsecret-1-dev pkg-config build-essential python3; ' +
      'Fedora: dnf install libsecret-devel gcc-c++ make python3), then run npm install again.'
    );
  }
  if (notInstalled) {
    return (
      'The OS keychain module (keytar) is not installed, so the desktop cannot keep connection secrets: ' +
      'run npm install again with internet access (it downloads a prebuilt binary) or with a C++ toolchain ' +
      '(Xcode Command Line Tools on macOS, Visual Studio Build Tools on Windows).'
    );
  }
  const why = errorText(error).split('\n')[0] ?? '';
  return platform === 'linux'
    ? `The OS keychain module (keytar) could not be loaded (${why}): it needs libsecret (Debian/Ubuntu: apt-get install libsecret-1-0; Fedora: dnf install libsecret); from source, run npm rebuild keytar.`
    : `The OS keychain module (keytar) could not be loaded (${why}); from source, run npm rebuild keytar.`;
}
