/**
 * The change audit over a period (shared/domain/audit.ts): every production deployment with
 * the change it went out under, and the exceptions a change manager looks for: no approved
 * change, deployed outside the change's window, commits that cannot be traced, and a change
 * closed as implemented that no production deployment shipped. Also the one rule that
 * matches a deployment to its change. Pure: used by the engine, the CLI and the page.
 *
 * Matching: the same service (name, case and spaces aside) and the change's version equal to
 * the deployment's ref or its commit equal to the deployment's sha; among those, the latest
 * created before the deployment's creation + 1 hour (a pipeline may raise the change just
 * after asking for the deployment). A canceled change never matches; a rejected one only when
 * no other does.
 */
import type { ChangeRequest } from '../domain/change';
import type { AuditChange, AuditException, AuditExceptionKind, AuditReport, AuditRow, ChangeWithoutDeployment } from '../domain/audit';
import type { ServiceDeployment, SourceFreshness } from '../domain/delivery';
import { formatDurationWords } from './duration-words';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A change may be raised this long after the deployment it covers and still match it. */
const CHANGE_AFTER_DEPLOYMENT_MS = HOUR_MS;
const SHORT_SHA = 7;
const EXCEPTION_KINDS: readonly AuditExceptionKind[] = ['no-approved-change', 'outside-window', 'untraceable', 'closed-without-deployment'];

type DeploymentToMatch = Pick<ServiceDeployment, 'service' | 'ref' | 'sha' | 'createdAt'>;

/** Changes of one key (service and version, or service and commit), oldest created first. */
interface Candidates {
  /** Neither canceled nor rejected: preferred. */
  preferred: Dated[];
  rejected: Dated[];
}

interface Dated {
  change: ChangeRequest;
  createdMs: number;
}

const serviceKey = (name: string) => name.trim().toLowerCase();
const versionKey = (service: string, version: string) => `${serviceKey(service)}\u0000v\u0000${version}`;
const commitKey = (service: string, commit: string) => `${serviceKey(service)}\u0000c\u0000${commit}`;

/**
 * A matcher over the changes, for many deployments: built in O(M log M) for M changes, each
 * match then a map look-up and a binary search (O(log M)).
 */
export function indexChanges(changes: readonly ChangeRequest[]): (deployment: DeploymentToMatch) => ChangeRequest | null {
  const index = new Map<string, Candidates>();
  const add = (key: string, entry: Dated, preferred: boolean) => {
    let candidates = index.get(key);
    if (!candidates) {
      candidates = { preferred: [], rejected: [] };
      index.set(key, candidates);
    }
    (preferred ? candidates.preferred : candidates.rejected).push(entry);
  };
  for (const change of changes) {
    const createdMs = Date.parse(change.createdAt);
    if (change.state === 'canceled' || Number.isNaN(createdMs)) continue;
    const entry = { change, createdMs };
    const preferred = change.approval !== 'rejected';
    add(versionKey(change.service.name, change.deployment.version), entry, preferred);
    add(commitKey(change.service.name, change.deployment.commit), entry, preferred);
  }
  const byCreation = (a: Dated, b: Dated) => a.createdMs - b.createdMs || compareText(a.change.id, b.change.id);
  for (const candidates of index.values()) {
    candidates.preferred.sort(byCreation);
    candidates.rejected.sort(byCreation);
  }

  return (deployment) => {
    const limit = Date.parse(deployment.createdAt) + CHANGE_AFTER_DEPLOYMENT_MS;
    if (Number.isNaN(limit)) return null;
    const byVersion = index.get(versionKey(deployment.service, deployment.ref));
    const byCommit = index.get(commitKey(deployment.service, deployment.sha));
    const latest = (pick: (candidates: Candidates) => Dated[]): Dated | null => {
      const a = byVersion ? lastBefore(pick(byVersion), limit) : null;
      const b = byCommit ? lastBefore(pick(byCommit), limit) : null;
      if (!a || !b) return a ?? b;
      return byCreation(a, b) >= 0 ? a : b;
    };
    return (latest((candidates) => candidates.preferred) ?? latest((candidates) => candidates.rejected))?.change ?? null;
  };
}

/** The change a deployment went out under (see the top comment); null when none matches. */
export function changeForDeployment(deployment: DeploymentToMatch, changes: readonly ChangeRequest[]): ChangeRequest | null {
  return indexChanges(changes)(deployment);
}

/** The last entry created before `limit` in a list ordered by creation (binary search); null when none. */
function lastBefore(list: readonly Dated[], limit: number): Dated | null {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]!.createdMs < limit) low = middle + 1;
    else high = middle;
  }
  return low > 0 ? list[low - 1]! : null;
}

