/**
 * The ServiceNow provider: a typed client of ServiceNow's Table API and a mapper into the
 * console's Ticket, behind the engine's TicketingProvider port; and its Change Management
 * API (sn_chg_rest) behind the engine's ChangeSystem port.
 */
export { createServiceNowProvider } from './servicenow-provider';
export { createServiceNowChangeSystem } from './change-system';
export { serviceNowAuthFromEnv } from './config';
export type { ServiceNowConfig } from './config';
