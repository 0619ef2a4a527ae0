/**
 * Approvals of self-service runs, as pure rules: who may approve (any one member of a
 * group, or every one of the named people; never the requester), what the decisions so
 * far add up to (pending, approved or rejected; a single rejection wins), and who is
 * still needed. The engine records decisions and turns a settled outcome into the
 * request's `approve` or `reject` transition (see request-lifecycle.ts). A retry with
 * edited inputs is weighed here too: an approval covers the inputs that were approved,
 * nothing else (retryDecision).
 *
 * People are compared by email, case-insensitively.
 */
import { z } from 'zod';
import type { ApprovalPolicy } from '../domain/catalogue';
import { Timestamp } from '../domain/incident';

const ApprovalVerdict = z.enum(['approve', 'reject']);
type ApprovalVerdict = z.infer<typeof ApprovalVerdict>;

export const ApprovalDecision = z.object({
  /** The approver's email. */
  approver: z.string().trim().min(1),
  decision: ApprovalVerdict,
  comment: z.string().max(2_000),
  at: Timestamp,
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

type ApprovalState = 'pending' | 'approved' | 'rejected';

/** What the rules need to know about the request and the organisation. */
export interface ApprovalContext {
  /** The requester's email. */
  requester: string;
  /** The members' emails of a group (a team or ticketing group name); undefined when the group is unknown. */
  membersOf(group: string): readonly string[] | undefined;
}

export interface ApprovalOutcome {
  state: ApprovalState;
  /** False for `approval: none` (the outcome is then approved from the start). */
  required: boolean;
  /** all-of: the named people who have not approved yet; any-of: empty (any one eligible person will do). */
  stillNeeded: string[];
  /** Who may still decide while it is pending (to notify); empty once settled. */
  canDecide: string[];
  /** Eligible people who approved, in the order they did. */
  approvedBy: string[];
  /** The rejection that settled it (reject wins), or null. */
  rejection: ApprovalDecision | null;
  /** Decisions that do not count, with why (not eligible, the requester, a second decision). */
  ignored: { decision: ApprovalDecision; reason: string }[];
  /** Why it can never be approved as things stand (e.g. the requester is a named approver), or null. */
  blocked: string | null;
}

export type ApproverCheck = { ok: true } | { ok: false; reason: string };

const normalise = (email: string) => email.trim().toLowerCase();

/** "any one member of Database Administration", "all of noah@..., fatima@...", "no approval". */
export function describeApproval(policy: ApprovalPolicy): string {
  if (policy === 'none') return 'no approval';
  if ('anyOf' in policy) return `any one member of ${policy.anyOf.group}`;
  return `all of ${policy.allOf.people.join(', ')}`;
}

/** Everyone whose approval would count, requester excluded (empty for none; undefined: the group is unknown). */
function eligibleApprovers(policy: ApprovalPolicy, context: ApprovalContext): string[] | undefined {
  if (policy === 'none') return [];
  const requester = normalise(context.requester);
  const people = 'anyOf' in policy ? context.membersOf(policy.anyOf.group) : policy.allOf.people;
  if (people === undefined) return undefined;
  return [...new Set(people.map(normalise))].filter((person) => person !== requester);
}

/**
 * Why a request under this policy could never be approved, or null: the group is unknown
 * or has nobody but the requester; the requester is one of the people who must all approve.
 * The engine checks it on submit, so nobody waits for an approval that cannot come.
 */
export function approvalBlocker(policy: ApprovalPolicy, context: ApprovalContext): string | null {
  if (policy === 'none') return null;
  const eligible = eligibleApprovers(policy, context);
  if ('anyOf' in policy) {
    if (eligible === undefined)
      return `The approval group "${policy.anyOf.group}" is not known: check the catalogue's approval group against the directory`;
    if (eligible.length === 0) return `Nobody in ${policy.anyOf.group} other than the requester can approve this request`;
    return null;
  }
  const requester = normalise(context.requester);
  if (policy.allOf.people.some((person) => normalise(person) === requester)) {
    return `${context.requester} is one of the people who must all approve this, and cannot approve their own request: ask another requester or change the catalogue's approvers`;
  }
  return null;
}

/** What the decisions so far add up to. Decisions that do not count are listed in `ignored`. */
export function evaluateApproval(
  policy: ApprovalPolicy,
  decisions: readonly ApprovalDecision[],
  context: ApprovalContext,
): ApprovalOutcome {
  if (policy === 'none') {
    return {
      state: 'approved',
      required: false,
      stillNeeded: [],
      canDecide: [],
      approvedBy: [],
      rejection: null,
      ignored: decisions.map((decision) => ({ decision, reason: 'this request needs no approval' })),
      blocked: null,
    };
  }
  const eligible = new Set(eligibleApprovers(policy, context) ?? []);
  const requester = normalise(context.requester);
  const counted: ApprovalDecision[] = [];
  const ignored: ApprovalOutcome['ignored'] = [];
  const decided = new Set<string>();
  for (const decision of decisions) {
    const who = normalise(decision.approver);
    if (who === requester) ignored.push({ decision, reason: 'the requester cannot approve their own request' });
    else if (!eligible.has(who))
      ignored.push({ decision, reason: `${decision.approver} is not an approver (${describeApproval(policy)})` });
    else if (decided.has(who)) ignored.push({ decision, reason: `${decision.approver} had already decided` });
    else {
      counted.push(decision);
      decided.add(who);
    }
  }

  const rejection = counted.find((decision) => decision.decision === 'reject') ?? null;
  const approvedBy = counted.filter((decision) => decision.decision === 'approve').map((decision) => normalise(decision.approver));
  const stillNeeded = 'allOf' in policy ? [...eligible].filter((person) => !approvedBy.includes(person)) : [];
  const blocked = approvalBlocker(policy, context);
  const approved = 'anyOf' in policy ? approvedBy.length > 0 : blocked === null && stillNeeded.length === 0;
  const state: ApprovalState = rejection ? 'rejected' : approved ? 'approved' : 'pending';
  return {
    state,
    required: true,
    stillNeeded: state === 'pending' ? stillNeeded : [],
    canDecide: state === 'pending' ? [...eligible].filter((person) => !decided.has(person)) : [],
    approvedBy,
    rejection,
    ignored,
    blocked: state === 'pending' ? blocked : null,
  };
}

/**
 * May `approver` decide now? No when: no approval is needed, it is already settled, they
 * are the requester, they are not in the group / not a named approver, or they already
 * decided. The reason says so in words the person can act on.
 */
export function checkApprover(
  policy: ApprovalPolicy,
  approver: string,
  decisions: readonly ApprovalDecision[],
  context: ApprovalContext,
): ApproverCheck {
  if (policy === 'none') return { ok: false, reason: 'This request needs no approval' };
  const outcome = evaluateApproval(policy, decisions, context);
  if (outcome.state !== 'pending') return { ok: false, reason: `This request is already ${outcome.state}` };
  const who = normalise(approver);
  if (who === normalise(context.requester)) return { ok: false, reason: 'You asked for this run: someone else must approve it' };
  const previous = decisions.find((decision) => normalise(decision.approver) === who);
  if (previous)
    return { ok: false, reason: `You already ${previous.decision === 'approve' ? 'approved' : 'rejected'} this request (${previous.at})` };
  const eligible = eligibleApprovers(policy, context);
  if ('anyOf' in policy) {
    if (eligible === undefined)
      return {
        ok: false,
        reason: `The approval group "${policy.anyOf.group}" is not known: nobody can approve this until the catalogue or the directory is fixed`,
      };
    if (!eligible.includes(who)) return { ok: false, reason: `Only members of ${policy.anyOf.group} can approve this request` };
    return { ok: true };
  }
  if (!(eligible ?? []).includes(who)) return { ok: false, reason: `Only ${policy.allOf.people.join(', ')} can approve this request` };
  return { ok: true };
}

/** What retrying a failed run with (possibly edited) inputs means for its approval. */
export interface RetryDecision {
  /** The form fields whose values differ from the approved ones, in the order given. */
  changed: string[];
  /**
   * 'same-request': the inputs are the approved ones: the run is retried on the request,
   * under the approval it had. 'new-request': something changed: the inputs are a new
   * request, which goes through approval again when the policy asks for one.
   */
  kind: 'same-request' | 'new-request';
  /** True when the new inputs wait for approval before anything runs. */
  needsApproval: boolean;
}

/** An empty answer, whatever its form: undefined, null, "" or []. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Two form values are the same answer: blanks are equal, lists compare item by item, the rest by value. */
function sameAnswer(a: unknown, b: unknown): boolean {
  if (isBlank(a) || isBlank(b)) return isBlank(a) && isBlank(b);
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameAnswer(item, b[index]));
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/**
 * Retrying with `edited` inputs a request whose `approved` inputs ran (and failed): the
 * same inputs retry on the request (an approval given covers them); any change makes a
 * new request that needs approval again whenever the policy asks for one, so nothing
 * reaches a pipeline with inputs nobody approved.
 */
export function retryDecision(
  policy: ApprovalPolicy,
  approved: Readonly<Record<string, unknown>>,
  edited: Readonly<Record<string, unknown>>,
): RetryDecision {
  const names = [...new Set([...Object.keys(approved), ...Object.keys(edited)])];
  const changed = names.filter((name) => !sameAnswer(approved[name], edited[name]));
  if (changed.length === 0) return { changed, kind: 'same-request', needsApproval: false };
  return { changed, kind: 'new-request', needsApproval: policy !== 'none' };
}
