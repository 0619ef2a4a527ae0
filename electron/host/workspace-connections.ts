/**
 * Connections and workspace files, both ways: the desktop's connections (settings) as a
 * Workspace the host can run and the YAML a team shares, and a workspace file as
 * connections. Secrets are never part of either; the desktop's run takes them from the
 * SecretStore here (resolveDesktopWorkspace), headless hosts from the environment.
 *
 * A Splunk On-Call connection runs beside a PagerDuty one (the workspace's `morePaging`,
 * a file's `paging` list after PagerDuty): the workspace needs PagerDuty first for now.
 */
import { stringify } from 'yaml';
import {
  secretAccount,
  type Connection,
  type GitHubConnection,
  type JiraServiceManagementConnection,
  type PagerDutyConnection,
  type ServiceNowConnection,
  type SplunkOnCallConnection,
} from '../../shared/domain/connection-settings';
import type { SecretStore } from '../engine/ports/secret-store';
import type { ServiceNowAuth } from '../providers/servicenow/config';
import type { TicketingSecrets } from './ticketing-setup';
import type { TicketingSettings, Workspace } from './workspace';

/** A workspace with the secrets to run it: what startConsoleHost needs besides a file and the environment. */
export interface ResolvedWorkspace {
  workspace: Workspace;
  pagerDuty: { token: string; from: string };
  ticketing: TicketingSecrets | null;
  /** The Splunk On-Call credentials when the workspace has `morePaging` (the key from the keychain). */
  splunkOnCall: { apiId: string; apiKey: string; username: string } | null;
}

type TicketingConnection = ServiceNowConnection | JiraServiceManagementConnection;

export function serviceNowAuth(connection: Pick<ServiceNowConnection, 'authKind' | 'user'>, secret: string): ServiceNowAuth {
  if (connection.authKind === 'bearer') return { kind: 'bearer', token: secret };
  if (connection.authKind === 'api-key') return { kind: 'api-key', key: secret };
  return { kind: 'basic', user: connection.user, password: secret };
}

const isPagerDuty = (c: Connection): c is PagerDutyConnection => c.kind === 'pagerduty';
const isSplunkOnCall = (c: Connection): c is SplunkOnCallConnection => c.kind === 'splunk-on-call';
const isTicketing = (c: Connection): c is TicketingConnection => c.kind === 'servicenow' || c.kind === 'jira-service-management';
const isGitHub = (c: Connection): c is GitHubConnection => c.kind === 'github';

/**
 * The workspace the connections describe (the first PagerDuty connection with the first
 * Splunk On-Call one beside it, the first ticketing system, the first GitHub), or null
 * without a PagerDuty connection (a Splunk On-Call connection alone makes no workspace).
 */
export function workspaceFromConnections(connections: readonly Connection[], automationHost: boolean): Workspace | null {
  const paging = connections.find(isPagerDuty);
  if (!paging) return null;
  const ticketing = connections.find(isTicketing);
  const github = connections.find(isGitHub);
  return buildWorkspace(paging, connections.find(isSplunkOnCall), ticketing, github, automationHost);
}

function buildWorkspace(
  paging: PagerDutyConnection,
  splunkOnCall: SplunkOnCallConnection | undefined,
  ticketing: TicketingConnection | undefined,
  github: GitHubConnection | undefined,
  automationHost: boolean,
): Workspace {
  const workspace: Workspace = {
    name: paging.label,
    paging: {
      provider: 'pagerduty',
      baseUrl: paging.baseUrl,
      scope: { ...paging.scope },
      pollIntervalSeconds: paging.pollIntervalSeconds,
      reconcileMinutes: paging.reconcileMinutes,
      requestTimeoutSeconds: paging.requestTimeoutSeconds,
    },
  };
  if (splunkOnCall) {
    workspace.morePaging = [
      {
        provider: 'splunk-on-call',
        apiUrl: splunkOnCall.apiUrl,
        ...(splunkOnCall.orgSlug ? { orgSlug: splunkOnCall.orgSlug } : {}),
        requestTimeoutSeconds: splunkOnCall.requestTimeoutSeconds,
      },
    ];
  }
  if (paging.incidentManagerPolicyIds.length > 0)
    workspace.incidentManagers = { escalationPolicyIds: [...paging.incidentManagerPolicyIds] };
  if (ticketing) {
    workspace.ticketing = ticketingSettings(ticketing);
    workspace.automations = { enabled: automationHost, backfillHours: ticketing.automationBackfillHours };
  }
  if (github) workspace.github = { apiUrl: github.apiUrl };
  return workspace;
}

