/**
 * A small read-only incident page at /incident.do?sys_id=... and
 * /nav_to.do?uri=incident.do?sys_id=..., so the console's "open in ServiceNow" links
 * lead somewhere during the demo. Not part of the API; no login.
 */
import type { ServiceNowState } from './state';
import { INCIDENT_STATES, PRIORITIES } from './tables';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

export function incidentPage(state: ServiceNowState, url: URL): { status: number; html: string } {
  const target = url.pathname === '/nav_to.do' ? new URL(`/${url.searchParams.get('uri') ?? ''}`, 'http://127.0.0.1') : url;
  const sysId = target.searchParams.get('sys_id') ?? '';
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
    .map((entry) => `<li><b>${escapeHtml(entry.sys_created_on ?? '')} ${escapeHtml(entry.sys_created_by ?? '')}</b>: ${escapeHtml(entry.value ?? '')}</li>`)
    .join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(incident.number ?? '')} | ServiceNow simulator</title></head><body>
<h1>${escapeHtml(incident.number ?? '')}: ${escapeHtml(incident.short_description ?? '')}</h1>
<table>${rows.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>
<h2>Description</h2><pre>${escapeHtml(incident.description ?? '')}</pre>
<h2>Work notes</h2><ul>${notes}</ul></body></html>`;
  return { status: 200, html };
}
