/**
 * Maps PagerDuty's records (as validated by schemas.ts) into the console's domain model
 * (shared/domain). Pure functions, no I/O.
 */
import { majorDeclarationReason } from '../../../shared/domain/paging-notes';
import type { Alert, Incident, LogEntry, Note, Ref } from '../../../shared/domain/incident';
import type { PdAlert, PdIncident, PdLogEntry, PdNote, PdReference } from './schemas';

export const PAGERDUTY_PROVIDER_ID = 'pagerduty';

/** A reference's display name: the full record's name, else the reference's summary, else its id. */
export function toRef(ref: PdReference): Ref {
  return { id: ref.id, name: ref.name ?? ref.summary ?? ref.id };
}

/**
 * `snoozed`: a snooze of it was seen (a snooze_log_entry, or our own snooze). PagerDuty says
 * when an acknowledged incident will be unacknowledged (pending_actions), but an
 * acknowledgement timeout looks the same as a snooze there, so only a known snooze counts.
 */
export function toIncident(pd: PdIncident, tenant: string | null = tenantOfIncident(pd), snoozed = false): Incident {
  return {
    id: pd.id,
    provider: PAGERDUTY_PROVIDER_ID,
    number: pd.incident_number,
    title: pd.title,
    status: pd.status,
    urgency: pd.urgency,
    priority: pd.priority ? toRef(pd.priority) : null,
    service: toRef(pd.service),
    team: pd.teams?.[0] ? toRef(pd.teams[0]) : null,
    escalationPolicy: pd.escalation_policy ? toRef(pd.escalation_policy) : null,
    assignees: uniqueRefs((pd.assignments ?? []).map((a) => toRef(a.assignee))),
    acknowledgedBy: uniqueRefs((pd.acknowledgements ?? []).map((a) => toRef(a.acknowledger))),
    createdAt: pd.created_at,
    updatedAt: pd.last_status_change_at ?? pd.updated_at ?? pd.created_at,
    statusChangedBy: pd.last_status_change_by ? toRef(pd.last_status_change_by) : null,
    snoozedUntil:
      snoozed && pd.status === 'acknowledged' ? (pd.pending_actions?.find((action) => action.type === 'unacknowledge')?.at ?? null) : null,
    declaredMajor: majorDeclaration(pd.incidents_responders),
    htmlUrl: pd.html_url ?? '',
    tenant,
  };
}

/**
 * The tenant an incident affects, from what its first alert said (`tenant` in the custom
 * details), looking where PagerDuty puts them: the incident body (GET /incidents/{id}) or
 * the first trigger log entry's channel (with `include[]=first_trigger_log_entries`).
 */
export function tenantOfIncident(pd: PdIncident): string | null {
  return (
    tenantOfDetails(pd.body?.details) ??
    tenantOfDetails(pd.first_trigger_log_entry?.channel?.details) ??
    tenantOfDetails(pd.first_trigger_log_entry?.channel?.cef_details?.details)
  );
}

/** `tenant` from a custom-details object, when it is a non-empty string. */
export function tenantOfDetails(details: unknown): string | null {
  if (!isRecord(details)) return null;
  const direct = details.tenant;
  if (typeof direct === 'string' && direct.trim() !== '') return direct.trim();
  // Events API v2 events carry custom_details; some integrations nest them once more.
  const nested = details.custom_details ?? details.details;
  return nested !== details && isRecord(nested) ? tenantOfDetails(nested) : null;
}

export function toNote(pd: PdNote): Note {
  return { id: pd.id, content: pd.content, createdAt: pd.created_at, author: pd.user ? toRef(pd.user) : null };
}

/** The entry type without its `_log_entry` suffix, e.g. "acknowledge". */
export function toLogEntry(pd: PdLogEntry): LogEntry {
  return {
    id: pd.id,
    type: pd.type.replace(/_log_entry(_reference)?$/, ''),
    summary: pd.summary ?? '',
    createdAt: pd.created_at,
    agent: pd.agent ? toRef(pd.agent) : null,
  };
}

export function toAlert(pd: PdAlert): Alert {
  const details = isRecord(pd.body?.details) ? pd.body.details : isRecord(pd.body?.cef_details?.details) ? pd.body.cef_details.details : {};
  return {
    id: pd.id,
    summary: pd.summary ?? '',
    status: pd.status,
    createdAt: pd.created_at,
    severity: pd.severity ?? null,
    details,
    links: alertLinks(pd, details),
  };
}

/**
 * Every https link an alert carries: its `links`, its link contexts, and any https string
 * in its custom details (dashboard_url, runbook_url, ...). Anything not https is dropped,
 * so a javascript: or http: link from a monitoring tool never reaches the UI.
 */
export function alertLinks(pd: PdAlert, details: Record<string, unknown>): Array<{ href: string; text: string }> {
  const links: Array<{ href: string; text: string }> = [];
  const seen = new Set<string>();
  const add = (href: unknown, text: unknown): void => {
    if (typeof href !== 'string') return;
    const safe = httpsUrl(href);
    if (!safe || seen.has(safe)) return;
    seen.add(safe);
    links.push({ href: safe, text: typeof text === 'string' && text.trim() !== '' ? text.trim() : safe });
  };
  for (const link of pd.links ?? []) add(link.href, link.text);
  for (const context of pd.body?.contexts ?? []) if (!context.type || context.type === 'link') add(context.href, context.text);
  collectDetailLinks(details, '', add, 0);
  return links;
}

function collectDetailLinks(value: unknown, key: string, add: (href: unknown, text: unknown) => void, depth: number): void {
  if (depth > 4) return;
  if (typeof value === 'string') {
    add(value, key);
  } else if (Array.isArray(value)) {
    for (const item of value) collectDetailLinks(item, key, add, depth + 1);
  } else if (isRecord(value)) {
    for (const [childKey, child] of Object.entries(value)) collectDetailLinks(child, childKey, add, depth + 1);
  }
}

/** The URL normalised if it is a valid https URL, else null. */
export function httpsUrl(value: string): string | null {
  const trimmed = value.trim();
  if (!/^https:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' && url.hostname ? url.toString() : null;
  } catch {
    return null;
  }
}

function uniqueRefs(refs: Ref[]): Ref[] {
  const seen = new Set<string>();
  return refs.filter((ref) => (seen.has(ref.id) ? false : (seen.add(ref.id), true)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reason of a major incident declaration among the responder requests ('' without one), or null. */
function majorDeclaration(responders: PdIncident['incidents_responders']): string | null {
  for (const responder of responders ?? []) {
    const reason = majorDeclarationReason(responder.message);
    if (reason !== null) return reason;
  }
  return null;
}
