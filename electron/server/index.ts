/**
 * The headless host's public face: start the engine's HTTP + SSE server.
 */
export { startHttpHost, type HttpHost } from './http-host';
