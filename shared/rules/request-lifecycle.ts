/**
 * The life of a catalogue request, as pure rules: the state machine of each kind of
 * offering and the SLA clocks that run over it.
 *
 * Expertise (a request in the specialist team's queue):
 *   new -claim-> claimed -start-> in-progress <-ask-requester / requester-replied-> waiting-for-requester
 *   claimed | in-progress | waiting-for-requester -resolve-> resolved; any open state -cancel-> cancelled
 *   (Assigning a claimed request to someone else changes who holds it, not its state.)
 *
 * Self-service (a pipeline run):
 *   draft -submit-> awaiting-approval (or straight to approved when no approval is needed)
 *   awaiting-approval -approve-> approved | -reject-> rejected
 *   approved -dispatch-> dispatched -run-started-> running -run-succeeded-> succeeded
 *   approved (dispatch refused) | dispatched | running -run-failed-> failed -retry-> dispatched
 *   draft | awaiting-approval | approved -cancel-> cancelled (a dispatched run cannot be called back)
 *   failed -replace-> cancelled (the requester ran it again with changed inputs, as a new request)
 *   A retry reuses the approval only when it runs the inputs that were approved; with
 *   changed inputs it is a new request, submitted (and approved, when the offering needs
 *   it) like any other, and the failed one is replaced (see approval.ts: retryDecision).
 *
 * SLA clocks (calendar time, see computeSla):
 *   - Both clocks start when the request reaches the team: on creation for expertise, on
 *     submit for self-service (a draft is nobody's work yet).
 *   - Response stops at the first human action: a claim (or any move out of `new`); for
 *     self-service, the approval decision (immediately when no approval is needed).
 *   - Resolution stops at a final state (resolved, succeeded, rejected, cancelled). It is
 *     PAUSED while the ball is in the requester's court: waiting-for-requester, and a
 *     failed run (until the requester retries). It is not paused for approvals: the
 *     approvers are the specialist team.
 *   - A clock is breached once its counted time exceeds its target; a clock that stopped
 *     late stays breached.
 */
import { z } from 'zod';
import type { OfferingKind, Sla } from '../domain/catalogue';

export const ExpertiseRequestState = z.enum(['new', 'claimed', 'in-progress', 'waiting-for-requester', 'resolved', 'cancelled']);
export type ExpertiseRequestState = z.infer<typeof ExpertiseRequestState>;

export const SelfServiceRequestState = z.enum([
  'draft',
  'awaiting-approval',
  'approved',
  'dispatched',
  'running',
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
]);
export type SelfServiceRequestState = z.infer<typeof SelfServiceRequestState>;

export const RequestState = z.enum([...new Set([...ExpertiseRequestState.options, ...SelfServiceRequestState.options])] as [
  ExpertiseRequestState | SelfServiceRequestState,
  ...(ExpertiseRequestState | SelfServiceRequestState)[],
]);
export type RequestState = ExpertiseRequestState | SelfServiceRequestState;

export const RequestEvent = z.enum([
  'claim',
  'start',
  'ask-requester',
  'requester-replied',
  'resolve',
  'cancel',
  /** The expertise ticket was closed in the ticketing system itself (not through a console). */
  'closed-in-ticketing',
  'submit',
  'approve',
  'reject',
  'dispatch',
  'run-started',
  'run-succeeded',
  'run-failed',
  'retry',
  /** A failed request run again with changed inputs, as a new request: this one ends. */
  'replace',
]);
export type RequestEvent = z.infer<typeof RequestEvent>;

type Table<S extends string> = Partial<Record<RequestEvent, { from: readonly S[]; to: S }>>;

