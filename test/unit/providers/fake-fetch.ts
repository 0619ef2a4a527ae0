/**
 * A scriptable stand-in for fetch, for provider unit tests: routes each call to a handler
 * and records what was sent (method, path, query, headers, body).
 */
export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type Handler = (call: RecordedCall) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function fakeFetch(handler: Handler): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    if (init?.signal?.aborted) throw init.signal.reason;
    return handler(call);
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

/** A PagerDuty incident as the API sends it, with overrides. */
export function pdIncident(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    type: 'incident',
    incident_number: Number(id.replace(/\D/g, '') || 1),
    title: `Incident ${id}`,
    status: 'triggered',
    urgency: 'high',
    service: { id: 'PSVC1', type: 'service_reference', summary: 'Checkout' },
    teams: [{ id: 'PTEAM1', type: 'team_reference', summary: 'Payments' }],
    escalation_policy: { id: 'PEP1', type: 'escalation_policy_reference', summary: 'Payments EP' },
    assignments: [{ at: '2024-05-01T10:00:00Z', assignee: { id: 'PUSER1', type: 'user_reference', summary: 'Ada' } }],
    acknowledgements: [],
    priority: null,
    created_at: '2024-05-01T10:00:00Z',
    updated_at: '2024-05-01T10:00:00Z',
    last_status_change_at: '2024-05-01T10:00:00Z',
    html_url: `https://example.pagerduty.com/incidents/${id}`,
    ...overrides,
  };
}
