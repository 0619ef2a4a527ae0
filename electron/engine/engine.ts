/**
 * The console's engine: serves the contract's requests and pushes its events.
 *
 * It holds the incident store (fed by the paging sync), the durable outbox (drained by
 * the outbox runner) and the event hub, and decides what follows from what happens (a
 * landed action refreshes the queue, a declared major incident is announced). Its parts
 * are built and wired by the host (electron/host/create-engine.ts); hosts (Electron, the
 * headless server, the CLI) only call the contract's methods and listen to events.
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
import type { ConsoleEngine } from './ports/console-engine';
import type { CachedRead } from './cached-read';
import { IncidentDetailCache } from './incident-detail-cache';
import type { EventHub } from './event-hub';
import type { IncidentStore } from './incident-store';
import type { Outbox } from './outbox';
import type { OutboxRunner } from './outbox-runner';
import type { PagingSyncs } from './paging-syncs';
import { ProviderError, type Clock, type PagingProvider } from './ports';
import type { TicketSync } from './ticketing/ticket-sync';
import type { ResponseMetricsReader } from './response-metrics';
import type { NotificationCenter } from './notifications/notification-center';
import type { SettingsApi } from './settings-api';
import type { SpecialistDesk } from './specialists/specialist-desk';
import type { ChangeDesk } from './changes/change-desk';
import type { DeliveryDesk } from './delivery/delivery-desk';
import type { ActorSource } from './ports/actor';
import { errorText } from '../../shared/error-text';
import { currentOnCallsByPolicy } from '../../shared/rules/on-call-currency';

/** What the engine is made of; electron/host/create-engine.ts builds and wires them. */
export interface EngineParts {
  paging: PagingProvider;
  outbox: Outbox;
  clock: Clock;
  workspace: WorkspaceSummary;
  /** How long done actions stay visible in the snapshot. */
  recentActionsMs: number;
  /** The incident managers' escalation policies (from the workspace), for the on-call panel. */
  incidentManagerPolicyIds: readonly string[];
  /** Answers the settings and connections requests; null: they fail with not_found. */
  settingsApi: SettingsApi | null;
  events: EventHub;
  store: IncidentStore;
  sync: PagingSyncs;
  runner: OutboxRunner;
  directory: CachedRead<Directory>;
  oncalls: CachedRead<OnCall[]>;
  resolved: CachedRead<Incident[]>;
  responseMetrics: ResponseMetricsReader;
  notifications: NotificationCenter;
  /** Present when a ticketing system is configured. */
  tickets: TicketSync | null;
  /** Present when the workspace has a catalogue. */
  specialists: SpecialistDesk | null;
  /** Who acts on specialist requests and decides changes: the demo's personas or the signed-in user. */
  actor: ActorSource;
  /** Present when the workspace's ticketing system is also its change system. */
  changes: ChangeDesk | null;
  /** Present when the workspace has a `delivery:` section. */
  delivery: DeliveryDesk | null;
}

/**
 * How old the shared on-call read may be for the detail pane to reuse it (for the policies
 * whose shifts are all still under way): the notification center reads it again every five
 * minutes, so a change someone makes to a schedule shows in the pane within that.
 */
const SHARED_ONCALLS_MAX_AGE_MS = 6 * 60_000;

export class Engine implements ConsoleEngine {
  /** The detail pane's reads, kept while nothing they show has changed (incident-detail-cache.ts). */
  private readonly details: IncidentDetailCache;
  /** Actions whose paging half landed and was polled for, until they are done: one poll per action, not two. */
  private readonly polledAfterPagingHalf = new Set<string>();

  constructor(private readonly parts: EngineParts) {
    const { paging, store, clock, directory, oncalls } = parts;
    this.details = new IncidentDetailCache({
      paging,
      store,
      clock,
      shared: () => {
        const policies = directory.peek()?.escalationPolicies;
        const read = oncalls.peekRead(SHARED_ONCALLS_MAX_AGE_MS);
        const current = read
          ? currentOnCallsByPolicy({ entries: read.data, readAt: read.at }, clock.now(), SHARED_ONCALLS_MAX_AGE_MS)
          : undefined;
        return { ...(policies ? { escalationPolicies: policies } : {}), ...(current?.size ? { oncalls: current } : {}) };
      },
    });
  }

  /** Starts syncing and sends any actions left in the outbox by an earlier run. */
  start(): this {
    const { sync, tickets, notifications, specialists, changes, delivery, runner, clock } = this.parts;
    // The paging sync's pace follows whether I am on call and whether a page is in front of someone.
    sync.start({ clock, onCallNow: () => notifications.onCallAsLastKnown() });
    tickets?.start();
    notifications.start();
    specialists?.start();
    changes?.start();
    delivery?.start();
    runner.kick();
    return this;
  }

