/**
 * A thin typed HTTP client for ServiceNow's Table API: auth headers (Basic, Bearer or
 * x-sn-apikey), a timeout on every request, retries with backoff and jitter for transient
 * failures (429 honouring Retry-After, 5xx, network, unreadable bodies), response
 * validation with zod, and errors classified for the engine. Secrets only ever go into
 * headers: they are never logged and are scrubbed from every message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { retryHintMs, type BackoffOptions } from '../http/backoff';
import { gaveUpAfter, withRetries } from '../http/retry-loop';
import { secretOf, type ServiceNowAuth } from './config';
import { SnErrorBody } from './schemas';
import { parseJsonBody, RetryableFailure } from '../http/retryable-failure';

export type QueryParams = Array<[string, string | number | boolean]>;

export interface ServiceNowRequestInfo {
  method: string;
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface ServiceNowClientOptions {
  instanceUrl: string;
  auth: ServiceNowAuth;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  onRequest?: (info: ServiceNowRequestInfo) => void;
  backoff?: BackoffOptions;
  maxRetryWaitMs?: number;
}

export interface SnRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /**
   * False for requests that must not be sent twice after an ambiguous failure (a POST, a
   * PATCH that appends a work note). Such requests are retried only on 429, which the
   * instance answers before doing anything. Defaults to true for GET and PATCH.
   */
  idempotent?: boolean;
}

export interface SnResponse<T> {
  body: T;
  headers: Headers;
}

/**
 * A refusal from the instance (4xx other than 429): a ProviderError that also carries
 * ServiceNow's own message and detail, so the provider can say which record and what to do.
 */
export class ServiceNowRefusal extends ProviderError {
  constructor(
    kind: 'auth' | 'rejected',
    message: string,
    status: number,
    /** ServiceNow's error.message, e.g. "Operation Failed". */
    readonly vendorMessage: string,
    /** ServiceNow's error.detail, e.g. "ACL Exception Update Failed due to security constraints". */
    readonly vendorDetail: string,
  ) {
    super(kind, message, status);
    this.name = 'ServiceNowRefusal';
  }
}

export class ServiceNowClient {
  readonly instanceUrl: string;

  constructor(private readonly options: ServiceNowClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
  }

  buildHeaders(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const { auth } = this.options;
    if (auth.kind === 'basic') headers.Authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
    else if (auth.kind === 'bearer') headers.Authorization = `Bearer ${auth.token}`;
    else headers['x-sn-apikey'] = auth.key;
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  buildUrl(path: string, query: QueryParams = []): string {
    const search = new URLSearchParams();
    for (const [name, value] of query) search.append(name, String(value));
    const text = search.toString();
    return `${this.instanceUrl}${path}${text ? `?${text}` : ''}`;
  }

  /** Sends one request (to a path, or to an absolute URL on the instance, e.g. a Link header's next page), retrying transient failures. */
  async request<S extends z.ZodType>(req: SnRequest<S>): Promise<SnResponse<z.output<S>>> {
    const label = `${req.method} ${labelPath(req.path)}`;
    return withRetries(() => this.attempt(req, label), {
      ...this.options,
      idempotent: req.idempotent ?? req.method !== 'POST',
      giveUp: (failure, tries) => this.scrub(gaveUpAfter(failure, tries)),
    });
  }

  private async attempt<S extends z.ZodType>(req: SnRequest<S>, label: string): Promise<SnResponse<z.output<S>>> {
    const hasBody = req.body !== undefined;
    const started = this.options.now();
    const url = req.path.startsWith('http') ? req.path : this.buildUrl(req.path, req.query);
    if (!url.startsWith(`${this.instanceUrl}/`)) throw new ProviderError('rejected', `ServiceNow sent a link outside the instance (${labelPath(url)}); refusing to follow it`);
    let response: Response;
    try {
      response = await this.options.fetch(url, {
        method: req.method,
        headers: this.buildHeaders(hasBody),
        body: hasBody ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      this.report(req, 'network-error', started);
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new RetryableFailure(`ServiceNow ${label} failed: ${timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeNetworkError(error)}`, undefined, null, false);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      this.report(req, 'network-error', started);
      throw new RetryableFailure(`ServiceNow ${label}: the connection broke while reading the answer (${describeNetworkError(error)})`, response.status, null, false);
    }
    this.report(req, response.status, started);
    if (response.ok) return { body: this.parseBody(req, label, response.status, text), headers: response.headers };

    const hintMs = retryHintMs(response.headers, this.options.now());
    const vendor = vendorError(text);
    const said = vendor.text ? `: ${vendor.text}` : '';
    if (response.status === 429) throw new RetryableFailure(`ServiceNow is rate limiting ${label} (429)${said}`, 429, hintMs, true);
    if (response.status >= 500 || response.status === 408) throw new RetryableFailure(`ServiceNow ${label} failed with ${response.status}${said}`, response.status, hintMs, false);
    if (response.status === 401) {
      throw new ServiceNowRefusal(
        'auth',
        `ServiceNow rejected the credentials (401${vendor.message ? ` ${vendor.message}` : ''}): check SERVICENOW_USER / SERVICENOW_PASSWORD or SERVICENOW_TOKEN (and SERVICENOW_TOKEN_TYPE) in the ServiceNow connection settings; they may be mistyped, locked or expired.`,
        401,
        vendor.message,
        vendor.detail,
      );
    }
    const kind = response.status === 403 && req.method === 'GET' ? 'auth' : 'rejected';
    const advice = response.status === 403 && req.method === 'GET' ? '; the integration user needs read access (e.g. the itil role) to this table' : '';
    throw new ServiceNowRefusal(kind, this.scrub(`ServiceNow refused ${label} (${response.status})${said}${advice}`), response.status, vendor.message, vendor.detail);
  }

  private parseBody<S extends z.ZodType>(req: SnRequest<S>, label: string, status: number, text: string): z.output<S> {
    return parseJsonBody(req.schema, `ServiceNow ${label}`, status, text);
  }

  private report(req: SnRequest<z.ZodType>, status: number | 'network-error', started: number): void {
    this.options.onRequest?.({ method: req.method, path: labelPath(req.path), status, durationMs: Math.max(0, this.options.now() - started) });
  }

  /** Removes the secret from a message, in case the instance echoed it back. */
  scrub(message: string): string {
    const secret = secretOf(this.options.auth);
    return secret ? message.split(secret).join('[redacted]') : message;
  }
}

/** A path without the instance origin or query string, for messages and metrics. */
function labelPath(path: string): string {
  const withoutOrigin = path.replace(/^https?:\/\/[^/]+/, '');
  return withoutOrigin.split('?')[0] ?? withoutOrigin;
}

/** ServiceNow's error body in one line ("Operation Failed: ACL Exception ..."), or the title of an HTML error page. */
export function vendorError(text: string): { message: string; detail: string; text: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed.startsWith('<')) {
      const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim() ?? 'an HTML error page';
      return { message: title, detail: '', text: title };
    }
    return { message: trimmed.slice(0, 200), detail: '', text: trimmed.slice(0, 200) };
  }
  const parsed = SnErrorBody.safeParse(json);
  if (!parsed.success) return { message: '', detail: '', text: '' };
  const message = parsed.data.error.message ?? '';
  const detail = (parsed.data.error.detail ?? '').replace(/\s+/g, ' ').trim();
  return { message, detail, text: [message, detail].filter(Boolean).join(': ') };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}
