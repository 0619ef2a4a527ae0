/**
 * A small in-memory ConsoleEngine for the headless host's tests: answers every contract
 * request with valid data, records calls, and lets a test push events or inject failures.
 */
import type { ConsoleEvent, RequestName } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Incident } from '../../../shared/domain/incident';
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
    getDirectory: (input) =>
      record('getDirectory', input, () => ({ users: [], teams: [], services: [], escalationPolicies: [], priorities: [] })),
    getOnCalls: (input) => record('getOnCalls', input, () => ({ oncalls: [], incidentManagerPolicyIds: [] })),
    getResponseMetrics: (input) =>
      record('getResponseMetrics', input, () => {
        const none = { count: 0, medianMs: null, meanMs: null, p90Ms: null };
        const overall = { subject: { id: 'all', name: 'All services' }, incidents: 0, timeToAcknowledge: none, timeToResolve: none };
        return { windowDays: input.windowDays, from: '2024-04-24T10:00:00.000Z', to: '2024-05-01T10:00:00.000Z', overall, byService: [], byTeam: [] };
      }),
  };
}
