/**
 * The specialists feature as the engine holds it: the request service (contract
 * requests), the outbox executor for its actions, the run poller and, with a ticketing
 * system, the shared record (each change made here is shared as a note on the request's
 * ticket; request-sync.ts reads the notes other consoles wrote), wired to the engine's
 * outbox, clock, directory, incidents, ticketing system and events. The engine creates
 * one when the workspace has a catalogue.
 */
import { ContractFailure, type RequestInput, type RequestOutput } from '../../../shared/contract';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import { pipelineRefOf, type Catalogue, type Offering } from '../../../shared/domain/catalogue';
import type { ConnectionStatus } from '../../../shared/domain/connection';
import type { Directory, OnCall } from '../../../shared/domain/directory';
import type { Incident } from '../../../shared/domain/incident';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import type { Ticket } from '../../../shared/domain/ticket';
import type { NotificationCandidate } from '../notifications/notification-candidate';
import type { ClaimedAction, Outbox } from '../outbox';
import { pipelineProviderFor, type PipelineProviders } from '../ports/pipeline';
import { ProviderError, type Clock, type PagingProvider } from '../ports';
import type { ActorSource } from '../ports/actor';
import { RUN_LOG_TAIL_LINES } from '../../../shared/domain/pipeline';
import type { TicketingProvider } from '../ports/ticketing';
import type { StoredRequest } from './request-record';
import { changeToShare, encodeSharedNote } from './request-sharing';
import type { SpecialistRequestStore } from './request-store';
import { SpecialistRequestSync } from './request-sync';
import { RunPoller } from './run-poller';
import { executeSpecialistAction } from './specialist-executor';
import { dedupeKeys, SpecialistService, type FormCheck } from './specialist-service';
import { errorText } from '../../../shared/error-text';

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
  /** How often the ticketing system is asked for requests changed on other machines (default 10 s). */
  sharedRecordPollIntervalMs?: number;
}

/** Self-service requests that ended: their ticket is closed (completed when the run succeeded). */
const SELF_SERVICE_ENDINGS: ReadonlySet<string> = new Set(['succeeded', 'rejected', 'cancelled']);

/** What the desk needs from the engine. */
export interface SpecialistEngineContext {
  outbox: Outbox;
  clock: Clock;
  /** Who acts: the demo's personas or the signed-in user. */
  actor: ActorSource;
  paging: PagingProvider;
  /** The paging platform of an incident ("pagerduty", "splunk-on-call"); default: the paging provider's own. */
  platformOf?(incidentId: string): string;
  ticketing: TicketingProvider | null;
  directory(): Promise<Directory>;
  onCalls(): Promise<OnCall[]>;
  incident(incidentId: string): Incident | undefined;
  incidentTicket(incidentId: string): Ticket | undefined;
  onRecorded(record: ActionRecord): void;
  emit(request: SpecialistRequest): void;
  notify(candidates: NotificationCandidate[]): void;
  /** The health of reading the shared record (requests changed elsewhere) from the ticketing system. */
  onSharedRecordStatus?(status: ConnectionStatus): void;
  log?(message: string): void;
}

