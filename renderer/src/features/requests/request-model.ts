/**
 * What the request views show, as pure functions: the SLA countdown in words, the order
 * of the triage queue (soonest due first), which actions to offer (only those the
 * request's state allows, see shared/rules/request-lifecycle.ts, and only to the people
 * they belong to), and how a pushed change folds into a cached list.
 */
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { needsApproval, type Offering } from '../../../../shared/domain/catalogue';
import { fieldLabel } from '../../../../shared/domain/catalogue-form';
import { retryDecision } from '../../../../shared/rules/approval';
import { describeApprovalPolicy, RISK_LABEL } from '../catalogue/catalogue-model';
import { describeInputs, inputText, type InputEntry } from './request-inputs';
import { isFinalState, type RequestState } from '../../../../shared/rules/request-lifecycle';
import { formatDuration } from '../../../../shared/rules/format-duration';
import { allowedActions, type PermissionView, type RequestAction } from '../../../../shared/rules/request-permissions';

export type SlaTone = 'ok' | 'soon' | 'overdue' | 'paused' | 'done';

export interface SlaCountdown {
  /** "Response due in 3h 20m", "Resolution overdue by 5m", "SLA met", "Resolution clock paused". */
  text: string;
  tone: SlaTone;
  /** The due time the text counts towards, in ms; null when no clock runs. */
  dueAt: number | null;
}

/** Under this much time left, a countdown turns amber. */
const DUE_SOON_MS = 30 * 60_000;

function countdownTo(label: string, dueAt: number, now: number): SlaCountdown {
  const left = dueAt - now;
  if (left < 0) return { text: `${label} overdue by ${formatDuration(-left)}`, tone: 'overdue', dueAt };
  return { text: `${label} due in ${formatDuration(left)}`, tone: left <= DUE_SOON_MS ? 'soon' : 'ok', dueAt };
}

/**
 * The countdown that matters now: the response clock until someone responds, then the
 * resolution clock; once done, whether the SLA was met.
 */
export function slaCountdown(request: Pick<SpecialistRequest, 'state' | 'sla'>, now: number): SlaCountdown {
  const { sla } = request;
  const breached = sla.responseBreached || sla.resolutionBreached;
  if (isFinalState(request.state)) {
    return breached
      ? { text: sla.responseBreached ? 'Response SLA missed' : 'Resolution SLA missed', tone: 'overdue', dueAt: null }
      : { text: 'SLA met', tone: 'done', dueAt: null };
  }
  const responseDue = sla.responseDueAt ? Date.parse(sla.responseDueAt) : NaN;
  if (Number.isFinite(responseDue)) return countdownTo('Response', responseDue, now);
  const resolutionDue = sla.resolutionDueAt ? Date.parse(sla.resolutionDueAt) : NaN;
  if (Number.isFinite(resolutionDue)) return countdownTo('Resolution', resolutionDue, now);
  if (request.state === 'draft') return { text: 'Not submitted yet', tone: 'paused', dueAt: null };
  return {
    text: sla.resolutionBreached ? 'Resolution SLA missed (clock paused)' : 'Resolution clock paused',
    tone: sla.resolutionBreached ? 'overdue' : 'paused',
    dueAt: null,
  };
}

/** The due time the triage queue sorts by: the running clock's, in ms; Infinity when none runs. */
function nextDueAt(request: Pick<SpecialistRequest, 'state' | 'sla'>): number {
  if (isFinalState(request.state)) return Number.POSITIVE_INFINITY;
  for (const due of [request.sla.responseDueAt, request.sla.resolutionDueAt]) {
    const at = due ? Date.parse(due) : NaN;
    if (Number.isFinite(at)) return at;
  }
  return Number.POSITIVE_INFINITY;
}

/** Open requests first, soonest due first; then the newest. A new array. */
export function sortByDue<R extends Pick<SpecialistRequest, 'state' | 'sla' | 'createdAt'>>(requests: readonly R[]): R[] {
  return [...requests].sort((a, b) => {
    const open = Number(isFinalState(a.state)) - Number(isFinalState(b.state));
    if (open !== 0) return open;
    const due = nextDueAt(a) - nextDueAt(b);
    if (due !== 0 && Number.isFinite(due)) return due;
    if (nextDueAt(a) !== nextDueAt(b)) return nextDueAt(a) === Number.POSITIVE_INFINITY ? 1 : -1;
    return Date.parse(b.createdAt) - Date.parse(a.createdAt);
  });
}

/** Newest first (the requester's list). */
export function sortNewestFirst<R extends Pick<SpecialistRequest, 'createdAt'>>(requests: readonly R[]): R[] {
  return [...requests].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** Who is looking at the request. */
export interface Viewer {
  /** Their email; null when the console does not know who it acts as. */
  email: string | null;
  /** The catalogue team ids whose requests they triage. */
  triagesTeamIds: readonly string[];
}

const same = (a: string | null | undefined, b: string | null | undefined) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());

export function isRequester(request: Pick<SpecialistRequest, 'requester'>, viewer: Viewer): boolean {
  return same(request.requester.email, viewer.email);
}

export function isSpecialistFor(request: Pick<SpecialistRequest, 'teamId'>, viewer: Viewer): boolean {
  return viewer.triagesTeamIds.includes(request.teamId);
}

/**
 * The actions to offer, in the order the buttons show: the engine's own rule
 * (shared/rules/request-permissions.ts), so the page offers exactly what the engine accepts.
 */
export function requestActions(request: PermissionView, viewer: Viewer): RequestAction[] {
  return allowedActions(request, { email: viewer.email, teamIds: viewer.triagesTeamIds });
}

