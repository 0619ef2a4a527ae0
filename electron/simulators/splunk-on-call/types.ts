/**
 * The Splunk On-Call (VictorOps) simulator's vocabulary: its public options and fault
 * shapes, and the plain records the state keeps (turned into the vendor's wire JSON only
 * when a response is written, in serializers.ts).
 */
import type { LoggedRequest } from '../http/request-log';
import type { RateLimitedRoute } from './rate-limits';

export interface SplunkOnCallSimulatorOptions {
  /** Default 0 (any free port); the server always binds 127.0.0.1. */
  port?: number;
  /**
   * The API ID / API key pairs the org has issued. When set, any other pair is refused
   * (403); otherwise any pair with both headers present is accepted. A `readOnly` key may
   * only GET, as a key created "Read-only" under Integrations » API.
   */
  credentials?: ApiCredential[];
  /** The REST endpoint integration's key (the path segment before the routing key). Default: a fixed demo key. */
  restEndpointKey?: string;
  /**
   * Per-route limits in requests per minute, keyed "GET /api-public/v1/incidents" (see
   * rate-limits.ts for the documented defaults), or false to switch rate limiting off.
   */
  rateLimits?: Partial<Record<RateLimitedRoute, number>> | false;
  /**
   * The status of a rate-limit refusal. The SPEC answers 403 ("Authentication failed or
   * rate-limit reached"); the official Go client retries 429. Default 403.
   */
  rateLimitStatus?: 403 | 429;
  /**
   * How `currentPhase` is spelled on the wire: 'live' (UNACKED / ACKED / RESOLVED, what
   * live servers send) or 'spec' (triggered / acknowledged / resolved, the SPEC's text). Default 'live'.
   */
  phaseSpelling?: 'live' | 'spec';
  /** How long a resolved incident stays in GET /api-public/v1/incidents ("recently resolved"; the window is not documented). Default 24 h. */
  recentlyResolvedMs?: number;
  /**
   * The org setting "Create incidents for entities in [x] state": whether a WARNING alert
   * opens an incident (true) or only lands on the timeline (false, the default).
   */
  warningOpensIncident?: boolean;
  /** Seed the demo's open incidents (a few in each phase). Default true. */
  seedIncidents?: boolean;
  /** Days of resolved incidents seeded before start, for the reporting API. Default 14. */
  historyDays?: number;
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Seed of the deterministic PRNG behind the demo data (default 1). */
  seed?: number;
}

export interface ApiCredential {
  apiId: string;
  apiKey: string;
  readOnly?: boolean;
}

export type SplunkOnCallFault =
  | { kind: 'rate-limit'; count: number; path?: string }
  | { kind: 'server-error'; count: number; status?: 500 | 502 | 503 | 504; path?: string }
  | { kind: 'slow'; count: number; delayMs: number; path?: string }
  | { kind: 'drop'; count: number; path?: string }
  | { kind: 'malformed'; count: number; path?: string };

/** One request in the log: the shared record plus the route it matched ("GET /api-public/v1/team/{team}/members"), null when none. */
export interface SplunkOnCallRecordedRequest extends LoggedRequest {
  route: string | null;
}

/** The phase of an incident, as the state keeps it; serializers.ts spells it on the wire. */
export type IncidentPhase = 'triggered' | 'acknowledged' | 'resolved';

/** The message types of the REST endpoint integration (S1, S2). */
export type MessageType = 'CRITICAL' | 'WARNING' | 'ACKNOWLEDGEMENT' | 'INFO' | 'RECOVERY';

export interface UserRecord {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: number;
  passwordLastUpdated: number;
}

export interface TeamRecord {
  slug: string;
  name: string;
  isDefaultTeam: boolean;
  memberUsernames: string[];
}

/** An escalation policy whose first step pages a weekly rotation: shift n belongs to rotation[n % length]. */
export interface PolicyRecord {
  slug: string;
  name: string;
  teamSlug: string;
  rotation: string[];
  /** The first shift's start (ms); shifts last `shiftMs`. */
  rotationStart: number;
  shiftMs: number;
}

export interface RoutingKeyRecord {
  routingKey: string;
  isDefault: boolean;
  policySlugs: string[];
}

/** An alert as received by the REST endpoint (or written by a manual action). */
export interface AlertRecord {
  uuid: string;
  receivedAt: number;
  messageType: MessageType;
  entityId: string;
  entityDisplayName?: string;
  stateMessage?: string;
  monitoringTool?: string;
  hostName?: string;
  ackAuthor?: string;
  ackMsg?: string;
  /** Seconds since the epoch, as sent (or the arrival time). */
  timestamp: number;
  stateStartTime?: number;
  /** The JSON body as received. */
  raw: string;
}

export interface TransitionRecord {
  name: 'ACKED' | 'RESOLVED';
  at: number;
  by?: string;
  manually: boolean;
  message?: string;
  alertId?: string;
}

export interface IncidentRecord {
  number: number;
  entityId: string;
  entityDisplayName: string;
  /** The monitored entity's state: the last CRITICAL, WARNING or RECOVERY alert's type. */
  entityState: MessageType;
  entityType: 'SERVICE' | 'HOST';
  host?: string;
  service?: string;
  routingKey: string;
  monitoringTool?: string;
  phase: IncidentPhase;
  startTime: number;
  endTime?: number;
  alertIds: string[];
  lastAlertId: string;
  lastAlertTime: number;
  pagedPolicySlugs: string[];
  pagedUsers: string[];
  pagedTeams: string[];
  transitions: TransitionRecord[];
}
