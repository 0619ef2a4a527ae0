/**
 * The Jira Service Management provider: a typed client of the Service Desk API, the Jira
 * platform REST API v3 and Assets, behind the engine's TicketingProvider port.
 */
export { createJiraServiceManagementProvider } from './jsm-provider';
export type { JiraServiceManagementProvider, TicketingUser } from './jsm-provider';
export type { JiraServiceManagementConfig } from './config';
export type { JsmRequestInfo } from './jsm-client';
export { jiraPriorityFor, labelFor, JSM_PROVIDER_ID, CONSOLE_LABEL } from './mapper';
export { DEFAULT_SPECIALIST_REQUEST_TYPE, SPECIALIST_LABEL, specialistLabelFor } from './specialist-requests';