function ticketingSettings(connection: TicketingConnection): TicketingSettings {
  const mapping = connection.mapping.map((entry) => ({ ...entry }));
  if (connection.kind === 'servicenow') {
    return {
      provider: 'servicenow',
      instanceUrl: connection.instanceUrl,
      ...(connection.closeCode ? { closeCode: connection.closeCode } : {}),
      mapping,
      pollIntervalSeconds: connection.pollIntervalSeconds,
    };
  }
  return {
    provider: 'jira-service-management',
    siteUrl: connection.siteUrl,
    ...(connection.projectKey ? { projectKey: connection.projectKey } : {}),
    ...(connection.serviceDeskId ? { serviceDeskId: connection.serviceDeskId } : {}),
    ...(connection.requestTypeName ? { requestTypeName: connection.requestTypeName } : {}),
    mapping,
    pollIntervalSeconds: connection.pollIntervalSeconds,
  };
}

/**
 * What the desktop runs against: the first PagerDuty connection that has a From email and
 * a stored secret, with the first Splunk On-Call connection that has an API ID, a username
 * and a stored API key beside it, and the first ticketing connection that is complete and
 * has a secret too. Null when there is none (the desktop then opens the demo).
 */
export async function resolveDesktopWorkspace(
  connections: readonly Connection[],
  automationHost: boolean,
  secrets: SecretStore,
): Promise<ResolvedWorkspace | null> {
  for (const paging of connections.filter(isPagerDuty)) {
    if (!paging.fromEmail) continue;
    const token = await secrets.get(secretAccount('pagerduty', paging.id));
    if (!token) continue;
    let ticketing: { connection: TicketingConnection; secrets: TicketingSecrets } | null = null;
    for (const candidate of connections.filter(isTicketing)) {
      const secret = await secrets.get(secretAccount(candidate.kind, candidate.id));
      if (!secret) continue;
      if (candidate.kind === 'servicenow' && (candidate.authKind !== 'basic' || candidate.user)) {
        ticketing = { connection: candidate, secrets: { provider: 'servicenow', auth: serviceNowAuth(candidate, secret) } };
        break;
      }
      if (candidate.kind === 'jira-service-management' && candidate.email) {
        ticketing = { connection: candidate, secrets: { provider: 'jira-service-management', email: candidate.email, apiToken: secret } };
        break;
      }
    }
    const splunkOnCall = await completeSplunkOnCall(connections, secrets);
    const workspace = buildWorkspace(paging, splunkOnCall?.connection, ticketing?.connection, connections.find(isGitHub), automationHost);
    return {
      workspace,
      pagerDuty: { token, from: paging.fromEmail },
      ticketing: ticketing?.secrets ?? null,
      splunkOnCall: splunkOnCall?.secrets ?? null,
    };
  }
  return null;
}

/** The first Splunk On-Call connection with an API ID, a username and its API key in the SecretStore. */
async function completeSplunkOnCall(
  connections: readonly Connection[],
  secrets: SecretStore,
): Promise<{ connection: SplunkOnCallConnection; secrets: NonNullable<ResolvedWorkspace['splunkOnCall']> } | null> {
  for (const candidate of connections.filter(isSplunkOnCall)) {
    if (!candidate.apiId || !candidate.username) continue;
    const apiKey = await secrets.get(secretAccount('splunk-on-call', candidate.id));
    if (apiKey) return { connection: candidate, secrets: { apiId: candidate.apiId, apiKey, username: candidate.username } };
  }
  return null;
}

/** The personal parts a workspace file leaves out (who you are in each system), when known. */
export interface PersonalParts {
  pagerDutyFrom?: string;
  serviceNowAuthKind?: ServiceNowConnection['authKind'];
  serviceNowUser?: string;
  jiraEmail?: string;
  /** The Splunk On-Call organisation's API ID (SPLUNK_ONCALL_API_ID headless). */
  splunkOnCallApiId?: string;
  /** The Splunk On-Call username writes are done as (SPLUNK_ONCALL_USER headless). */
  splunkOnCallUsername?: string;
}

/**
 * The connections a workspace describes. A connection of the same kind and URL in
 * `existing` keeps its id (so its stored secret still applies) and its personal parts;
 * new ones get an id from `newId` and the `personal` parts given (else blank).
 */
