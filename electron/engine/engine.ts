/**
 * The console's engine: serves the contract's requests and pushes its events.
 *
 * It owns the incident store (fed by the paging sync), the durable outbox (drained by
 * the outbox runner) and the event fan-out. Everything outside (providers, clock,
 * storage) comes in through its constructor; hosts (Electron, the headless server, the
 * CLI) only call the contract's methods and listen to events.
 */
import {
  ContractFailure,
  describeZodError,
  type ConsoleEvent,
  type RequestInput,
  type RequestOutput,
  type WorkspaceSummary,
} from '../../shared/contract';
import { ActionRequest, type ActionRecord } from '../../shared/domain/action';
import type { Directory, OnCall } from '../../shared/domain/directory';
import type { Incident } from '../../shared/domain/incident';
import type { BackoffOptions } from '../../shared/rules/backoff';
import type { ConsoleEngine } from './ports/console-engine';
import { executeAction } from './action-executor';
import { CachedRead } from './cached-read';
import { IncidentStore } from './incident-store';
import type { Outbox } from './outbox';
import { OutboxRunner } from './outbox-runner';
import { PagingSync } from './paging-sync';
import { ProviderError, type Clock, type PagingProvider } from './ports';
import type { TicketingProvider } from './ports/ticketing';
import { Automations } from './ticketing/automations';
import type { TicketMapping } from './ticketing/ticket-mapping';
import { describeNewTicket, type TicketMirrorContext } from './ticketing/ticket-mirror';
import { TicketOpener } from './ticketing/ticket-opener';
import { TicketSync } from './ticketing/ticket-sync';
import { ResponseMetricsReader } from './response-metrics';
import { NotificationCenter, type NotificationSettingsSource } from './notifications/notification-center';
import type { SettingsApi } from './settings-api';
import { SpecialistDesk, type SpecialistOptions } from './specialists/specialist-desk';
import { errorText } from '../../shared/error-text';

/** A ticketing system the console keeps in step with the paging platform. */
interface TicketingOptions {
  provider: TicketingProvider;
  mapping: TicketMapping;
  /** Stable id of this host, for exactly-once ticket opening across hosts. */
  hostId: string;
  /** Run the automations (alert fired -> ticket, resolved -> resolved, ticket changes -> paging). */
  automations: boolean;
  /** Incidents older than this get no ticket from the automations when first seen (default 24 h). */
  backfillMs?: number;
}

export interface EngineOptions {
  paging: PagingProvider;
  outbox: Outbox;
  clock: Clock;
  workspace: WorkspaceSummary;
  reconcileIntervalMs: number;
  /** How long done actions stay visible in the snapshot. */
  recentActionsMs?: number;
  /** Retry delays for actions that failed transiently (full jitter; default up to 1 s doubling up to 60 s). */
  actionBackoff?: BackoffOptions;
  /** The incident managers' escalation policies (from the workspace), for the on-call panel. */
  incidentManagerPolicyIds?: string[];
  /** How long the directory is kept before it is read again (default 5 minutes; it changes rarely). */
  directoryCacheMs?: number;
  /** How long who-is-on-call is kept before it is read again (default 60 s). */
  onCallsCacheMs?: number;
  /** The organisation's ticketing system, when the workspace names one. */
  ticketing?: TicketingOptions;
  /** Notification preferences and the persisted pause (a SettingsStore); defaults when absent. */
  settings?: NotificationSettingsSource;
  /** Answers the settings and connections requests (the host's connections service); absent: they fail with not_found. */
  settingsApi?: SettingsApi;
  /** The service catalogue and its request store (specialists as a service); absent: an empty catalogue. */
  specialists?: SpecialistOptions;
  log?: (message: string) => void;
}

