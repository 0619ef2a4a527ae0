/**
 * Connects the change commands to a workspace: its change system (the workspace's
 * ticketing system: ServiceNow Change Management, or Jira Service Management's change
 * project; credentials from the environment, as for ticketing) and, for the gate's
 * freeze, the major incidents open on a service in its paging platform.
 */
import type { ChangeSystem } from '../engine/ports/change-system';
import { UnknownPagingService } from '../engine/changes/deployment-change';
import { createPagerDutyProvider } from '../providers/pagerduty';
import { createChangeSystem, readTicketingSecrets } from './ticketing-setup';
import { loadWorkspaceFile, readPagerDutySecrets, WorkspaceError } from './workspace';

/** One request's timeout: the gate answers within seconds or fails closed. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface ChangeConnection {
  changeSystem: ChangeSystem;
  majorIncidents(serviceName: string): Promise<{ id: string; number: number; title: string }[]>;
}

/** The workspace's change system and paging platform; a WorkspaceError when the workspace names no change system. */
export function connectChanges(workspacePath: string, env: NodeJS.ProcessEnv, options: { maxRetries?: number } = {}): ChangeConnection {
  const workspace = loadWorkspaceFile(workspacePath);
  const ticketing = workspace.ticketing;
  if (!ticketing) {
    throw new WorkspaceError(workspacePath, [
      {
        line: null,
        column: null,
        problem:
          'name the change system: a `ticketing:` section with `provider: servicenow` and its instanceUrl, or `provider: jira-service-management` and its siteUrl',
      },
    ]);
  }
  const secrets = readTicketingSecrets(ticketing, env);
  const tuning = { timeoutMs: REQUEST_TIMEOUT_MS, ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }) };
  const changeSystem = createChangeSystem(ticketing, secrets, tuning);
  return {
    changeSystem,
    // Only the gate asks PagerDuty (for a freeze), so only the gate needs its credentials; without them it fails closed.
    async majorIncidents(serviceName) {
      const pagerDuty = readPagerDutySecrets(env);
      const connect = (scope: { serviceIds?: string[] }) =>
        createPagerDutyProvider({ baseUrl: workspace.paging.baseUrl, token: pagerDuty.token, from: pagerDuty.from, scope, ...tuning });
      // The service by name (one request), then only its open incidents (one more): a name PagerDuty does not know fails closed.
      const services = await connect({}).findServicesNamed(serviceName);
      if (services.length === 0) throw new UnknownPagingService(serviceName, 'PagerDuty');
      const { incidents } = await connect({ serviceIds: services.map((service) => service.id) }).listOpenIncidents();
      return incidents
        .filter((incident) => incident.declaredMajor != null)
        .map((incident) => ({ id: incident.id, number: incident.number, title: incident.title }));
    },
  };
}
