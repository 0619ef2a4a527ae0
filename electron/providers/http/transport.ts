/**
 * The one HTTP transport every vendor client sends its requests through: the fetch with
 * its timeout and the request context's cancellation (engine/ports/request-context.ts), pacing by the
 * rate-limit headers, metering and health reports of every attempt, the classification
 * of answers (2xx parsed and validated with zod; a conditional request's 304 Not
 * Modified kept apart; rate limits, 5xx, 408, timeouts and broken connections retried by
 * the shared retry loop; anything else a refusal), the
 * reading of error bodies (the vendor's JSON, an HTML page's title, plain text) and the
 * scrubbing of secrets from every message.
 *
 * A client keeps only what is its vendor's: its routes, headers, schemas and a
 * VendorDialect that says what its refusals mean.
 */
import type { z } from 'zod';
import type { BackoffOptions } from '../../../shared/rules/backoff';
import { retryHintMs } from './retry-hints';
import { RateLimitPacer } from './rate-limit-pacer';
import { ProviderError } from '../../engine/ports';
import { Cancelled, currentRequestContext, type AttemptReport } from '../../engine/ports/request-context';
import { gaveUpAfter, retryWaitMs, withRetries } from './retry-loop';
import { parseJsonBody, parseTextBody, RetryableFailure } from './retryable-failure';