const DEFAULT_DIRECTORY_CACHE_MS = 5 * 60_000;
const DEFAULT_ONCALLS_CACHE_MS = 60_000;
/** How many recently resolved incidents the Resolved view lists, and how long one read of them is kept. */
const RECENTLY_RESOLVED_LIMIT = 100;
const RESOLVED_CACHE_MS = 20_000;

export class Engine implements ConsoleEngine {
  private readonly store = new IncidentStore();
  private readonly listeners = new Set<(event: ConsoleEvent) => void>();
  private readonly sync: PagingSync;
  private readonly runner: OutboxRunner;
  private readonly directory: CachedRead<Directory>;
  private readonly oncalls: CachedRead<OnCall[]>;
  private readonly resolved: CachedRead<Incident[]>;
  /** Present when a ticketing system is configured. */
  private readonly tickets: TicketSync | null = null;
  private readonly ticketMirror: TicketMirrorContext | undefined;
  private readonly automations: Automations | null = null;
  private readonly notifications: NotificationCenter;
  /** Present when the workspace has a catalogue. */
  private readonly specialists: SpecialistDesk | null = null;

  constructor(private readonly options: EngineOptions) {
    const { paging, outbox, clock, workspace, ticketing } = options;
    this.directory = new CachedRead(() => paging.getDirectory(), options.directoryCacheMs ?? DEFAULT_DIRECTORY_CACHE_MS, clock);
    this.oncalls = new CachedRead(() => paging.listOnCalls(), options.onCallsCacheMs ?? DEFAULT_ONCALLS_CACHE_MS, clock);
    this.resolved = new CachedRead(() => paging.listRecentlyResolved(RECENTLY_RESOLVED_LIMIT), RESOLVED_CACHE_MS, clock);
    this.notifications = new NotificationCenter({
      clock,
      me: workspace.me,
      incidentManagerPolicyIds: options.incidentManagerPolicyIds ?? [],
      directory: () => this.directory.get(),
      onCalls: () => this.oncalls.get(),
      incidents: () => this.store.list(),
      incident: (incidentId) => this.store.get(incidentId),
      emit: (event) => this.emit(event),
      settings: options.settings,
      log: options.log,
    });
    const describeError = (label: string) => (error: unknown) => options.log?.(`${label} sync failed: ${errorText(error)}`);
    if (ticketing) {
      const { provider: ticketingProvider, mapping } = ticketing;
      const tickets = new TicketSync({
        ticketing: ticketingProvider,
        clock,
        pollIntervalMs: workspace.pollIntervalMs * 2,
        recheckIntervalMs: options.reconcileIntervalMs,
        openIncidentIds: () => this.store.list().map((incident) => incident.id),
        onTicket: (ticket) => this.emit({ name: 'ticketChanged', payload: ticket }),
        onChanges: (changes) => void this.automations?.onTicketChanges(changes),
        onStatus: (status) => this.emit({ name: 'connectionChanged', payload: status }),
        onError: describeError(ticketingProvider.label),
      });
      this.tickets = tickets;
      // "Assigned to me": the ticketing user with the console user's email, else the account the console signs in as.
      const myTicketingUser = new CachedRead(
        async () => (workspace.me && (await ticketingProvider.findUserByEmail(workspace.me.email))) || ticketingProvider.whoAmI(),
        60 * 60_000,
        clock,
      );
      this.ticketMirror = {
        ticketing: ticketingProvider,
        mapping,
        opener: new TicketOpener({
          paging,
          ticketing: ticketingProvider,
          hostId: ticketing.hostId,
          clock,
          describe: async (incidentId) => describeNewTicket(await paging.getIncidentDetail(incidentId), mapping, ticketingProvider.label),
        }),
        myTicketingUserId: async () => (await myTicketingUser.get()).id,
        serviceName: async (serviceId) =>
          (await this.directory.get()).services.find((service) => service.id === serviceId)?.name ?? serviceId,
        onTicket: (ticket) => tickets.remember(ticket),
      };
      if (ticketing.automations) {
        this.automations = new Automations({
          outbox,
          clock,
          mapping,
          backfillMs: ticketing.backfillMs ?? 24 * 60 * 60_000,
          incident: (incidentId) => this.store.get(incidentId),
          escalationPolicyOfService: (serviceId) => this.escalationPolicyOfService(serviceId),
          priorityIdByName: (name) => this.priorityIdByName(name),
          onRecorded: (record) => {
            this.emit({ name: 'actionChanged', payload: record });
            this.runner.kick();
          },
          log: options.log,
        });
      }
    }
    this.sync = new PagingSync({
      provider: paging,
      store: this.store,
      clock,
      pollIntervalMs: workspace.pollIntervalMs,
      reconcileIntervalMs: options.reconcileIntervalMs,
      onDelta: (delta) => {
        this.emit({ name: 'incidentsChanged', payload: delta });
        this.automations?.onIncidentsChanged(delta);
        this.notifications.onIncidentsChanged(delta);
      },
      onResolved: (incidents) => this.automations?.onResolved(incidents),
      onStatus: (status) => {
        // The first successful sync is the baseline: incidents already open are not news.
        if (status.state === 'ok') this.notifications.markPrimed();
        this.emit({ name: 'connectionChanged', payload: status });
      },
      onError: describeError(paging.label),
    });
    if (options.specialists) {
      this.specialists = new SpecialistDesk(options.specialists, {
        outbox,
        clock,
        demo: workspace.demo,
        me: workspace.me,
        paging,
        ticketing: ticketing?.provider ?? null,
        directory: () => this.directory.get(),
        onCalls: () => this.oncalls.get(),
        incident: (incidentId) => this.store.get(incidentId),
        incidentTicket: (incidentId) => this.tickets?.ticketsFor([incidentId])[0],
        onRecorded: (record) => {
          this.emit({ name: 'actionChanged', payload: record });
          this.runner.kick();
        },
        emit: (request) => this.emit({ name: 'specialistRequestChanged', payload: request }),
        notify: (candidates) => this.notifications.offer(candidates),
        onSharedRecordStatus: (status) => this.emit({ name: 'connectionChanged', payload: status }),
        log: options.log,
      });
    }
    this.runner = new OutboxRunner({
      outbox,
      clock,
      execute: (claimed) =>
        executeAction(claimed, {
          provider: paging,
          recordStep: (step) => outbox.recordProgress(claimed.record.id, step),
          earlierActionPending: () => outbox.hasEarlierPending(claimed.record.id),
          actingUserId: async () => (await paging.whoAmI()).id,
          now: () => clock.now(),
          escalationPolicyOfService: (serviceId) => this.escalationPolicyOfService(serviceId),
          priorityIdByName: (name) => this.priorityIdByName(name),
          incidentManagerPolicyIds: options.incidentManagerPolicyIds ?? [],
          ticketMirror: this.ticketMirror,
          specialists: this.specialists ?? undefined,
          onPagingDone: (request) => this.pagingHalfLanded(request),
        }),
      onChange: (record) => this.actionChanged(record),
      backoff: options.actionBackoff,
    });
  }

