/**
 * The ticketing system a workspace names, as a TicketingProvider: its settings from the
 * workspace file, its secrets from the environment (never from the file), and the
 * workspace's service mapping.
 */
import type { TicketingProvider } from '../engine/ports/ticketing';
import type { ChangeSystem } from '../engine/ports/change-system';
import { TicketMapping } from '../engine/ticketing/ticket-mapping';
import { createJiraServiceManagementChangeSystem, createJiraServiceManagementProvider } from '../providers/jira-service-management';
import { createServiceNowChangeSystem, createServiceNowProvider, serviceNowAuthFromEnv } from '../providers/servicenow';
import { MissingSecretError, type TicketingSettings } from './workspace';

export type TicketingSecrets =
  | { provider: 'servicenow'; auth: NonNullable<ReturnType<typeof serviceNowAuthFromEnv>> }
  | { provider: 'jira-service-management'; email: string; apiToken: string };

/** The ticketing credentials a headless host takes from its environment. */
export function readTicketingSecrets(settings: TicketingSettings, env: NodeJS.ProcessEnv): TicketingSecrets {
  if (settings.provider === 'servicenow') {
    const auth = serviceNowAuthFromEnv(env);
    if (!auth) {
      throw new MissingSecretError(
        'Set SERVICENOW_USER and SERVICENOW_PASSWORD (basic auth), or SERVICENOW_TOKEN (an OAuth token; with SERVICENOW_TOKEN_TYPE=api-key, an API key).',
      );
    }
    return { provider: 'servicenow', auth };
  }
  const email = env.JIRA_EMAIL?.trim();
  const apiToken = env.JIRA_API_TOKEN?.trim();
  if (!email || !apiToken) {
    throw new MissingSecretError('Set JIRA_EMAIL (your Atlassian account email) and JIRA_API_TOKEN (an API token from id.atlassian.com).');
  }
  return { provider: 'jira-service-management', email, apiToken };
}

export function createTicketingProvider(settings: TicketingSettings, secrets: TicketingSecrets, timeoutMs: number): TicketingProvider {
  if (settings.provider === 'servicenow' && secrets.provider === 'servicenow') {
    return createServiceNowProvider({
      instanceUrl: settings.instanceUrl,
      auth: secrets.auth,
      closeCode: settings.closeCode,
      specialistCatalogItem: settings.specialistCatalogItem,
      timeoutMs,
    });
  }
  if (settings.provider === 'jira-service-management' && secrets.provider === 'jira-service-management') {
    return createJiraServiceManagementProvider({
      siteUrl: settings.siteUrl,
      email: secrets.email,
      apiToken: secrets.apiToken,
      projectKey: settings.projectKey,
      serviceDeskId: settings.serviceDeskId,
      requestTypeName: settings.requestTypeName,
      specialistRequestType: settings.specialistRequestType,
      timeoutMs,
    });
  }
  throw new Error(`The ${settings.provider} settings came with ${secrets.provider} secrets`);
}

/** How a change system's requests are tuned (the gate answers within seconds or fails closed). */
interface ChangeTuning {
  timeoutMs: number;
  maxRetries?: number;
  /**
   * The demo: a decision on someone's behalf is sent signed in as that person (the demo's
   * simulators know everyone). Jira Service Management decides approvals only as the
   * calling account, as each person's own console would sign in.
   */
  decideAsThemselves?: boolean;
}

/** The ticketing system's change management (the same connection): the console's Changes area and the change commands use it. */
export function createChangeSystem(settings: TicketingSettings, secrets: TicketingSecrets, tuning: ChangeTuning): ChangeSystem {
  const { decideAsThemselves, ...requestTuning } = tuning;
  if (settings.provider === 'servicenow' && secrets.provider === 'servicenow')
    return createServiceNowChangeSystem({ instanceUrl: settings.instanceUrl, auth: secrets.auth, ...requestTuning });
  if (settings.provider === 'jira-service-management' && secrets.provider === 'jira-service-management') {
    // The workspace's projectKey and request types are the incident desk's: the change project is found by its change request type.
    const signedInAs = (email: string) =>
      createJiraServiceManagementChangeSystem({ siteUrl: settings.siteUrl, email, apiToken: secrets.apiToken, ...requestTuning });
    const system = signedInAs(secrets.email);
    if (!decideAsThemselves) return system;
    return {
      label: system.label,
      system: system.system,
      listServices: () => system.listServices(),
      listTemplates: () => system.listTemplates(),
      proposeTemplate: (draft) => system.proposeTemplate(draft),
      decideTemplate: (id, decision, comment, approver) => system.decideTemplate(id, decision, comment, approver),
      findChanges: (filter) => system.findChanges(filter),
      getChange: (numberOrId) => system.getChange(numberOrId),
      raiseChange: (draft) => system.raiseChange(draft),
      moveChange: (id, to) => system.moveChange(id, to),
      closeChange: (id, close) => system.closeChange(id, close),
      decideChange: (id, decision, comment, approver) =>
        approver && approver.email.toLowerCase() !== secrets.email.toLowerCase()
          ? signedInAs(approver.email).decideChange(id, decision, comment)
          : system.decideChange(id, decision, comment, approver),
    };
  }
  throw new Error(`The ${settings.provider} settings came with ${secrets.provider} secrets`);
}

export function mappingFrom(settings: TicketingSettings): TicketMapping {
  return new TicketMapping(
    settings.mapping.map((entry) => ({
      pagingServiceId: entry.pagerDutyServiceId,
      assignmentGroupId: entry.assignmentGroup,
      businessServiceId: entry.businessService,
      configurationItemId: entry.configurationItem,
    })),
  );
}
