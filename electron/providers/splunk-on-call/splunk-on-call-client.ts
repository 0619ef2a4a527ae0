/**
 * Splunk On-Call's public REST API over the shared transport (providers/http/transport.ts):
 * the X-VO-Api-Id / X-VO-Api-Key headers, every attempt (retries included) paced per route
 * by its documented limit (route-pacer.ts), and what Splunk On-Call's refusals mean, above
 * all its 403, which the API answers both for a rate limit and for a refused key (L288).
 *
 * Each attempt goes through the transport's fetchOnce and classify inside its retry loop
 * (as the GitHub client does for octokit) rather than through request(), so the route's
 * pacing comes before every attempt and a rate-limit answer holds the route back for a
 * window. The key only ever goes into its header; it is scrubbed from every message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { Cancelled, currentRequestContext } from '../../engine/ports/request-context';
import { parseJsonBody, RetryableFailure } from '../http/retryable-failure';
import {
  HttpTransport,
  transportTuning,
  withQuery,
  type ClientTuning,
  type FailedAnswer,
  type QueryParams,
  type VendorDialect,
} from '../http/transport';
import { RoutePacer, SPLUNK_ON_CALL_ROUTES, type SplunkOnCallRoute } from './route-pacer';
import { SocErrorBody } from './schemas';

const VENDOR = 'Splunk On-Call';

interface SplunkOnCallClientOptions extends ClientTuning {
  apiUrl: string;
  apiId: string;
  apiKey: string;
  rateLimits?: Partial<Record<SplunkOnCallRoute, number>>;
  rateLimitMarginMs?: number;
  maxPaceWaitMs?: number;
}

interface SplunkOnCallRequest<S extends z.ZodType> {
  route: SplunkOnCallRoute;
  /** The route's path with its parameters filled in (encoded). */
  path: string;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /** Safe to send again after an unclear failure; otherwise only rate-limit answers (not acted on) are retried. */
  idempotent: boolean;
  /**
   * The longest this request waits for its route's next free slot (default maxPaceWaitMs):
   * a read that is only worth it now (a top-up, a detail) gives up at once, with a
   * transient error saying when the route is free, rather than wait a minute.
   */
  maxPaceWaitMs?: number;
  /** This request's own reading of a refusal (a 404 "User not found" on a write), or null for the usual one. */
  refusal?(answer: FailedAnswer): Error | null;
}

/** Words of a rate-limit body: S11's {"message":"Too Many Requests"}, or any wording with "rate limit". */
const RATE_LIMIT_WORDS = /too many requests|rate.?limit/i;
/** Words that say the credentials were refused (the live wording is not on record; these are the common ones). */
const AUTH_WORDS = /auth|credential|api.?key|api.?id|unauthori[sz]ed|not allowed|permission|invalid key/i;

export class SplunkOnCallClient {
  private readonly apiUrl: string;
  private readonly transport: HttpTransport;
  private readonly pacer: RoutePacer;
  private readonly now: () => number;
  /** When any request last got a 2xx: the credentials were good then. */
  private lastAcceptedAt = -Infinity;

