/**
 * A thin typed HTTP client for Jira Service Management Cloud (the Service Desk API, the
 * Jira platform REST API v3 and Assets): Basic auth with email + API token, a timeout on
 * every request, retries with backoff and jitter for transient failures (429 honouring
 * Retry-After, 5xx, network), zod validation of every answer, and errors classified for
 * the engine (transient, auth, rejected) that say what was refused and what to do.
 *
 * The API token only ever goes into the Authorization header: it is never logged and is
 * scrubbed from every error message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { retryHintMs, type BackoffOptions } from '../http/backoff';
import { gaveUpAfter, withRetries } from '../http/retry-loop';
import { JiraErrorBody } from './schemas';
import { RetryableFailure } from '../http/retryable-failure';

export const PRODUCT = 'Jira Service Management';

export type QueryParams = Array<[string, string | number | boolean]>;

export interface JsmRequestInfo {
  method: string;
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface JsmClientOptions {
  siteUrl: string;
  /** Where Assets lives: https://api.atlassian.com for Cloud sites, the site itself for the simulator. */
  assetsBaseUrl: string;
  email: string;
  apiToken: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  onRequest?: (info: JsmRequestInfo) => void;
  backoff?: BackoffOptions;
  /** Longest a single retry wait may be, whatever the server hinted, in ms. */
  maxRetryWaitMs?: number;
}

export interface JsmRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /** 'assets' sends the request to the Assets base URL. */
  api?: 'site' | 'assets';
  /** What the request does, for messages: "update ITSM-42", "search requests". */
  action: string;
  /** What to do about a 403, e.g. which permission the integration user needs. */
  forbiddenHint?: string;
  /** What a 404 means here, e.g. "ITSM-42 does not exist or the integration user cannot see it". */
  notFoundHint?: string;
  /**
   * False for requests that must not be sent twice after an ambiguous failure (creating a
   * request or a comment): those are retried only on 429, which Jira answers before doing
   * anything. Defaults to true for GET and PUT, false for POST.
   */
  idempotent?: boolean;
}

/** A refusal from Jira, carrying what Jira itself said (errorMessages and field errors), for callers that rephrase it. */
export class JsmRefusal extends ProviderError {
  constructor(kind: 'auth' | 'rejected', message: string, status: number, readonly vendorMessage: string) {
    super(kind, message, status);
    this.name = 'ProviderError';
  }
}

export class JsmClient {
  private readonly siteUrl: string;
  private readonly assetsBaseUrl: string;
  private readonly authorization: string;

  constructor(private readonly options: JsmClientOptions) {
    this.siteUrl = options.siteUrl.replace(/\/+$/, '');
    this.assetsBaseUrl = options.assetsBaseUrl.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`, 'utf8').toString('base64')}`;
  }

  get site(): string {
    return this.siteUrl;
  }

  buildHeaders(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Authorization: this.authorization, Accept: 'application/json' };
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  buildUrl(path: string, query: QueryParams = [], api: 'site' | 'assets' = 'site'): string {
    const search = new URLSearchParams();
    for (const [name, value] of query) search.append(name, String(value));
    const text = search.toString();
    return `${api === 'assets' ? this.assetsBaseUrl : this.siteUrl}${path}${text ? `?${text}` : ''}`;
  }

  /** Sends one request, retrying transient failures; returns the validated body ({} for 204). */
  async request<S extends z.ZodType>(req: JsmRequest<S>): Promise<z.output<S>> {
    return withRetries(() => this.attempt(req), {
      ...this.options,
      idempotent: req.idempotent ?? req.method !== 'POST',
      giveUp: (failure, tries) => this.scrub(gaveUpAfter(failure, tries, '; the console will try again')),
    });
  }

