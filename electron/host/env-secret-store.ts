/**
 * Secrets for headless hosts (`serve`, the CLI, a desktop started with --workspace):
 * read from environment variables, one per kind of connection, whatever the connection's
 * id (a workspace file names one of each). Read-only: to change a secret, change the
 * variable and restart.
 */
import { SecretStoreError, type SecretStore } from '../engine/ports/secret-store';

/** The variables each kind's secret is read from, first set wins. */
const SECRET_ENV_VARS: Record<string, readonly string[]> = {
  pagerduty: ['PAGERDUTY_TOKEN'],
  'splunk-on-call': ['SPLUNK_ONCALL_API_KEY'],
  servicenow: ['SERVICENOW_PASSWORD', 'SERVICENOW_TOKEN'],
  'jira-service-management': ['JIRA_API_TOKEN'],
  github: ['GITHUB_TOKEN'],
};

export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async get(account: string): Promise<string | null> {
    for (const name of variablesFor(account)) {
      const value = this.env[name]?.trim();
      if (value) return value;
    }
    return null;
  }

  async set(account: string, _secret?: string): Promise<void> {
    throw new SecretStoreError(`Secrets come from the environment here: set ${describe(account)} and restart.`);
  }

  async delete(account: string): Promise<boolean> {
    throw new SecretStoreError(`Secrets come from the environment here: unset ${describe(account)} and restart.`);
  }
}

function variablesFor(account: string): readonly string[] {
  const kind = account.slice(0, account.indexOf(':'));
  return SECRET_ENV_VARS[kind] ?? [];
}

function describe(account: string): string {
  const names = variablesFor(account);
  return names.length ? names.join(' or ') : `the variable for ${account}`;
}