const EXPERTISE: Table<ExpertiseRequestState> = {
  claim: { from: ['new'], to: 'claimed' },
  start: { from: ['claimed'], to: 'in-progress' },
  'ask-requester': { from: ['claimed', 'in-progress'], to: 'waiting-for-requester' },
  'requester-replied': { from: ['waiting-for-requester'], to: 'in-progress' },
  resolve: { from: ['claimed', 'in-progress', 'waiting-for-requester'], to: 'resolved' },
  cancel: { from: ['new', 'claimed', 'in-progress', 'waiting-for-requester'], to: 'cancelled' },
  'closed-in-ticketing': { from: ['new', 'claimed', 'in-progress', 'waiting-for-requester'], to: 'resolved' },
};

const SELF_SERVICE: Table<SelfServiceRequestState> = {
  submit: { from: ['draft'], to: 'awaiting-approval' },
  approve: { from: ['awaiting-approval'], to: 'approved' },
  reject: { from: ['awaiting-approval'], to: 'rejected' },
  dispatch: { from: ['approved'], to: 'dispatched' },
  'run-started': { from: ['dispatched'], to: 'running' },
  'run-succeeded': { from: ['dispatched', 'running'], to: 'succeeded' },
  'run-failed': { from: ['approved', 'dispatched', 'running'], to: 'failed' },
  retry: { from: ['failed'], to: 'dispatched' },
  replace: { from: ['failed'], to: 'cancelled' },
  cancel: { from: ['draft', 'awaiting-approval', 'approved'], to: 'cancelled' },
};

function tableOf(kind: OfferingKind): Table<RequestState> {
  return kind === 'expertise' ? EXPERTISE : SELF_SERVICE;
}

function statesOf(kind: OfferingKind): readonly RequestState[] {
  return kind === 'expertise' ? ExpertiseRequestState.options : SelfServiceRequestState.options;
}

/** A transition the state machine does not allow; the message says what is possible instead. */
export class RequestTransitionError extends Error {
  constructor(
    readonly kind: OfferingKind,
    readonly from: RequestState,
    readonly event: RequestEvent,
    message: string,
  ) {
    super(message);
    this.name = 'RequestTransitionError';
  }
}

export interface TransitionOptions {
  /** For `submit`: whether the offering needs approval (false goes straight to approved). */
  approvalRequired?: boolean;
}

/** The state a request is created in: new (expertise) or draft (self-service). */
export function initialState(kind: OfferingKind): RequestState {
  return kind === 'expertise' ? 'new' : 'draft';
}

/** True for states nothing leaves (failed is not one: it can be retried). */
export function isFinalState(state: RequestState): boolean {
  return state === 'resolved' || state === 'cancelled' || state === 'succeeded' || state === 'rejected';
}

/** The events a request of this kind accepts in this state, in table order. */
export function availableEvents(kind: OfferingKind, state: RequestState): RequestEvent[] {
  return Object.entries(tableOf(kind))
    .filter(([, rule]) => rule?.from.includes(state))
    .map(([event]) => event as RequestEvent);
}

const READABLE: Record<RequestState, string> = {
  new: 'new',
  claimed: 'claimed',
  'in-progress': 'in progress',
  'waiting-for-requester': 'waiting for the requester',
  resolved: 'resolved',
  cancelled: 'cancelled',
  draft: 'a draft',
  'awaiting-approval': 'awaiting approval',
  approved: 'approved',
  dispatched: 'dispatched',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  rejected: 'rejected',
};

/** The state after `event`; throws RequestTransitionError when the event does not apply. */
export function nextState(kind: OfferingKind, from: RequestState, event: RequestEvent, options: TransitionOptions = {}): RequestState {
  const fail = (message: string) => new RequestTransitionError(kind, from, event, message);
  if (!statesOf(kind).includes(from)) throw fail(`"${from}" is not a state of ${kind} requests (states: ${statesOf(kind).join(', ')})`);
  const rule = tableOf(kind)[event];
  if (!rule) {
    const events = Object.keys(tableOf(kind)).join(', ');
    throw fail(`${kind} requests have no "${event}" step (steps: ${events})`);
  }
  if (!rule.from.includes(from)) {
    const possible = availableEvents(kind, from);
    const instead = possible.length ? `it can: ${possible.join(', ')}` : 'nothing more can happen to it';
    throw fail(`Cannot ${event} a request that is ${READABLE[from]} (${event} applies to: ${rule.from.join(', ')}); ${instead}`);
  }
  if (event === 'submit' && options.approvalRequired === false) return 'approved';
  return rule.to;
}

