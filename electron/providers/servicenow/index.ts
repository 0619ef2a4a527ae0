/**
 * The ServiceNow provider: a typed client of ServiceNow's Table API and a mapper into the
 * console's Ticket, behind the engine's TicketingProvider port.
 */
export { createServiceNowProvider } from './servicenow-provider';
export { serviceNowAuthFromEnv } from './config';
export type { ServiceNowConfig } from './config';
