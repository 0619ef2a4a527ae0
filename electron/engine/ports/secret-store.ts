/**
 * The SecretStore port: where connection secrets (tokens, passwords, API keys) live, by
 * account (`pagerduty:<connection id>`, see secretAccount). The desktop app uses the OS
 * keychain (host/keytar-secret-store.ts), headless hosts the environment
 * (host/env-secret-store.ts, read-only), tests the in-memory store below. Secrets never go
 * to the settings file, a log line or the renderer.
 */

export interface SecretStore {
  /** The secret stored for the account, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Stores (or replaces) the account's secret. */
  set(account: string, secret: string): Promise<void>;
  /** Deletes the account's secret; false when there was none. */
  delete(account: string): Promise<boolean>;
}

/** The store cannot do what was asked (no keychain, read-only); the message says what to do. Never holds a secret. */
export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

/** Secrets in memory only: for tests, and for the demo's built-in credentials. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [account, secret] of Object.entries(initial)) this.secrets.set(account, secret);
  }

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    if (secret === '') throw new SecretStoreError(`Refused to store an empty secret for ${account}.`);
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  /** The accounts that hold a secret (tests). */
  accounts(): string[] {
    return [...this.secrets.keys()];
  }
}
