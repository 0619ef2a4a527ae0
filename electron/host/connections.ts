/**
 * Answers the settings and connections requests (the engine hands them here, see
 * engine/settings-api.ts): non-secret settings in the SettingsStore, secrets in the
 * SecretStore, nothing secret in any answer (a connection says only `hasSecret`).
 *
 * Two sources of connections:
 * - editable (the desktop without a workspace file): Settings -> Connections adds, tests
 *   and removes them; a change is announced through onConnectionsChanged so the host can
 *   restart on the new workspace.
 * - a workspace (headless `serve`, the CLI, a desktop started with --workspace, the demo):
 *   the connections come from the file and the environment; they can be listed, tested
 *   and exported, not changed here.
 */
import { randomBytes } from 'node:crypto';
import { ContractFailure, type RequestInput, type RequestOutput } from '../../shared/contract';
import { secretAccount, type Connection, type ConnectionDraft, type ConnectionEntry } from '../../shared/domain/connection-settings';
import { NotificationPreferences } from '../../shared/domain/settings';
import type { SettingsApi } from '../engine/settings-api';
import { SecretStoreError, type SecretStore } from '../engine/ports/secret-store';
import type { SettingsStore } from '../engine/settings-store';
import { checkConnection, type CheckResult } from './connection-check';
import { parseWorkspace, WorkspaceError, WorkspaceSchema, type Workspace } from './workspace';
import { connectionsFromWorkspace, workspaceFromConnections, workspaceToYaml, type PersonalParts } from './workspace-connections';

type ConnectionsSource =
  | { kind: 'editable' }
  | {
      kind: 'workspace';
      workspace: Workspace;
      connections: Connection[];
      /** Where they come from and how to change them, shown on the settings page. */
      note: string;
    };

export interface ConnectionsServiceOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  source: ConnectionsSource;
  /** Signs in to test a connection (default: the real check against the system). */
  check?: (connection: ConnectionDraft, secret: string) => Promise<CheckResult>;
  /** Ids for new connections (default: 8 random hex digits). */
  newId?: () => string;
}

/** The file name an exported workspace is offered under. */
const EXPORT_FILE_NAME = 'oncall-workspace.yaml';

export class ConnectionsService implements SettingsApi {
  private readonly listeners = new Set<() => void>();
  private readonly check: (connection: ConnectionDraft, secret: string) => Promise<CheckResult>;
  private readonly newId: () => string;

  constructor(private readonly options: ConnectionsServiceOptions) {
    this.check = options.check ?? ((connection, secret) => checkConnection(connection, secret));
    this.newId = options.newId ?? (() => randomBytes(4).toString('hex'));
  }

  get editable(): boolean {
    return this.options.source.kind === 'editable';
  }

  /** The connections in force (the settings', or the workspace's). */
  connections(): Connection[] {
    const { source, settings } = this.options;
    return source.kind === 'editable' ? settings.get().connections : source.connections;
  }

  /** Called after a change of connections (or of what decides the workspace, like automationHost). */
  onConnectionsChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getSettings(): Promise<RequestOutput<'getSettings'>> {
    return this.options.settings.get();
  }

  async updateSettings(patch: RequestInput<'updateSettings'>): Promise<RequestOutput<'updateSettings'>> {
    const before = this.options.settings.get();
    const next = this.options.settings.update((settings) => ({
      ...settings,
      ...(patch.notifications !== undefined ? { notifications: NotificationPreferences.parse(patch.notifications) } : {}),
      ...(patch.launchAtLogin !== undefined ? { launchAtLogin: patch.launchAtLogin } : {}),
      ...(patch.automationHost !== undefined ? { automationHost: patch.automationHost } : {}),
    }));
    // Whether this desktop runs the automations is part of the workspace it runs.
    if (this.editable && before.automationHost !== next.automationHost) this.changed();
    return next;
  }

  async listConnections(): Promise<RequestOutput<'listConnections'>> {
    const { source } = this.options;
    return {
      editable: source.kind === 'editable',
      note: source.kind === 'editable' ? null : source.note,
      connections: await this.entries(this.connections()),
    };
  }

  async testConnection({ connection, secret }: RequestInput<'testConnection'>): Promise<RequestOutput<'testConnection'>> {
    const draft = connection as ConnectionDraft;
    if (secret !== undefined && !this.editable) throw this.readOnly();
    const usable = secret ?? (await this.storedSecretFor(draft, 'test'));
    return this.check(draft, usable);
  }

