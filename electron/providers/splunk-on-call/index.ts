/**
 * The Splunk On-Call (formerly VictorOps) provider: the engine's PagingProvider over a typed
 * client of its public REST API, paced per route by the documented limits, with mappers into
 * the console's domain.
 */
export { createSplunkOnCallProvider } from './splunk-on-call-provider';
export type { SplunkOnCallConfig } from './config';
export { splunkOnCallCredentialsFromEnv } from './config';