/** Why `event` cannot happen to a request of this kind in this state (nextState's words), or null when it can. */
export function transitionRefusal(kind: OfferingKind, from: RequestState, event: RequestEvent): string | null {
  try {
    nextState(kind, from, event);
    return null;
  } catch (error) {
    if (error instanceof RequestTransitionError) return error.message;
    throw error;
  }
}

/** nextState without throwing. */
export function canTransition(kind: OfferingKind, from: RequestState, event: RequestEvent, options: TransitionOptions = {}): boolean {
  try {
    nextState(kind, from, event, options);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// SLA clocks

/** The request entered `state` at `at` (ms since the epoch); history is in time order. */
export interface StateChange {
  state: RequestState;
  at: number;
}

type SlaClockStatus = 'not-started' | 'running' | 'paused' | 'stopped';

interface SlaClock {
  targetMs: number;
  /** Time counted so far (pauses excluded). */
  elapsedMs: number;
  /** targetMs - elapsedMs: negative once breached. */
  remainingMs: number;
  /** When it breaches if nothing changes (running clocks only; may be in the past). */
  dueAt: number | null;
  status: SlaClockStatus;
  breached: boolean;
  /** When it stopped (the response or resolution time), or null. */
  stoppedAt: number | null;
}

export interface SlaStatus {
  response: SlaClock;
  resolution: SlaClock;
  /** Either clock breached. */
  breached: boolean;
}

type Phase = 'before' | 'counting' | 'paused' | 'stopped';

function responsePhase(kind: OfferingKind, state: RequestState): Phase {
  if (kind === 'expertise') return state === 'new' ? 'counting' : 'stopped';
  if (state === 'draft') return 'before';
  return state === 'awaiting-approval' ? 'counting' : 'stopped';
}

function resolutionPhase(kind: OfferingKind, state: RequestState): Phase {
  if (isFinalState(state)) return 'stopped';
  if (state === 'draft' && kind === 'self-service') return 'before';
  if (state === 'waiting-for-requester' || state === 'failed') return 'paused';
  return 'counting';
}

function runClock(targetMs: number, history: readonly StateChange[], now: number, phaseOf: (state: RequestState) => Phase): SlaClock {
  let elapsedMs = 0;
  let started = false;
  for (const [index, change] of history.entries()) {
    const phase = phaseOf(change.state);
    if (phase !== 'before') started = true;
    if (phase === 'stopped') {
      return {
        targetMs,
        elapsedMs,
        remainingMs: targetMs - elapsedMs,
        dueAt: null,
        status: 'stopped',
        breached: elapsedMs > targetMs,
        stoppedAt: change.at,
      };
    }
    const end = history[index + 1]?.at ?? now;
    if (phase === 'counting') elapsedMs += Math.max(0, end - change.at);
  }
  const last = history.at(-1);
  const phase = last ? phaseOf(last.state) : 'before';
  const status: SlaClockStatus = !started ? 'not-started' : phase === 'paused' ? 'paused' : 'running';
  const remainingMs = targetMs - elapsedMs;
  return {
    targetMs,
    elapsedMs,
    remainingMs,
    dueAt: status === 'running' ? now + remainingMs : null,
    status,
    breached: elapsedMs > targetMs,
    stoppedAt: null,
  };
}

/** Both SLA clocks of a request at `now`, from its state history (see the module comment for the rules). */
export function computeSla(kind: OfferingKind, sla: Sla, history: readonly StateChange[], now: number): SlaStatus {
  const response = runClock(sla.responseMs, history, now, (state) => responsePhase(kind, state));
  const resolution = runClock(sla.resolutionMs, history, now, (state) => resolutionPhase(kind, state));
  return { response, resolution, breached: response.breached || resolution.breached };
}
