/**
 * The headless host's public face: start the engine's HTTP + SSE server.
 */
export { startHttpHost, type HttpHost, type HttpHostOptions } from './http-host';
export { NOT_BUILT_MESSAGE } from './static-files';
