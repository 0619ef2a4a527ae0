/**
 * The desktop's SecretStore: the OS keychain through keytar (macOS Keychain, Windows
 * Credential Manager, the Secret Service on Linux: GNOME Keyring, KWallet), under the
 * service "On-Call Console" with one account per connection (`pagerduty:<id>`).
 *
 * keytar is a native module loaded on first use, not at import: the CLI and the headless
 * server run even where it failed to build (no libsecret-1-dev), and only a host that
 * really needs the keychain reports the problem, with what to install.
 */
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
  /** Loads keytar; default: a dynamic import of the native module. */
  load?: () => Promise<KeytarApi>;
}

export class KeytarSecretStore implements SecretStore {
  private readonly service: string;
  private readonly load: () => Promise<KeytarApi>;
  private keytar: Promise<KeytarApi> | null = null;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.load = options.load ?? loadKeytar;
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
      throw new SecretStoreError(
        `The OS keychain is not available: keytar could not be loaded (${errorText(error)}). ` +
          'On Linux install libsecret-1-dev and run `npm ci` again; headless hosts read secrets from environment variables instead.',
      );
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

async function loadKeytar(): Promise<KeytarApi> {
  const loaded = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  // keytar is CommonJS: its functions are on the default export under ESM.
  return typeof loaded.getPassword === 'function' ? loaded : (loaded.default as KeytarApi);
}