export function connectionsFromWorkspace(
  workspace: Workspace,
  existing: readonly Connection[],
  newId: (kind: Connection['kind']) => string,
  personal: PersonalParts = {},
): Connection[] {
  const { paging, morePaging, ticketing, github } = workspace;
  const previousPaging = existing.filter(isPagerDuty).find((c) => c.baseUrl === paging.baseUrl);
  const result: Connection[] = [
    {
      id: previousPaging?.id ?? newId('pagerduty'),
      kind: 'pagerduty',
      label: workspace.name,
      baseUrl: paging.baseUrl,
      fromEmail: previousPaging?.fromEmail || personal.pagerDutyFrom || '',
      scope: { teamIds: [...paging.scope.teamIds], serviceIds: [...paging.scope.serviceIds], assignedToMe: paging.scope.assignedToMe },
      pollIntervalSeconds: paging.pollIntervalSeconds,
      reconcileMinutes: paging.reconcileMinutes,
      requestTimeoutSeconds: paging.requestTimeoutSeconds,
      incidentManagerPolicyIds: [...(workspace.incidentManagers?.escalationPolicyIds ?? [])],
    },
  ];
  for (const platform of morePaging ?? []) {
    const previous = existing.filter(isSplunkOnCall).find((c) => c.apiUrl === platform.apiUrl);
    result.push({
      id: previous?.id ?? newId('splunk-on-call'),
      kind: 'splunk-on-call',
      label: previous?.label ?? 'Splunk On-Call',
      apiUrl: platform.apiUrl,
      apiId: previous?.apiId || personal.splunkOnCallApiId || '',
      username: previous?.username || personal.splunkOnCallUsername || '',
      ...(platform.orgSlug ? { orgSlug: platform.orgSlug } : {}),
      requestTimeoutSeconds: platform.requestTimeoutSeconds,
    });
  }
  const backfill = workspace.automations?.backfillHours ?? 24;
  if (ticketing?.provider === 'servicenow') {
    const previous = existing.find((c): c is ServiceNowConnection => c.kind === 'servicenow' && c.instanceUrl === ticketing.instanceUrl);
    result.push({
      id: previous?.id ?? newId('servicenow'),
      kind: 'servicenow',
      label: previous?.label ?? 'ServiceNow',
      instanceUrl: ticketing.instanceUrl,
      authKind: previous?.authKind ?? personal.serviceNowAuthKind ?? 'basic',
      user: previous?.user || personal.serviceNowUser || '',
      ...(ticketing.closeCode ? { closeCode: ticketing.closeCode } : {}),
      mapping: ticketing.mapping.map((entry) => ({ ...entry })),
      pollIntervalSeconds: ticketing.pollIntervalSeconds,
      automationBackfillHours: backfill,
    });
  } else if (ticketing?.provider === 'jira-service-management') {
    const previous = existing.find(
      (c): c is JiraServiceManagementConnection => c.kind === 'jira-service-management' && c.siteUrl === ticketing.siteUrl,
    );
    result.push({
      id: previous?.id ?? newId('jira-service-management'),
      kind: 'jira-service-management',
      label: previous?.label ?? 'Jira Service Management',
      siteUrl: ticketing.siteUrl,
      email: previous?.email || personal.jiraEmail || '',
      ...(ticketing.projectKey ? { projectKey: ticketing.projectKey } : {}),
      ...(ticketing.serviceDeskId ? { serviceDeskId: ticketing.serviceDeskId } : {}),
      ...(ticketing.requestTypeName ? { requestTypeName: ticketing.requestTypeName } : {}),
      mapping: ticketing.mapping.map((entry) => ({ ...entry })),
      pollIntervalSeconds: ticketing.pollIntervalSeconds,
      automationBackfillHours: backfill,
    });
  }
  if (github) {
    const previous = existing.find((c): c is GitHubConnection => c.kind === 'github' && c.apiUrl === github.apiUrl);
    result.push({ id: previous?.id ?? newId('github'), kind: 'github', label: previous?.label ?? 'GitHub', apiUrl: github.apiUrl });
  }
  return result;
}

/**
 * A workspace as the YAML file a team shares: no secrets, with a header that says where they
 * go. Platforms beside PagerDuty are written as the file names them: `paging` as a list,
 * PagerDuty first.
 */
export function workspaceToYaml(workspace: Workspace): string {
  const header = [
    '# On-Call Console workspace. It holds no secrets: on the desktop, add them in',
    '# Settings -> Connections (they go to the OS keychain); headless, set PAGERDUTY_TOKEN and',
    '# PAGERDUTY_FROM (and SPLUNK_ONCALL_API_ID/SPLUNK_ONCALL_API_KEY/SPLUNK_ONCALL_USER,',
    '# SERVICENOW_USER/SERVICENOW_PASSWORD or SERVICENOW_TOKEN, JIRA_EMAIL/JIRA_API_TOKEN,',
    '# GITHUB_TOKEN) in the environment.',
  ].join('\n');
  const { name, paging, morePaging, ...sections } = workspace;
  const file = { name, paging: morePaging && morePaging.length > 0 ? [paging, ...morePaging] : paging, ...sections };
  return `${header}\n${stringify(file, { lineWidth: 0 })}`;
}
