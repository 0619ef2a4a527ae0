/**
 * ServiceNow's REST APIs (Table, Service Catalog) over the shared transport
 * (providers/http/transport.ts): auth headers (Basic, Bearer or x-sn-apikey), links kept on
 * the instance, one record read by sys_id, and what ServiceNow's refusals mean. Secrets only ever go into headers:
 * they are never logged and are scrubbed from every message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import {
  basicAuthorization,
  errorBodyText,
  HttpTransport,
  labelPath,
  transportTuning,
  urlUnder,
  withQuery,
  type ClientTuning,
  type QueryParams,
  type VendorDialect,
} from '../http/transport';
import { VendorRefusal } from '../http/vendor-refusal';
import { secretOf, type ServiceNowAuth } from './config';
import { SnErrorBody } from './schemas';

/** A record's sys_id: 32 hexadecimal characters. */
export const SYS_ID = /^[0-9a-f]{32}$/i;

export interface ServiceNowClientOptions extends ClientTuning {
  instanceUrl: string;
  auth: ServiceNowAuth;
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
export class ServiceNowRefusal extends VendorRefusal {
  override name = 'ServiceNowRefusal';

  constructor(
    kind: 'auth' | 'rejected',
    message: string,
    status: number,
    /** ServiceNow's error.message, e.g. "Operation Failed". */
    vendorMessage: string,
    /** ServiceNow's error.detail, e.g. "ACL Exception Update Failed due to security constraints". */
    readonly vendorDetail: string,
  ) {
    super(kind, message, status, vendorMessage);
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
      ...transportTuning(options),
    });
  }

  buildHeaders(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const { auth } = this.options;
    if (auth.kind === 'basic') headers.Authorization = basicAuthorization(auth.user, auth.password);
    else if (auth.kind === 'bearer') headers.Authorization = `Bearer ${auth.token}`;
    else headers['x-sn-apikey'] = auth.key;
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /**
   * One Table API record by sys_id (GET `${tablePath}/${sysId}`), answered as `schema`: an id
   * that is not a sys_id is refused before asking, and a 404 is a ProviderError saying `notFound`.
   */
  async readRecord<S extends z.ZodType>(
    tablePath: string,
    sysId: string,
    query: QueryParams,
    schema: S,
    notFound: string,
  ): Promise<z.output<S>> {
    if (!SYS_ID.test(sysId)) throw new ProviderError('rejected', `"${sysId}" is not a ServiceNow sys_id (32 hexadecimal characters)`);
    try {
      return (await this.request({ method: 'GET', path: `${tablePath}/${sysId}`, query, schema })).body;
    } catch (error) {
      if (error instanceof ServiceNowRefusal && error.status === 404) throw new ProviderError('rejected', notFound, 404);
      throw error;
    }
  }

  /** Sends one request (to a path, or to an absolute URL on the instance, e.g. a Link header's next page), retrying transient failures. */
  async request<S extends z.ZodType>(req: SnRequest<S>): Promise<SnResponse<z.output<S>>> {
    const url = withQuery(urlUnder(this.instanceUrl, req.path, 'ServiceNow', 'the instance'), req.path.startsWith('http') ? [] : req.query);
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
