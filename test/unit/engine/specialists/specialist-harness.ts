/**
 * A small world for the specialist engine's unit tests: the demo catalogue (the real
 * files), a fake paging platform whose directory has a developer, DBAs, network
 * engineers and incident managers, the fake ticketing provider, a key-aware fake pipeline
 * provider, a movable clock and the outbox plus request store in one temporary database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleEvent } from '../../../../shared/contract';
import type { Directory } from '../../../../shared/domain/directory';
import { requestIdInputOf, type PipelineRef, type PipelineRun, type PipelineRunLog } from '../../../../shared/domain/pipeline';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import type { Engine } from '../../../../electron/engine/engine';
import { wireEngine } from '../../../../electron/host/create-engine';
import { Outbox } from '../../../../electron/engine/outbox';
import { inputsWithKey, type PipelineProvider } from '../../../../electron/engine/ports/pipeline';
import { ProviderError } from '../../../../electron/engine/ports';
import { SpecialistRequestStore } from '../../../../electron/engine/specialists/request-store';
import { TicketMapping } from '../../../../electron/engine/ticketing/ticket-mapping';
import { loadCatalogue, validateFormData } from '../../../../electron/host/catalogue-loader';
import { FakePagingProvider } from '../../../support/fake-paging-provider';
import { FakeTicketingProvider } from '../../../support/fake-ticketing-provider';

export const people = {
  dana: { id: 'U1', name: 'Dana Developer', email: 'dana@example.com' },
  victor: { id: 'U2', name: 'Victor Alvarez', email: 'victor.alvarez@example.com' },
  mei: { id: 'U3', name: 'Mei Tanaka', email: 'mei.tanaka@example.com' },
  noah: { id: 'U4', name: 'Noah Schmidt', email: 'noah.schmidt@example.com' },
  fatima: { id: 'U5', name: 'Fatima Zahra', email: 'fatima.zahra@example.com' },
  isabel: { id: 'U6', name: 'Isabel Moreno', email: 'isabel.moreno@example.com' },
};

/** Valid forms for the demo catalogue's offerings. */
export const forms = {
  queryReview: {
    database: 'pg-payments',
    environment: 'production',
    query: 'SELECT * FROM payments WHERE created_at > now() - interval 1 day',
    symptoms: 'p95 went from 40 ms to 2 s after the 14:00 deploy',
  },
  restore: {
    database: 'pg-payments',
    backup_id: '20261126-0200',
    target_environment: 'staging',
    reason: 'Rows deleted by the 09:12 batch job',
  },
  firewall: {
    source_cidr: '10.20.0.0/16',
    destination: 'ledger-db.internal.example.com',
    port: 1521,
    protocol: 'tcp',
    expires_at: '2026-12-31T00:00:00Z',
    justification: 'The reconciliation job reads the ledger database',
  },
};

export function demoDirectory(): Directory {
  const user = (who: (typeof people)[keyof typeof people], teamIds: string[]) => ({ ...who, teamIds, contactMethods: [] });
  return {
    users: [
      user(people.dana, ['T-PAY']),
      user(people.victor, ['T-DBA']),
      user(people.mei, ['T-DBA']),
      user(people.noah, ['T-NET']),
      user(people.fatima, ['T-NET']),
      user(people.isabel, ['T-IM']),
    ],
    teams: [
      { id: 'T-PAY', name: 'Payments' },
      { id: 'T-DBA', name: 'Database Administration' },
      { id: 'T-NET', name: 'Network Engineering' },
      { id: 'T-IM', name: 'Incident Management' },
    ],
    services: [{ id: 'S1', name: 'Payments API', kind: 'digital-service', teamIds: ['T-PAY'], escalationPolicyId: 'EP-PAY' }],
    escalationPolicies: [
      { id: 'EP-PAY', name: 'Payments Escalation Policy', teamIds: ['T-PAY'], levels: [] },
      { id: 'EP-DBA', name: 'Database Administration Escalation Policy', teamIds: ['T-DBA'], levels: [] },
      { id: 'EP-NET', name: 'Network Engineering Escalation Policy', teamIds: ['T-NET'], levels: [] },
    ],
    priorities: [{ id: 'PR1', name: 'P1', order: 1 }],
  };
}

