/**
 * The shared-record scenario's world, wired as test/integration/engine/
 * shared-record-against-simulators.test.ts does: the PagerDuty, ServiceNow and GitHub
 * simulators on 127.0.0.1, and consoles "on different machines", each an Engine with its
 * own temporary SQLite database and host id, the real PagerDuty, ServiceNow and GitHub
 * Actions providers, the demo catalogue (dba.yaml, network.yaml) and a demo persona.
 * Each console signs in to ServiceNow as the same user with its own password, so its
 * requests can be told apart in the simulator's log (request-count.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionStatus } from '../shared/domain/connection';
import type { Persona, SpecialistRequest } from '../shared/domain/specialist-request';
import { type Engine } from '../electron/engine/engine';
import { wireEngine } from '../electron/host/create-engine';
import { Outbox } from '../electron/engine/outbox';
import { systemClock } from '../electron/engine/ports';
import { SpecialistRequestStore } from '../electron/engine/specialists/request-store';
import type { TicketingProvider } from '../electron/engine/ports/ticketing';
import { TicketMapping } from '../electron/engine/ticketing/ticket-mapping';
import { loadCatalogue, validateFormData } from '../electron/host/catalogue-loader';
import { createGitHubActionsProvider } from '../electron/providers/github';
import { createPagerDutyProvider } from '../electron/providers/pagerduty';
import { createServiceNowProvider } from '../electron/providers/servicenow';
import { startGitHubSimulator, type GitHubSimulator } from '../electron/simulators/github';
import { startPagerDutySimulator, type PagerDutySimulator } from '../electron/simulators/pagerduty';
import {
  INTEGRATION_USER_NAME,
  startServiceNowSimulator,
  type RecordedRequest,
  type ServiceNowSimulator,
} from '../electron/simulators/servicenow';
import { BENCH_TOKEN, sleep } from './harness';
import { basicAuthorization, requestsWith } from './request-count';

const REPO = join(import.meta.dirname, '..');
/** The request timeout the console host gives its providers (requestTimeoutSeconds default 10). */
const REQUEST_TIMEOUT_MS = 10_000;

export interface SharedRecordWorld {
  pagerDuty: PagerDutySimulator;
  serviceNow: ServiceNowSimulator;
  gitHub: GitHubSimulator;
  /** Stops every console started in this world, then the simulators; removes the temporary directories. */
  close(): Promise<void>;
}

/** One answer of `specialistRequestsChangedSince` (a round reads one, or more while it catches up). */
interface SharedRecordPage {
  /** Requested items in the answer (at most 100). */
  records: number;
}

export interface BenchConsole {
  hostId: string;
  engine: Engine;
  /** When engine.start() was called (performance.now()): the console's own first round starts there. */
  startedAt: number;
  /** The shared record's answers so far, in order (the ticketing provider is wrapped to note them). */
  pages: SharedRecordPage[];
  /** When each request was first reported changed here (specialistRequestChanged, performance.now()): imported, for another console's. */
  firstSeenAt: Map<string, number>;
  /** The health of this console's shared-record reads, as last reported (null before its first round ends). */
  sharedRecordStatus(): ConnectionStatus | null;
  /** This console's Authorization header towards ServiceNow: its requests in the simulator's log. */
  authorization: string;
  /** What the engine logged (failed reads and sends): shown when a scenario goes wrong. */
  log: string[];
  /** This console's requests in the ServiceNow simulator's log, from index `from` on. */
  serviceNowRequests(from?: number): RecordedRequest[];
  /** The requests it lists (scope as the requests view's tabs). */
  list(scope: 'mine' | 'my-teams' | 'all'): Promise<SpecialistRequest[]>;
  /** Reads the requests other consoles changed from the ticketing system once now. */
  readSharedRecord(): Promise<void>;
  /** Waits until the outbox has nothing pending or in flight; throws if an action failed for good. */
  settle(timeoutMs: number): Promise<void>;
  /** Stops the engine and closes its database (once; close() does it for those still running). */
  stop(): Promise<void>;
}

export interface ConsoleOptions {
  hostId: string;
  persona: Persona['id'];
  /** How often this console reads the shared record on its own (specialists.sharedRecordPollIntervalMs). */
  sharedRecordPollIntervalMs: number;
}

export async function startSharedRecordWorld(): Promise<
  SharedRecordWorld & { startConsole(options: ConsoleOptions): Promise<BenchConsole> }
