/**
 * The change audit as files to hand on: CSV (RFC 4180, one row per production deployment,
 * then one per change closed without a deployment; safe to open in a spreadsheet) and JSON
 * (the report itself, checked against its schema), with the file name to save them under.
 * Pure: the page downloads them, the CLI writes them.
 */
import { AuditReport, type AuditChange, type AuditException } from '../domain/audit';

const COLUMNS = [
  'deployed_at',
  'service',
  'environment',
  'version',
  'commit',
  'deployer',
  'state',
  'change_number',
  'change_type',
  'change_state',
  'approved_by',
  'approved_at',
  'window_start',
  'window_end',
  'commits',
  'exceptions',
] as const;
type Column = (typeof COLUMNS)[number];

/** Several values in one cell (approvers, exceptions). */
const LIST_SEPARATOR = '; ';
const EXCEPTION_SEPARATOR = ' | ';

/** The report as CSV: a header row, the deployments (newest first), then the changes closed without a deployment. */
export function auditCsv(report: AuditReport): string {
  const records: Partial<Record<Column, string>>[] = [];
  for (const row of report.rows)
    records.push({
      deployed_at: row.deployedAt,
      service: row.service,
      environment: row.environment,
      version: row.version,
      commit: row.sha,
      deployer: row.deployer ?? '',
      state: row.state,
      ...changeColumns(row.change),
      commits: row.totalCommits === null ? '' : String(row.totalCommits),
      exceptions: exceptionsText(row.exceptions),
    });
  for (const entry of report.changesWithoutDeployment)
    records.push({
      service: entry.service,
      version: entry.version,
      ...changeColumns(entry.change),
      exceptions: exceptionsText(entry.exceptions),
    });
  const lines = [COLUMNS.join(','), ...records.map((record) => COLUMNS.map((column) => csvField(record[column] ?? '')).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The report as indented JSON, after checking it is one (a malformed report is refused, not saved). */
export function auditJson(report: AuditReport): string {
  return `${JSON.stringify(AuditReport.parse(report), null, 2)}\n`;
}

/** "change-audit-2026-11-01-to-2026-11-30.csv", with "-payments-api" before the extension for one service. */
export function auditFileName(report: AuditReport, format: 'csv' | 'json'): string {
  const service = report.service ? slug(report.service) : '';
  return `change-audit-${dayOf(report.from)}-to-${dayOf(report.to)}${service ? `-${service}` : ''}.${format}`;
}

function changeColumns(change: AuditChange | null): Partial<Record<Column, string>> {
  if (!change) return {};
  return {
    change_number: change.number,
    change_type: change.type,
    change_state: change.vendorState,
    approved_by: change.approvedBy.map((approver) => approver.name).join(LIST_SEPARATOR),
    approved_at: change.approvedBy.map((approver) => approver.at ?? '').join(LIST_SEPARATOR),
    window_start: change.plannedStart ?? '',
    window_end: change.plannedEnd ?? '',
  };
}

function exceptionsText(exceptions: readonly AuditException[]): string {
  return exceptions.map((exception) => `${exception.kind}: ${exception.message}`).join(EXCEPTION_SEPARATOR);
}

/**
 * One field: a text a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return, OWASP's list) gets a leading apostrophe; a field with a comma, quote or line
 * break is quoted, its quotes doubled (RFC 4180).
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The calendar day a period bound names: as written when it starts with one, else its UTC day. */
function dayOf(bound: string): string {
  const written = /^\d{4}-\d{2}-\d{2}/.exec(bound.trim());
  if (written) return written[0];
  const ms = Date.parse(bound);
  return Number.isNaN(ms) ? slug(bound) : new Date(ms).toISOString().slice(0, 10);
}

/** "Payments API" -> "payments-api". */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
