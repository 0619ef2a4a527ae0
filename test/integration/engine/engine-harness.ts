/**
 * An engine in this process with the real PagerDuty provider (and, when asked, the real
 * ServiceNow provider) against the simulators over real HTTP on 127.0.0.1, for tests that
 * put the outbox and the sync loops under faults. Each test gets its own simulators.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ConsoleEvent } from '../../../shared/contract';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import { type Engine } from '../../../electron/engine/engine';
import { createEngine, type EngineOptions } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { TicketMapping } from '../../../electron/engine/ticketing/ticket-mapping';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import type { PagerDutyConfig } from '../../../electron/providers/pagerduty/config';
import { createServiceNowChangeSystem, createServiceNowProvider } from '../../../electron/providers/servicenow';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { demoServiceNowRoutingTable, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { waitFor } from '../../support/wait-for';

export const TOKEN = 'integration-test-token';

export interface HarnessOptions {
  seedIncidents?: number;
  pollIntervalMs?: number;
  serviceNow?: boolean;
  provider?: Partial<PagerDutyConfig>;
  engine?: Partial<EngineOptions>;
  /** With serviceNow: the change desk on the simulator's Change Management, signed in as the integration account. */
  changes?: Omit<NonNullable<EngineOptions['changes']>, 'system'>;
  /** With serviceNow: this host runs the automations (tickets for alerts, auto-close of changes). */
  automations?: boolean;
  /** An existing data directory (a restart); a fresh one otherwise. */
  dataDir?: string;
  /** With serviceNow: more paging services (another platform's) mapped like the demo's first one. */
  moreMappedServices?: string[];
}

export interface Harness {
  pagerDuty: PagerDutySimulator;
  serviceNow: ServiceNowSimulator | null;
  engine: Engine;
  outbox: Outbox;
  events: ConsoleEvent[];
  dataDir: string;
  /** Submits an action and waits until it is no longer pending. */
  settle(id: string, timeoutMs?: number): Promise<ActionRecord>;
  run(request: ActionRequest, timeoutMs?: number): Promise<ActionRecord>;
  /** Stops the engine and closes the outbox (the simulators stay up). */
  stopEngine(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const pagerDuty = await startPagerDutySimulator({ seedIncidents: options.seedIncidents ?? 12, seed: 1 });
  const serviceNow = options.serviceNow ? await startServiceNowSimulator({ seed: 1 }) : null;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'engine-harness-'));
  const outbox = new Outbox(join(dataDir, 'outbox.sqlite'), systemClock);
  const paging = createPagerDutyProvider({
    baseUrl: pagerDuty.baseUrl,
    token: TOKEN,
    from: pagerDuty.state.me.email,
    scope: {},
    timeoutMs: 2_000,
    maxRetries: 1,
    ...options.provider,
  });
  const ticketing = serviceNow
    ? {
        provider: createServiceNowProvider({
          instanceUrl: serviceNow.baseUrl,
          auth: { kind: 'basic', user: 'admin', password: 'x' },
          timeoutMs: 2_000,
          maxRetries: 1,
        }),
        mapping: new TicketMapping([
          ...Object.entries(demoServiceNowRoutingTable({ seed: 1 })).map(([pagingServiceId, route]) => ({ pagingServiceId, ...route })),
          ...(options.moreMappedServices ?? []).map((pagingServiceId) => ({
            pagingServiceId,
            ...Object.values(demoServiceNowRoutingTable({ seed: 1 }))[0]!,
          })),
        ]),
        hostId: 'harness-host',
        automations: options.automations ?? false,
      }
    : undefined;
  const engine = createEngine({
    paging,
    outbox,
    clock: systemClock,
    workspace: { name: 'Harness', demo: false, me: null, pollIntervalMs: options.pollIntervalMs ?? 60_000 },
    reconcileIntervalMs: 10 * 60_000,
    actionBackoff: { baseMs: 50, capMs: 300 },
    ticketing,
    ...(serviceNow && options.changes
      ? {
          changes: {
            system: createServiceNowChangeSystem({
              instanceUrl: serviceNow.baseUrl,
              auth: { kind: 'basic', user: 'admin', password: 'x' },
              timeoutMs: 2_000,
              maxRetries: 1,
            }),
            ...options.changes,
          },
        }
      : {}),
    ...options.engine,
  });
  const events: ConsoleEvent[] = [];
  engine.onEvent((event) => events.push(event));
  engine.start();
  await engine.ready();

  const latest = (id: string) =>
    [...events]
      .reverse()
      .find((event): event is Extract<ConsoleEvent, { name: 'actionChanged' }> => event.name === 'actionChanged' && event.payload.id === id)
      ?.payload;
  let stopped = false;
  const stopEngine = async () => {
    if (stopped) return;
    stopped = true;
    await engine.stop();
    outbox.close();
  };
  const harness: Harness = {
    pagerDuty,
    serviceNow,
    engine,
    outbox,
    events,
    dataDir,
    settle: (id, timeoutMs = 10_000) =>
      waitFor(
        `action ${id} to settle`,
        () => {
          const record = latest(id);
          return record && record.state !== 'pending' ? record : undefined;
        },
        { timeoutMs, describe: () => JSON.stringify(latest(id)) },
      ),
    run: async (request, timeoutMs) => harness.settle((await engine.submitAction(request)).id, timeoutMs),
    stopEngine,
    close: async () => {
      await stopEngine();
      await pagerDuty.close();
      await serviceNow?.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Changes an incident in PagerDuty as another user would in its web app (PUT /incidents/{id} with their From). */
export async function asColleague(h: Harness, email: string, incidentId: string, change: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${h.pagerDuty.baseUrl}/incidents/${incidentId}`, {
    method: 'PUT',
    headers: {
      Authorization: `Token token=${TOKEN}`,
      Accept: 'application/vnd.pagerduty+json;version=2',
      'Content-Type': 'application/json',
      From: email,
    },
    body: JSON.stringify({ incident: { type: 'incident_reference', ...change } }),
  });
  expect(response.status).toBe(200);
}