  private async attempt<S extends z.ZodType>(req: JsmRequest<S>): Promise<z.output<S>> {
    const hasBody = req.body !== undefined;
    const started = this.options.now();
    const label = `${req.method} ${req.path}`;
    let response: Response;
    try {
      response = await this.options.fetch(this.buildUrl(req.path, req.query, req.api), {
        method: req.method,
        headers: this.buildHeaders(hasBody),
        body: hasBody ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      this.report(req, 'network-error', started);
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const reason = timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeNetworkError(error);
      throw new RetryableFailure(`${PRODUCT} could not ${req.action} (${label}): ${reason}`, undefined, null, false);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      this.report(req, 'network-error', started);
      throw new RetryableFailure(`${PRODUCT} could not ${req.action}: the connection broke while reading the answer (${describeNetworkError(error)})`, response.status, null, false);
    }
    this.report(req, response.status, started);
    if (response.ok) return this.parseBody(req, label, response.status, text);

    const hintMs = retryHintMs(response.headers, this.options.now());
    const vendor = describeJiraError(text);
    const said = vendor ? `: ${vendor}` : '';
    if (response.status === 429) throw new RetryableFailure(`${PRODUCT} is rate limiting (429) while trying to ${req.action}${said}`, 429, hintMs, true);
    if (response.status >= 500 || response.status === 408) throw new RetryableFailure(`${PRODUCT} failed to ${req.action} (${response.status}${said})`, response.status, hintMs, false);
    if (response.status === 401) {
      throw new ProviderError(
        'auth',
        `${PRODUCT} rejected the credentials (401): check the email and API token (JIRA_EMAIL / JIRA_API_TOKEN, or the connection settings); the token may be mistyped, revoked or expired, or belong to another Atlassian account.`,
        401,
      );
    }
    if (response.status === 403) {
      const hint = req.forbiddenHint ?? `ask a Jira admin to give ${this.options.email} the permission it needs`;
      throw new JsmRefusal('auth', this.scrub(`${PRODUCT} refused to ${req.action} (403${vendor ? ` ${vendor}` : ''}): ${hint}.`), 403, this.scrub(vendor));
    }
    if (response.status === 404) {
      throw new JsmRefusal('rejected', this.scrub(`${PRODUCT} could not ${req.action} (404${said}): ${req.notFoundHint ?? 'it does not exist or the integration user cannot see it'}.`), 404, this.scrub(vendor));
    }
    if (response.status === 410) {
      throw new JsmRefusal('rejected', this.scrub(`${PRODUCT} no longer offers ${label} (410${said}).`), 410, this.scrub(vendor));
    }
    throw new JsmRefusal('rejected', this.scrub(`${PRODUCT} refused to ${req.action} (${response.status}${said}).`), response.status, this.scrub(vendor));
  }

  private parseBody<S extends z.ZodType>(req: JsmRequest<S>, label: string, status: number, text: string): z.output<S> {
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new RetryableFailure(`${PRODUCT} answered ${label} with ${status} and a body that is not JSON (starts ${JSON.stringify(text.slice(0, 40))})`, status, null, false);
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      throw new RetryableFailure(`${PRODUCT} answered ${label} with ${status} and an unexpected body: ${issues}`, status, null, false);
    }
    return parsed.data;
  }

  private report(req: JsmRequest<z.ZodType>, status: number | 'network-error', started: number): void {
    this.options.onRequest?.({ method: req.method, path: req.path, status, durationMs: Math.max(0, this.options.now() - started) });
  }

  /** Removes the token (and the Authorization header's value) from a message, in case a server echoed it. */
  private scrub(message: string): string {
    let out = message;
    for (const secret of [this.options.apiToken, this.authorization.slice('Basic '.length)]) {
      if (secret) out = out.split(secret).join('[redacted]');
    }
    return out;
  }
}

/** One line from Jira's error body: its errorMessages and field errors ("priority: ..."). */
export function describeJiraError(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed.startsWith('<')) return /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim() ?? 'an HTML error page';
    return trimmed.slice(0, 200);
  }
  const parsed = JiraErrorBody.safeParse(json);
  if (!parsed.success) return '';
  const { errorMessages = [], errors = {}, message } = parsed.data;
  const parts = [...errorMessages, ...Object.entries(errors).map(([field, value]) => `${field}: ${value}`)];
  if (message) parts.push(message);
  return parts.join('; ');
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}
