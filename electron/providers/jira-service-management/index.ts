/**
 * The Jira Service Management provider: a typed client of the Service Desk API, the Jira
 * platform REST API v3 and Assets, behind the engine's TicketingProvider port.
 */
export { createJiraServiceManagementProvider } from './jsm-provider';
export type { JiraServiceManagementConfig } from './config';
export { SPECIALIST_LABEL, specialistLabelFor } from './specialist-requests';
export { createJiraServiceManagementChangeSystem } from './change-system';