  async saveConnection({ connection, secret }: RequestInput<'saveConnection'>): Promise<RequestOutput<'saveConnection'>> {
    if (!this.editable) throw this.readOnly();
    const draft = connection as ConnectionDraft;
    if (draft.id !== undefined && !this.find(draft.id))
      throw new ContractFailure('not_found', `No connection ${draft.id}: it may have been removed.`);
    if (secret === undefined) await this.storedSecretFor(draft, 'save');
    const saved = { ...draft, id: draft.id ?? this.newId() } as Connection;
    if (secret !== undefined) await this.secrets(() => this.options.secrets.set(secretAccount(saved.kind, saved.id), secret));
    this.options.settings.update((settings) => {
      const others = settings.connections.filter((known) => known.id !== saved.id);
      const at = settings.connections.findIndex((known) => known.id === saved.id);
      const connections = at === -1 ? [...others, saved] : [...others.slice(0, at), saved, ...others.slice(at)];
      return { ...settings, connections };
    });
    this.changed();
    return { connection: this.find(saved.id) ?? saved, hasSecret: true };
  }

  async removeConnection({ id }: RequestInput<'removeConnection'>): Promise<RequestOutput<'removeConnection'>> {
    if (!this.editable) throw this.readOnly();
    const known = this.find(id);
    if (!known) throw new ContractFailure('not_found', `No connection ${id}: it may have been removed already.`);
    this.options.settings.update((settings) => ({ ...settings, connections: settings.connections.filter((c) => c.id !== id) }));
    await this.secrets(() => this.options.secrets.delete(secretAccount(known.kind, known.id)));
    this.changed();
    return {};
  }

  async exportWorkspace(): Promise<RequestOutput<'exportWorkspace'>> {
    const { source, settings } = this.options;
    const workspace =
      source.kind === 'editable' ? workspaceFromConnections(settings.get().connections, settings.get().automationHost) : source.workspace;
    if (!workspace)
      throw new ContractFailure(
        'bad_request',
        'Add a PagerDuty connection first: a workspace file is built around one (Splunk On-Call runs beside PagerDuty for now).',
      );
    const yaml = workspaceToYaml(workspace);
    // What is exported must import again: check it with the same parser.
    parseWorkspace(yaml, EXPORT_FILE_NAME);
    return { yaml, fileName: EXPORT_FILE_NAME };
  }

  /** Read-only hosts check the file (problems by line) but refuse to use it. */
  async importWorkspace({ yaml }: RequestInput<'importWorkspace'>): Promise<RequestOutput<'importWorkspace'>> {
    let workspace: Workspace;
    try {
      workspace = parseWorkspace(yaml, 'workspace.yaml');
    } catch (error) {
      if (!(error instanceof WorkspaceError)) throw error;
      return {
        ok: false,
        message: error.message,
        problems: error.problems.map((p) => ({ line: p.line, column: p.column, problem: p.problem })),
      };
    }
    if (!this.editable) throw this.readOnly();
    const before = this.options.settings.get().connections;
    const imported = connectionsFromWorkspace(workspace, before, this.newId);
    this.options.settings.update((settings) => ({
      ...settings,
      connections: imported,
      ...(workspace.automations ? { automationHost: workspace.automations.enabled } : {}),
    }));
    // Secrets of connections the file replaced are of no use any more.
    const kept = new Set(imported.map((c) => c.id));
    for (const gone of before.filter((c) => !kept.has(c.id))) {
      await this.secrets(() => this.options.secrets.delete(secretAccount(gone.kind, gone.id)));
    }
    this.changed();
    return { ok: true, connections: await this.entries(imported) };
  }

  private find(id: string): Connection | undefined {
    return this.connections().find((connection) => connection.id === id);
  }

  private async entries(connections: Connection[]): Promise<ConnectionEntry[]> {
    return Promise.all(
      connections.map(async (connection) => ({
        connection,
        hasSecret: (await this.secrets(() => this.options.secrets.get(secretAccount(connection.kind, connection.id)))) !== null,
      })),
    );
  }

