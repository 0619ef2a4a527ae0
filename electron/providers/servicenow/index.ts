/**
 * The ServiceNow provider: a typed client of ServiceNow's Table API and a mapper into the
 * console's Ticket, behind the engine's TicketingProvider port.
 */
export { createServiceNowProvider, pickTicket, CORRELATION_DISPLAY } from './servicenow-provider';
export type { ServiceNowProvider, ServiceNowUser, ServiceNowGroup, ServiceNowCi } from './servicenow-provider';
export { serviceNowAuthFromEnv, DEFAULT_CLOSE_CODE } from './config';
export type { ServiceNowConfig, ServiceNowAuth } from './config';
export type { ServiceNowRequestInfo } from './servicenow-client';
export { impactUrgencyFor, SERVICENOW_PROVIDER_ID } from './mapper';
export { DEFAULT_SPECIALIST_CATALOG_ITEM, requestedItemUrl } from './specialist-requests';
export type { CatalogOrder, PlacedCatalogRequest } from './specialist-requests';
