/**
 * The one contract between the console's UI and its engine.
 *
 * Every request the UI can make (name, input schema, output schema) and every event the
 * engine pushes is listed here once. The Electron IPC handlers, the preload bridge, the
 * headless host's HTTP routes and the renderer's ConsoleClient are all derived from these
 * two tables: a new capability is one entry here plus one engine method.
 */
import { z } from 'zod';
import { ConnectionStatus } from '../domain/connection';
import { ActionRecord, ActionRequest } from '../domain/action';
import { Directory, OnCall } from '../domain/directory';
import { Incident, IncidentDetail, IncidentId, Ref, Timestamp } from '../domain/incident';
import { ResponseMetrics } from '../rules/response-metrics';
import { TimeZoneName } from '../rules/local-calendar';
import { POLL_PACES } from '../rules/poll-cadence';
import { RequestAction } from '../rules/request-permissions';
import { Ticket } from '../domain/ticket';
import { Catalogue } from '../domain/catalogue';
import { Persona, SpecialistRequest } from '../domain/specialist-request';
import { PipelineRunLog } from '../domain/pipeline';
import { ConnectionDraft, ConnectionEntry, ConnectionId, SecretText } from '../domain/connection-settings';
import { NotificationPreferences, Settings } from '../domain/settings';
import { ChangeRequest, ChangeTemplate, TemplateProposal } from '../domain/change';
import { DeliveryServiceSummary, ServiceDeployment, SourceFreshness, VersionRange } from '../domain/delivery';
import { AuditReport } from '../domain/audit';
import { DeliveryMetrics } from '../rules/delivery-metrics';
import { Attention, DesktopNotification, MAX_PAUSE_MINUTES, NotificationState } from '../domain/notification';