export const ACTION_LABEL: Record<RequestAction, string> = {
  claim: 'Claim',
  'assign-to-me': 'Assign to me',
  comment: 'Comment',
  'ask-requester': 'Ask for information',
  reply: 'Reply',
  resolve: 'Resolve',
  approve: 'Approve',
  reject: 'Reject',
  retry: 'Retry',
  cancel: 'Cancel request',
};

export const STATE_LABEL: Record<RequestState, string> = {
  new: 'New',
  claimed: 'Claimed',
  'in-progress': 'In progress',
  'waiting-for-requester': 'Waiting for requester',
  resolved: 'Resolved',
  cancelled: 'Cancelled',
  draft: 'Draft',
  'awaiting-approval': 'Awaiting approval',
  approved: 'Approved',
  dispatched: 'Dispatched',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  rejected: 'Rejected',
};

export const STATE_COLOR: Record<RequestState, string> = {
  new: 'blue',
  claimed: 'indigo',
  'in-progress': 'indigo',
  'waiting-for-requester': 'yellow',
  resolved: 'teal',
  cancelled: 'gray',
  draft: 'gray',
  'awaiting-approval': 'yellow',
  approved: 'indigo',
  dispatched: 'indigo',
  running: 'cyan',
  succeeded: 'teal',
  failed: 'red',
  rejected: 'red',
};

/**
 * Folds a pushed request into a cached list: replaces the one with its id (or adds it
 * when `belongs` says it is one of this list's); `missing` is true when it belongs but was
 * not there, which the caller may prefer to answer with a refetch.
 */
export function upsertRequest(
  list: readonly SpecialistRequest[],
  request: SpecialistRequest,
  belongs: boolean,
): { list: readonly SpecialistRequest[]; missing: boolean } {
  const at = list.findIndex((known) => known.id === request.id);
  if (at === -1) return belongs ? { list: [request, ...list], missing: true } : { list, missing: false };
  const known = list[at]!;
  // Events and call results can arrive out of order: never let an older copy replace a newer one.
  if (known === request || isOlder(request, known)) return { list, missing: false };
  const next = list.slice();
  next[at] = request;
  return { list: next, missing: false };
}

/**
 * Whether the engine is still working on the request in the background (raising its
 * ticket, running its pipeline), so that a missed event would leave the view behind:
 * lists holding one are read again more often.
 */
export function isSettling(request: SpecialistRequest, withTicketing: boolean): boolean {
  if (request.state === 'approved' || request.state === 'dispatched' || request.state === 'running') return true;
  return withTicketing && request.ticket === null && request.lastError === null && !isFinalState(request.state);
}

/** True when `candidate` is an older copy of `known` (by last change, then by history length). */
function isOlder(candidate: SpecialistRequest, known: SpecialistRequest): boolean {
  const byTime = Date.parse(candidate.updatedAt) - Date.parse(known.updatedAt);
  if (byTime !== 0) return byTime < 0;
  return candidate.history.length < known.history.length;
}

// ---------------------------------------------------------------------------------------
// Running a failed request again, and what an approver approves

export interface RetryPlan {
  /** The retry dialog's button. */
  submit: string;
  /** What happens, in a sentence. */
  explanation: string;
  /** The fields changed, by label. */
  changed: string[];
}

/**
 * What submitting the retry dialog with `edited` does, in words (the approval rules
 * decide, approval.ts retryDecision): the same inputs retry under the approval given;
 * changed ones are a new request that needs approval again when the offering asks for one.
 */
export function retryPlan(
  offering: Pick<Offering, 'approval' | 'form'>,
  request: Pick<SpecialistRequest, 'inputs' | 'runs'>,
  edited: Record<string, unknown>,
): RetryPlan {
  const decision = retryDecision(offering.approval, request.inputs, edited);
  const changed = decision.changed.map((name) => fieldLabel(name, offering.form.properties[name]));
  if (decision.kind === 'same-request') {
    return {
      submit: 'Retry with the same inputs',
      explanation: needsApproval(offering)
        ? `Run ${request.runs.length + 1} uses the inputs approved before; nothing needs approving again.`
        : `Run ${request.runs.length + 1} uses the same inputs.`,
      changed,
    };
  }
  const what = `You changed ${changed.join(', ')}.`;
  if (decision.needsApproval) {
    const who = describeApprovalPolicy(offering.approval);
    return {
      submit: 'Ask for approval again',
      explanation: `${what} Changed inputs are a new request: it needs approval again (${who.charAt(0).toLowerCase()}${who.slice(1)}) before anything runs, and this request ends.`,
      changed,
    };
  }
  return {
    submit: 'Run with these inputs',
    explanation: `${what} It runs as a new request (no approval needed), and this request ends.`,
    changed,
  };
}

export interface ApprovalSummary {
  offering: string;
  team: string;
  /** Where it acts, when the catalogue names the field: its label and value in words. */
  environment: { label: string; value: string } | null;
  risk: string;
  riskLevel: Offering['risk'] | null;
  /** Every input, as labelled. */
  inputs: InputEntry[];
}

/** What an approver approves, in words: offering, environment, risk and the inputs as labelled. */
export function approvalSummary(
  request: Pick<SpecialistRequest, 'offeringTitle' | 'teamName' | 'inputs'>,
  offering: Pick<Offering, 'form' | 'risk' | 'environmentField'> | undefined,
): ApprovalSummary {
  const field = offering?.environmentField;
  return {
    offering: request.offeringTitle,
    team: request.teamName,
    environment:
      field && offering
        ? { label: fieldLabel(field, offering.form.properties[field]), value: inputText(offering.form, field, request.inputs[field]) }
        : null,
    risk: offering ? RISK_LABEL[offering.risk] : 'Risk unknown (the offering is no longer in the catalogue)',
    riskLevel: offering?.risk ?? null,
    inputs: describeInputs(request.inputs, offering?.form),
  };
}