export interface AuditInput {
  /** Deployments of the mapped services, any environment and time: those outside the period still show a change was deployed. */
  deployments: readonly ServiceDeployment[];
  changes: readonly ChangeRequest[];
  /**
   * The period, `to` included: timestamps, or dates (UTC days; a date `to` includes its
   * whole day, so 2026-11-01 to 2026-11-30 is all of November).
   */
  from: string;
  to: string;
  /** One service to report on (case aside); null or absent for all. */
  service?: string | null;
  /**
   * The services in scope when no one service is given (the workspace's delivery mapping),
   * whose closed changes must have a deployment; absent: those the deployments name.
   */
  services?: readonly string[];
  sources: SourceFreshness[];
  /** When the report is made (ISO 8601). */
  now: string;
}

/** The change audit over a period (see shared/domain/audit.ts). Throws a RangeError on a period it cannot read. */
export function buildAuditReport(input: AuditInput): AuditReport {
  const from = readTime(input.from, 'The period start (from)', false);
  const to = readTime(input.to, 'The period end (to)', true);
  if (!(from < to)) throw new RangeError(`The period must start before it ends (from ${input.from}, to ${input.to})`);
  const only = input.service ? serviceKey(input.service) : null;
  const inScope = only !== null ? (name: string) => serviceKey(name) === only : scopeOf(input);

  const matchChange = indexChanges(input.changes);
  const rows: { row: AuditRow; atMs: number }[] = [];
  const shipped = new Set<string>();
  for (const deployment of input.deployments) {
    if (!deployment.production) continue;
    shipped.add(versionKey(deployment.service, deployment.ref));
    shipped.add(commitKey(deployment.service, deployment.sha));
    const atMs = Date.parse(deployment.createdAt);
    if (!(atMs >= from && atMs <= to) || !wentOut(deployment) || !inScope(deployment.service)) continue;
    rows.push({ atMs, row: auditRow(deployment, deployment.change ?? matchChange(deployment), atMs) });
  }
  rows.sort((a, b) => b.atMs - a.atMs || compareText(a.row.deploymentKey, b.row.deploymentKey));

  const unshipped: { entry: ChangeWithoutDeployment; closedMs: number }[] = [];
  for (const change of input.changes) {
    if (change.state !== 'closed' || (change.closeCode !== 'successful' && change.closeCode !== 'successful_issues')) continue;
    const closedMs = Date.parse(change.updatedAt);
    if (!(closedMs >= from && closedMs <= to) || !inScope(change.service.name)) continue;
    const { version, commit } = change.deployment;
    if (shipped.has(versionKey(change.service.name, version)) || shipped.has(commitKey(change.service.name, commit))) continue;
    const message =
      `Closed as ${change.closeCode === 'successful' ? 'successful' : 'successful with issues'} on ${utcTime(closedMs)}, ` +
      `but no production deployment of ${change.service.name} ${version} (commit ${shortSha(commit)}) is known.`;
    unshipped.push({
      closedMs,
      entry: {
        service: change.service.name,
        version,
        closedAt: change.updatedAt,
        change: auditChange(change),
        exceptions: [{ kind: 'closed-without-deployment', message }],
      },
    });
  }
  unshipped.sort((a, b) => b.closedMs - a.closedMs || compareText(a.entry.change.id, b.entry.change.id));

  const byKind = Object.fromEntries(EXCEPTION_KINDS.map((kind) => [kind, 0])) as Record<AuditExceptionKind, number>;
  let withExceptions = 0;
  for (const { exceptions } of [...rows.map(({ row }) => row), ...unshipped.map(({ entry }) => entry)]) {
    if (exceptions.length > 0) withExceptions += 1;
    for (const exception of exceptions) byKind[exception.kind] += 1;
  }
  return {
    from: input.from,
    to: input.to,
    service: input.service ?? null,
    generatedAt: input.now,
    rows: rows.map(({ row }) => row),
    changesWithoutDeployment: unshipped.map(({ entry }) => entry),
    counts: { deployments: rows.length, withExceptions, byKind },
    sources: input.sources,
  };
}

/** The services whose changes the audit covers when no one service is asked for. */
function scopeOf(input: AuditInput): (name: string) => boolean {
  const names = new Set((input.services ?? input.deployments.map((deployment) => deployment.service)).map(serviceKey));
  return (name) => names.has(serviceKey(name));
}

/** A deployment that went out: finished (well or not), or replaced after it succeeded. Queued and running ones did not yet. */
function wentOut(deployment: ServiceDeployment): boolean {
  const { state } = deployment;
  return state === 'success' || state === 'failure' || state === 'error' || (state === 'inactive' && deployment.succeededAt !== null);
}