  constructor(private readonly options: SplunkOnCallClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.pacer = new RoutePacer({
      limits: options.rateLimits,
      marginMs: options.rateLimitMarginMs ?? 1_000,
      maxWaitMs: options.maxPaceWaitMs ?? 65_000,
      now: this.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    const dialect: VendorDialect = {
      errorText: describeErrorJson,
      isRateLimit: (answer) => answer.status === 403 && this.isRateLimit403(answer),
      refusal: refusalOf,
    };
    this.transport = new HttpTransport({
      vendor: VENDOR,
      dialect,
      secrets: [options.apiKey, options.apiId],
      ...transportTuning(options),
    });
  }

  /** The headers of every request: both credentials, JSON both ways. */
  headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'X-VO-Api-Id': this.options.apiId,
      'X-VO-Api-Key': this.options.apiKey,
      Accept: 'application/json',
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /** Sends one request, paced and retried; resolves with the validated body. */
  request<S extends z.ZodType>(req: SplunkOnCallRequest<S>): Promise<z.output<S>> {
    const method = req.route.slice(0, req.route.indexOf(' '));
    const url = withQuery(`${this.apiUrl}${req.path}`, req.query);
    const label = `${method} ${req.path}`;
    const init: RequestInit = {
      method,
      headers: this.headers(req.body !== undefined),
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    };
    return this.transport.retrying(() => this.attempt(req, url, label, init), { idempotent: req.idempotent });
  }

  /** One exchange: the route's slot, the fetch, and the answer read (validated) or classified. */
  private async attempt<S extends z.ZodType>(
    req: SplunkOnCallRequest<S>,
    url: string,
    label: string,
    init: RequestInit,
  ): Promise<z.output<S>> {
    await this.pacer.take(req.route, Math.min(currentRequestContext().retry?.maxRetryWaitMs ?? Infinity, req.maxPaceWaitMs ?? Infinity));
    const response = await this.transport.fetchOnce(url, init, label);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (currentRequestContext().signal?.aborted) throw new Cancelled(`${VENDOR} ${label} was cancelled`);
      const reason = error instanceof Error ? error.message : 'network error';
      throw new RetryableFailure(
        this.transport.scrub(`${VENDOR} ${label}: the connection broke while reading the answer (${reason})`),
        response.status,
        null,
        false,
      );
    }
    if (response.ok) {
      this.lastAcceptedAt = this.now();
      return parseJsonBody(req.schema, `${VENDOR} ${label}`, response.status, text.trim() === '' ? '' : text, {});
    }
    const own = req.refusal;
    const failure = this.transport.classify(
      init.method ?? 'GET',
      label,
      response.status,
      text,
      response.headers,
      own ? (answer) => own(answer) ?? refusalOf(answer) : undefined,
    );
    if (failure instanceof RetryableFailure && failure.notProcessed) this.pacer.blockForWindow(req.route);
    throw failure;
  }

  /**
   * Whether a 403 is a rate limit, since the API answers 403 for both (L288) and gives its
   * error bodies no schema (L282–L298). The body decides when it can: the one rate-limit
   * body on record is {"message":"Too Many Requests"} (S11), and words about keys or
   * authentication mean a refused key. When the body says neither (an empty body, say),
   * the two cannot be told apart by the answer, so the pacer's knowledge decides: a 403
   * on a route just used as often as it allows is a rate limit. For a route allowed once
   * a minute every call uses it at its limit, so there it also takes a recent success
   * with the same credentials; otherwise it is a refused key.
   */
  private isRateLimit403(answer: FailedAnswer): boolean {
    if (RATE_LIMIT_WORDS.test(answer.vendorText)) return true;
    if (AUTH_WORDS.test(answer.vendorText)) return false;
    const route = routeOf(answer.label);
    if (!route || !this.pacer.usedAtLimit(route)) return false;
    return this.pacer.limitOf(route) > 1 || this.now() - this.lastAcceptedAt < this.pacer.windowMs;
  }
}

/** What Splunk On-Call's refusals mean: 401 credentials missing, 403 (not a rate limit) refused, other 4xx the request itself. */
function refusalOf({ status, label, method, said }: FailedAnswer): Error {
  const fix = 'check the API ID (SPLUNK_ONCALL_API_ID) and API key (SPLUNK_ONCALL_API_KEY) in the Splunk On-Call connection';
  if (status === 401) {
    return new ProviderError('auth', `${VENDOR} answered ${label} with 401 (authentication parameters missing${said}): ${fix}`, 401);
  }
  if (status === 403) {
    const readOnly = method === 'GET' ? '' : '; a read-only API key can read but not acknowledge, resolve or reroute';
    return new ProviderError('auth', `${VENDOR} refused the API ID and key for ${label} (403${said}): ${fix}${readOnly}`, 403);
  }
  return new ProviderError('rejected', `${VENDOR} refused ${label} (${status})${said}`, status);
}

/** The vendor's message from an error body, in one line ('' when it is not one). */
function describeErrorJson(json: unknown): string {
  const parsed = SocErrorBody.safeParse(json);
  if (!parsed.success) return '';
  const message = 'message' in parsed.data ? parsed.data.message : parsed.data.error;
  return message.replace(/\s+/g, ' ').trim();
}

const ROUTE_PATTERNS = SPLUNK_ON_CALL_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.replace(/\{[^}]+\}/g, '[^/]+').replace(/[.]/g, '\\.')}$`),
}));

/** The route a label ("GET /api-public/v1/user/jdoe") belongs to. */
function routeOf(label: string): SplunkOnCallRoute | null {
  return ROUTE_PATTERNS.find(({ pattern }) => pattern.test(label))?.route ?? null;
}
