/**
 * A small read-only incident page at /incident.do?sys_id=... and
 * /nav_to.do?uri=incident.do?sys_id=... (and a requested item's at
 * /nav_to.do?uri=sc_req_item.do?sys_id=...), so the console's "open in ServiceNow" links
 * lead somewhere during the demo. Not part of the API; no login.
 */
import type { ServiceNowState } from './state';
import { INCIDENT_STATES, PRIORITIES, REQUESTED_ITEM_STATES } from './tables';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

export function incidentPage(state: ServiceNowState, url: URL): { status: number; html: string } {
  const target = url.pathname === '/nav_to.do' ? new URL(`/${url.searchParams.get('uri') ?? ''}`, 'http://127.0.0.1') : url;
  const sysId = target.searchParams.get('sys_id') ?? '';
  const item = target.pathname.includes('sc_req_item') ? state.get('sc_req_item', sysId) : undefined;
  if (item) return requestedItemPage(state, sysId, item);
  const incident = state.get('incident', sysId);
  if (!incident) return { status: 404, html: '<!doctype html><title>Not found</title><p>No incident with that sys_id.</p>' };
  const name = (table: string, id: string | undefined) => (id ? (state.get(table, id)?.name ?? id) : '');
  const rows: [string, string][] = [
    ['State', INCIDENT_STATES[incident.state ?? ''] ?? incident.state ?? ''],
    ['Priority', PRIORITIES[incident.priority ?? ''] ?? incident.priority ?? ''],
    ['Assignment group', name('sys_user_group', incident.assignment_group)],
    ['Assigned to', name('sys_user', incident.assigned_to)],
    ['Service', name('cmdb_ci_service', incident.business_service)],
    ['Configuration item', name('cmdb_ci', incident.cmdb_ci)],
    ['Major incident', incident.major_incident_state ?? ''],
    ['Correlation ID', incident.correlation_id ?? ''],
    ['Updated', `${incident.sys_updated_on} by ${incident.sys_updated_by}`],
  ];
  const notes = state
    .journal(sysId, 'work_notes')
    .map(
      (entry) =>
        `<li><b>${escapeHtml(entry.sys_created_on ?? '')} ${escapeHtml(entry.sys_created_by ?? '')}</b>: ${escapeHtml(entry.value ?? '')}</li>`,
    )
    .join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(incident.number ?? '')} | ServiceNow simulator</title></head><body>
<h1>${escapeHtml(incident.number ?? '')}: ${escapeHtml(incident.short_description ?? '')}</h1>
<table>${rows.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>
<h2>Description</h2><pre>${escapeHtml(incident.description ?? '')}</pre>
<h2>Work notes</h2><ul>${notes}</ul></body></html>`;
  return { status: 200, html };
}

function requestedItemPage(state: ServiceNowState, sysId: string, item: Record<string, string>): { status: number; html: string } {
  const name = (table: string, id: string | undefined) => (id ? (state.get(table, id)?.name ?? id) : '');
  const rows: [string, string][] = [
    ['Request', state.get('sc_request', item.request ?? '')?.number ?? ''],
    ['State', REQUESTED_ITEM_STATES[item.state ?? ''] ?? item.state ?? ''],
    ['Assignment group', name('sys_user_group', item.assignment_group)],
    ['Assigned to', name('sys_user', item.assigned_to)],
    ['Requested for', name('sys_user', item.requested_for)],
    ['Correlation ID', item.correlation_id ?? ''],
    ['Close notes', item.close_notes ?? ''],
  ];
  const journal = state
    .journal(sysId)
    .map(
      (entry) =>
        `<li><b>${escapeHtml(entry.sys_created_on ?? '')} ${escapeHtml(entry.sys_created_by ?? '')} (${escapeHtml(entry.element ?? '')})</b>: ${escapeHtml(entry.value ?? '')}</li>`,
    )
    .join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(item.number ?? '')} | ServiceNow simulator</title></head><body>
<h1>${escapeHtml(item.number ?? '')}: ${escapeHtml(item.short_description ?? '')}</h1>
<table>${rows.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>
<h2>Description</h2><pre>${escapeHtml(item.description ?? '')}</pre>
<h2>Activity</h2><ul>${journal}</ul></body></html>`;
  return { status: 200, html };
}