  ready(): Promise<void> {
    return this.parts.sync.ready();
  }

  deliveryRead(): Promise<void> {
    return this.parts.delivery?.ready() ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    const { sync, tickets, notifications, specialists, changes, delivery, runner, events } = this.parts;
    notifications.stop();
    await Promise.all([sync.stop(), tickets?.stop(), runner.stop(), specialists?.stop(), changes?.stop(), delivery?.stop()]);
    events.clear();
  }

  onEvent(listener: (event: ConsoleEvent) => void): () => void {
    return this.parts.events.listen(listener);
  }

  async getSnapshot(): Promise<RequestOutput<'getSnapshot'>> {
    const { outbox, workspace, recentActionsMs, store, sync, tickets, specialists } = this.parts;
    return {
      seq: store.seq,
      workspace,
      incidents: store.list(),
      connections: [...sync.statuses, tickets?.status, specialists?.sharedRecordStatus].filter(
        (status) => status !== undefined && status !== null,
      ),
      actions: outbox.listVisible(recentActionsMs),
      tickets: tickets?.ticketsFor(store.list().map((incident) => incident.id)) ?? [],
      lastSyncAt: sync.lastSyncAt === null ? null : new Date(sync.lastSyncAt).toISOString(),
    };
  }

  getIncidentDetail({ incidentId }: RequestInput<'getIncidentDetail'>): Promise<RequestOutput<'getIncidentDetail'>> {
    return readFor(`Incident ${incidentId}`, () => this.details.get(incidentId));
  }

  /** Users, teams, services, escalation policies and priorities; read at most every few minutes. */
  getDirectory(): Promise<RequestOutput<'getDirectory'>> {
    return readFor('The directory', () => this.parts.directory.get());
  }

  /** The incidents resolved most recently, for the Resolved view; read at most every 20 s, and again after a resolve or a reopen lands. */
  listResolvedIncidents(): Promise<RequestOutput<'listResolvedIncidents'>> {
    return readFor('The recently resolved incidents', async () => ({ incidents: await this.parts.resolved.get() }));
  }

  /** Who is on call now for every escalation policy, and which policies are the incident managers'. */
  getOnCalls(): Promise<RequestOutput<'getOnCalls'>> {
    return readFor('Who is on call', async () => ({
      oncalls: await this.parts.oncalls.get(),
      incidentManagerPolicyIds: [...this.parts.incidentManagerPolicyIds],
    }));
  }

  /** Time to acknowledge and to resolve per service and per team, their trend and the slowest incidents; the provider is read at most every 10 minutes. */
  getResponseMetrics({ windowDays, timeZone }: RequestInput<'getResponseMetrics'>): Promise<RequestOutput<'getResponseMetrics'>> {
    return readFor('The response metrics', () => this.parts.responseMetrics.get(windowDays, timeZone));
  }

  /** Pauses desktop notifications for a while (kept in the settings across restarts). */
  async pauseNotifications({ minutes }: RequestInput<'pauseNotifications'>): Promise<RequestOutput<'pauseNotifications'>> {
    return this.parts.notifications.pause(minutes);
  }

  async resumeNotifications(): Promise<RequestOutput<'resumeNotifications'>> {
    return this.parts.notifications.resume();
  }

