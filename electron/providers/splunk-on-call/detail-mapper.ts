/**
 * Maps what Splunk On-Call's public API tells of one incident into the detail pane's
 * timeline and alerts (shared/domain/incident IncidentDetail). Pure functions, no I/O.
 *
 * - Timeline: the incident's start (the alert that triggered it) and its transitions
 *   (ACKED, RESOLVED: who, when, with their message), which are all the history the
 *   incident list carries (IncidentTransition, L3362). Reroutes, pages and rolled-in
 *   alerts leave no transition, so they are not on it.
 * - Alerts: the alert as the REST endpoint received it (GetAlertResponse, L3241), its
 *   fields from the raw body as sent, and the https links in it (the `vo_annotate.u.<Title>`
 *   URL annotations among them, titled by their title).
 */
import type { Alert, LogEntry, Ref } from '../../../shared/domain/incident';
import { incidentIdOf, statusOfPhase, userRef, type MappingContext } from './mapper';
import type { SocAlert, SocIncident, SocTransition } from './schemas';

const VERBS = { triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved' } as const;
const LOG_TYPES = { triggered: 'trigger', acknowledged: 'acknowledge', resolved: 'resolve' } as const;
/** The REST endpoint's URL annotations (S1): `vo_annotate.u.<Title>`. */
const URL_ANNOTATION = /^vo_annotate\.u\.(.+)$/;

/** The incident's start and its transitions, oldest first. */
export function toTimeline(soc: SocIncident, incidentNumber: string, context: MappingContext): LogEntry[] {
  const incidentId = incidentIdOf(incidentNumber);
  const entries: LogEntry[] = [];
  const startTime = soc.startTime?.trim();
  if (startTime) {
    const key = soc.routingKey?.trim();
    entries.push({
      id: `${incidentId}:start`,
      type: LOG_TYPES.triggered,
      summary: `Triggered by an alert${key ? ` routed by ${key}` : ''}.`,
      createdAt: startTime,
      agent: null,
    });
  }
  (soc.transitions ?? []).forEach((transition, index) => {
    const at = transition.at?.trim();
    if (!at) return;
    const agent = transition.by?.trim() ? userRef(transition.by.trim(), context) : null;
    const status = statusOfPhase(transition.name);
    entries.push({
      id: `${incidentId}:transition:${index}`,
      type: status ? LOG_TYPES[status] : (transition.name?.trim().toLowerCase() ?? 'other'),
      summary: transitionSummary(transition, agent),
      createdAt: at,
      agent,
    });
  });
  return entries.sort((a, b) => timeOf(a.createdAt) - timeOf(b.createdAt));
}

/** "Acknowledged by Ada Lovelace: looking", "Resolved by an alert." */
function transitionSummary(transition: SocTransition, agent: Ref | null): string {
  const status = statusOfPhase(transition.name);
  const verb = status ? VERBS[status] : (transition.name?.trim() ?? 'Changed');
  const who = transition.manually === false ? `by an alert${agent ? ` (from ${agent.name})` : ''}` : agent ? `by ${agent.name}` : '';
  const message = transition.message?.trim();
  return `${[verb, who].filter(Boolean).join(' ')}${message ? `: ${message}` : '.'}`;
}

/** The alert `uuid`; `receivedAt` stands in for the time when the alert carries none. */
export function toAlert(uuid: string, soc: SocAlert, receivedAt: string): Alert {
  const details = parseObject(soc.raw);
  const type = soc.messageType?.trim().toUpperCase() || null;
  const seconds = soc.timestamp ?? null;
  return {
    id: uuid,
    summary: soc.entityDisplayName?.trim() || soc.stateMessage?.trim() || soc.entityId?.trim() || 'Alert',
    status: type === 'RECOVERY' || type === 'OK' ? 'resolved' : 'triggered',
    createdAt: seconds !== null && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : receivedAt,
    severity: type,
    details,
    links: alertLinks(details, soc.stateMessage),
  };
}

/** The JSON object in a raw alert body, or {} when it is not one. */
function parseObject(raw: string | null | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** Every https link in the alert's fields and its state message; anything not https is dropped, so no javascript: link reaches the page. */
function alertLinks(details: Record<string, unknown>, stateMessage: string | null | undefined): Alert['links'] {
  const links: Alert['links'] = [];
  const seen = new Set<string>();
  const add = (candidate: string, text: string) => {
    const href = httpsUrl(candidate);
    if (!href || seen.has(href)) return;
    seen.add(href);
    links.push({ href, text: text.trim() || href });
  };
  const visit = (value: unknown, key: string, depth: number): void => {
    if (depth > 4) return;
    if (typeof value === 'string') add(value, URL_ANNOTATION.exec(key)?.[1] ?? key);
    else if (Array.isArray(value)) value.forEach((item) => visit(item, key, depth + 1));
    else if (isRecord(value)) for (const [childKey, child] of Object.entries(value)) visit(child, childKey, depth + 1);
  };
  visit(details, '', 0);
  for (const [url] of (stateMessage ?? '').matchAll(/https:\/\/[^\s"'<>)]+/g)) add(url, url);
  return links;
}

function httpsUrl(value: string): string | null {
  const trimmed = value.trim();
  if (!/^https:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' && url.hostname ? url.toString() : null;
  } catch {
    return null;
  }
}

function timeOf(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? -Infinity : ms;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