/** A pipeline provider that keeps runs in memory and honours idempotency keys as the real ones do. */
class FakePipelineProvider implements PipelineProvider {
  readonly id = 'github-actions' as const;
  readonly label = 'GitHub Actions';
  readonly runs: Array<PipelineRun & { key: string }> = [];
  /** The next dispatches throw these. */
  readonly refuse: ProviderError[] = [];
  /** When set, dispatch creates the run and then waits on this (a process that dies mid-dispatch). */
  hang: Promise<never> | null = null;
  dispatchCalls = 0;

  async dispatch(ref: PipelineRef, inputs: Record<string, string>, key: string): Promise<PipelineRun> {
    this.dispatchCalls += 1;
    const existing = await this.findRunByKey(ref, key);
    if (existing) return existing;
    const refusal = this.refuse.shift();
    if (refusal) throw refusal;
    const run = {
      id: String(1000 + this.runs.length),
      provider: 'github-actions' as const,
      status: 'queued' as const,
      conclusion: null,
      vendorStatus: 'queued',
      url: `https://ci.example.com/runs/${1000 + this.runs.length}`,
      startedAt: null,
      finishedAt: null,
      inputs: inputsWithKey(inputs, requestIdInputOf(ref), key),
      key,
    };
    this.runs.push(run);
    if (this.hang) await this.hang;
    return this.view(run);
  }

  async getRun(_ref: PipelineRef, runId: string): Promise<PipelineRun> {
    const run = this.runs.find((candidate) => candidate.id === runId);
    if (!run) throw new ProviderError('rejected', `No run ${runId}`, 404);
    return this.view(run);
  }

  async findRunByKey(_ref: PipelineRef, key: string): Promise<PipelineRun | null> {
    const run = this.runs.find((candidate) => candidate.key === key);
    return run ? this.view(run) : null;
  }

  /** The log of a run (its lines, as a test sets them); a run with none has no log yet. */
  readonly logs = new Map<string, string[]>();

  async getRunLog(_ref: PipelineRef, runId: string, maxLines: number): Promise<PipelineRunLog> {
    const run = this.runs.find((candidate) => candidate.id === runId);
    const lines = this.logs.get(runId);
    if (!run || !lines) throw new ProviderError('rejected', `Run ${runId} has no log yet`, 404);
    return {
      runId,
      provider: 'github-actions',
      source: 'job "fake"',
      lines: lines.slice(-maxLines),
      totalLines: lines.length,
      url: run.url,
    };
  }

