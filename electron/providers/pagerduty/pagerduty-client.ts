/**
 * PagerDuty's REST API v2 over the shared transport (providers/http/transport.ts): the
 * token and versioned Accept headers, From on writes, pacing by the rate-limit headers,
 * and what PagerDuty's refusals mean. The token only ever goes into the Authorization
 * header: it is never logged and is scrubbed from every error message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import {
  errorBodyText,
  HttpTransport,
  transportTuning,
  withQuery,
  type ClientTuning,
  type QueryParams,
  type VendorDialect,
} from '../http/transport';
import { PdErrorBody } from './schemas';

const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

export interface PagerDutyClientOptions extends ClientTuning {
  baseUrl: string;
  token: string;
  from: string;
  /** Start pacing when this many requests or fewer remain in the rate-limit window (default 20). */
  rateLimitReserve?: number;
}

export interface RequestOptions<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
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

export class PagerDutyClient {
  private readonly baseUrl: string;
  private readonly transport: HttpTransport;

  constructor(private readonly options: PagerDutyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.transport = new HttpTransport({
      vendor: 'PagerDuty',
      dialect: pagerDutyDialect,
      secrets: [options.token],
      rateLimitReserve: options.rateLimitReserve ?? 20,
      ...transportTuning(options),
    });
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
    return withQuery(`${this.baseUrl}${path}`, query);
  }

  /** Sends one request, retrying transient failures; returns the validated body. */
  async request<S extends z.ZodType>(req: RequestOptions<S>): Promise<z.output<S>> {
    const hasBody = req.body !== undefined;
    const { body } = await this.transport.request({
      method: req.method,
      url: this.buildUrl(req.path, req.query),
      label: `${req.method} ${req.path}`,
      headers: this.buildHeaders(req.method !== 'GET', hasBody),
      body: hasBody ? JSON.stringify(req.body) : undefined,
      schema: req.schema,
      idempotent: req.idempotent ?? req.method !== 'POST',
    });
    return body;
  }
}

/** What PagerDuty's refusals mean: 401 a bad token, 403 a missing permission, other 4xx the request itself. */
const pagerDutyDialect: VendorDialect = {
  errorText: describeErrorJson,
  refusal({ status, label, said, vendorText }) {
    if (status === 401) {
      return new ProviderError(
        'auth',
        'PagerDuty rejected the token (401): check the token in the PagerDuty connection settings; it may be mistyped, revoked or expired.',
        401,
      );
    }
    if (status === 403) {
      return new ProviderError(
        'auth',
        `PagerDuty refused ${label} (403): the token's user lacks permission for this${vendorText ? ` (${vendorText})` : ''}; use a token with write access or ask a PagerDuty admin.`,
        403,
      );
    }
    return new ProviderError('rejected', `PagerDuty refused ${label} (${status})${said}`, status);
  },
};

/** One line from PagerDuty's error body, e.g. "Invalid Input Provided (code 2001): Offset must be ...". */
export function describeErrorBody(text: string): string {
  return errorBodyText(text, describeErrorJson);
}

function describeErrorJson(json: unknown): string {
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
