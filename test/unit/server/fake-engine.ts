/**
 * A small in-memory ConsoleEngine for the headless host's tests: answers every contract
 * request with valid data, records calls, and lets a test push events or inject failures.
 */
import type { ConsoleEvent, RequestName } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Incident } from '../../../shared/domain/incident';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import { Settings } from '../../../shared/domain/settings';
import { buildAuditReport } from '../../../shared/rules/change-audit';
import { computeDeliveryMetrics } from '../../../shared/rules/delivery-metrics';
import type { ConsoleEngine } from '../../../electron/host/types';

export function sampleIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'Q1ABC',
    provider: 'pagerduty',
    number: 123,
    title: 'Checkout latency above SLO',
    status: 'triggered',
    urgency: 'high',
    priority: null,
    service: { id: 'PSVC1', name: 'checkout' },
    team: null,
    escalationPolicy: null,
    assignees: [],
    acknowledgedBy: [],
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:00:00Z',
    htmlUrl: 'https://example.pagerduty.com/incidents/Q1ABC',
    tenant: null,
    ...overrides,
  };
}

function sampleSpecialistRequest(overrides: Partial<SpecialistRequest> = {}): SpecialistRequest {
  const dana = { id: 'PUSER1', name: 'Dana Developer', email: 'dana@example.com' };
  return {
    id: 'SR-0a1b2c3d4e',
    offeringId: 'query-performance-review',
    offeringTitle: 'Query performance review',
    kind: 'expertise',
    teamId: 'database-administration',
    teamName: 'Database Administration',
    state: 'new',
    requester: dana,
    assignee: null,
    inputs: { database: 'pg-payments' },
    incidentId: null,
    urgent: false,
    createdAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-01T10:00:00.000Z',
    ticket: null,
    comments: [],
    approvals: [],
    approvalStillNeeded: [],
    runs: [],
    history: [
      {
        at: '2024-05-01T10:00:00.000Z',
        actor: { id: dana.id, name: dana.name },
        summary: 'Dana Developer asked Database Administration for Query performance review',
        state: 'new',
      },
    ],
    sla: {
      responseDueAt: '2024-05-01T14:00:00.000Z',
      resolutionDueAt: '2024-05-04T10:00:00.000Z',
      responseBreached: false,
      resolutionBreached: false,
    },
    lastError: null,
    ...overrides,
  };
}

const notificationState = { pausedUntil: null, ruleInForce: 'On call - high urgency will ring', triggeredCount: 1 };

export type FakeEngine = ConsoleEngine & {
  calls: { name: RequestName; input: unknown }[];
  push(event: ConsoleEvent): void;
  listenerCount(): number;
  /** Replaces one method's behaviour (e.g. to throw or return something invalid). */
  override(name: RequestName, impl: (input: unknown) => Promise<unknown>): void;
};

