/**
 * Builds the engine from a workspace's parts and wires them together: the incident store
 * and the paging sync, the outbox runner and its executor, the cached directory reads,
 * notifications, the ticketing sync and its automations, the specialists desk and who
 * acts on its requests (the demo's personas or the signed-in user). The engine itself
 * (electron/engine/engine.ts) only serves the contract with what it is handed here.
 */
import type { WorkspaceSummary } from '../../shared/contract';
import type { ActionRecord } from '../../shared/domain/action';
import type { Directory } from '../../shared/domain/directory';
import type { BackoffOptions } from '../../shared/rules/backoff';
import { errorText } from '../../shared/error-text';
import { executeAction } from '../engine/action-executor';
import { CachedRead } from '../engine/cached-read';
import { escalationPolicyOfService, priorityIdByName } from '../engine/directory-lookups';
import { Engine, type EngineParts } from '../engine/engine';
import { EventHub } from '../engine/event-hub';
import { IncidentStore } from '../engine/incident-store';
import type { Outbox } from '../engine/outbox';
import { OutboxRunner } from '../engine/outbox-runner';
import { PagingSync } from '../engine/paging-sync';
import { PagingRouter } from '../engine/paging-router';
import { actionCapability } from '../../shared/rules/platform-capabilities';
import { PagingSyncs } from '../engine/paging-syncs';
import type { Clock, PagingProvider } from '../engine/ports';
import type { ActorSource } from '../engine/ports/actor';
import type { TicketingProvider } from '../engine/ports/ticketing';
import { ResponseMetricsReader } from '../engine/response-metrics';
import { NotificationCenter, type NotificationSettingsSource } from '../engine/notifications/notification-center';
import type { SettingsApi } from '../engine/settings-api';
import { SpecialistDesk, type SpecialistOptions } from '../engine/specialists/specialist-desk';
import { ChangeDesk } from '../engine/changes/change-desk';
import type { ChangeSystem } from '../engine/ports/change-system';
import { ChangeAutoClose } from '../engine/changes/auto-close';
import type { RunLocator } from '../engine/changes/run-locator';
import { DeliveryDesk, type MappedService } from '../engine/delivery/delivery-desk';
import type { DeliveryStore } from '../engine/delivery/delivery-store';
import { DeliverySync, type ServiceCode } from '../engine/delivery/delivery-sync';
import type { DeploymentFeed } from '../engine/ports/delivery-source';
import type { Persona } from '../../shared/domain/specialist-request';
import { Automations } from '../engine/ticketing/automations';
import type { TicketMapping } from '../engine/ticketing/ticket-mapping';
import { describeNewTicket, type TicketMirrorContext } from '../engine/ticketing/ticket-mirror';
import { TicketOpener } from '../engine/ticketing/ticket-opener';
import { TicketSync } from '../engine/ticketing/ticket-sync';
import { demoPersonaSwitch, signedInUser } from './actor-sources';

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
  /** The workspace's (first) paging platform: the console acts as its user. */
  paging: PagingProvider;
  /** More paging platforms in the same queue (Splunk On-Call beside PagerDuty). */
  morePaging?: PagingProvider[];
  outbox: Outbox;
  clock: Clock;
  workspace: WorkspaceSummary;
  reconcileIntervalMs: number;
  /** How long done actions stay visible in the snapshot (default 10 minutes). */
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
  /** The change system (the workspace's ticketing system's change management); absent: no Changes area. */
  changes?: ChangeOptions;
  /** The workspace's delivery sources (its `delivery:` section); absent: no Delivery area. */
  delivery?: DeliveryOptions;
  log?: (message: string) => void;
}

interface ChangeOptions {
  system: ChangeSystem;
  /** Demo personas the change system brings (its change manager). */
  personas?: Persona[];
  /** How often the change system is read for news (default 30 s). */
  watchIntervalMs?: number;
  /** The pipeline runs changes name: with the automations on, changes left open after their run ended are closed. */
  runs?: RunLocator;
  /** Between auto-close rounds (default one minute). */
  autoCloseIntervalMs?: number;
}

/** What the delivery desk reads from: the store, each service's feeds and code host, and the mapping. */
export interface DeliveryOptions {
  store: DeliveryStore;
  feeds: readonly DeploymentFeed[];
  code: ReadonlyMap<string, ServiceCode>;
  services: readonly MappedService[];
  failureWindowHours: number;
  pollIntervalMs: number;
  /** Production ranges read per sync round (default 100). */
  rangesPerRound?: number;
}