function auditRow(deployment: ServiceDeployment, change: ChangeRequest | null, atMs: number): AuditRow {
  const exceptions: AuditException[] = [];
  const approval = approvalProblem(deployment, change);
  if (approval) exceptions.push({ kind: 'no-approved-change', message: approval });
  const window = change ? windowProblem(change, atMs) : null;
  if (window) exceptions.push({ kind: 'outside-window', message: window });
  const range = deployment.range;
  if (range && !range.traceable) {
    const reason = range.reason?.trim() || 'it could not be compared with the previous production version';
    exceptions.push({ kind: 'untraceable', message: sentence(`The commits it brought cannot be traced: ${reason}`) });
  }
  return {
    deploymentKey: deployment.key,
    service: deployment.service,
    environment: deployment.environment,
    source: deployment.source,
    version: deployment.ref,
    sha: deployment.sha,
    deployedAt: deployment.createdAt,
    deployer: deployment.creator,
    state: deployment.state,
    change: change ? auditChange(change) : null,
    commits: range ? range.commits : null,
    totalCommits: range ? range.totalCommits : null,
    exceptions,
  };
}

const APPROVAL_WORDS: Record<Exclude<ChangeRequest['approval'], 'approved'>, string> = {
  'not-requested': 'its approval was never asked for',
  requested: 'it is still waiting for approval',
  rejected: 'it was rejected',
};

/** Why a deployment has no approved change; null when it has one (a standard change is pre-approved by its template). */
function approvalProblem(deployment: ServiceDeployment, change: ChangeRequest | null): string | null {
  if (!change) return `No change request matches it (${deployment.service} ${deployment.ref}, commit ${shortSha(deployment.sha)}).`;
  const named = `Its ${change.type} change ${change.record.number}`;
  if (change.state === 'canceled') return `${named} was canceled.`;
  if (change.approval === 'rejected') return `${named} was rejected.`;
  if (change.type !== 'standard' && change.approval !== 'approved') return `${named} is not approved: ${APPROVAL_WORDS[change.approval]}.`;
  return null;
}

/** How far outside its change's planned window a deployment went out; null when inside (its ends included) or when there is none. */
function windowProblem(change: ChangeRequest, atMs: number): string | null {
  const startMs = change.plannedStart === null ? NaN : Date.parse(change.plannedStart);
  const endMs = change.plannedEnd === null ? NaN : Date.parse(change.plannedEnd);
  let gap: string;
  if (atMs < startMs) gap = `${formatDurationWords(startMs - atMs)} before its change's window started`;
  else if (atMs > endMs) gap = `${formatDurationWords(atMs - endMs)} after its change's window ended`;
  else return null;
  return `Deployed ${gap} (${change.record.number}, window ${windowText(startMs, endMs, atMs)}).`;
}

/** "14:00–16:00 UTC" on the deployment's day; dates added where a time is on another day. */
function windowText(startMs: number, endMs: number, atMs: number): string {
  const day = (ms: number) => Math.floor(ms / DAY_MS);
  const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const at = (ms: number) => (day(ms) === day(atMs) ? clock(ms) : `${date(ms)} ${clock(ms)}`);
  if (Number.isNaN(startMs)) return `until ${at(endMs)} UTC`;
  if (Number.isNaN(endMs)) return `from ${at(startMs)} UTC`;
  if (day(startMs) !== day(endMs)) return `${date(startMs)} ${clock(startMs)} – ${date(endMs)} ${clock(endMs)} UTC`;
  return `${day(startMs) === day(atMs) ? '' : `${date(startMs)} `}${clock(startMs)}–${clock(endMs)} UTC`;
}

function auditChange(change: ChangeRequest): AuditChange {
  return {
    id: change.id,
    number: change.record.number,
    url: change.record.url,
    type: change.type,
    vendorState: change.vendorState,
    templateId: change.templateId,
    approvedBy: change.approvals
      .filter((approval) => approval.state === 'approved')
      .map((approval) => ({ name: approval.approver.name, at: approval.decidedAt })),
    plannedStart: change.plannedStart,
    plannedEnd: change.plannedEnd,
    closeCode: change.closeCode,
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A period bound in ms; a date alone is its UTC day's start, or (for the end) its last millisecond. */
function readTime(text: string, what: string, end: boolean): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a date: "${text}" (write it as 2026-11-01 or 2026-11-01T09:00:00Z)`);
  return end && DATE_ONLY.test(text.trim()) ? ms + DAY_MS - 1 : ms;
}

/** "2026-11-12 09:30 UTC". */
function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, SHORT_SHA) : sha;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