  /**
   * The secret stored for a draft of a known connection. A stored secret only goes to the
   * address it was saved for: a draft pointing elsewhere needs the secret typed again.
   */
  private async storedSecretFor(draft: ConnectionDraft, purpose: 'test' | 'save'): Promise<string> {
    const known = draft.id === undefined ? undefined : this.find(draft.id);
    const secret = secretName(draft.kind);
    if (!known) throw new ContractFailure('bad_request', `secret: paste the ${secret} to ${purpose} a new connection.`);
    if (known.kind !== draft.kind)
      throw new ContractFailure('bad_request', `connection.kind: ${draft.id} is a ${known.kind} connection, not ${draft.kind}.`);
    if (addressOf(known) !== addressOf(draft)) {
      throw new ContractFailure(
        'bad_request',
        `secret: the address changed, so paste the ${secret} again (a stored ${secret} only goes where it was saved for).`,
      );
    }
    const stored = await this.secrets(() => this.options.secrets.get(secretAccount(known.kind, known.id)));
    if (!stored) throw new ContractFailure('bad_request', `secret: no ${secret} is stored for ${known.label}; paste one.`);
    return stored;
  }

  private async secrets<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SecretStoreError) throw new ContractFailure('upstream', error.message);
      throw error;
    }
  }

  private readOnly(): ContractFailure {
    const { source } = this.options;
    return new ContractFailure(
      'bad_request',
      source.kind === 'workspace' ? `Connections are read-only here. ${source.note}` : 'Connections are read-only here.',
    );
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What a kind's secret is called in messages. */
function secretName(kind: Connection['kind']): string {
  return kind === 'splunk-on-call' ? 'API key' : 'token';
}

/** The address a connection's secret is sent to. */
function addressOf(connection: Connection | ConnectionDraft): string {
  switch (connection.kind) {
    case 'pagerduty':
      return connection.baseUrl;
    case 'splunk-on-call':
      // The key is the organisation's: it goes with its API ID, to the API it was saved for.
      return `${connection.apiUrl} ${connection.apiId}`;
    case 'servicenow':
      return `${connection.instanceUrl} ${connection.authKind} ${connection.user}`;
    case 'jira-service-management':
      return `${connection.siteUrl} ${connection.email}`;
    case 'github':
      return connection.apiUrl;
  }
}

export interface WorkspaceConnectionsOptions {
  settings: SettingsStore;
  workspace: Workspace;
  /** Where the secrets come from (the environment; the demo's built-in ones). */
  secrets: SecretStore;
  /** Who you are in each system, as far as the host knows (PAGERDUTY_FROM, ...). */
  personal: PersonalParts;
  note: string;
  check?: ConnectionsServiceOptions['check'];
}

/**
 * The read-only connections of a workspace (file or demo): one per system it names, with
 * the kind as id, so that `pagerduty:pagerduty` is the PagerDuty secret's account.
 */
export function workspaceConnectionsService(options: WorkspaceConnectionsOptions): ConnectionsService {
  // The demo's workspace is built in code: fill in its defaults as a file's would be.
  const workspace = WorkspaceSchema.parse(options.workspace);
  const connections = connectionsFromWorkspace(workspace, [], (kind) => kind, options.personal);
  return new ConnectionsService({
    settings: options.settings,
    secrets: options.secrets,
    source: { kind: 'workspace', workspace, connections, note: options.note },
    check: options.check,
  });
}

/** The personal parts a headless host knows from its environment. */
export function personalPartsFromEnv(env: NodeJS.ProcessEnv): PersonalParts {
  const tokenType = env.SERVICENOW_TOKEN_TYPE?.trim().toLowerCase();
  return {
    pagerDutyFrom: env.PAGERDUTY_FROM?.trim() || undefined,
    serviceNowAuthKind: env.SERVICENOW_USER?.trim()
      ? 'basic'
      : tokenType === 'api-key' || tokenType === 'apikey'
        ? 'api-key'
        : env.SERVICENOW_TOKEN
          ? 'bearer'
          : undefined,
    serviceNowUser: env.SERVICENOW_USER?.trim() || undefined,
    jiraEmail: env.JIRA_EMAIL?.trim() || undefined,
    splunkOnCallApiId: env.SPLUNK_ONCALL_API_ID?.trim() || undefined,
    splunkOnCallUsername: env.SPLUNK_ONCALL_USER?.trim() || undefined,
  };
}