export class SpecialistDesk {
  private readonly service: SpecialistService;
  private readonly poller: RunPoller;
  private readonly sharedRecord: SpecialistRequestSync | null = null;
  private stopSharing: () => void = () => undefined;
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
      actor: engine.actor,
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
    if (engine.ticketing) {
      this.sharedRecord = new SpecialistRequestSync({
        ticketing: engine.ticketing,
        store: options.store,
        clock: engine.clock,
        pollIntervalMs: options.sharedRecordPollIntervalMs ?? 10_000,
        adopt: (request) => this.service.adopt(request),
        onChange: async (before, after, backlog) => {
          this.service.changed(after);
          await this.service.settleSharedApprovals(after.id);
          if (backlog) return;
          await this.service
            .notifyShared(before, after)
            .catch((error: unknown) => engine.log?.(`A notification for ${after.id} failed: ${errorText(error)}`));
        },
        onStatus: engine.onSharedRecordStatus,
        log: engine.log,
      });
    }
  }

  /** How reading the shared record goes, when there is a ticketing system. */
  get sharedRecordStatus(): ConnectionStatus | null {
    return this.sharedRecord?.status ?? null;
  }

  /** Re-records actions a crash may have lost, starts following unfinished runs and reading the shared record. */
  start(): void {
    const { store } = this.options;
    this.stopSharing = store.onChange((before, after) => this.share(before, after));
    // Changes stored here but never shared (the process stopped in between): share them whole now.
    for (const id of store.sharePendingIds()) {
      const request = store.get(id);
      if (request) this.share(null, request);
      store.markShared(id);
    }
    this.service.resume();
    this.poller.start();
    this.sharedRecord?.start();
  }

  async stop(): Promise<void> {
    this.stopSharing();
    await Promise.all([this.poller.stop(), this.sharedRecord?.stop()]);
  }

  /** Reads the shared record once now (tests; the requests view's refresh). */
  readSharedRecord(): Promise<void> {
    return this.sharedRecord?.pollNow() ?? Promise.resolve();
  }

  /**
   * A change made here, shared on the request's ticket for the other consoles: once the
   * ticket exists, everything so far, then each change. A self-service request's ticket is
   * closed when the request ends.
   */
  private share(before: StoredRequest | null, after: StoredRequest): void {
    if (!this.engine.ticketing || !after.ticket) return;
    const change = changeToShare(before?.ticket ? before : null, after);
    if (change) {
      // The change is shared at the next version: remember it (quietly: that is not a change to share).
      this.options.store.update(
        after.id,
        (request) => Object.assign(request, { version: change.core.version, versionTag: change.core.versionTag }),
        'ticket',
      );
      this.enqueue(after, { type: 'share', text: encodeSharedNote(change) }, dedupeKeys.share(after.id, change.id));
    }
    const ended = (request: StoredRequest | null) => request !== null && SELF_SERVICE_ENDINGS.has(request.state);
    if (after.kind === 'self-service' && ended(after) && !(before?.ticket && ended(before))) {
      const outcome = after.state === 'succeeded' ? 'resolved' : 'cancelled';
      this.enqueue(
        after,
        { type: 'resolve', text: after.history.at(-1)?.summary ?? `${after.offeringTitle}: ${after.state}`, outcome },
        dedupeKeys.close(after.id),
      );
    }
  }

  private enqueue(
    request: StoredRequest,
    update: Extract<ActionRequest, { kind: 'updateSpecialistTicket' }>['update'],
    dedupeKey: string,
  ): void {
    const record = this.engine.outbox.enqueueOnce(
      { kind: 'updateSpecialistTicket', incidentIds: request.incidentId ? [request.incidentId] : [], requestId: request.id, update },
      dedupeKey,
    );
    if (record) this.engine.onRecorded(record);
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
        platformOf: engine.platformOf ?? (() => engine.paging.id),
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
  retrySpecialistRequest(input: RequestInput<'retrySpecialistRequest'>): Promise<RequestOutput<'retrySpecialistRequest'>> {
    return this.service.retrySpecialistRequest(input);
  }

  /** The end of one of a request's runs' log, read through the run's pipeline provider (a read: nothing goes through the outbox). */
  async getSpecialistRunLog({ requestId, runId }: RequestInput<'getSpecialistRunLog'>): Promise<RequestOutput<'getSpecialistRunLog'>> {
    const request = this.options.store.get(requestId);
    if (!request) throw new ContractFailure('not_found', `No specialist request ${requestId}`);
    const stored = request.runs.find((candidate) => candidate.run?.id === runId);
    if (!stored?.run) throw new ContractFailure('not_found', `${request.offeringTitle} (${requestId}) has no run ${runId}`);
    const offering = this.options.catalogue.offerings.find((candidate) => candidate.id === request.offeringId);
    if (!offering?.pipeline)
      throw new ContractFailure(
        'bad_request',
        `The offering ${request.offeringId} is no longer in the catalogue: the console does not know where its runs' logs are`,
      );
    const ref = pipelineRefOf(offering.pipeline);
    try {
      return await pipelineProviderFor(this.options.pipelines, ref).getRunLog(ref, runId, RUN_LOG_TAIL_LINES);
    } catch (error) {
      if (error instanceof ProviderError)
        throw new ContractFailure(
          error.status === 404 ? 'not_found' : 'upstream',
          `The log of run ${runId} could not be read: ${error.message}`,
        );
      throw error;
    }
  }
}