/** How far back the delivery desk reads changes and incidents: the longest metrics window (90 days) and its 30 days of history. */
const DELIVERY_LOOKBACK_MS = 120 * 24 * 60 * 60_000;
/** How long one read of those is kept. */
const DELIVERY_CHANGES_CACHE_MS = 60_000;
const DELIVERY_INCIDENTS_CACHE_MS = 5 * 60_000;

const DEFAULT_DIRECTORY_CACHE_MS = 5 * 60_000;
const DEFAULT_ONCALLS_CACHE_MS = 60_000;
/** How many recently resolved incidents the Resolved view lists, and how long one read of them is kept. */
const RECENTLY_RESOLVED_LIMIT = 100;
const RESOLVED_CACHE_MS = 20_000;

/** The engine, not yet started. */
export function createEngine(options: EngineOptions): Engine {
  return wireEngine(options).engine;
}

/** The engine and its parts: tests and benchmarks reach a part (the outbox runner, the specialists desk) to wait for it. */
export function wireEngine(options: EngineOptions): { engine: Engine; parts: EngineParts } {
  const { outbox, clock, workspace, ticketing, log } = options;
  // Several platforms: actions go to each incident's own platform, reads cover them all.
  const platforms: [PagingProvider, ...PagingProvider[]] = [options.paging, ...(options.morePaging ?? [])];
  const router = platforms.length > 1 ? new PagingRouter(platforms) : null;
  const paging: PagingProvider = router ?? options.paging;
  const platformOf = (incidentId: string): PagingProvider => (router ? router.platformOf(incidentId) : paging);
  const platformIdOf = (incidentId: string) => platformOf(incidentId).id;
  const incidentManagerPolicyIds = options.incidentManagerPolicyIds ?? [];
  const events = new EventHub(log);
  const store = new IncidentStore();
  const directory = new CachedRead(() => paging.getDirectory(), options.directoryCacheMs ?? DEFAULT_DIRECTORY_CACHE_MS, clock);
  const oncalls = new CachedRead(() => paging.listOnCalls(), options.onCallsCacheMs ?? DEFAULT_ONCALLS_CACHE_MS, clock);
  const resolved = new CachedRead(() => paging.listRecentlyResolved(RECENTLY_RESOLVED_LIMIT), RESOLVED_CACHE_MS, clock);
  const readDirectory = () => directory.get();
  const lookups = {
    escalationPolicyOfService: (serviceId: string) => escalationPolicyOfService(readDirectory, serviceId),
    priorityIdByName: (name: string) => priorityIdByName(readDirectory, name),
  };
  // The parts below report to the outbox runner and the engine, made last: they call them only once started.
  const recorded = (record: ActionRecord) => {
    events.emit({ name: 'actionChanged', payload: record });
    runner.kick();
  };
  const syncFailed = (label: string) => (error: unknown) => log?.(`${label} sync failed: ${errorText(error)}`);

  const notifications = new NotificationCenter({
    clock,
    me: workspace.me,
    // The same person on the other platforms: the user each acts as (Splunk On-Call: its username).
    myOtherIds: async () => Promise.all((options.morePaging ?? []).map(async (platform) => (await platform.whoAmI()).id)),
    incidentManagerPolicyIds,
    directory: readDirectory,
    onCalls: () => oncalls.get(),
    incidents: () => store.list(),
    incident: (incidentId) => store.get(incidentId),
    emit: (event) => events.emit(event),
    settings: options.settings,
    // The delivery and change desks are made below; they know what was deployed on a service.
    recentDeployment: (serviceName, openedAt) =>
      delivery?.recentDeployment(serviceName, openedAt) ?? changes?.recentDeployment(serviceName, openedAt) ?? null,
    log,
  });

  let tickets: TicketSync | null = null;
  let ticketMirror: TicketMirrorContext | undefined;
  let automations: Automations | null = null;
  if (ticketing) {
    const { provider: ticketingProvider, mapping } = ticketing;
    const ticketSync = new TicketSync({
      ticketing: ticketingProvider,
      clock,
      pollIntervalMs: workspace.pollIntervalMs * 2,
      recheckIntervalMs: options.reconcileIntervalMs,
      openIncidentIds: () => store.list().map((incident) => incident.id),
      onTicket: (ticket) => events.emit({ name: 'ticketChanged', payload: ticket }),
      onChanges: (changes) => void automations?.onTicketChanges(changes),
      onStatus: (status) => events.emit({ name: 'connectionChanged', payload: status }),
      onError: syncFailed(ticketingProvider.label),
    });
    tickets = ticketSync;
    // "Assigned to me": the ticketing user with the console user's email, else the account the console signs in as.
    const myTicketingUser = new CachedRead(
      async () => (workspace.me && (await ticketingProvider.findUserByEmail(workspace.me.email))) || ticketingProvider.whoAmI(),
      60 * 60_000,
      clock,
    );
    ticketMirror = {
      ticketing: ticketingProvider,
      mapping,
      opener: new TicketOpener({
        paging,
        ticketing: ticketingProvider,
        hostId: ticketing.hostId,
        clock,
        describe: async (incidentId) => describeNewTicket(await paging.getIncidentDetail(incidentId), mapping, ticketingProvider.label),
        claimsOnIncident: (incidentId) => actionCapability(platformIdOf(incidentId), 'openTicket', { ticketing: true }).notesOnIncident,
      }),
      myTicketingUserId: async () => (await myTicketingUser.get()).id,
      serviceName: async (serviceId) => (await directory.get()).services.find((service) => service.id === serviceId)?.name ?? serviceId,
      onTicket: (ticket) => ticketSync.remember(ticket),
    };
    if (ticketing.automations) {
      automations = new Automations({
        outbox,
        clock,
        mapping,
        backfillMs: ticketing.backfillMs ?? 24 * 60 * 60_000,
        incident: (incidentId) => store.get(incidentId),
        ...lookups,
        onRecorded: recorded,
        log,
      });
    }
  }

  // One sync per platform over the shared store; each reconciles only its own incidents.
  const syncOf = (platform: PagingProvider) =>
    new PagingSync({
      provider: platform,
      store,
      clock,
      pollIntervalMs: workspace.pollIntervalMs,
      reconcileIntervalMs: options.reconcileIntervalMs,
      sharedStore: platforms.length > 1,
      onDelta: (delta, firstLoad) => {
        events.emit({ name: 'incidentsChanged', payload: delta });
        automations?.onIncidentsChanged(delta);
        notifications.onIncidentsChanged(delta, firstLoad);
      },
      onResolved: (incidents) => automations?.onResolved(incidents),
      onStatus: (status) => {
        // The first successful sync is the baseline: incidents already open are not news.
        if (status.state === 'ok') notifications.markPrimed();
        events.emit({ name: 'connectionChanged', payload: status });
      },
      onError: syncFailed(platform.label),
    });
  const sync = new PagingSyncs([syncOf(platforms[0]), ...platforms.slice(1).map(syncOf)], platformIdOf);

  const actor = actorSource(options, readDirectory);
  const specialists = options.specialists
    ? new SpecialistDesk(options.specialists, {
        outbox,
        clock,
        actor,
        paging,
        platformOf: platformIdOf,
        ticketing: ticketing?.provider ?? null,
        directory: readDirectory,
        onCalls: () => oncalls.get(),
        incident: (incidentId) => store.get(incidentId),
        incidentTicket: (incidentId) => tickets?.ticketsFor([incidentId])[0],
        onRecorded: recorded,
        emit: (request) => events.emit({ name: 'specialistRequestChanged', payload: request }),
        notify: (candidates) => notifications.offer(candidates),
        onSharedRecordStatus: (status) => events.emit({ name: 'connectionChanged', payload: status }),
        log,
      })
    : null;

  const changes = options.changes
    ? new ChangeDesk({
        changeSystem: options.changes.system,
        outbox,
        clock,
        actor: () => actor.current(),
        directory: readDirectory,
        onRecorded: recorded,
        changed: () => events.emit({ name: 'changesChanged', payload: { at: new Date(clock.now()).toISOString() } }),
        notify: (candidates) => notifications.offer(candidates),
        watchIntervalMs: options.changes.watchIntervalMs,
        autoClose:
          options.changes.runs && ticketing?.automations
            ? new ChangeAutoClose({
                changeSystem: options.changes.system,
                pipelines: options.changes.runs,
                clock,
                intervalMs: options.changes.autoCloseIntervalMs,
                enqueue: (request, dedupeKey) => {
                  const record = outbox.enqueueOnce(request, dedupeKey);
                  if (record) recorded(record);
                },
                log,
              })
            : null,
        log,
      })
    : null;

  const delivery = options.delivery ? deliveryDesk(options.delivery, options, { store, directory, emit: events, paging }) : null;

  const runner = new OutboxRunner({
    outbox,
    clock,
    execute: (claimed) =>
      executeAction(claimed, {
        provider: paging,
        recordStep: (step) => outbox.recordProgress(claimed.record.id, step),
        earlierActionPending: () => outbox.hasEarlierPending(claimed.record.id),
        actingUserId: async () => (await paging.whoAmI()).id,
        platformOf,
        now: () => clock.now(),
        ...lookups,
        incidentManagerPolicyIds,
        ticketMirror,
        specialists: specialists ?? undefined,
        changes: changes ?? undefined,
        onPagingDone: (request, actionId) => engine.pagingHalfLanded(request, actionId),
      }),
    onChange: (record) => engine.actionChanged(record),
    backoff: options.actionBackoff,
  });

  const parts: EngineParts = {
    paging,
    outbox,
    clock,
    workspace,
    recentActionsMs: options.recentActionsMs ?? 10 * 60_000,
    incidentManagerPolicyIds,
    settingsApi: options.settingsApi ?? null,
    events,
    store,
    sync,
    runner,
    directory,
    oncalls,
    resolved,
    responseMetrics: new ResponseMetricsReader(paging, clock),
    notifications,
    tickets,
    specialists,
    changes,
    delivery,
    actor,
  };
  const engine = new Engine(parts);
  return { engine, parts };
}