> {
  const catalogue = loadCatalogue([join(REPO, 'catalogue/dba.yaml'), join(REPO, 'catalogue/network.yaml')]);
  const cleanups: Array<() => Promise<void> | void> = [];
  const close = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw errors[0];
  };
  try {
    const pagerDuty = await startPagerDutySimulator({ seed: 1, seedIncidents: 3, demo: false });
    cleanups.push(() => pagerDuty.close());
    const serviceNow = await startServiceNowSimulator({ seed: 1 });
    cleanups.push(() => serviceNow.close());
    const gitHub = await startGitHubSimulator({ timing: { queuedMs: 100, runningMs: 200 } });
    cleanups.push(() => gitHub.close());

    const startConsole = async ({ hostId, persona, sharedRecordPollIntervalMs }: ConsoleOptions): Promise<BenchConsole> => {
      const dir = mkdtempSync(join(tmpdir(), `bench-shared-${hostId}-`));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'outbox.sqlite');
      const outbox = new Outbox(file, systemClock);
      const store = new SpecialistRequestStore(file);
      const password = `bench-${hostId}`;
      const log: string[] = [];
      const paging = createPagerDutyProvider({
        baseUrl: pagerDuty.baseUrl,
        token: BENCH_TOKEN,
        from: pagerDuty.state.me.email,
        scope: {},
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      const pages: SharedRecordPage[] = [];
      const ticketing = notePages(
        createServiceNowProvider({
          instanceUrl: serviceNow.baseUrl,
          auth: { kind: 'basic', user: INTEGRATION_USER_NAME, password },
          timeoutMs: REQUEST_TIMEOUT_MS,
        }),
        pages,
      );
      const me = await paging.whoAmI();
      let wired: ReturnType<typeof wireEngine>;
      try {
        wired = wireEngine({
          paging,
          outbox,
          clock: systemClock,
          // PagerDuty is not what is measured: its poll (and the incident tickets' read, at twice it) is kept out of the way.
          workspace: { name: hostId, demo: true, me, pollIntervalMs: 30 * 60_000 },
          reconcileIntervalMs: 60 * 60_000,
          actionBackoff: { baseMs: 50, capMs: 1_000 },
          ticketing: {
            provider: ticketing,
            mapping: new TicketMapping([]),
            hostId,
            automations: false,
          },
          specialists: {
            catalogue,
            store,
            pipelines: {
              'github-actions': createGitHubActionsProvider({
                baseUrl: gitHub.baseUrl,
                token: 'gh-bench-token',
                timeoutMs: REQUEST_TIMEOUT_MS,
              }),
            },
            validateForm: validateFormData,
            sharedRecordPollIntervalMs,
          },
          log: (message) => log.push(message),
        });
      } catch (error) {
        outbox.close();
        store.close();
        throw error;
      }
      const { engine, parts } = wired;
      const firstSeenAt = new Map<string, number>();
      let sharedStatus: ConnectionStatus | null = null;
      // Listening before start(), so nothing the first round brings is missed.
      engine.onEvent((event) => {
        if (event.name === 'specialistRequestChanged' && !firstSeenAt.has(event.payload.id))
          firstSeenAt.set(event.payload.id, performance.now());
        if (event.name === 'connectionChanged' && event.payload.provider === `${ticketing.id}-requests`) sharedStatus = event.payload;
      });
      const startedAt = performance.now();
      engine.start();
      let stopped: Promise<void> | null = null;
      const stop = () => {
        stopped ??= engine.stop().finally(() => {
          outbox.close();
          store.close();
        });
        return stopped;
      };
      cleanups.push(stop);
      await engine.switchPersona({ personaId: persona });
      const authorization = basicAuthorization(INTEGRATION_USER_NAME, password);
      return {
        hostId,
        engine,
        startedAt,
        pages,
        firstSeenAt,
        sharedRecordStatus: () => sharedStatus,
        authorization,
        log,
        serviceNowRequests: (from = 0) => requestsWith(serviceNow.requests.slice(from), authorization),
        readSharedRecord: () => parts.specialists?.readSharedRecord() ?? Promise.resolve(),
        list: async (scope) => (await engine.listSpecialistRequests({ scope })).requests,
        async settle(timeoutMs) {
          const deadline = performance.now() + timeoutMs;
          for (;;) {
            await parts.runner.idle();
            const failed = outbox.listVisible(0).filter((record) => record.state === 'failed');
            if (failed.length)
              throw new Error(
                `${hostId}: ${failed.length} outbox actions failed, e.g. ${failed[0]?.request.kind}: ${failed[0]?.lastError}`,
              );
            if (outbox.nextDueAt() === null) return;
            if (performance.now() > deadline)
              throw new Error(
                `${hostId}: the outbox still had actions pending after ${timeoutMs} ms; last log: ${log.slice(-3).join(' | ') || 'nothing'}`,
              );
            await sleep(20);
          }
        },
        stop,
      };
    };
    return { pagerDuty, serviceNow, gitHub, close, startConsole };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The provider as it is, except that each shared-record answer is noted in `pages`. */
function notePages(inner: TicketingProvider, pages: SharedRecordPage[]): TicketingProvider {
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'specialistRequestsChangedSince') {
        return async (cursor: string | null) => {
          const answer = await target.specialistRequestsChangedSince(cursor);
          pages.push({ records: answer.records.length });
          return answer;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