/** One attempt, for metering (the bench, tests). */
interface RequestInfo {
  method: string;
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface TransportRequest<S extends z.ZodType> {
  method: string;
  url: string;
  /** "GET /incidents": names the request in messages, without the origin or query. */
  label: string;
  headers: Record<string, string>;
  body?: string;
  schema: S;
  /** Safe to send again after an unclear failure; otherwise only answers the vendor certainly did not act on are retried. */
  idempotent: boolean;
  /** What an empty body reads as (default {}). */
  emptyBody?: unknown;
  /** 'text': a 2xx body is handed to the schema as the text it is (a job's log), not parsed as JSON. */
  bodyAs?: 'json' | 'text';
  /** Override of the client's retries (0: the caller retries). */
  maxRetries?: number;
  redirect?: 'follow' | 'manual' | 'error';
  /** This request's own reading of a refusal (what it was trying to do, what to fix), instead of the dialect's. */
  refusal?(answer: FailedAnswer): Error;
}

/** A non-2xx answer, for the dialect to judge. */
export interface FailedAnswer {
  status: number;
  text: string;
  headers: Headers;
  /** The vendor's own words in one line, or '' (see VendorDialect.errorText). */
  vendorText: string;
  /** ": <vendorText>" or '', for messages. */
  said: string;
  label: string;
  method: string;
}

/** What one vendor's answers mean beyond what every HTTP API shares. */
export interface VendorDialect {
  /** The vendor's error body in one line, from its parsed JSON ('' when it is not the vendor's shape). */
  errorText(json: unknown): string;
  /** Reads the whole error body instead (a vendor whose errors are HTML pages: Jenkins). */
  describeBody?(text: string): string;
  /** The error for an answer that is not retried: a ProviderError saying what was refused and what to do. */
  refusal(answer: FailedAnswer): Error;
  /** A rate limit besides 429 (GitHub's 403 with rate-limit headers, Splunk On-Call's 403). */
  isRateLimit?(answer: FailedAnswer): boolean;
  /** A 5xx that is really the vendor refusing the input (Jenkins' IllegalArgumentException). */
  isRefusal?(answer: FailedAnswer): boolean;
  /** When to come back after a rate limit, beyond Retry-After and ratelimit-reset, in ms from now. */
  rateLimitHintMs?(headers: Headers, now: number): number | null;
}

export interface TransportOptions {
  /** "PagerDuty": starts every message. */
  vendor: string;
  dialect: VendorDialect;
  timeoutMs: number;
  maxRetries: number;
  /** Secrets to scrub from every message (tokens, the Authorization header's value). */
  secrets: ReadonlyArray<string | undefined>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  backoff?: BackoffOptions;
  /** Longest single retry wait; a server asking for longer is not retried now. */
  maxRetryWaitMs?: number;
  onRequest?: (info: RequestInfo) => void;
  /** Pace requests by the ratelimit-* headers, holding this many in reserve (PagerDuty). */
  rateLimitReserve?: number;
  /** Appended inside the give-up message's parentheses, e.g. "; the console will try again". */
  giveUpNote?: string;
}

/**
 * What a vendor connection's configuration (and its client's options) says about its
 * requests, all optional (the console's defaults apply). Every vendor's config extends it.
 */
export interface ClientTuning {
  /** Per request, default 10,000 ms. */
  timeoutMs?: number;
  /** Retries of transient failures (network, 5xx, rate limits), default 4. */
  maxRetries?: number;
  /** Longest single retry wait, whatever the server hinted, default 60,000 ms. */
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called after every HTTP exchange, for metrics and benchmarks; carries no headers or secrets. */
  onRequest?: (info: RequestInfo) => void;
  /** The retry backoff (tests; default shared/rules/backoff's). */
  backoff?: BackoffOptions;
}

/** A client's tuning as transport options: 10 s per request and 4 retries unless it says otherwise. */
export function transportTuning(config: ClientTuning): Omit<TransportOptions, 'vendor' | 'dialect' | 'secrets'> {
  return {
    timeoutMs: config.timeoutMs ?? 10_000,
    maxRetries: config.maxRetries ?? 4,
    maxRetryWaitMs: config.maxRetryWaitMs,
    fetch: config.fetch,
    sleep: config.sleep,
    random: config.random,
    now: config.now,
    onRequest: config.onRequest,
    backoff: config.backoff,
  };
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A conditional request's 304 Not Modified: what the caller holds is still current (requestConditional). */
export interface NotModifiedAnswer {
  status: 304;
  notModified: true;
  headers: Headers;
}

export class HttpTransport {
  readonly vendor: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  readonly now: () => number;
  private readonly pacer: RateLimitPacer | null;

  constructor(private readonly options: TransportOptions) {
    this.vendor = options.vendor;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.pacer =
      options.rateLimitReserve === undefined
        ? null
        : new RateLimitPacer({ reserve: options.rateLimitReserve, now: this.now, sleep: this.sleep });
  }

  /** Sends a request, retrying what is worth retrying; resolves with the validated body. */
  request<S extends z.ZodType>(req: TransportRequest<S>): Promise<HttpAnswer<z.output<S>>> {
    return this.retrying(() => this.attempt(req), req);
  }

  /**
   * A conditional request (its headers carry If-None-Match or If-Modified-Since): as
   * request(), except that a 304 Not Modified is an answer, not a refusal.
   */
  requestConditional<S extends z.ZodType>(req: TransportRequest<S>): Promise<HttpAnswer<z.output<S>> | NotModifiedAnswer> {
    return this.retrying(() => this.attempt(req, (headers): NotModifiedAnswer => ({ status: 304, notModified: true, headers })), req);
  }

  /**
   * Runs `attempt` (one exchange, failing with a RetryableFailure when another try is
   * worth it) in the shared retry loop with this client's timing and limits; for a client
   * library that sends its requests through fetchOnce itself (octokit).
   */
  retrying<T>(attempt: () => Promise<T>, how: { idempotent: boolean; maxRetries?: number }): Promise<T> {
    return withRetries(attempt, {
      maxRetries: how.maxRetries ?? this.options.maxRetries,
      idempotent: how.idempotent,
      random: this.random,
      now: this.now,
      sleep: this.sleep,
      backoff: this.options.backoff,
      maxRetryWaitMs: this.options.maxRetryWaitMs,
      // A rate limit holds every request of this client back, not only this one.
      beforeWait: (waitMs, failure) => {
        if (failure.hintMs !== null) this.pacer?.blockUntil(this.now() + waitMs);
      },
      giveUp: (failure, tries) => this.scrub(gaveUpAfter(failure, tries, this.options.giveUpNote)),
    });
  }

  /**
   * For a provider that retries a request itself (a dispatch that looks for its run before
   * every attempt): rethrows `error` unless it is a transient ProviderError with retries
   * left after attempt `attempt` (0 for the first), else waits before the next attempt:
   * backoff with jitter, at least what the server hinted, at most maxRetryWaitMs.
   */
  async waitToRetry(error: unknown, attempt: number): Promise<void> {
    if (!(error instanceof ProviderError) || error.kind !== 'transient' || attempt >= this.options.maxRetries) throw error;
    const hintMs = error.retryAt !== undefined ? Math.max(0, error.retryAt - this.now()) : null;
    await this.sleep(
      retryWaitMs(attempt, hintMs, { random: this.random, backoff: this.options.backoff, maxRetryWaitMs: this.options.maxRetryWaitMs }),
    );
  }

  /**
   * One fetch with the timeout, the cancellation, the pacing and the reports, for a client
   * library that reads and classifies the answer itself (octokit); the caller classifies
   * its failures with classify().
   */
  async fetchOnce(url: string, init: RequestInit, label: string): Promise<Response> {
    await this.pacer?.pace();
    const started = this.now();
    const signals = this.signals();
    const method = init.method ?? 'GET';
    try {
      const response = await this.fetchImpl(url, { ...init, signal: signals.signal });
      this.pacer?.observe(response.headers);
      this.report(
        method,
        label,
        started,
        { outcome: 'answered', status: response.status, problem: response.ok ? null : `answered ${response.status}` },
        response.headers,
      );
      return response;
    } catch (error) {
      throw this.connectionFailure(error, { url, method, label }, started, signals, 'failed');
    }
  }

  /** The error for a non-2xx answer: a RetryableFailure (rate limit, 5xx, 408) or the dialect's refusal. */
  classify(
    method: string,
    label: string,
    status: number,
    text: string,
    headers: Headers,
    refusal?: (answer: FailedAnswer) => Error,
  ): Error {
    const vendorText = this.vendorText(text);
    const answer: FailedAnswer = { status, text, headers, vendorText, said: vendorText ? `: ${vendorText}` : '', label, method };
    const { dialect } = this.options;
    if (status === 429 || dialect.isRateLimit?.(answer)) {
      return new RetryableFailure(
        this.scrub(`${this.vendor} is rate limiting ${label} (${status})${answer.said}`),
        status,
        this.rateLimitHintMs(headers),
        true,
      );
    }
    if ((status >= 500 || status === 408) && !dialect.isRefusal?.(answer)) {
      return new RetryableFailure(
        this.scrub(`${this.vendor} ${label} failed with ${status}${answer.said}`),
        status,
        retryHintMs(headers, this.now()),
        false,
      );
    }
    const scrubbed = { ...answer, vendorText: this.scrub(vendorText), said: this.scrub(answer.said) };
    const error = (refusal ?? dialect.refusal)(scrubbed);
    error.message = this.scrub(error.message);
    return error;
  }

  /** Removes the secrets from a message, in case a server echoed one back. */
  scrub(message: string): string {
    let out = message;
    for (const secret of this.options.secrets) if (secret) out = out.split(secret).join('[redacted]');
    return out;
  }

  /** One exchange; `notModified` reads a 304 (conditional requests only). */
  private async attempt<S extends z.ZodType, N = never>(
    req: TransportRequest<S>,
    notModified?: (headers: Headers) => N,
  ): Promise<HttpAnswer<z.output<S>> | N> {
    await this.pacer?.pace();
    const started = this.now();
    const signals = this.signals();
    let response: Response;
    try {
      response = await this.fetchImpl(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: req.redirect,
        signal: signals.signal,
      });
    } catch (error) {
      throw this.connectionFailure(error, req, started, signals, 'failed');
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.connectionFailure(error, req, started, signals, 'broke', response.status);
    }
    this.pacer?.observe(response.headers);
    if (response.status === 304 && notModified) {
      this.report(req.method, req.label, started, { outcome: 'answered', status: 304, problem: null }, response.headers);
      return notModified(response.headers);
    }
    if (response.status >= 200 && response.status < 300) {
      let body: z.output<S>;
      try {
        body =
          req.bodyAs === 'text'
            ? parseTextBody(req.schema, `${this.vendor} ${req.label}`, response.status, text)
            : parseJsonBody(
                req.schema,
                `${this.vendor} ${req.label}`,
                response.status,
                text.trim() === '' ? '' : text,
                req.emptyBody ?? {},
              );
      } catch (unreadable) {
        this.report(
          req.method,
          req.label,
          started,
          { outcome: 'answered', status: response.status, problem: (unreadable as Error).message },
          response.headers,
        );
        throw unreadable;
      }
      this.report(req.method, req.label, started, { outcome: 'answered', status: response.status, problem: null }, response.headers);
      return { status: response.status, body, headers: response.headers };
    }
    const failure = this.classify(req.method, req.label, response.status, text, response.headers, req.refusal);
    const rateLimited = failure instanceof RetryableFailure && failure.notProcessed;
    this.report(
      req.method,
      req.label,
      started,
      { outcome: 'answered', status: response.status, problem: failure.message, rateLimited },
      response.headers,
    );
    throw failure;
  }

  /** The fetch's signal: the timeout and the request context's cancellation, and which one fired. */
  private signals(): { signal: AbortSignal; timedOut: () => boolean; cancelled: () => boolean } {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const context = currentRequestContext().signal;
    if (context?.aborted) throw new Cancelled();
    return {
      signal: context ? AbortSignal.any([timeout, context]) : timeout,
      timedOut: () => timeout.aborted,
      cancelled: () => context?.aborted === true,
    };
  }

  /** The error for a fetch that got no (whole) answer: cancelled, timed out, or the connection failed or broke. */
  private connectionFailure(
    error: unknown,
    { url, method, label }: { url: string; method: string; label: string },
    started: number,
    why: { timedOut: () => boolean; cancelled: () => boolean },
    stage: 'failed' | 'broke',
    status?: number,
  ): Error {
    if (why.cancelled()) {
      this.meter(method, label, started, 'network-error');
      return new Cancelled(`${this.vendor} ${label} was cancelled`);
    }
    const timedOut = why.timedOut() || (error instanceof Error && error.name === 'TimeoutError');
    const reason = timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeNetworkError(error);
    const message =
      stage === 'failed'
        ? `${this.vendor} ${label} failed: ${reason}`
        : `${this.vendor} ${label}: the connection broke while reading the answer (${reason})`;
    this.report(
      method,
      label,
      started,
      { outcome: timedOut ? 'timeout' : 'network-error', status: status ?? null, problem: this.scrub(message), origin: originOf(url) },
      null,
    );
    return new RetryableFailure(this.scrub(message), status, null, false);
  }

  private report(
    method: string,
    label: string,
    started: number,
    what: {
      outcome: AttemptReport['outcome'];
      status: number | null;
      problem: string | null;
      rateLimited?: boolean;
      origin?: string | null;
    },
    headers: Headers | null,
  ): void {
    const durationMs = Math.max(0, this.now() - started);
    this.meter(method, label, started, what.status === null || what.outcome !== 'answered' ? 'network-error' : what.status);
    const observe = currentRequestContext().observe;
    if (!observe) return;
    const rateLimited = what.rateLimited ?? what.status === 429;
    const hintMs =
      headers && what.problem !== null ? (rateLimited ? this.rateLimitHintMs(headers) : retryHintMs(headers, this.now())) : null;
    observe({
      vendor: this.vendor,
      label,
      outcome: what.outcome,
      status: what.status,
      rateLimited,
      retryAt: hintMs === null ? null : this.now() + hintMs,
      startedAt: started,
      durationMs,
      problem: what.problem,
      origin: what.origin ?? null,
      budget: headers ? rateLimitBudget(headers, this.now()) : null,
    });
  }

  private meter(method: string, label: string, started: number, status: number | 'network-error'): void {
    const path = label.slice(label.indexOf(' ') + 1);
    this.options.onRequest?.({ method, path, status, durationMs: Math.max(0, this.now() - started) });
  }

  private rateLimitHintMs(headers: Headers): number | null {
    return retryHintMs(headers, this.now()) ?? this.options.dialect.rateLimitHintMs?.(headers, this.now()) ?? null;
  }

  private vendorText(text: string): string {
    const { dialect } = this.options;
    return dialect.describeBody ? dialect.describeBody(text) : errorBodyText(text, dialect.errorText);
  }
}

/** The rate-limit headers of an answer (ratelimit-remaining, with -limit and -reset when sent: seconds, 60 when absent), or null without them. */
function rateLimitBudget(headers: Headers, now: number): AttemptReport['budget'] {
  const number = (name: string) => {
    const value = headers.get(name);
    const parsed = value === null || value.trim() === '' ? NaN : Number(value);
    return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
  };
  const remaining = number('ratelimit-remaining');
  if (remaining === null) return null;
  return { limit: number('ratelimit-limit'), remaining, resetAt: now + (number('ratelimit-reset') ?? 60) * 1000 };
}

/** The vendor's words from an error body: its JSON shape (read by `errorText`), an HTML page's title, or the start of plain text. */
export function errorBodyText(text: string, errorText: (json: unknown) => string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    // Proxies and load balancers answer 502/503/504 with an HTML page: keep its title only.
    if (trimmed.startsWith('<')) return htmlTitle(trimmed) || 'an HTML error page';
    return trimmed.slice(0, 200);
  }
  return errorText(json).slice(0, 500);
}