/** Who acts on specialist requests and decides changes: the demo's personas, or the signed-in user. */
function actorSource(options: EngineOptions, directory: () => Promise<Directory>): ActorSource {
  const source = {
    catalogue: options.specialists?.catalogue ?? { teams: [], offerings: [] },
    directory,
    me: options.workspace.me,
    extraPersonas: options.changes?.personas,
    log: options.log,
  };
  return options.workspace.demo ? demoPersonaSwitch(source) : signedInUser(source);
}

/** The delivery desk and its sync, reading changes and incidents a bounded way back and keeping each read a while. */
function deliveryDesk(
  delivery: DeliveryOptions,
  options: EngineOptions,
  parts: { store: IncidentStore; directory: CachedRead<Directory>; emit: EventHub; paging: PagingProvider },
): DeliveryDesk {
  const { clock, log } = options;
  const { paging } = parts;
  const changeSystem = options.changes?.system;
  const changes = changeSystem
    ? new CachedRead(
        () => changeSystem.findChanges({ since: new Date(clock.now() - DELIVERY_LOOKBACK_MS).toISOString(), withApprovals: true }),
        DELIVERY_CHANGES_CACHE_MS,
        clock,
      )
    : null;
  const incidents = new CachedRead(() => paging.listIncidentTimes(clock.now() - DELIVERY_LOOKBACK_MS), DELIVERY_INCIDENTS_CACHE_MS, clock);
  const sync = new DeliverySync({
    store: delivery.store,
    feeds: delivery.feeds,
    code: delivery.code,
    clock,
    pollIntervalMs: delivery.pollIntervalMs,
    rangesPerRound: delivery.rangesPerRound,
    onChange: () => {
      // A new deployment's change was most likely raised since the changes were last read.
      changes?.invalidate();
      parts.emit.emit({ name: 'deliveryChanged', payload: { at: new Date(clock.now()).toISOString() } });
    },
    log,
  });
  return new DeliveryDesk({
    store: delivery.store,
    sync,
    services: delivery.services,
    code: delivery.code,
    clock,
    failureWindowHours: delivery.failureWindowHours,
    directory: () => parts.directory.get(),
    changesSince: changes
      ? async (sinceMs) =>
          (await changes.get()).filter((change) => Date.parse(change.updatedAt) >= sinceMs || Date.parse(change.createdAt) >= sinceMs)
      : null,
    incidentTimes: async (sinceMs) => (await incidents.get()).filter((times) => times.triggeredAt >= sinceMs),
    incident: async (incidentId) => parts.store.get(incidentId) ?? (await paging.getIncidentDetail(incidentId)).incident,
  });
}
