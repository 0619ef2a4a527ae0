/**
 * Connects the change commands to a workspace: its change system (the workspace's
 * ticketing system: ServiceNow Change Management, or Jira Service Management's change
 * project; credentials from the environment, as for ticketing), for the gate's freeze the
 * major incidents open on a service in its paging platform, and the PagerDuty change
 * events that `open` and `close` send when the service's routing key is known (the
 * environment variable the workspace names for it, or PAGERDUTY_CHANGE_ROUTING_KEY).
 */
import type { ChangeSystem } from '../engine/ports/change-system';
import { UnknownPagingService, type ChangeEventSink } from '../engine/changes/deployment-change';
import { createPagerDutyProvider, sendChangeEvent } from '../providers/pagerduty';
import { createChangeSystem, readTicketingSecrets } from './ticketing-setup';
import { loadWorkspaceFile, MissingSecretError, readPagerDutySecrets, WorkspaceError, type Workspace } from './workspace';

/** One request's timeout: the gate answers within seconds or fails closed. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The routing key of the service a single-service pipeline deploys (its Events API v2 integration key). */
const PIPELINE_ROUTING_KEY = 'PAGERDUTY_CHANGE_ROUTING_KEY';

/**
 * A change event is informational: a few seconds and two retries (PagerDuty asks for 429s
 * and 5xx to be retried), so a PagerDuty outage holds a deployment up briefly at most.
 */
const CHANGE_EVENT_TUNING = { timeoutMs: 5_000, maxRetries: 2 };

/** Sends a deployment's change event to PagerDuty; the caller says what an undelivered one becomes. */
type ChangeEventSender = Pick<ChangeEventSink, 'send'>;

export interface ChangeConnection {
  changeSystem: ChangeSystem;
  majorIncidents(serviceName: string): Promise<{ id: string; number: number; title: string }[]>;
  changeEvents: ChangeEventSender;
}

/**
 * Change events to PagerDuty's Events API: each to the routing key of its service, and
 * none for a service without one. `routingKeyFor` may throw (a key named but not set):
 * that event is then not sent, and says why.
 */
export function pagerDutyChangeEvents(options: {
  eventsUrl: string;
  routingKeyFor(serviceName: string): string | null;
}): ChangeEventSender {
  return {
    async send(event) {
      const routingKey = options.routingKeyFor(event.serviceName);
      if (!routingKey) return;
      await sendChangeEvent(
        { eventsUrl: options.eventsUrl, routingKey, ...CHANGE_EVENT_TUNING },
        {
          summary: event.summary,
          timestamp: new Date().toISOString(),
          source: event.source,
          customDetails: event.details,
          links: event.links,
        },
      );
    },
  };
}

/**
 * The Events API beside a REST API: https://events.pagerduty.com for api.pagerduty.com
 * (events.eu. for api.eu.), otherwise the same server (the simulator serves both).
 */
function eventsUrlBeside(restBaseUrl: string): string {
  const url = new URL(restBaseUrl);
  if (/^api\.([a-z0-9-]+\.)?pagerduty\.com$/i.test(url.hostname)) return `${url.protocol}//${url.hostname.replace(/^api\./i, 'events.')}`;
  return restBaseUrl.replace(/\/+$/, '');
}

/** A service's routing key: from the variable the workspace names for it, else PAGERDUTY_CHANGE_ROUTING_KEY, else none. */
function workspaceRoutingKeys(workspace: Workspace, env: NodeJS.ProcessEnv): (serviceName: string) => string | null {
  const variables = Object.entries(workspace.paging.changeEvents?.routingKeyVariables ?? {});
  return (serviceName) => {
    const named = variables.find(([service]) => service.toLowerCase() === serviceName.toLowerCase());
    if (!named) return env[PIPELINE_ROUTING_KEY]?.trim() || null;
    const [service, variable] = named;
    const key = env[variable]?.trim();
    if (!key) {
      throw new MissingSecretError(
        `set the environment variable ${variable} to the integration key of ${service} in PagerDuty (the workspace's paging.changeEvents.routingKeyVariables names it)`,
      );
    }
    return key;
  };
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
    changeEvents: pagerDutyChangeEvents({
      eventsUrl: workspace.paging.changeEvents?.eventsUrl ?? eventsUrlBeside(workspace.paging.baseUrl),
      routingKeyFor: workspaceRoutingKeys(workspace, env),
    }),
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
