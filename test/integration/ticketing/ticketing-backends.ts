/**
 * The two ticketing simulators as the down-and-restart scenario sees them: how a workspace
 * points at each, the secrets a host needs, and each one's tickets read back over its own
 * REST API (ServiceNow's Table API; Jira's platform and Service Desk APIs) in one shape.
 */
import type { PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { demoServiceNowRoutingTable, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import {
  accountIdFor,
  demoJiraServiceManagementRoutingMap,
  FIELD_IDS,
  MAJOR_INCIDENT_VALUE,
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../../electron/simulators/jira-service-management';
import { ServiceNowReader } from './ticketing-harness';

interface Routing {
  assignmentGroupId: string | null;
  businessServiceId: string | null;
  configurationItemId: string | null;
}

/** A ticket as both systems can tell it. */
interface TicketView {
  /** INC0010001, ITSM-12. */
  key: string;
  stage: 'new' | 'in-progress' | 'resolved' | 'other';
  /** ServiceNow sys_user sys_id / Atlassian accountId. */
  assigneeId: string | null;
  routing: Routing;
  /** ServiceNow priority 1 / Jira Highest. */
  topPriority: boolean;
  major: boolean;
  /** ServiceNow close_code / Jira resolution. */
  closeCode: string | null;
  /** ServiceNow close_notes / Jira's public comments. */
  closeNotes: string;
  /** ServiceNow work notes / Jira internal comments. */
  internalNotes: string[];
}

export interface TicketingBackend {
  /** How the console names the system in its errors. */
  label: string;
  baseUrl: string;
  /** The workspace's `ticketing:` section. */
  workspaceTicketing(pollIntervalSeconds: number): Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  routingOf(pagerDutyServiceId: string): Routing | undefined;
  /** Every ticket linked to the paging incident, in any state. */
  ticketsFor(pagingIncidentId: string): Promise<TicketView[]>;
  /** How many tickets are linked to any paging incident. */
  linkedCount(): Promise<number>;
  /** The system's id for the user with this email. */
  userIdByEmail(email: string): Promise<string>;
  close(): Promise<void>;
}

function mappingOf(routing: Iterable<[string, Routing]>) {
  return [...routing].map(([pagerDutyServiceId, route]) => ({
    pagerDutyServiceId,
    assignmentGroup: route.assignmentGroupId,
    businessService: route.businessServiceId,
    configurationItem: route.configurationItemId,
  }));
}

export async function startServiceNowBackend(seed: number): Promise<TicketingBackend> {
  const simulator: ServiceNowSimulator = await startServiceNowSimulator({ seed });
  const routing = new Map(Object.entries(demoServiceNowRoutingTable({ seed })));
  const reader = new ServiceNowReader(simulator.baseUrl);
  const stages: Record<string, TicketView['stage']> = { '1': 'new', '2': 'in-progress', '6': 'resolved' };
  return {
    label: 'ServiceNow',
    baseUrl: simulator.baseUrl,
    workspaceTicketing: (pollIntervalSeconds) => ({
      provider: 'servicenow',
      instanceUrl: simulator.baseUrl,
      mapping: mappingOf(routing),
      pollIntervalSeconds,
    }),
    env: { SERVICENOW_USER: 'oncall.console', SERVICENOW_PASSWORD: 'x' },
    routingOf: (id) => routing.get(id),
    async ticketsFor(pagingIncidentId) {
      const rows = await reader.ticketsFor(pagingIncidentId);
      return Promise.all(
        rows.map(async (row) => ({
          key: row.number,
          stage: stages[row.state] ?? 'other',
          assigneeId: row.assigned_to || null,
          routing: {
            assignmentGroupId: row.assignment_group || null,
            businessServiceId: row.business_service || null,
            configurationItemId: row.cmdb_ci || null,
          },
          topPriority: row.priority === '1',
          major: row.major_incident_state === 'accepted',
          closeCode: row.close_code || null,
          closeNotes: row.close_notes,
          internalNotes: (await reader.workNotes(row.sys_id)).map((note) => note.value),
        })),
      );
    },
    linkedCount: async () => (await reader.table('incident', 'correlation_idISNOTEMPTY', 'sys_id')).length,
    async userIdByEmail(email) {
      const id = await reader.userSysIdByEmail(email);
      if (!id) throw new Error(`No ServiceNow user with email ${email}`);
      return id;
    },
    close: () => simulator.close(),
  };
}

const JIRA_EMAIL = 'oncall-console@example.com';

interface JiraIssue {
  key: string;
  fields: {
    status: { name: string };
    assignee: { accountId: string } | null;
    priority: { name: string } | null;
    resolution: { name: string } | null;
    [field: string]: unknown;
  };
}

export async function startJiraServiceManagementBackend(pagerDuty: PagerDutySimulator): Promise<TicketingBackend> {
  const simulator: JiraServiceManagementSimulator = await startJiraServiceManagementSimulator({ org: pagerDuty.state });
  const routing = demoJiraServiceManagementRoutingMap(pagerDuty.state);
  const headers = { Authorization: `Basic ${Buffer.from(`${JIRA_EMAIL}:test-api-token`).toString('base64')}`, Accept: 'application/json' };
  const get = async <T>(path: string, query: Record<string, string>): Promise<T> => {
    const response = await fetch(`${simulator.baseUrl}${path}?${new URLSearchParams(query)}`, {
      headers,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Jira GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const fields = [
    'status',
    'assignee',
    'priority',
    'resolution',
    'labels',
    FIELD_IDS.team,
    FIELD_IDS.affectedServices,
    FIELD_IDS.configurationItem,
    FIELD_IDS.majorIncident,
  ];
  const search = async (jql: string) =>
    (await get<{ issues: JiraIssue[] }>('/rest/api/3/search/jql', { jql, fields: fields.join(','), maxResults: '100' })).issues;
  const comments = async (key: string) =>
    (await get<{ values: Array<{ body: string; public: boolean }> }>(`/rest/servicedeskapi/request/${key}/comment`, { limit: '100' }))
      .values;
  const stages: Record<string, TicketView['stage']> = { Open: 'new', 'Work in progress': 'in-progress', Resolved: 'resolved' };
  return {
    label: 'Jira Service Management',
    baseUrl: simulator.baseUrl,
    workspaceTicketing: (pollIntervalSeconds) => ({
      provider: 'jira-service-management',
      siteUrl: simulator.baseUrl,
      mapping: mappingOf(routing),
      pollIntervalSeconds,
    }),
    env: { JIRA_EMAIL, JIRA_API_TOKEN: 'test-api-token' },
    routingOf: (id) => routing.get(id),
    async ticketsFor(pagingIncidentId) {
      const issues = await search(`labels = "pagerduty-${pagingIncidentId}" ORDER BY key ASC`);
      return Promise.all(
        issues.map(async (issue) => {
          const all = await comments(issue.key);
          const team = issue.fields[FIELD_IDS.team] as { id: string } | null;
          const services = (issue.fields[FIELD_IDS.affectedServices] as Array<{ id: string }> | null) ?? [];
          const items = (issue.fields[FIELD_IDS.configurationItem] as Array<{ id: string }> | null) ?? [];
          return {
            key: issue.key,
            stage: stages[issue.fields.status.name] ?? 'other',
            assigneeId: issue.fields.assignee?.accountId ?? null,
            routing: {
              assignmentGroupId: team?.id ?? null,
              businessServiceId: services[0]?.id ?? null,
              configurationItemId: items[0]?.id ?? null,
            },
            topPriority: issue.fields.priority?.name === 'Highest',
            major: issue.fields[FIELD_IDS.majorIncident] === MAJOR_INCIDENT_VALUE,
            closeCode: issue.fields.resolution?.name ?? null,
            closeNotes: all
              .filter((comment) => comment.public)
              .map((comment) => comment.body)
              .join('\n'),
            internalNotes: all.filter((comment) => !comment.public).map((comment) => comment.body),
          };
        }),
      );
    },
    linkedCount: async () => (await search('labels = "pagerduty" ORDER BY key ASC')).length,
    userIdByEmail: async (email) => accountIdFor(email),
    close: () => simulator.close(),
  };
}
