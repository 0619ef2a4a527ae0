/**
 * A fake ConsoleEngine for the shell's tests: every contract method is a spy that
 * answers with a valid output, and `emit` pushes an event to the subscribers, so the
 * tests never depend on the real engine.
 */
import { vi } from 'vitest';
import type { ConsoleEvent, Snapshot } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { NotificationState } from '../../../shared/domain/notification';
import type { ConsoleEngine, ConsoleHost } from '../../../electron/host/types';

export const snapshot: Snapshot = {
  seq: 0,
  workspace: { name: 'Demo', demo: true, me: null, pollIntervalMs: 5_000 },
  incidents: [],
  connections: [],
  actions: [],
  tickets: [],
  lastSyncAt: null,
};

const actionRecord: ActionRecord = {
  id: 'A1',
  request: { kind: 'acknowledge', incidentIds: ['P1'] },
  state: 'pending',
  attempts: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  nextAttemptAt: null,
  lastError: null,
  dismissed: false,
};

export const notificationState: NotificationState = {
  pausedUntil: null,
  ruleInForce: 'On call - high urgency will ring',
  triggeredCount: 0,
};

export type FakeEngine = ConsoleEngine & {
  [K in keyof ConsoleEngine]: ConsoleEngine[K] & ReturnType<typeof vi.fn>;
} & { emit(event: ConsoleEvent): void; listenerCount(): number };

export function createFakeEngine(): FakeEngine {
  const listeners = new Set<(event: ConsoleEvent) => void>();
  const engine = {
    getSnapshot: vi.fn(async () => snapshot),
    getIncidentDetail: vi.fn(async () => {
      throw new Error('not used by these tests');
    }),
    submitAction: vi.fn(async () => actionRecord),
    retryAction: vi.fn(async () => actionRecord),
    dismissAction: vi.fn(async () => ({})),
    refreshNow: vi.fn(async () => ({})),
    getNotificationState: vi.fn(async () => notificationState),
    pauseNotifications: vi.fn(async () => ({ ...notificationState, pausedUntil: '2026-01-01T01:00:00.000Z' })),
    resumeNotifications: vi.fn(async () => notificationState),
    onEvent: vi.fn((listener: (event: ConsoleEvent) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
    ready: vi.fn(async () => undefined),
    stop: vi.fn(async () => undefined),
    emit(event: ConsoleEvent) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  };
  return engine as unknown as FakeEngine;
}

export function createFakeHost(engine: FakeEngine = createFakeEngine()): ConsoleHost & { close: ReturnType<typeof vi.fn> } {
  return { engine, simulators: null, close: vi.fn(async () => undefined) };
}

export const connectionEvent: ConsoleEvent = {
  name: 'connectionChanged',
  payload: { provider: 'pagerduty', label: 'PagerDuty', state: 'ok', lastSuccessAt: null, nextRetryAt: null, message: null },
};