/** Who the console acts as and what it watches, for the UI to show. */
export const WorkspaceSummary = z.object({
  name: z.string(),
  /** True when the console runs against the built-in simulators. */
  demo: z.boolean(),
  me: Ref.extend({ email: z.string() }).nullable(),
  pollIntervalMs: z.number().int().positive(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

/** Everything the UI needs to draw itself from scratch. Deltas follow as events. */
export const Snapshot = z.object({
  /** Sequence number of the last incidentsChanged event folded into this snapshot. */
  seq: z.number().int().nonnegative(),
  workspace: WorkspaceSummary,
  incidents: z.array(Incident),
  connections: z.array(ConnectionStatus),
  /** Pending and failed actions, and those done in the last few minutes. */
  actions: z.array(ActionRecord),
  /** The tickets linked to open incidents (ticket.pagingIncidentId), when a ticketing system is configured. */
  tickets: z.array(Ticket),
  lastSyncAt: Timestamp.nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

const Empty = z.object({}).strict();

/** The connections the settings page lists, and whether it may change them. */
const ConnectionList = z.object({
  /** False in headless mode and with a workspace file: connections come from the file and the environment. */
  editable: z.boolean(),
  /** Why they cannot be changed here, or where they come from; null when editable. */
  note: z.string().nullable(),
  connections: z.array(ConnectionEntry),
});
type ConnectionList = z.infer<typeof ConnectionList>;

/** Saving or testing a connection: the form's fields and, once, the secret typed in it (left out: the stored one). */
const ConnectionRequest = z.object({ connection: ConnectionDraft, secret: SecretText.optional() });

/** Where a problem in an imported workspace is; line and column are 1-based, null when unknown. */
const WorkspaceImportProblem = z.object({
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  problem: z.string(),
});

/** Who decides approvals in the console: the person it acts as (the persona in the demo), as the change system knows them. */
const ChangeApprover = z.object({ email: z.string(), name: z.string() });

/** The change system the workspace names (its ticketing system), or null when it names none. */
const ChangeSystemSummary = z.object({ label: z.string(), system: z.string() }).nullable();

/** A decision on something waiting for the console's person: a rejection says why. */
const ChangeDecision = z.object({
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().trim().max(4000, 'A comment is at most 4000 characters').default(''),
});
const rejectionSaysWhy = (input: { decision: string; comment: string }) => input.decision === 'approved' || input.comment !== '';

/** Request name -> input and output schemas. */
export const requests = {
  getSnapshot: { input: Empty, output: Snapshot },
  getIncidentDetail: { input: z.object({ incidentId: IncidentId }), output: IncidentDetail },
  submitAction: { input: ActionRequest, output: ActionRecord },
  retryAction: { input: z.object({ actionId: z.string().min(1) }), output: ActionRecord },
  dismissAction: { input: z.object({ actionId: z.string().min(1) }), output: Empty },
  refreshNow: { input: Empty, output: Empty },
  /**
   * A page says whether it is in front of someone (visible, focused), when that changes and
   * at least every 30 s; several may report (the engine forgets one silent for 75 s). The
   * paging sync polls faster while any is visible or the user is on call, slower when off
   * call and nobody looked for a while. Answers the paging platform's pace now.
   */
  setViewerPresence: {
    input: z.object({ viewerId: z.string().min(8).max(64), visible: z.boolean(), focused: z.boolean() }).strict(),
    output: z.object({ pollIntervalMs: z.number().int().positive(), pace: z.enum(POLL_PACES) }),
  },
  /** Users, teams, services, escalation policies and priorities, for pickers and filters. */
  getDirectory: { input: Empty, output: Directory },
  /** The incidents resolved most recently (newest first, at most 100): the Resolved view, to review or reopen one. */
  listResolvedIncidents: { input: Empty, output: z.object({ incidents: z.array(Incident) }) },
  /** Who is on call now for each escalation policy in scope, and which policies are the incident managers'. */
  getOnCalls: {
    input: Empty,
    output: z.object({ oncalls: z.array(OnCall), incidentManagerPolicyIds: z.array(z.string()) }),
  },
  /**
   * Time to acknowledge and to resolve per service and per team over the last 7 or 30 days,
   * their trend by day or week in `timeZone` (UTC when left out), and the slowest incidents
   * behind each figure.
   */
  getResponseMetrics: {
    input: z.object({ windowDays: z.union([z.literal(7), z.literal(30)]), timeZone: TimeZoneName.optional() }),
    output: ResponseMetrics,
  },
  /** Pauses desktop notifications for `minutes` (kept across restarts). */
  pauseNotifications: {
    input: z.object({ minutes: z.number().int().min(1).max(MAX_PAUSE_MINUTES, `pause for at most ${MAX_PAUSE_MINUTES} minutes (a day)`) }),
    output: NotificationState,
  },
  /** Ends a pause at once. */
  resumeNotifications: { input: Empty, output: NotificationState },
  /** The pause, the rule in force and the triggered count, for the tray and the header. */
  getNotificationState: { input: Empty, output: NotificationState },
  /** The non-secret settings (connections without their secrets). */
  getSettings: { input: Empty, output: Settings },
  /** Changes non-secret sections; connections change through saveConnection, removeConnection and importWorkspace. */
  updateSettings: {
    input: z
      .object({
        notifications: NotificationPreferences.optional(),
        launchAtLogin: z.boolean().optional(),
        automationHost: z.boolean().optional(),
      })
      .strict(),
    output: Settings,
  },
  listConnections: { input: Empty, output: ConnectionList },
  /** Signs in with the form's settings (and the secret typed in it, or the stored one) and says who the secret belongs to. */
  testConnection: {
    input: ConnectionRequest,
    output: z.object({ ok: z.boolean(), message: z.string(), account: z.string().nullable() }),
  },
  /** Stores a connection: its settings in the settings file, its secret in the OS keychain. The answer never holds the secret. */
  saveConnection: { input: ConnectionRequest, output: ConnectionEntry },
  /** Removes a connection and its stored secret. */
  removeConnection: { input: z.object({ id: ConnectionId }), output: Empty },
  /** The connections as a workspace YAML file, without secrets, to share with the team. */
  exportWorkspace: { input: Empty, output: z.object({ yaml: z.string(), fileName: z.string() }) },
  /** Replaces the connections with a workspace YAML file's; problems name their line. Stored secrets of connections kept are kept. */
  importWorkspace: {
    input: z.object({ yaml: z.string().max(512 * 1024, 'a workspace file is at most 512 KiB') }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), connections: z.array(ConnectionEntry) }),
      z.object({ ok: z.literal(false), message: z.string(), problems: z.array(WorkspaceImportProblem) }),
    ]),
  },
  /** The service catalogue: teams and their offerings (with who is on call for each team now). */
  getCatalogue: { input: Empty, output: z.object({ catalogue: Catalogue, onCallByTeam: z.record(z.string(), z.array(Ref)) }) },
  /** Requests I raised, and those for the teams I triage. */
  listSpecialistRequests: {
    input: z.object({ scope: z.enum(['mine', 'my-teams', 'all']).default('mine'), offeringId: z.string().optional() }),
    output: z.object({ requests: z.array(SpecialistRequest) }),
  },
  submitSpecialistRequest: {
    input: z.object({
      offeringId: z.string().min(1),
      inputs: z.record(z.string(), z.unknown()),
      incidentId: IncidentId.nullable().default(null),
      urgent: z.boolean().default(false),
    }),
    output: SpecialistRequest,
  },
  /** A specialist or requester acts on a request: claim, comment, ask for information, resolve, approve, reject, retry, cancel. */
  actOnSpecialistRequest: {
    input: z.object({
      requestId: z.string().min(1),
      action: RequestAction,
      text: z.string().trim().max(10_000).default(''),
    }),
    output: SpecialistRequest,
  },
  /**
   * Runs a failed self-service request again with (possibly edited) inputs: the same
   * inputs retry under the approval given; changed ones are a new request (its retryOf
   * names this one) that needs approval again when the offering asks for one. Answers the
   * request that runs, or waits for approval, now.
   */
  retrySpecialistRequest: {
    input: z.object({ requestId: z.string().min(1), inputs: z.record(z.string(), z.unknown()) }),
    output: SpecialistRequest,
  },
  /** The end of a self-service run's log (the failed job's), read through its pipeline provider. */
  getSpecialistRunLog: { input: z.object({ requestId: z.string().min(1), runId: z.string().min(1) }), output: PipelineRunLog },
  /**
   * Changes in the change system: those in flight and those created or updated in the last
   * `days` days, newest first; who the console decides approvals as. Read at most every
   * 15 s (a write from the console or the changesChanged event reads again).
   */
  listChanges: {
    input: z.object({ days: z.number().int().min(1).max(30).default(7) }),
    output: z.object({
      system: ChangeSystemSummary,
      changes: z.array(ChangeRequest),
      me: ChangeApprover.nullable(),
      readAt: Timestamp.nullable(),
    }),
  },
  /** The pre-approved templates per service (approved, proposed, rejected, retired), and the services the change system knows. */
  listChangeTemplates: {
    input: Empty,
    output: z.object({ system: ChangeSystemSummary, templates: z.array(ChangeTemplate), services: z.array(Ref) }),
  },
  /** Proposes a template for the change manager to approve once (through the outbox; the vendor's refusal fails the action). */
  proposeChangeTemplate: { input: TemplateProposal, output: ActionRecord },
  /** The console's person approves or rejects a change waiting for them (through the outbox). */
  decideChange: {
    input: ChangeDecision.extend({ changeId: z.string().min(1) }).refine(rejectionSaysWhy, {
      message: 'Say why you reject the change',
      path: ['comment'],
    }),
    output: ActionRecord,
  },
  /** The change manager approves or rejects a proposed template (through the outbox). */
  decideChangeTemplate: {
    input: ChangeDecision.extend({ templateId: z.string().min(1) }).refine(rejectionSaysWhy, {
      message: 'Say why you reject the template',
      path: ['comment'],
    }),
    output: ActionRecord,
  },
  /** Delivery metrics (DORA's four keys) per service and per team over 7, 30 or 90 days, each split by change type, with trends; and how fresh the sources are. */
  getDeliveryMetrics: {
    input: z.object({
      days: z.union([z.literal(7), z.literal(30), z.literal(90)]),
      team: z.string().trim().min(1).optional(),
      timeZone: TimeZoneName.optional(),
    }),
    output: z.object({ metrics: DeliveryMetrics, sources: z.array(SourceFreshness) }),
  },
  /**
   * Delivery (read from the workspace's `delivery:` sources, kept by the engine): every
   * mapped service with what runs in each environment now, and how fresh each source is.
   */
  listDeliveryServices: {
    input: Empty,
    output: z.object({ services: z.array(DeliveryServiceSummary), sources: z.array(SourceFreshness) }),
  },
  /** One service's delivery page: what runs where and its deployments, newest first. */
  getServiceDelivery: {
    input: z.object({
      service: z.string().trim().min(1, 'Name the service'),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.object({ summary: DeliveryServiceSummary, history: z.array(ServiceDeployment), sources: z.array(SourceFreshness) }),
  },
  /** The commits and pull requests between two versions of a service (read from its repository's host). */
  compareVersions: {
    input: z.object({
      service: z.string().trim().min(1, 'Name the service'),
      from: z.string().trim().min(1, 'Pick the version to compare from'),
      to: z.string().trim().min(1, 'Pick the version to compare to'),
    }),
    output: VersionRange,
  },
  /** The change audit over a period (ISO dates or timestamps, `to` included): see shared/domain/audit.ts. */
  getAuditReport: {
    input: z
      .object({
        from: Timestamp.refine((text) => !Number.isNaN(Date.parse(text)), 'from: write a date, e.g. 2026-11-01'),
        to: Timestamp.refine((text) => !Number.isNaN(Date.parse(text)), 'to: write a date, e.g. 2026-11-30'),
        service: z.string().trim().min(1).optional(),
      })
      .refine((input) => Date.parse(input.from) < Date.parse(input.to), { message: 'The period must start before it ends', path: ['to'] }),
    output: AuditReport,
  },
  /**
   * "What changed" before an incident: the deployments of its service, and of the services it
   * depends on, in the 24 hours before it opened, newest first, each with its commits.
   */
  getIncidentChanges: {
    input: z.object({ incidentId: IncidentId }),
    output: z.object({
      incidentId: z.string(),
      openedAt: Timestamp,
      /** The incident's service first, then those it depends on. */
      services: z.array(z.object({ service: z.string(), dependency: z.boolean(), mapped: z.boolean() })),
      deployments: z.array(ServiceDeployment),
      /** Why nothing can be said (the incident's service is not in the delivery mapping); null otherwise. */
      problem: z.string().nullable(),
      sources: z.array(SourceFreshness),
    }),
  },
  /** Demo only: the personas, and the one the console acts as now. */
  getPersonas: { input: Empty, output: z.object({ personas: z.array(Persona), current: z.string().nullable() }) },
  switchPersona: { input: z.object({ personaId: z.string().min(1) }), output: z.object({ current: z.string() }) },
} as const;

/** Event name -> payload schema. */
export const events = {
  /** Incidents added, changed or gone since the event numbered seq - 1. */
  incidentsChanged: z.object({
    seq: z.number().int().positive(),
    upserted: z.array(Incident),
    removedIds: z.array(z.string()),
  }),
  connectionChanged: ConnectionStatus,
  actionChanged: ActionRecord,
  /** A linked ticket was created or changed. */
  ticketChanged: Ticket,
  /** Someone declared a major incident: incident managers are told. */
  majorIncidentDeclared: z.object({ incidentId: z.string(), title: z.string(), reason: z.string(), declaredAt: Timestamp }),
  /** The console now runs against another workspace (connections changed): fetch a fresh snapshot. */
  workspaceChanged: z.object({ workspace: WorkspaceSummary }),
  /** Raise a desktop notification (the policy already said yes). */
  notify: DesktopNotification,
  /** An incident that concerns me changed: the window announces it until I look (whatever the notification policy says). */
  attention: Attention,
  /** The pause, the rule in force or the triggered count changed. */
  notificationStateChanged: NotificationState,
  /** Show this incident (a notification or the tray was clicked); sent by the desktop shell. */
  focusIncident: z.object({ incidentId: IncidentId }),
  /** A specialist request was raised or changed. */
  specialistRequestChanged: SpecialistRequest,
  /** Changes or templates in the change system changed (read by the console's watch, or written from it): read them again. */
  changesChanged: z.object({ at: Timestamp }),
  /** New deployments were read, or a source's freshness changed: read the delivery pages again. */
  deliveryChanged: z.object({ at: Timestamp }),
} as const;

export type RequestName = keyof typeof requests;
export type RequestInput<N extends RequestName> = z.input<(typeof requests)[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<(typeof requests)[N]['output']>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
/** One pushed event, tagged with its name. */
export type ConsoleEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** What serves the contract: one async method per request. The engine implements it. */
export type ConsoleApi = { [N in RequestName]: (input: RequestInput<N>) => Promise<RequestOutput<N>> };

export const requestNames = Object.keys(requests) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

/** The IPC channel that carries one request in the desktop app. */
export function ipcChannel(name: RequestName): string {
  return `console:${name}`;
}
/** The IPC channel the main process pushes events on. */
export const IPC_EVENT_CHANNEL = 'console:event';

/**
 * The HTTP route that carries one request in the headless host: POST, JSON body = input,
 * header `Authorization: Bearer <token>`. 200 with the output as JSON, or an error status
 * (400 bad_request, 401 unauthorized, 404 not_found, 502 upstream, 500 internal) with
 * `{ "error": ContractError }`.
 */
export function httpRoute(name: RequestName): string {
  return `/api/${name}`;
}
/**
 * The server-sent events stream of the headless host: GET with `?token=<token>` (EventSource
 * cannot send headers). Each message is `event: console` with `data: <ConsoleEvent JSON>`;
 * comment lines keep the connection alive.
 */
export const HTTP_EVENTS_ROUTE = '/api/events';

/** A failure the UI can show as is: a message for people and a stable code for code. */
export const ContractError = z.object({
  code: z.enum(['bad_request', 'not_found', 'unauthorized', 'upstream', 'internal']),
  message: z.string(),
});
export type ContractError = z.infer<typeof ContractError>;

/** Turns a zod failure into one line that says which field is wrong and why. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** Validates a request's input; throws a ContractFailure with a bad_request code. */
export function parseInput<N extends RequestName>(name: N, input: unknown): z.output<(typeof requests)[N]['input']> {
  const result = requests[name].input.safeParse(input ?? {});
  if (!result.success) throw new ContractFailure('bad_request', `${name}: ${describeZodError(result.error)}`);
  return result.data as z.output<(typeof requests)[N]['input']>;
}

/** An error that crosses the contract with a code and a message fit to show. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ContractError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
  toJSON(): ContractError {
    return { code: this.code, message: this.message };
  }
}
