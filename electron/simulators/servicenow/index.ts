/**
 * The ServiceNow simulator: a stateful loopback HTTP server that speaks the Table API
 * (incident, sys_user, sys_user_group, cmdb_ci_service, cmdb_ci, sys_journal_field, the
 * Service Catalog's sc_cat_item, sc_request, sc_req_item, and Change Management's tables),
 * the Service Catalog API's order_now and the Change Management API (sn_chg_rest) the way
 * an instance does: encoded queries, display values, Link / X-Total-Count paging,
 * Basic / Bearer / x-sn-apikey auth, hourly rate limits with 429 + Retry-After, ACL and
 * data policy refusals, the incident and change state models, change approvals, risk
 * calculation and conflict checks (with blackout schedules). Seeded from the PagerDuty
 * simulator's demo organisation; the demo backend and the provider's test backend.
 *
 * Control routes for out-of-process tests (no credentials, not recorded):
 * `POST /_simulator/faults` (a JSON fault), `DELETE /_simulator/faults`,
 * `POST /_simulator/reset-request-log`, `GET /_simulator/requests`,
 * `POST /_simulator/clock`, `POST /_simulator/changes/decide` (see controls.ts).
 */
import { listenOnLoopback } from '../http/loopback-server';
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { CHANGE_MANAGER_USER_NAME, DEMO_BLACKOUT_SCHEDULES, seedChangeManagement } from './change-demo-data';
import { ChangeSerializer } from './change-serializer';
import { ChangeManagement } from './change-workflow';
import { SimulatorClock } from './controls';
import { buildServiceNowDemoData, INTEGRATION_USER_NAME } from './demo-data';
import { ServiceNowFaultQueue } from './faults';
import { HourlyRateLimiter } from './rate-limiter';
import { Serializer } from './serializer';
import { ServiceCatalog } from './service-catalog';
import { createRequestHandler } from './server';
import { ServiceNowState } from './state';
import type { RecordedRequest, ServiceNowFault, ServiceNowSimulatorOptions } from './types';

export type * from './types';
export { CHANGE_MANAGER_USER_NAME } from './change-demo-data';
export { demoServiceNowRouting, demoServiceNowRoutingTable, INTEGRATION_USER_NAME } from './demo-data';
export { INJECTED_RETRY_AFTER_SECONDS } from './server';
export { SPECIALIST_ITEM_SYS_ID } from './service-catalog';

const DEFAULT_RATE_LIMIT_PER_HOUR = 10_000;

export interface ServiceNowSimulator extends SimulatorControls<ServiceNowFault, RecordedRequest> {
  /** http://127.0.0.1:PORT (the instance URL; the Table API is under /api/now/table). */
  readonly baseUrl: string;
  /** Every API request received (control routes and incident pages excepted; the latest 20,000 or so). */
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Direct state access for tests and the demo (not via HTTP). */
  readonly state: ServiceNowState;
  /** The Service Catalog (order_now and requested items), over the same state. */
  readonly catalog: ServiceCatalog;
  /** Change Management over the same state: e.g. `changes.decide(sysId, 'grace.hopper', 'approved', '')` as the change manager. */
  readonly changes: ChangeManagement;
  /** The instance's clock: `clock.set(ms)` / `clock.advance(ms)` move every stamp, the Date header and the rate windows. */
  readonly clock: SimulatorClock;
  close(): Promise<void>;
}

export async function startServiceNowSimulator(options: ServiceNowSimulatorOptions = {}): Promise<ServiceNowSimulator> {
  const clock = new SimulatorClock(options.now ?? Date.now);
  const now = () => clock.now();
  const demo = buildServiceNowDemoData(options.seed ?? 1, options.serviceCount);
  const state = new ServiceNowState(demo, now, options.seedIncidents ?? 3);
  const catalog = new ServiceCatalog(state);
  const changes = new ChangeManagement(state, {
    cabUserNames: [CHANGE_MANAGER_USER_NAME],
    standardApproval: options.standardChangeApproval,
    approvalAdmins: options.approvalAdminUserNames ?? [INTEGRATION_USER_NAME],
    riskConditions: options.riskConditions,
    conflictChecks: {
      blackoutSchedules: options.blackoutSchedules ?? ((options.seedChanges ?? true) ? DEMO_BLACKOUT_SCHEDULES : []),
      checkMs: options.conflictCheckMs,
      enabled: options.conflictDetection,
    },
  });
  seedChangeManagement(state, changes, options.seedChanges ?? true);
  const requests: RecordedRequest[] = [];
  const faults = new ServiceNowFaultQueue();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let serializer: Serializer | null = null;
  let baseUrl = '';
  const handler = createRequestHandler({
    state,
    faults,
    limiter: new HourlyRateLimiter(options.rateLimitPerHour ?? DEFAULT_RATE_LIMIT_PER_HOUR, now),
    validCredentials: options.validCredentials ?? null,
    requests,
    pendingTimers,
    catalog,
    changes,
    changeSerializer: new ChangeSerializer(state),
    clock,
    baseUrl: () => baseUrl,
    serializer: () => {
      if (!serializer) throw new Error('The ServiceNow simulator is not listening yet');
      return serializer;
    },
  });
  const listener = await listenOnLoopback(handler, { port: options.port, label: 'ServiceNow simulator', pendingTimers });
  baseUrl = listener.baseUrl;
  serializer = new Serializer(state, baseUrl);

  return {
    baseUrl,
    ...simulatorControls(faults, requests),
    state,
    catalog,
    changes,
    clock,
    close: () => listener.close(),
  };
}
