/**
 * ServiceNow's REST APIs (Table, Service Catalog) over the shared transport
 * (providers/http/transport.ts): auth headers (Basic, Bearer or x-sn-apikey), links kept on
 * the instance, and what ServiceNow's refusals mean. Secrets only ever go into headers:
 * they are never logged and are scrubbed from every message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import type { BackoffOptions } from '../../../shared/rules/backoff';
import { errorBodyText, HttpTransport, labelPath, withQuery, type VendorDialect } from '../http/transport';
import { secretOf, type ServiceNowAuth } from './config';
import { SnErrorBody } from './schemas';

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
  private readonly transport: HttpTransport;

  constructor(private readonly options: ServiceNowClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    const authorization = this.buildHeaders(false).Authorization;
    this.transport = new HttpTransport({
      vendor: 'ServiceNow',
      dialect: serviceNowDialect,
      secrets: [secretOf(options.auth), authorization?.slice(authorization.indexOf(' ') + 1)],
      ...options,
    });
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
    return withQuery(`${this.instanceUrl}${path}`, query);
  }

  /** Sends one request (to a path, or to an absolute URL on the instance, e.g. a Link header's next page), retrying transient failures. */
  async request<S extends z.ZodType>(req: SnRequest<S>): Promise<SnResponse<z.output<S>>> {
    const url = req.path.startsWith('http') ? req.path : this.buildUrl(req.path, req.query);
    if (!url.startsWith(`${this.instanceUrl}/`))
      throw new ProviderError('rejected', `ServiceNow sent a link outside the instance (${labelPath(url)}); refusing to follow it`);
    const hasBody = req.body !== undefined;
    const { body, headers } = await this.transport.request({
      method: req.method,
      url,
      label: `${req.method} ${labelPath(req.path)}`,
      headers: this.buildHeaders(hasBody),
      body: hasBody ? JSON.stringify(req.body) : undefined,
      schema: req.schema,
      idempotent: req.idempotent ?? req.method !== 'POST',
    });
    return { body, headers };
  }

  /** Removes the secret from a message, in case the instance echoed it back. */
  scrub(message: string): string {
    return this.transport.scrub(message);
  }
}

/** What ServiceNow's refusals mean: 401 bad credentials, 403 on a read a missing role, other 4xx the request itself. */
const serviceNowDialect: VendorDialect = {
  errorText: (json) => snErrorText(json).text,
  refusal({ status, text, label, said, method }) {
    const vendor = vendorError(text);
    if (status === 401) {
      return new ServiceNowRefusal(
        'auth',
        `ServiceNow rejected the credentials (401${vendor.message ? ` ${vendor.message}` : ''}): check SERVICENOW_USER / SERVICENOW_PASSWORD or SERVICENOW_TOKEN (and SERVICENOW_TOKEN_TYPE) in the ServiceNow connection settings; they may be mistyped, locked or expired.`,
        401,
        vendor.message,
        vendor.detail,
      );
    }
    const readForbidden = status === 403 && method === 'GET';
    const advice = readForbidden ? '; the integration user needs read access (e.g. the itil role) to this table' : '';
    return new ServiceNowRefusal(
      readForbidden ? 'auth' : 'rejected',
      `ServiceNow refused ${label} (${status})${said}${advice}`,
      status,
      vendor.message,
      vendor.detail,
    );
  },
};

/** ServiceNow's error body in one line ("Operation Failed: ACL Exception ..."), or the title of an HTML error page. */
function vendorError(text: string): { message: string; detail: string; text: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const said = errorBodyText(text, () => '');
    return { message: said, detail: '', text: said };
  }
  return snErrorText(json);
}

function snErrorText(json: unknown): { message: string; detail: string; text: string } {
  const parsed = SnErrorBody.safeParse(json);
  if (!parsed.success) return { message: '', detail: '', text: '' };
  const message = parsed.data.error.message ?? '';
  const detail = (parsed.data.error.detail ?? '').replace(/\s+/g, ' ').trim();
  return { message, detail, text: [message, detail].filter(Boolean).join(': ') };
}
