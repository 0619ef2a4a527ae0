/**
 * Test helper: calls the PagerDuty simulator over real HTTP the way the provider does
 * (token, versioned Accept header, From header and JSON body on writes).
 */
import type { PagerDutySimulator } from '../../../../electron/simulators/pagerduty';

export const TOKEN = 'y_NbAkKc66ryYTWUXYEu';
export const DANA = 'dana.developer@example.com';

export interface PdResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface PdRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  token?: string | null;
  from?: string | null;
  headers?: Record<string, string>;
}

export async function pd<T = Record<string, unknown>>(
  sim: PagerDutySimulator,
  path: string,
  options: PdRequestOptions = {},
): Promise<PdResponse<T>> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'PUT');
  const headers: Record<string, string> = { Accept: 'application/vnd.pagerduty+json;version=2', ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.Authorization = `Token token=${token}`;
  if (method !== 'GET') {
    const from = options.from === undefined ? DANA : options.from;
    if (from !== null) headers.From = from;
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseOrText(text) as T };
}

/** JSON when the body is JSON (PagerDuty's answers), else the raw text (a gateway's HTML error page). */
function parseOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function sendEvent(sim: PagerDutySimulator, event: Record<string, unknown>): Promise<PdResponse> {
  const response = await fetch(sim.eventsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

export interface WireIncident {
  id: string;
  incident_number: number;
  title: string;
  status: string;
  urgency: string;
  created_at: string;
  incident_key: string | null;
  service: { id: string; type: string; summary: string; name?: string };
  teams: { id: string; type: string }[];
  assignments: { at: string; assignee: { id: string; type: string; email?: string } }[];
  acknowledgements: { at: string; acknowledger: { id: string; type: string } }[];
  priority: { id: string; type: string; summary: string } | null;
  alert_counts: { all: number; triggered: number; resolved: number };
  escalation_policy: { id: string; type: string };
  first_trigger_log_entry: { id: string; type: string } | null;
}

export interface IncidentPage {
  incidents: WireIncident[];
  limit: number;
  offset: number;
  more: boolean;
  total: number | null;
}

export interface WireLogEntry {
  id: string;
  type: string;
  created_at: string;
  summary: string;
  agent: { id: string; type: string } | null;
  channel: { type: string };
  incident: { id: string; type: string; status?: string; acknowledgements?: unknown[] };
  note?: string;
  assignees?: { id: string }[];
}