/** An HTML page's <title>, or '' when it has none. */
export function htmlTitle(html: string): string {
  return /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
}

/** "fetch failed (ECONNREFUSED)": the error's message and its cause's code. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}

/** A path without the origin or query string, for labels and metrics. */
export function labelPath(path: string): string {
  const withoutOrigin = path.replace(/^https?:\/\/[^/]+/, '');
  return withoutOrigin.split('?')[0] ?? withoutOrigin;
}

/**
 * The URL of `path` under `root`, or `path` itself when it is an absolute URL (a link the
 * vendor sent, e.g. a next page) under `root`; a link anywhere else is refused, so the
 * credentials never go to another host. `where` names the root in the refusal.
 */
export function urlUnder(root: string, path: string, vendor: string, where: string): string {
  const url = path.startsWith('http') ? path : `${root}${path}`;
  if (!url.startsWith(`${root}/`))
    throw new ProviderError('rejected', `${vendor} sent a link outside ${where} (${labelPath(url)}); refusing to follow it`);
  return url;
}

/** "https://acme.pagerduty.com": where a request went, without path, query or credentials. */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Query parameters in order; a name may repeat (`statuses[]=triggered&statuses[]=acknowledged`). */
export type QueryParams = Array<[string, string | number | boolean]>;

/** Appends query parameters (in order; a name may repeat) to a URL. */
export function withQuery(url: string, query: ReadonlyArray<readonly [string, string | number | boolean]> = []): string {
  const search = new URLSearchParams();
  for (const [name, value] of query) search.append(name, String(value));
  const text = search.toString();
  return text ? `${url}${url.includes('?') ? '&' : '?'}${text}` : url;
}

/** "Basic <base64 of user:secret>": an HTTP Basic Authorization header's value. */
export function basicAuthorization(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}