  /** Starts syncing and sends any actions left in the outbox by an earlier run. */
  start(): this {
    this.sync.start();
    this.tickets?.start();
    this.notifications.start();
    this.specialists?.start();
    this.runner.kick();
    return this;
  }

  ready(): Promise<void> {
    return this.sync.ready();
  }

  async stop(): Promise<void> {
    this.notifications.stop();
    await Promise.all([this.sync.stop(), this.tickets?.stop(), this.runner.stop(), this.specialists?.stop()]);
    this.listeners.clear();
  }

  onEvent(listener: (event: ConsoleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getSnapshot(): Promise<RequestOutput<'getSnapshot'>> {
    const { outbox, workspace, recentActionsMs = 10 * 60_000 } = this.options;
    return {
      seq: this.store.seq,
      workspace,
      incidents: this.store.list(),
      connections: [this.sync.status, this.tickets?.status, this.specialists?.sharedRecordStatus].filter(
        (status) => status !== undefined && status !== null,
      ),
      actions: outbox.listVisible(recentActionsMs),
      tickets: this.tickets?.ticketsFor(this.store.list().map((incident) => incident.id)) ?? [],
      lastSyncAt: this.sync.lastSyncAt === null ? null : new Date(this.sync.lastSyncAt).toISOString(),
    };
  }

  async getIncidentDetail({ incidentId }: RequestInput<'getIncidentDetail'>): Promise<RequestOutput<'getIncidentDetail'>> {
    try {
      return await this.options.paging.getIncidentDetail(incidentId);
    } catch (error) {
      throw toContractFailure(error, `Incident ${incidentId}`);
    }
  }

  /** Users, teams, services, escalation policies and priorities; read at most every few minutes. */
  async getDirectory(): Promise<RequestOutput<'getDirectory'>> {
    try {
      return await this.directory.get();
    } catch (error) {
      throw toContractFailure(error, 'The directory');
    }
  }

  /** The incidents resolved most recently, for the Resolved view; read at most every 20 s, and again after a resolve or a reopen lands. */
  async listResolvedIncidents(): Promise<RequestOutput<'listResolvedIncidents'>> {
    try {
      return { incidents: await this.resolved.get() };
    } catch (error) {
      throw toContractFailure(error, 'The recently resolved incidents');
    }
  }

  /** Who is on call now for every escalation policy, and which policies are the incident managers'. */
  async getOnCalls(): Promise<RequestOutput<'getOnCalls'>> {
    try {
      return { oncalls: await this.oncalls.get(), incidentManagerPolicyIds: [...(this.options.incidentManagerPolicyIds ?? [])] };
    } catch (error) {
      throw toContractFailure(error, 'Who is on call');
    }
  }

  private responseMetrics: ResponseMetricsReader | null = null;

  /** Time to acknowledge and to resolve per service and per team, their trend and the slowest incidents; the provider is read at most every 10 minutes. */
  async getResponseMetrics({ windowDays, timeZone }: RequestInput<'getResponseMetrics'>): Promise<RequestOutput<'getResponseMetrics'>> {
    this.responseMetrics ??= new ResponseMetricsReader(this.options.paging, this.options.clock);
    try {
      return await this.responseMetrics.get(windowDays, timeZone);
    } catch (error) {
      throw toContractFailure(error, 'The response metrics');
    }
  }

  /** Pauses desktop notifications for a while (kept in the settings across restarts). */
  async pauseNotifications({ minutes }: RequestInput<'pauseNotifications'>): Promise<RequestOutput<'pauseNotifications'>> {
    return this.notifications.pause(minutes);
  }

  async resumeNotifications(): Promise<RequestOutput<'resumeNotifications'>> {
    return this.notifications.resume();
  }

  /** The pause, the rule in force and the triggered count, for the tray and the header. */
  async getNotificationState(): Promise<RequestOutput<'getNotificationState'>> {
    return this.notifications.state();
  }

  /** Notifications from other sources (specialist requests), through the same policy and grouping. */
  get notificationCenter(): NotificationCenter {
    return this.notifications;
  }

  // Settings and connections: handed to the host's SettingsApi (settings-api.ts).
  getSettings(input: RequestInput<'getSettings'>) {
    return this.settingsApi().getSettings(input);
  }
  updateSettings(input: RequestInput<'updateSettings'>) {
    return this.settingsApi().updateSettings(input);
  }
  listConnections(input: RequestInput<'listConnections'>) {
    return this.settingsApi().listConnections(input);
  }
  testConnection(input: RequestInput<'testConnection'>) {
    return this.settingsApi().testConnection(input);
  }
  saveConnection(input: RequestInput<'saveConnection'>) {
    return this.settingsApi().saveConnection(input);
  }
  removeConnection(input: RequestInput<'removeConnection'>) {
    return this.settingsApi().removeConnection(input);
  }
  exportWorkspace(input: RequestInput<'exportWorkspace'>) {
    return this.settingsApi().exportWorkspace(input);
  }
  importWorkspace(input: RequestInput<'importWorkspace'>) {
    return this.settingsApi().importWorkspace(input);
  }

  // Specialists as a service: handed to the specialist desk (specialists/specialist-desk.ts).
  async getCatalogue(): Promise<RequestOutput<'getCatalogue'>> {
    return this.specialists ? this.specialists.getCatalogue() : { catalogue: { teams: [], offerings: [] }, onCallByTeam: {} };
  }
  async listSpecialistRequests(input: RequestInput<'listSpecialistRequests'>): Promise<RequestOutput<'listSpecialistRequests'>> {
    return this.specialists ? this.specialists.listSpecialistRequests(input) : { requests: [] };
  }
  async submitSpecialistRequest(input: RequestInput<'submitSpecialistRequest'>): Promise<RequestOutput<'submitSpecialistRequest'>> {
    return this.specialistDesk().submitSpecialistRequest(input);
  }
  async actOnSpecialistRequest(input: RequestInput<'actOnSpecialistRequest'>): Promise<RequestOutput<'actOnSpecialistRequest'>> {
    return this.specialistDesk().actOnSpecialistRequest(input);
  }
  async retrySpecialistRequest(input: RequestInput<'retrySpecialistRequest'>): Promise<RequestOutput<'retrySpecialistRequest'>> {
    return this.specialistDesk().retrySpecialistRequest(input);
  }
  async getSpecialistRunLog(input: RequestInput<'getSpecialistRunLog'>): Promise<RequestOutput<'getSpecialistRunLog'>> {
    return this.specialistDesk().getSpecialistRunLog(input);
  }
  async getPersonas(): Promise<RequestOutput<'getPersonas'>> {
    return this.specialists ? this.specialists.getPersonas() : { personas: [], current: null };
  }
  async switchPersona(input: RequestInput<'switchPersona'>): Promise<RequestOutput<'switchPersona'>> {
    return this.specialistDesk().switchPersona(input);
  }

  /** Reads every unfinished self-service run once (tests). */
  pollSpecialistRuns(): Promise<void> {
    return this.specialists?.pollRuns() ?? Promise.resolve();
  }

  /** Resolves once the notifications offered so far went through the policy (tests). */
  notificationsSettled(): Promise<void> {
    return this.notifications.settled();
  }

  /** Reads the specialist requests other consoles changed from the ticketing system once now (tests). */
  readSpecialistSharedRecord(): Promise<void> {
    return this.specialists?.readSharedRecord() ?? Promise.resolve();
  }

  private specialistDesk(): SpecialistDesk {
    if (!this.specialists)
      throw new ContractFailure(
        'not_found',
        'This workspace has no service catalogue: add a `catalogue: { files: [...] }` section to the workspace file',
      );
    return this.specialists;
  }

  private settingsApi(): SettingsApi {
    if (!this.options.settingsApi) throw new ContractFailure('not_found', 'This console host keeps no settings.');
    return this.options.settingsApi;
  }

  async submitAction(input: ActionRequest): Promise<ActionRecord> {
    // The contract checks it at the IPC and HTTP boundary; hosts calling in-process (the CLI) are checked here.
    const checked = ActionRequest.safeParse(input);
    if (!checked.success) throw new ContractFailure('bad_request', `submitAction: ${describeZodError(checked.error)}`);
    const record = this.options.outbox.enqueue(checked.data);
    for (const replaced of this.options.outbox.takeSuperseded()) this.emit({ name: 'actionChanged', payload: replaced });
    this.emit({ name: 'actionChanged', payload: record });
    this.runner.kick();
    return record;
  }

  async retryAction({ actionId }: RequestInput<'retryAction'>): Promise<ActionRecord> {
    const record = this.options.outbox.retry(actionId);
    if (!record) throw new ContractFailure('not_found', `No action ${actionId} that can be retried`);
    this.emit({ name: 'actionChanged', payload: record });
    this.runner.kick();
    return record;
  }

  /** Hides an action; one still pending is cancelled first, stopping its sending if it is under way here. */
  async dismissAction({ actionId }: RequestInput<'dismissAction'>): Promise<Record<string, never>> {
    await this.runner.cancel(actionId);
    const record = this.options.outbox.dismiss(actionId);
    if (!record) throw new ContractFailure('not_found', `No action ${actionId}`);
    if (record === 'in-flight') {
      throw new ContractFailure(
        'bad_request',
        'Another console process (the desktop app or a command line) is sending this action right now; dismiss it when that attempt has ended.',
      );
    }
    this.emit({ name: 'actionChanged', payload: record });
    return {};
  }

  async refreshNow(): Promise<Record<string, never>> {
    await this.sync.pollNow();
    return {};
  }

  /** Resolves when no outbox round is in flight (tests, orderly shutdown). */
  outboxIdle(): Promise<void> {
    return this.runner.idle();
  }

  /** The escalation policy of a paging service, from the directory. */
  private async escalationPolicyOfService(serviceId: string): Promise<string> {
    const service = (await this.directory.get()).services.find((candidate) => candidate.id === serviceId);
    if (!service?.escalationPolicyId) {
      throw new ProviderError('rejected', `The service ${service?.name ?? serviceId} has no escalation policy to reassign to.`);
    }
    return service.escalationPolicyId;
  }

  private async priorityIdByName(name: string): Promise<string | null> {
    return (await this.directory.get()).priorities.find((priority) => priority.name === name)?.id ?? null;
  }

  /**
   * The paging platform has an action (its ticket half may still be retrying): show it
   * without waiting for the next poll, and announce a major incident at once.
   */
  private pagingHalfLanded(request: ActionRequest): void {
    if (request.kind === 'declareMajor') {
      const incidentId = request.incidentIds[0]!;
      const declared = {
        incidentId,
        title: this.store.get(incidentId)?.title ?? incidentId,
        reason: request.reason,
        declaredAt: new Date(this.options.clock.now()).toISOString(),
      };
      this.emit({ name: 'majorIncidentDeclared', payload: declared });
      this.notifications.onMajorIncidentDeclared(declared);
    }
    void this.sync.pollNow().catch(() => undefined);
  }

  private actionChanged(record: ActionRecord): void {
    this.emit({ name: 'actionChanged', payload: record });
    // Show the result of a landed action without waiting for the next poll.
    if (record.state === 'done') {
      // A reassignment or added responders changes who is busy with what: ask again next time.
      if (record.request.kind === 'reassign' || record.request.kind === 'addResponders') this.oncalls.invalidate();
      if (record.request.kind === 'resolve' || record.request.kind === 'reopen' || record.request.kind === 'merge')
        this.resolved.invalidate();
      void this.sync.pollNow().catch(() => undefined);
    } else if (record.state === 'failed' && record.refused) {
      // Someone else changed an incident first: show what they did now, not at the next poll.
      void this.sync.pollNow().catch(() => undefined);
    }
  }

  private emit(event: ConsoleEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log?.(`An event listener failed: ${errorText(error)}`);
      }
    }
  }
}

/** Turns a provider's error into one the contract carries to the UI. */
function toContractFailure(error: unknown, subject: string): ContractFailure {
  if (error instanceof ContractFailure) return error;
  if (error instanceof ProviderError) {
    if (error.status === 404) return new ContractFailure('not_found', `${subject} was not found: ${error.message}`);
    return new ContractFailure('upstream', error.message);
  }
  return new ContractFailure('internal', `${subject}: ${errorText(error)}`);
}
