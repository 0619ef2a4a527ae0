/**
 * The PagerDuty provider: a typed client of PagerDuty's REST API v2 and a mapper into the
 * console's domain, behind the engine's PagingProvider port; and change events sent to the
 * Events API v2 (change-events.ts).
 */
export { createPagerDutyProvider } from './pagerduty-provider';
export type { PagerDutyConfig } from './config';
export { sendChangeEvent } from './change-events';
