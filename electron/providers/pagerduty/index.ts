/**
 * The PagerDuty provider: a typed client of PagerDuty's REST API v2 and a mapper into the
 * console's domain, behind the engine's PagingProvider port.
 */
export { createPagerDutyProvider } from './pagerduty-provider';
export type { PagerDutyConfig } from './config';
