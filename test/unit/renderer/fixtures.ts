/** Builders for the contract's shapes, valid against its schemas, for renderer tests. */
import type { Snapshot } from '../../../shared/contract';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import type { ConnectionStatus } from '../../../shared/domain/connection';
import type { Incident } from '../../../shared/domain/incident';

export function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    provider: 'pagerduty',
    number: Number(id.replace(/\D/g, '')) || 1,
    title: `Incident ${id}`,
    status: 'triggered',
    urgency: 'high',
    priority: null,
    service: { id: 'S1', name: 'Checkout API' },
    team: null,
    escalationPolicy: null,
    assignees: [{ id: 'U1', name: 'Ada Lovelace' }],
    acknowledgedBy: [],
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    htmlUrl: `https://example.pagerduty.com/incidents/${id}`,
    tenant: null,
    ...overrides,
  };
}

export function connection(overrides: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    provider: 'pagerduty',
    label: 'PagerDuty',
    state: 'ok',
    lastSuccessAt: '2025-01-01T10:00:00.000Z',
    nextRetryAt: null,
    message: null,
    ...overrides,
  };
}

export function action(id: string, request: ActionRequest, overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id,
    request,
    state: 'pending',
    attempts: 0,
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    nextAttemptAt: null,
    lastError: null,
    dismissed: false,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    seq: 0,
    workspace: { name: 'Payments on call', demo: true, me: null, pollIntervalMs: 5_000 },
    incidents: [],
    connections: [connection()],
    actions: [],
    tickets: [],
    lastSyncAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}
