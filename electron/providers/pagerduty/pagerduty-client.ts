/**
 * A thin typed HTTP client for PagerDuty's REST API v2: headers, per-request timeouts,
 * pacing by the rate-limit headers, retries with backoff and jitter, response validation
 * with zod, and errors classified for the engine (transient, auth, rejected).
 *
 * The token only ever goes into the Authorization header: it is never logged and is
 * scrubbed from every error message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { retryHintMs, type BackoffOptions } from '../http/backoff';
import { gaveUpAfter, withRetries } from '../http/retry-loop';
import { RateLimitPacer } from '../http/rate-limit-pacer';
import { PdErrorBody } from './schemas';
import { parseJsonBody, RetryableFailure } from '../http/retryable-failure';

export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** Query parameters in order; a name may repeat (`statuses[]=triggered&statuses[]=acknowledged`). */
export type QueryParams = Array<[string, string | number | boolean]>;

export interface RequestInfo {
  method: string;
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface PagerDutyClientOptions {
  baseUrl: string;
  token: string;
  from: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  onRequest?: (info: RequestInfo) => void;
  backoff?: BackoffOptions;
  /** Start pacing when this many requests or fewer remain in the rate-limit window. */
  rateLimitReserve?: number;
  /** Longest a single retry wait may be, whatever the server hinted, in ms. */
  maxRetryWaitMs?: number;
}

export interface RequestOptions<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /**
   * False for requests that must not be sent twice after an ambiguous failure (a POST that
   * may have landed). Such requests are retried only on 429, which PagerDuty answers before
   * doing anything. Defaults to true for GET and PUT, false for POST.
   */
  idempotent?: boolean;
}

/** A failure worth another attempt, with an optional hint of when (ms from now). */
export class PagerDutyClient {
  private readonly pacer: RateLimitPacer;
  private readonly baseUrl: string;

  constructor(private readonly options: PagerDutyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pacer = new RateLimitPacer({ reserve: options.rateLimitReserve ?? 20, now: options.now, sleep: options.sleep });
  }

  /** The headers for one request; writes (`write`) add From, bodies add Content-Type. */
  buildHeaders(write: boolean, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Token token=${this.options.token}`,
      Accept: PAGERDUTY_ACCEPT,
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    if (write) headers.From = this.options.from;
    return headers;
  }

  buildUrl(path: string, query: QueryParams = []): string {
    const search = new URLSearchParams();
    for (const [name, value] of query) search.append(name, String(value));
    const text = search.toString();
    return `${this.baseUrl}${path}${text ? `?${text}` : ''}`;
  }

  /** Sends one request, retrying transient failures; returns the validated body. */
  async request<S extends z.ZodType>(req: RequestOptions<S>): Promise<z.output<S>> {
    const label = `${req.method} ${req.path}`;
    return withRetries(() => this.attempt(req, label), {
      ...this.options,
      idempotent: req.idempotent ?? req.method !== 'POST',
      // A rate limit holds every request of this client back, not only this one.
      beforeWait: (waitMs, failure) => {
        if (failure.hintMs !== null) this.pacer.blockUntil(this.options.now() + waitMs);
      },
      giveUp: (failure, tries) => this.scrub(gaveUpAfter(failure, tries)),
    });
  }

  private async attempt<S extends z.ZodType>(req: RequestOptions<S>, label: string): Promise<z.output<S>> {
    await this.pacer.pace();
    const hasBody = req.body !== undefined;
    const started = this.options.now();
    let response: Response;
    try {
      response = await this.options.fetch(this.buildUrl(req.path, req.query), {
        method: req.method,
        headers: this.buildHeaders(req.method !== 'GET', hasBody),
        body: hasBody ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      this.report(req, 'network-error', started);
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const reason = timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeNetworkError(error);
      throw new RetryableFailure(`PagerDuty ${label} failed: ${reason}`, undefined, null, false);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      this.report(req, 'network-error', started);
      throw new RetryableFailure(`PagerDuty ${label}: the connection broke while reading the answer (${describeNetworkError(error)})`, response.status, null, false);
    }
    this.report(req, response.status, started);
    this.pacer.observe(response.headers);

    if (response.ok) return this.parseBody(req, label, response.status, text);
    const hintMs = retryHintMs(response.headers, this.options.now());
    const vendorMessage = describeErrorBody(text);
    if (response.status === 429) {
      throw new RetryableFailure(`PagerDuty is rate limiting ${label} (429)${vendorMessage ? `: ${vendorMessage}` : ''}`, 429, hintMs, true);
    }
    if (response.status >= 500 || response.status === 408) {
      throw new RetryableFailure(`PagerDuty ${label} failed with ${response.status}${vendorMessage ? `: ${vendorMessage}` : ''}`, response.status, hintMs, false);
    }
    if (response.status === 401) {
      throw new ProviderError(
        'auth',
        'PagerDuty rejected the token (401): check the token in the PagerDuty connection settings; it may be mistyped, revoked or expired.',
        401,
      );
    }
    if (response.status === 403) {
      throw new ProviderError(
        'auth',
        this.scrub(
          `PagerDuty refused ${label} (403): the token's user lacks permission for this${vendorMessage ? ` (${vendorMessage})` : ''}; use a token with write access or ask a PagerDuty admin.`,
        ),
        403,
      );
    }
    throw new ProviderError('rejected', this.scrub(`PagerDuty refused ${label} (${response.status})${vendorMessage ? `: ${vendorMessage}` : ''}`), response.status);
  }

  private parseBody<S extends z.ZodType>(req: RequestOptions<S>, label: string, status: number, text: string): z.output<S> {
    return parseJsonBody(req.schema, `PagerDuty ${label}`, status, text);
  }

  private report(req: RequestOptions<z.ZodType>, status: number | 'network-error', started: number): void {
    this.options.onRequest?.({ method: req.method, path: req.path, status, durationMs: Math.max(0, this.options.now() - started) });
  }

  /** Removes the token from a message, in case a server echoed it back. */
  private scrub(message: string): string {
    return this.options.token ? message.split(this.options.token).join('[redacted]') : message;
  }
}

/** One line from PagerDuty's error body, e.g. "Invalid Input Provided (code 2001): Offset must be ...". */
export function describeErrorBody(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    // Proxies and load balancers answer 502/503/504 with an HTML page: keep its title only.
    if (trimmed.startsWith('<')) return /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim() ?? 'an HTML error page';
    return trimmed.slice(0, 200);
  }
  const parsed = PdErrorBody.safeParse(json);
  if (!parsed.success) return '';
  const { message, code, errors } = parsed.data.error;
  const details = Array.isArray(errors)
    ? errors.map((item) => String(item))
    : errors
      ? Object.entries(errors).map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
      : [];
  const head = `${message ?? 'Error'}${code != null ? ` (code ${code})` : ''}`;
  return details.length ? `${head}: ${details.join('; ')}` : head;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}
