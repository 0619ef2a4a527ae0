/**
 * The Jira Service Management simulator: a stateful loopback HTTP server that speaks the
 * Service Desk REST API, the Jira platform REST API v3 and Assets object search, seeded
 * from the PagerDuty demo organisation (same people, teams and services). It is the demo
 * backend and the JSM provider's test backend. See README.md for what is modelled.
 *
 * The change project (CHG, change-desk.ts) lives next to the ITSM desk.
 *
 * Control routes for out-of-process tests (no credentials, not rate limited, not recorded):
 * `POST /_simulator/faults` (a JSON Fault), `DELETE /_simulator/faults`,
 * `POST /_simulator/deny-edits` and `/_simulator/allow-edits` ({"issueKey": "ITSM-1"}),
 * `POST /_simulator/changes/decide` ({"issueKey", "approverEmail", "decision", "comment"?}),
 * `POST /_simulator/reset-request-log`, `GET /_simulator/requests`.
 */
import { listenOnLoopback } from '../http/loopback-server';
import { simulatorControls, type SimulatorControls } from '../http/simulator-controls';
import { FaultQueue } from '../pagerduty/faults';
import { RateLimiter } from '../pagerduty/rate-limiter';
import { ChangeDesk } from './change-desk';
import { seedChangeManagement } from './change-demo-data';
import { buildDemoSite, CHANGE_MANAGER_ACCOUNT, pagerDutyDemoOrg } from './demo-site';
import { Serializer } from './serializers';
import { createRequestHandler } from './server';
import { JsmState } from './state';
import type { Fault, JiraServiceManagementSimulatorOptions, RecordedRequest } from './types';

export type { JiraServiceManagementSimulatorOptions } from './types';
export { FIELD_IDS, MAJOR_INCIDENT_VALUE } from './types';
export { demoJiraServiceManagementRouting, demoJiraServiceManagementRoutingMap, accountIdFor } from './demo-site';
export { INJECTED_RETRY_AFTER_SECONDS } from './server';
export { CHANGE_MANAGER_ACCOUNT } from './demo-site';

const DEFAULT_JSM_RATE_LIMIT_PER_MINUTE = 600;

export interface JiraServiceManagementSimulator extends SimulatorControls<Fault, RecordedRequest> {
  /** http://127.0.0.1:PORT, the site URL (https://your-site.atlassian.net in real life). */
  readonly baseUrl: string;
  /** Every request received (control routes excepted): method, path, query, headers, body, status. */
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Direct state access for tests and demo seeding (not via HTTP). */
  readonly state: JsmState;
  /** The change project: e.g. `changes.decide('CHG-1', CHANGE_MANAGER_ACCOUNT.emailAddress, 'approve')` as the change manager. */
  readonly changes: ChangeDesk;
  close(): Promise<void>;
}

export async function startJiraServiceManagementSimulator(
  options: JiraServiceManagementSimulatorOptions = {},
): Promise<JiraServiceManagementSimulator> {
  const now = options.now ?? Date.now;
  const site = buildDemoSite(options.org ?? pagerDutyDemoOrg(options.seed ?? 1));
  const state = new JsmState(site, now);
  const changes = new ChangeDesk(state, { ...options.changes, changeManagerEmail: CHANGE_MANAGER_ACCOUNT.emailAddress });
  seedChangeManagement(state, changes, options.seedChanges ?? true);
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let serializer: Serializer | null = null;
  const handler = createRequestHandler({
    state,
    changes,
    faults,
    limiter: new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_JSM_RATE_LIMIT_PER_MINUTE, now),
    validCredentials: options.validCredentials ?? null,
    requests,
    pendingTimers,
    serializer: () => {
      if (!serializer) throw new Error('The Jira Service Management simulator is not listening yet');
      return serializer;
    },
  });
  const listener = await listenOnLoopback(handler, { port: options.port, label: 'Jira Service Management simulator', pendingTimers });
  const baseUrl = listener.baseUrl;
  serializer = new Serializer(state, baseUrl);
  seedRequests(state, Math.max(0, Math.floor(options.seedRequests ?? 0)));

  return {
    baseUrl,
    ...simulatorControls(faults, requests),
    state,
    changes,
    close: () => listener.close(),
  };
}

/** Background requests not linked to any paging incident, so searches have something to skip. */
function seedRequests(state: JsmState, count: number): void {
  const reporter = state.users[0];
  if (!reporter) return;
  for (let index = 0; index < count; index += 1) {
    const service = state.site.services[index % state.site.services.length];
    state.createIssue({
      requestTypeId: index % 3 === 0 ? '11' : '10',
      summary: `${service?.name ?? 'A service'} is slow for some users (#${index + 1})`,
      description: 'Reported through the portal.',
      reporterId: reporter.accountId,
      affectedServiceIds: service ? [service.id] : [],
    });
  }
}
