/**
 * The ServiceNow simulator's vocabulary: its public options, fault shapes, credentials
 * and the plain records its tables hold (every field a string, as ServiceNow stores and
 * sends them).
 */

/** A row of any table: field name -> value, all strings ("" for empty), like the Table API sends with sysparm_display_value=false. */
export type SnRecord = Record<string, string>;

/** Credentials the simulator accepts, each acting as a sys_user (by user_name). */
export type SimulatorCredential =
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'bearer'; token: string; userName?: string }
  | { kind: 'api-key'; key: string; userName?: string };

export interface ServiceNowSimulatorOptions {
  /** Default 0 (any free port); the server always binds 127.0.0.1. */
  port?: number;
  /**
   * When set, only these credentials are accepted (others get ServiceNow's 401 body).
   * Otherwise any well-formed Basic, Bearer or x-sn-apikey credential is accepted: a Basic
   * user name that matches a sys_user acts as that user, anything else as the integration user.
   */
  validCredentials?: SimulatorCredential[];
  /** Inbound REST rate limit per user per hour (ServiceNow's rate limit rules count per hour). Default 10,000. */
  rateLimitPerHour?: number;
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Seed of the PagerDuty demo organisation this instance mirrors (default 1, as the PagerDuty simulator). */
  seed?: number;
  /** Services in the mirrored PagerDuty org (default: the hand-written demo set). */
  serviceCount?: number;
  /** Unlinked incidents (no correlation_id) seeded for realism. Default 3. */
  seedIncidents?: number;
  /** Demo change requests in every state (the change manager and the templates are always there). Default true. */
  seedChanges?: boolean;
  /** A standard change's approval once it lands in Scheduled: "approved" (default) or "not requested" (the docs leave it open). */
  standardChangeApproval?: 'approved' | 'not requested';
  /**
   * Who may decide anyone's approval record (sysapproval_approver) through the Table API, as
   * holders of the approval_admin role may; everyone else decides only their own. Default: the
   * integration user, so the console can decide on a change manager's behalf.
   */
  approvalAdminUserNames?: string[];
  /**
   * The risk conditions PATCH /api/sn_chg_rest/change/{sys_id}/risk applies (ServiceNow's
   * risk_conditions: lowest order first, the first that matches sets risk and impact, none
   * leaves them as they are). Default: change-risk.ts's, after the docs' example of a rule on
   * the CI's business criticality.
   */
  riskConditions?: RiskCondition[];
  /**
   * The blackout schedules conflict checks test a change's planned window against
   * (cmn_schedule_blackout with its cmn_schedule_span windows). Default: the demo's weekend
   * change freeze when `seedChanges` is on, none when it is off.
   */
  blackoutSchedules?: BlackoutSchedule[];
  /** How long a conflict check runs on the simulated clock, in ms. Default 0: done by the time POST .../conflict answers. */
  conflictCheckMs?: number;
  /**
   * False plays an instance without conflict detection (the Change Management - Collision
   * Detector plugin, com.snc.change.collision): the conflict routes answer 404. Default true.
   */
  conflictDetection?: boolean;
}

/** A risk condition (risk_conditions): when a change (and its CI) match, the risk and impact it sets. */
export interface RiskCondition {
  name: string;
  /** Lower first; the first that matches applies and the rest are ignored (docs: define-risk-and-impact-conditions). */
  order: number;
  /** An encoded query over change_request the change must match, e.g. "type=emergency"; left out: any change. */
  condition?: string;
  /** An encoded query over cmdb_ci its CI must match, e.g. "busines_criticality=1 - most critical"; left out: any CI or none. */
  ciCondition?: string;
  /** Risk: 1 Very High, 2 High, 3 Moderate, 4 Low; left out: unchanged. */
  risk?: '1' | '2' | '3' | '4';
  /** Impact: 1 High, 2 Medium, 3 Low; left out: unchanged. */
  impact?: '1' | '2' | '3';
}

/** A blackout ("change freeze") schedule: when normal change activity should not be scheduled. */
export interface BlackoutSchedule {
  name: string;
  description?: string;
  /** An encoded query over cmdb_ci: the CIs it covers (the schedule's condition); left out: every CI. */
  condition?: string;
  /** Its windows (UTC ISO times); a `weekly` one repeats every 7 days from its start. */
  windows: { start: string; end: string; weekly?: boolean }[];
}

/** Faults shared with the PagerDuty simulator, plus ServiceNow's ACL refusal and an answer missing a field. Each hits `count` requests whose path starts with `path`. */
export type ServiceNowFault =
  | { kind: 'rate-limit'; count: number; path?: string }
  | { kind: 'server-error'; count: number; status?: 500 | 502 | 503 | 504; path?: string }
  | { kind: 'slow'; count: number; delayMs: number; path?: string }
  | { kind: 'drop'; count: number; path?: string }
  | { kind: 'malformed'; count: number; path?: string }
  /** A 403 ACL refusal on writes (POST/PATCH/PUT) to matching paths; with `field`, only writes that set that field. */
  | { kind: 'acl-refusal'; count: number; path?: string; field?: string }
  /** A 200 answer whose records lack `field` (a broken instance or proxy): the request is carried out, the field left out of `result`. */
  | { kind: 'omit-field'; count: number; path?: string; field: string };

/** A standing ACL rule: writes to matching incidents (or one field of them) are refused with 403, until removed. */
export interface AclRule {
  table: string;
  /** Only this record; all records when left out. */
  sysId?: string;
  /** Only writes that set this field; any write when left out. */
  field?: string;
}

/** One request in the simulator's request log (the shape every simulator logs). */
export type { LoggedRequest as RecordedRequest } from '../http/request-log';