  move(runId: string, change: Partial<PipelineRun>): void {
    const run = this.runs.find((candidate) => candidate.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    Object.assign(run, change);
  }

  private view({ key: _key, ...run }: PipelineRun & { key: string }): PipelineRun {
    return { ...run, inputs: run.inputs ? { ...run.inputs } : null };
  }
}

export interface World {
  engine: Engine;
  paging: FakePagingProvider;
  ticketing: FakeTicketingProvider;
  pipelines: FakePipelineProvider;
  clock: { now(): number; advance(ms: number): void };
  events: ConsoleEvent[];
  /** What the engine logged. */
  logs: string[];
  dir: string;
  /** Another engine over the same database (a restart); the first must not be used after. */
  restart(): World;
  /** Another console on another machine (its own database) sharing this one's paging platform, ticketing system, pipelines and clock; `me`: a console outside the demo acting as that person. */
  elsewhere(me?: WorldOptions['me']): World;
  act(requestId: string, action: Parameters<Engine['actOnSpecialistRequest']>[0]['action'], text?: string): Promise<SpecialistRequest>;
  as(personaId: 'developer' | 'dba' | 'network-engineer' | 'incident-manager'): Promise<void>;
  settle(): Promise<void>;
  /** Reads every unfinished self-service run once. */
  pollRuns(): Promise<void>;
  /** Reads the requests other consoles changed from the ticketing system once now. */
  readSharedRecord(): Promise<void>;
  /** Resolves once the notifications offered so far went through the policy. */
  notificationsSettled(): Promise<void>;
  close(): Promise<void>;
}

export const catalogue = loadCatalogue([
  join(import.meta.dirname, '../../../../catalogue/dba.yaml'),
  join(import.meta.dirname, '../../../../catalogue/network.yaml'),
]);

export interface WorldOptions {
  ticketing?: boolean;
  dir?: string;
  shared?: Pick<World, 'paging' | 'ticketing' | 'pipelines' | 'clock'>;
  hostId?: string;
  /** Outside the demo the console acts as this person (default: the demo, as Dana). */
  me?: (typeof people)[keyof typeof people];
}

export function startWorld(options: WorldOptions = {}): World {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'specialists-'));
  const file = join(dir, 'outbox.sqlite');
  let now = options.shared?.clock.now() ?? Date.parse('2026-11-26T10:00:00Z');
  const clock = options.shared?.clock ?? { now: () => now, advance: (ms: number) => void (now += ms) };
  const paging = options.shared?.paging ?? new FakePagingProvider();
  paging.directory = demoDirectory();
  paging.oncalls = [
    {
      user: { id: 'U2', name: 'Victor Alvarez' },
      escalationPolicy: { id: 'EP-DBA', name: 'Database Administration Escalation Policy' },
      level: 1,
      schedule: null,
      start: null,
      end: null,
    },
  ];
  const ticketing = options.shared?.ticketing ?? new FakeTicketingProvider();
  const pipelines = options.shared?.pipelines ?? new FakePipelineProvider();
  const outbox = new Outbox(file, clock);
  const store = new SpecialistRequestStore(file);
  const events: ConsoleEvent[] = [];
  const logs: string[] = [];
  const { engine, parts } = wireEngine({
    log: (message) => logs.push(message),
    paging,
    outbox,
    clock,
    workspace: { name: 'test', demo: options.me === undefined, me: options.me ?? people.dana, pollIntervalMs: 60_000 },
    reconcileIntervalMs: 600_000,
    actionBackoff: { baseMs: 1, capMs: 1 },
    ...(options.ticketing === false
      ? {}
      : { ticketing: { provider: ticketing, mapping: new TicketMapping([]), hostId: options.hostId ?? 'h1', automations: false } }),
    specialists: {
      catalogue,
      store,
      pipelines: { 'github-actions': pipelines },
      validateForm: validateFormData,
      runPollIntervalMs: 60_000,
      sharedRecordPollIntervalMs: 60_000,
    },
  });
  engine.onEvent((event) => events.push(event));
  engine.start();
  const world: World = {
    engine,
    paging,
    ticketing,
    pipelines,
    clock,
    events,
    logs,
    dir,
    restart: () => startWorld({ ticketing: options.ticketing, dir, shared: { paging, ticketing, pipelines, clock } }),
    elsewhere: (me) =>
      startWorld({
        ticketing: options.ticketing,
        shared: { paging, ticketing, pipelines, clock },
        hostId: `h-${me?.id ?? 'demo'}`,
        ...(me ? { me } : {}),
      }),
    act: (requestId, action, text = '') => engine.actOnSpecialistRequest({ requestId, action, text }),
    pollRuns: () => parts.specialists?.pollRuns() ?? Promise.resolve(),
    readSharedRecord: () => parts.specialists?.readSharedRecord() ?? Promise.resolve(),
    notificationsSettled: () => parts.notifications.settled(),
    as: async (personaId) => {
      await engine.switchPersona({ personaId });
    },
    settle: async () => {
      for (let round = 0; round < 20; round++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await parts.runner.idle();
      }
    },
    close: async () => {
      await engine.stop();
      outbox.close();
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
