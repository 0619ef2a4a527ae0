/**
 * The specialists feature as the engine holds it: the request service (contract
 * requests), the outbox executor for its actions and the run poller, wired to the
 * engine's outbox, clock, directory, incidents, ticketing system and events. The engine
 * creates one when the workspace has a catalogue.
 */
import type { RequestInput, RequestOutput } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Catalogue, Offering } from '../../../shared/domain/catalogue';
import type { Directory, OnCall } from '../../../shared/domain/directory';
import type { Incident } from '../../../shared/domain/incident';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import type { Ticket } from '../../../shared/domain/ticket';
import type { NotificationCandidate } from '../notifications/notification-candidate';
import type { ClaimedAction, Outbox } from '../outbox';
import type { PipelineProviders } from '../pipeline-port';
import type { Clock, PagingProvider } from '../ports';
import type { TicketingProvider } from '../ticketing-port';
import type { Person } from './request-record';
import type { SpecialistRequestStore } from './request-store';
import { RunPoller } from './run-poller';
import { executeSpecialistAction } from './specialist-executor';
import { SpecialistService, type FormCheck } from './specialist-service';

/** What a workspace with a catalogue hands the engine. */
export interface SpecialistOptions {
  catalogue: Catalogue;
  /** The request tables (in the outbox's database file). */
  store: SpecialistRequestStore;
  /** The CI/CD systems the workspace has connections for. */
  pipelines: PipelineProviders;
  /** Checks a submitted form (the host's validateFormData). */
  validateForm(offering: Offering, data: unknown): FormCheck;
  /** How often unfinished runs are read (default 3 s). */
  runPollIntervalMs?: number;
}

/** What the desk needs from the engine. */
export interface SpecialistEngineContext {
  outbox: Outbox;
  clock: Clock;
  demo: boolean;
  me: Person | null;
  paging: PagingProvider;
  ticketing: TicketingProvider | null;
  directory(): Promise<Directory>;
  onCalls(): Promise<OnCall[]>;
  incident(incidentId: string): Incident | undefined;
  incidentTicket(incidentId: string): Ticket | undefined;
  onRecorded(record: ActionRecord): void;
  emit(request: SpecialistRequest): void;
  notify(candidates: NotificationCandidate[]): void;
  log?(message: string): void;
}

export class SpecialistDesk {
  private readonly service: SpecialistService;
  private readonly poller: RunPoller;
  /** The action in flight per request: the next waits for it. */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(
    private readonly options: SpecialistOptions,
    private readonly engine: SpecialistEngineContext,
  ) {
    this.service = new SpecialistService({
      catalogue: options.catalogue,
      store: options.store,
      outbox: engine.outbox,
      clock: engine.clock,
      demo: engine.demo,
      me: engine.me,
      validateForm: options.validateForm,
      directory: engine.directory,
      onCalls: engine.onCalls,
      incident: engine.incident,
      incidentTicket: engine.incidentTicket,
      ticketingLabel: engine.ticketing?.label ?? null,
      onRecorded: engine.onRecorded,
      emit: engine.emit,
      notify: engine.notify,
      log: engine.log,
    });
    this.poller = new RunPoller({
      store: options.store,
      catalogue: options.catalogue,
      pipelines: options.pipelines,
      clock: engine.clock,
      intervalMs: options.runPollIntervalMs,
      changed: (request, ending) => {
        this.service.changed(request);
        if (ending) void this.service.runEnded(request, ending);
      },
      log: engine.log,
    });
  }

  /** Re-records actions a crash may have lost, and starts following unfinished runs. */
  start(): void {
    this.service.resume();
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /**
   * Carries out one of the specialist outbox actions (called by the outbox runner). The
   * runner sends a few actions at once; one request's actions still go one at a time, in
   * the order they were recorded (a claim lands before the resolve that follows it).
   */
  async execute(claimed: ClaimedAction, recordStep: (step: string) => void): Promise<void> {
    const requestId = (claimed.record.request as { requestId: string }).requestId;
    const previous = this.lanes.get(requestId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.executeNow(claimed, recordStep));
    this.lanes.set(requestId, mine);
    try {
      await mine;
    } finally {
      if (this.lanes.get(requestId) === mine) this.lanes.delete(requestId);
    }
  }

  private async executeNow(claimed: ClaimedAction, recordStep: (step: string) => void): Promise<void> {
    const { engine, options } = this;
    await executeSpecialistAction(
      claimed,
      {
        store: options.store,
        catalogue: options.catalogue,
        paging: engine.paging,
        ticketing: engine.ticketing ? { provider: engine.ticketing, label: engine.ticketing.label } : null,
        pipelines: options.pipelines,
        clock: engine.clock,
        changed: (request) => this.service.changed(request),
      },
      recordStep,
    );
    if (claimed.record.request.kind === 'dispatchSpecialistRun') void this.poller.pollNow();
  }

  /** Reads every unfinished run once (tests). */
  pollRuns(): Promise<void> {
    return this.poller.pollNow();
  }

  getCatalogue(): Promise<RequestOutput<'getCatalogue'>> {
    return this.service.getCatalogue();
  }
  listSpecialistRequests(input: RequestInput<'listSpecialistRequests'>): Promise<RequestOutput<'listSpecialistRequests'>> {
    return this.service.listSpecialistRequests(input);
  }
  submitSpecialistRequest(input: RequestInput<'submitSpecialistRequest'>): Promise<RequestOutput<'submitSpecialistRequest'>> {
    return this.service.submitSpecialistRequest(input);
  }
  actOnSpecialistRequest(input: RequestInput<'actOnSpecialistRequest'>): Promise<RequestOutput<'actOnSpecialistRequest'>> {
    return this.service.actOnSpecialistRequest(input);
  }
  getPersonas(): Promise<RequestOutput<'getPersonas'>> {
    return this.service.getPersonas();
  }
  switchPersona(input: RequestInput<'switchPersona'>): Promise<RequestOutput<'switchPersona'>> {
    return this.service.switchPersona(input);
  }
}