  /** The pause, the rule in force and the triggered count, for the tray and the header. */
  async getNotificationState(): Promise<RequestOutput<'getNotificationState'>> {
    return this.parts.notifications.state();
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
    const { specialists } = this.parts;
    return specialists ? specialists.getCatalogue() : { catalogue: { teams: [], offerings: [] }, onCallByTeam: {} };
  }
  async listSpecialistRequests(input: RequestInput<'listSpecialistRequests'>): Promise<RequestOutput<'listSpecialistRequests'>> {
    const { specialists } = this.parts;
    return specialists ? specialists.listSpecialistRequests(input) : { requests: [] };
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
  // Who the console acts as: the demo's personas or the signed-in user (the actor source).
  async getPersonas(): Promise<RequestOutput<'getPersonas'>> {
    return this.parts.actor.personas();
  }
  async switchPersona({ personaId }: RequestInput<'switchPersona'>): Promise<RequestOutput<'switchPersona'>> {
    return { current: await this.parts.actor.switchTo(personaId) };
  }

  // Change management: handed to the change desk (changes/change-desk.ts).
  async listChanges(input: RequestInput<'listChanges'>): Promise<RequestOutput<'listChanges'>> {
    const { changes } = this.parts;
    return changes ? changes.listChanges(input) : { system: null, changes: [], me: null, readAt: null };
  }
  async listChangeTemplates(): Promise<RequestOutput<'listChangeTemplates'>> {
    const { changes } = this.parts;
    return changes ? changes.listChangeTemplates() : { system: null, templates: [], services: [] };
  }
  async proposeChangeTemplate(input: RequestInput<'proposeChangeTemplate'>): Promise<RequestOutput<'proposeChangeTemplate'>> {
    return this.changeDesk().proposeChangeTemplate(input);
  }
  async decideChange(input: RequestInput<'decideChange'>): Promise<RequestOutput<'decideChange'>> {
    return this.changeDesk().decideChange(input);
  }
  async decideChangeTemplate(input: RequestInput<'decideChangeTemplate'>): Promise<RequestOutput<'decideChangeTemplate'>> {
    return this.changeDesk().decideChangeTemplate(input);
  }

  // Delivery and the change audit: handed to the delivery desk (delivery/delivery-desk.ts).
  listDeliveryServices(): Promise<RequestOutput<'listDeliveryServices'>> {
    return readFor('The delivery services', () => this.deliveryDesk().listDeliveryServices());
  }
  getServiceDelivery(input: RequestInput<'getServiceDelivery'>): Promise<RequestOutput<'getServiceDelivery'>> {
    return readFor(`${input.service}'s delivery`, () => this.deliveryDesk().getServiceDelivery(input));
  }
  compareVersions(input: RequestInput<'compareVersions'>): Promise<RequestOutput<'compareVersions'>> {
    return readFor(`The compare of ${input.service} ${input.from}...${input.to}`, () => this.deliveryDesk().compareVersions(input));
  }
  getDeliveryMetrics(input: RequestInput<'getDeliveryMetrics'>): Promise<RequestOutput<'getDeliveryMetrics'>> {
    return readFor('The delivery metrics', () => this.deliveryDesk().getDeliveryMetrics(input));
  }
  getAuditReport(input: RequestInput<'getAuditReport'>): Promise<RequestOutput<'getAuditReport'>> {
    return readFor('The change audit', () => this.deliveryDesk().getAuditReport(input));
  }
  /** "What changed" before an incident; without a delivery mapping it says so instead of failing the incident's page. */
  async getIncidentChanges(input: RequestInput<'getIncidentChanges'>): Promise<RequestOutput<'getIncidentChanges'>> {
    const { delivery, store, paging } = this.parts;
    if (delivery) return readFor('What changed before the incident', () => delivery.getIncidentChanges(input));
    const incident =
      store.get(input.incidentId) ??
      (await readFor(`Incident ${input.incidentId}`, () => paging.getIncidentDetail(input.incidentId))).incident;
    return {
      incidentId: incident.id,
      openedAt: incident.createdAt,
      services: [{ service: incident.service.name, dependency: false, mapped: false }],
      deployments: [],
      problem: NO_DELIVERY,
      sources: [],
    };
  }

  private deliveryDesk(): DeliveryDesk {
    if (!this.parts.delivery) throw new ContractFailure('not_found', NO_DELIVERY);
    return this.parts.delivery;
  }

  private changeDesk(): ChangeDesk {
    if (!this.parts.changes)
      throw new ContractFailure(
        'not_found',
        'This workspace has no change system: its `ticketing:` section (ServiceNow or Jira Service Management) is where changes live',
      );
    return this.parts.changes;
  }

  private specialistDesk(): SpecialistDesk {
    if (!this.parts.specialists)
      throw new ContractFailure(
        'not_found',
        'This workspace has no service catalogue: add a `catalogue: { files: [...] }` section to the workspace file',
      );
    return this.parts.specialists;
  }

  private settingsApi(): SettingsApi {
    if (!this.parts.settingsApi) throw new ContractFailure('not_found', 'This console host keeps no settings.');
    return this.parts.settingsApi;
  }

  async submitAction(input: ActionRequest): Promise<ActionRecord> {
    // The contract checks it at the IPC and HTTP boundary; hosts calling in-process (the CLI) are checked here.
    const checked = ActionRequest.safeParse(input);
    if (!checked.success) throw new ContractFailure('bad_request', `submitAction: ${describeZodError(checked.error)}`);
    const { outbox, events, runner } = this.parts;
    const record = outbox.enqueue(checked.data);
    for (const replaced of outbox.takeSuperseded()) events.emit({ name: 'actionChanged', payload: replaced });
    events.emit({ name: 'actionChanged', payload: record });
    runner.kick();
    return record;
  }

  async retryAction({ actionId }: RequestInput<'retryAction'>): Promise<ActionRecord> {
    const record = this.parts.outbox.retry(actionId);
    if (!record) throw new ContractFailure('not_found', `No action ${actionId} that can be retried`);
    this.parts.events.emit({ name: 'actionChanged', payload: record });
    this.parts.runner.kick();
    return record;
  }

  /** Hides an action; one still pending is cancelled first, stopping its sending if it is under way here. */
  async dismissAction({ actionId }: RequestInput<'dismissAction'>): Promise<Record<string, never>> {
    await this.parts.runner.cancel(actionId);
    const record = this.parts.outbox.dismiss(actionId);
    if (!record) throw new ContractFailure('not_found', `No action ${actionId}`);
    if (record === 'in-flight') {
      throw new ContractFailure(
        'bad_request',
        'Another console process (the desktop app or a command line) is sending this action right now; dismiss it when that attempt has ended.',
      );
    }
    this.parts.events.emit({ name: 'actionChanged', payload: record });
    return {};
  }

  /** A page is (or is no longer) in front of someone: the paging sync's pace follows. */
  async setViewerPresence({ viewerId, visible, focused }: RequestInput<'setViewerPresence'>): Promise<RequestOutput<'setViewerPresence'>> {
    const { intervalMs, pace } = this.parts.sync.setViewerPresence(viewerId, { visible, focused });
    return { pollIntervalMs: Math.round(intervalMs), pace };
  }

  async refreshNow(): Promise<Record<string, never>> {
    await Promise.all([this.parts.sync.pollNow(), this.parts.changes?.watchNow(), this.parts.delivery?.syncNow()]);
    return {};
  }

  /**
   * The paging platform has an action (its ticket half may still be retrying): show it
   * without waiting for the next poll, and announce a major incident at once. Called by
   * the outbox runner's executor.
   */
  pagingHalfLanded(request: ActionRequest, actionId: string): void {
    const { store, clock, events, notifications, sync } = this.parts;
    if (request.kind === 'declareMajor') {
      const incidentId = request.incidentIds[0]!;
      const declared = {
        incidentId,
        title: store.get(incidentId)?.title ?? incidentId,
        reason: request.reason,
        declaredAt: new Date(clock.now()).toISOString(),
      };
      events.emit({ name: 'majorIncidentDeclared', payload: declared });
      notifications.onMajorIncidentDeclared(declared);
    }
    this.details.actionLanded(request);
    this.polledAfterPagingHalf.add(actionId);
    void sync.pollNow(request.incidentIds).catch(() => undefined);
  }

  /** An action changed state (the outbox runner reports it): tell the UI, and show a landed one's result at once. */
  actionChanged(record: ActionRecord): void {
    const { events, oncalls, resolved, sync } = this.parts;
    if (record.state === 'superseded' || (record.state === 'failed' && record.refused)) this.polledAfterPagingHalf.delete(record.id);
    events.emit({ name: 'actionChanged', payload: record });
    if (record.state === 'done' || (record.state === 'failed' && record.refused)) this.details.actionLanded(record.request);
    if (record.state === 'done') {
      // A reassignment or added responders changes who is busy with what: ask again next time.
      if (record.request.kind === 'reassign' || record.request.kind === 'addResponders') oncalls.invalidate();
      if (record.request.kind === 'resolve' || record.request.kind === 'reopen' || record.request.kind === 'merge') resolved.invalidate();
      // Polled already when its paging half landed (that poll shows it); only an action whose paging half was not seen here polls now.
      if (!this.polledAfterPagingHalf.delete(record.id)) void sync.pollNow(record.request.incidentIds).catch(() => undefined);
    } else if (record.state === 'failed' && record.refused) {
      // Someone else changed an incident first: show what they did now, not at the next poll.
      void sync.pollNow(record.request.incidentIds).catch(() => undefined);
    }
  }
}

const NO_DELIVERY =
  "This workspace maps no services to repositories: add a `delivery:` section to the workspace file (each service's repository, environments and production) to see deployments";

/** A read for the contract: a provider's error becomes one the contract carries to the UI, naming what was read. */
async function readFor<T>(subject: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ContractFailure) throw error;
    if (error instanceof ProviderError) {
      if (error.status === 404) throw new ContractFailure('not_found', `${subject} was not found: ${error.message}`);
      throw new ContractFailure('upstream', error.message);
    }
    throw new ContractFailure('internal', `${subject}: ${errorText(error)}`);
  }
}
