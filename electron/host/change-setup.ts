/**
 * Connects the change commands to a workspace: its change system (the workspace's
 * ServiceNow instance; credentials from the environment, as for ticketing) and, for the
 * gate's freeze, the major incidents open on a service in its paging platform.
 */
import type { ChangeSystem } from '../engine/ports/change-system';
import { createPagerDutyProvider } from '../providers/pagerduty';
import { createServiceNowChangeSystem } from '../providers/servicenow';
import { readTicketingSecrets } from './ticketing-setup';
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
  if (!ticketing || ticketing.provider !== 'servicenow') {
    throw new WorkspaceError(workspacePath, [
      {
        line: null,
        column: null,
        problem: ticketing
          ? `change management works with ServiceNow for now; this workspace's ticketing is ${ticketing.provider}`
          : 'name the change system: a `ticketing:` section with `provider: servicenow` and its instanceUrl',
      },
    ]);
  }
  const secrets = readTicketingSecrets(ticketing, env);
  if (secrets.provider !== 'servicenow') throw new Error('ServiceNow settings came with other secrets');
  const tuning = { timeoutMs: REQUEST_TIMEOUT_MS, ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }) };
  const changeSystem = createServiceNowChangeSystem({ instanceUrl: ticketing.instanceUrl, auth: secrets.auth, ...tuning });
  return {
    changeSystem,
    // Only the gate asks PagerDuty (for a freeze), so only the gate needs its credentials; without them it fails closed.
    async majorIncidents(serviceName) {
      const pagerDuty = readPagerDutySecrets(env);
      const paging = createPagerDutyProvider({
        baseUrl: workspace.paging.baseUrl,
        token: pagerDuty.token,
        from: pagerDuty.from,
        scope: {},
        ...tuning,
      });
      const { incidents } = await paging.listOpenIncidents();
      return incidents
        .filter((incident) => incident.declaredMajor != null && incident.service.name.toLowerCase() === serviceName.toLowerCase())
        .map((incident) => ({ id: incident.id, number: incident.number, title: incident.title }));
    },
  };
}
