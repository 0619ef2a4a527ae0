/**
 * Test helper: calls the Splunk On-Call simulator over real HTTP the way a client of the
 * public API does (X-VO-Api-Id / X-VO-Api-Key, JSON bodies), and posts alerts to its REST
 * endpoint the way a monitoring tool does.
 */
import type { SplunkOnCallSimulator } from '../../../../electron/simulators/splunk-on-call';

export const API_ID = 'acme-corp';
export const API_KEY = 'c3e1b6f2-7a9d-4f0e-8b15-2d4c6a8e0f13';
export const CREDENTIALS = [{ apiId: API_ID, apiKey: API_KEY }];

export interface VoResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface VoRequestOptions {
  method?: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** null leaves the header out. */
  apiId?: string | null;
  apiKey?: string | null;
}

export async function vo<T = Record<string, unknown>>(
  sim: SplunkOnCallSimulator,
  path: string,
  options: VoRequestOptions = {},
): Promise<VoResponse<T>> {
  const headers: Record<string, string> = {};
  const apiId = options.apiId === undefined ? API_ID : options.apiId;
  const apiKey = options.apiKey === undefined ? API_KEY : options.apiKey;
  if (apiId !== null) headers['X-VO-Api-Id'] = apiId;
  if (apiKey !== null) headers['X-VO-Api-Key'] = apiKey;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sim.apiUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  return { status: response.status, body: parseOrText(await response.text()) as T };
}

/** JSON when the body is JSON, else the raw text (a gateway's HTML error page). */
function parseOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function postAlert(sim: SplunkOnCallSimulator, routingKey: string, alert: Record<string, unknown>): Promise<VoResponse> {
  const response = await fetch(`${sim.restEndpointUrl}/${routingKey}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alert),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface WireIncident {
  alertCount: number;
  currentPhase: string;
  entityDisplayName: string;
  entityId: string;
  entityState: string;
  incidentNumber: string;
  lastAlertTime: string;
  pagedPolicies: { policy: { name: string; slug: string }; team?: { name: string; slug: string } }[];
  pagedTeams: string[];
  pagedUsers: string[];
  routingKey: string;
  startTime: string;
  transitions: { name: string; at: string; by?: string; manually: boolean; message?: string; alertId?: string; alertUrl?: string }[];
  endTime?: string;
}

export async function currentIncidents(sim: SplunkOnCallSimulator): Promise<WireIncident[]> {
  const response = await vo<{ incidents: WireIncident[] }>(sim, '/api-public/v1/incidents');
  if (response.status !== 200) throw new Error(`GET /api-public/v1/incidents answered ${response.status}`);
  return response.body.incidents;
}

export async function incidentFor(sim: SplunkOnCallSimulator, entityId: string): Promise<WireIncident[]> {
  return (await currentIncidents(sim)).filter((incident) => incident.entityId === entityId);
}