export function createFakeEngine(): FakeEngine {
  const listeners = new Set<(event: ConsoleEvent) => void>();
  const calls: { name: RequestName; input: unknown }[] = [];
  const overrides = new Map<RequestName, (input: unknown) => Promise<unknown>>();
  const incidents = [sampleIncident()];
  const record = (name: RequestName, input: unknown, fallback: () => unknown): Promise<never> => {
    calls.push({ name, input });
    const impl = overrides.get(name);
    return (impl ? impl(input) : Promise.resolve(fallback())) as Promise<never>;
  };
  const action = (input: unknown): ActionRecord => ({
    id: 'A1',
    request: input as ActionRecord['request'],
    state: 'pending',
    attempts: 0,
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:00:00Z',
    nextAttemptAt: null,
    lastError: null,
    dismissed: false,
  });

  return {
    calls,
    push: (event) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
    override: (name, impl) => overrides.set(name, impl),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    getSnapshot: (input) =>
      record('getSnapshot', input, () => ({
        seq: 1,
        workspace: { name: 'Test', demo: false, me: null, pollIntervalMs: 5000 },
        incidents,
        connections: [],
        actions: [],
        tickets: [],
        lastSyncAt: null,
      })),
    getIncidentDetail: (input) =>
      record('getIncidentDetail', input, () => ({
        incident: incidents[0],
        notes: [],
        logEntries: [],
        alerts: [],
        responders: [],
        escalation: null,
      })),
    submitAction: (input) => record('submitAction', input, () => action(input)),
    retryAction: (input) => record('retryAction', input, () => action({ kind: 'acknowledge', incidentIds: ['Q1ABC'] })),
    dismissAction: (input) => record('dismissAction', input, () => ({})),
    refreshNow: (input) => record('refreshNow', input, () => ({})),
    setViewerPresence: (input) => record('setViewerPresence', input, () => ({ pollIntervalMs: 5_000, pace: 'configured' as const })),
    listChanges: (input) => record('listChanges', input, () => ({ system: null, changes: [], me: null, readAt: null })),
    listChangeTemplates: (input) => record('listChangeTemplates', input, () => ({ system: null, templates: [], services: [] })),
    proposeChangeTemplate: (input) =>
      record('proposeChangeTemplate', input, () => action({ kind: 'proposeChangeTemplate', incidentIds: [], template: input })),
    decideChange: (input) =>
      record('decideChange', input, () =>
        action({
          kind: 'decideChange',
          incidentIds: [],
          changeNumber: 'CHG0030001',
          comment: '',
          approver: { email: 'grace@example.com', name: 'Grace' },
          ...(input as object),
        }),
      ),
    decideChangeTemplate: (input) =>
      record('decideChangeTemplate', input, () =>
        action({
          kind: 'decideChangeTemplate',
          incidentIds: [],
          templateName: 'Config-only release',
          comment: '',
          approver: { email: 'grace@example.com', name: 'Grace' },
          ...(input as object),
        }),
      ),
    getDirectory: (input) =>
      record('getDirectory', input, () => ({ users: [], teams: [], services: [], escalationPolicies: [], priorities: [] })),
    listResolvedIncidents: (input) => record('listResolvedIncidents', input, () => ({ incidents: [] })),
    getOnCalls: (input) => record('getOnCalls', input, () => ({ oncalls: [], incidentManagerPolicyIds: [] })),
    pauseNotifications: (input) =>
      record('pauseNotifications', input, () => ({ ...notificationState, pausedUntil: '2024-05-01T11:00:00.000Z' })),
    resumeNotifications: (input) => record('resumeNotifications', input, () => notificationState),
    getNotificationState: (input) => record('getNotificationState', input, () => notificationState),
    getSettings: (input) => record('getSettings', input, () => Settings.parse({})),
    updateSettings: (input) => record('updateSettings', input, () => Settings.parse({})),
    listConnections: (input) =>
      record('listConnections', input, () => ({ editable: false, note: 'From the workspace file.', connections: [] })),
    testConnection: (input) => record('testConnection', input, () => ({ ok: true, message: 'Signed in.', account: 'Test' })),
    saveConnection: (input) =>
      record('saveConnection', input, () => ({
        connection: { ...(input as { connection: object }).connection, id: 'c1' },
        hasSecret: true,
      })),
    removeConnection: (input) => record('removeConnection', input, () => ({})),
    exportWorkspace: (input) => record('exportWorkspace', input, () => ({ yaml: 'paging: {}\n', fileName: 'oncall-workspace.yaml' })),
    importWorkspace: (input) => record('importWorkspace', input, () => ({ ok: true, connections: [] })),
    getCatalogue: (input) => record('getCatalogue', input, () => ({ catalogue: { teams: [], offerings: [] }, onCallByTeam: {} })),
    listSpecialistRequests: (input) => record('listSpecialistRequests', input, () => ({ requests: [sampleSpecialistRequest()] })),
    submitSpecialistRequest: (input) => record('submitSpecialistRequest', input, () => sampleSpecialistRequest()),
    actOnSpecialistRequest: (input) => record('actOnSpecialistRequest', input, () => sampleSpecialistRequest({ state: 'claimed' })),
    retrySpecialistRequest: (input) =>
      record('retrySpecialistRequest', input, () => sampleSpecialistRequest({ state: 'awaiting-approval' })),
    getSpecialistRunLog: (input) =>
      record('getSpecialistRunLog', input, () => ({
        runId: input.runId,
        provider: 'github-actions' as const,
        source: 'job "restore"',
        lines: ['Error: Process completed with exit code 1.'],
        totalLines: 1,
        url: null,
      })),
    listDeliveryServices: (input) => record('listDeliveryServices', input, () => ({ services: [], sources: [] })),
    getServiceDelivery: (input) =>
      record('getServiceDelivery', input, () => ({
        summary: {
          service: (input as { service: string }).service,
          serviceId: null,
          teams: [],
          repository: null,
          pipeline: null,
          production: null,
          dependsOn: [],
          environments: [],
          problem: 'No repository is mapped for it in this fake',
        },
        history: [],
        sources: [],
      })),
    compareVersions: (input) =>
      record('compareVersions', input, () => ({
        repository: 'acme/app',
        from: 'v1',
        to: 'v2',
        traceable: false,
        reason: 'Not in this fake',
      })),
    getDeliveryMetrics: (input) =>
      record('getDeliveryMetrics', input, () => ({
        metrics: computeDeliveryMetrics({
          deployments: [],
          incidents: [],
          from: '2026-11-01T00:00:00Z',
          to: '2026-12-01T00:00:00Z',
          failureWindowHours: 24,
          timeZone: 'UTC',
        }),
        sources: [],
      })),
    getAuditReport: (input) =>
      record('getAuditReport', input, () =>
        buildAuditReport({ deployments: [], changes: [], from: '2026-11-01', to: '2026-11-30', sources: [], now: '2026-12-01T00:00:00Z' }),
      ),
    getIncidentChanges: (input) =>
      record('getIncidentChanges', input, () => ({
        incidentId: (input as { incidentId: string }).incidentId,
        openedAt: '2024-05-01T10:00:00Z',
        services: [],
        deployments: [],
        problem: 'No delivery in this fake',
        sources: [],
      })),
    getPersonas: (input) => record('getPersonas', input, () => ({ personas: [], current: null })),
    switchPersona: (input) => record('switchPersona', input, () => ({ current: (input as { personaId: string }).personaId })),
    getResponseMetrics: (input) =>
      record('getResponseMetrics', input, () => {
        const none = { count: 0, medianMs: null, meanMs: null, p90Ms: null };
        const slowest = { timeToAcknowledge: [], timeToResolve: [] };
        const overall = {
          subject: { id: 'all', name: 'All services' },
          incidents: 0,
          timeToAcknowledge: none,
          timeToResolve: none,
          slowest,
        };
        const [from, to] = ['2024-04-24T10:00:00.000Z', '2024-05-01T10:00:00.000Z'];
        const bucket = { from, to, partial: true, incidents: 0, timeToAcknowledge: none, timeToResolve: none };
        const trend = { unit: 'day' as const, timeZone: input.timeZone ?? 'UTC', buckets: [bucket] };
        return { windowDays: input.windowDays, from, to, overall, byService: [], byTeam: [], trend, incidents: [] };
      }),
  };
}
