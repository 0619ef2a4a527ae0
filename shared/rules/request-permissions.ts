/**
 * Who may do what to a specialist request, now: the one rule the engine enforces
 * (engine/specialists/specialist-service.ts refuses with `actionRefusal`'s words) and the
 * page offers buttons by (renderer/src/features/requests/request-model.ts calls
 * `allowedActions`).
 *
 * The roles: the team's specialists claim, ask, resolve and approve; the requester replies;
 * both may comment while the request is open, retry a failed run (only the requester may
 * change its inputs, see approval.ts retryDecision) and cancel it. The state machine
 * (request-lifecycle.ts) decides what the request's state allows. Approving is checked
 * again against the offering's policy by the engine (approval.ts checkApprover), which
 * knows the directory; this rule is what anyone can tell from the request itself.
 */
import { z } from 'zod';
import type { SpecialistRequest } from '../domain/specialist-request';
import { isFinalState, transitionRefusal, type RequestEvent } from './request-lifecycle';

/** What a person can do to a request, in the order the page shows the buttons. */
export const RequestAction = z.enum([
  'claim',
  'assign-to-me',
  'ask-requester',
  'resolve',
  'approve',
  'reject',
  'reply',
  'retry',
  'comment',
  'cancel',
]);
export type RequestAction = z.infer<typeof RequestAction>;

/** Who acts: their email (null when unknown), their name for messages, the teams whose requests they triage. */
export interface RequestActor {
  email: string | null;
  name?: string;
  teamIds: readonly string[];
}

/** What the rule reads of a request: the page's SpecialistRequest and the engine's stored record both fit. */
export interface PermissionView {
  kind: SpecialistRequest['kind'];
  state: SpecialistRequest['state'];
  teamId: string;
  teamName: string;
  offeringTitle: string;
  requester: { name: string; email: string };
  assignee: { name: string; email: string } | null;
  approvals: readonly { approver: { email: string }; decision: 'approve' | 'reject' }[];
  approvalStillNeeded: readonly string[];
}

const same = (a: string | null | undefined, b: string | null | undefined) => Boolean(a && b && a.toLowerCase() === b.toLowerCase());

interface Facts {
  request: PermissionView;
  actor: RequestActor;
  isRequester: boolean;
  isSpecialist: boolean;
}

/** Each check returns the refusal in the user's words, or null when it passes. */
type Check = (facts: Facts) => string | null;

const onlyKind =
  (kind: PermissionView['kind'], what: string): Check =>
  ({ request }) =>
    request.kind === kind ? null : `${what} applies to ${kind} requests; ${request.offeringTitle} is ${request.kind}`;

const onlySpecialists =
  (what: string): Check =>
  ({ request, actor, isSpecialist }) =>
    isSpecialist ? null : `Only members of ${request.teamName} can ${what}${actor.name ? ` (you act as ${actor.name})` : ''}`;

const onlyInvolved: Check = ({ request, isRequester, isSpecialist }) =>
  isRequester || isSpecialist ? null : `Only the requester (${request.requester.name}) and members of ${request.teamName} can do that`;

const stateAllows =
  (event: RequestEvent): Check =>
  ({ request }) =>
    transitionRefusal(request.kind, request.state, event);

const open: Check = ({ request }) =>
  isFinalState(request.state) ? `${request.offeringTitle} is ${request.state}: it takes no more comments` : null;

/** The engine's own copy of an approval check runs after this one with the directory (approval.ts checkApprover). */
const mayDecide: Check = ({ request, actor, isRequester, isSpecialist }) => {
  if (isRequester) return 'You asked for this run: someone else must approve it';
  const previous = request.approvals.find((approval) => same(approval.approver.email, actor.email));
  if (previous) return `You already ${previous.decision === 'approve' ? 'approved' : 'rejected'} this request`;
  const named = request.approvalStillNeeded.filter((entry) => entry.includes('@'));
  if (named.length > 0) return named.some((email) => same(email, actor.email)) ? null : `Only ${named.join(', ')} can approve this request`;
  return isSpecialist ? null : `Only members of ${request.teamName} can approve this request`;
};

/** Taking over: any open expertise request someone else holds (a new one is simply claimed). */
const notFinal: Check = ({ request }) => (isFinalState(request.state) ? transitionRefusal(request.kind, request.state, 'claim') : null);
const notYours: Check = ({ request, actor }) =>
  request.assignee && same(request.assignee.email, actor.email)
    ? `${actor.name ?? request.assignee.name} already holds this request`
    : null;

const RULES: Record<RequestAction, readonly Check[]> = {
  claim: [onlyKind('expertise', 'Claiming'), onlySpecialists('claim its requests'), stateAllows('claim')],
  'assign-to-me': [onlyKind('expertise', 'Claiming'), onlySpecialists('claim its requests'), notFinal, notYours],
  'ask-requester': [
    onlyKind('expertise', 'Asking the requester'),
    onlySpecialists('ask the requester for more'),
    ({ isRequester }) => (isRequester ? 'You asked for this yourself: there is nobody else to ask' : null),
    stateAllows('ask-requester'),
  ],
  resolve: [onlyKind('expertise', 'Resolving'), onlySpecialists('resolve its requests'), stateAllows('resolve')],
  approve: [onlyKind('self-service', 'Approving'), stateAllows('approve'), mayDecide],
  reject: [onlyKind('self-service', 'Rejecting'), stateAllows('reject'), mayDecide],
  reply: [
    onlyKind('expertise', 'Replying'),
    ({ request, isRequester }) => (isRequester ? null : `Only the requester (${request.requester.name}) can reply to a question`),
    stateAllows('requester-replied'),
  ],
  retry: [onlyKind('self-service', 'Retrying'), onlyInvolved, stateAllows('retry')],
  comment: [onlyInvolved, open],
  cancel: [onlyInvolved, stateAllows('cancel')],
};

function factsOf(request: PermissionView, actor: RequestActor): Facts {
  return { request, actor, isRequester: same(request.requester.email, actor.email), isSpecialist: actor.teamIds.includes(request.teamId) };
}

/** Why `actor` may not do `action` to the request now, in words that say what to do instead; null when they may. */
export function actionRefusal(request: PermissionView, actor: RequestActor, action: RequestAction): string | null {
  const facts = factsOf(request, actor);
  for (const check of RULES[action]) {
    const refusal = check(facts);
    if (refusal) return refusal;
  }
  return null;
}

/**
 * The actions `actor` may take now, in button order. "Assign to me" is left out while
 * "Claim" applies: on a new request they are the same thing.
 */
export function allowedActions(request: PermissionView, actor: RequestActor): RequestAction[] {
  const allowed = RequestAction.options.filter((action) => actionRefusal(request, actor, action) === null);
  return allowed.includes('claim') ? allowed.filter((action) => action !== 'assign-to-me') : allowed;
}

/** Whether a step carries words; the required ones say what is missing in the user's words. */
const STEP_TEXT: Record<RequestAction, { need: 'required'; missing: string } | { need: 'optional' | 'none' }> = {
  claim: { need: 'none' },
  'assign-to-me': { need: 'none' },
  'ask-requester': { need: 'required', missing: 'Say what you need from the requester' },
  resolve: { need: 'optional' },
  approve: { need: 'optional' },
  reject: { need: 'required', missing: 'Say why you reject it: a rejection needs a comment for the requester' },
  reply: { need: 'required', missing: 'A reply needs some text' },
  retry: { need: 'none' },
  comment: { need: 'required', missing: 'A comment needs some text' },
  cancel: { need: 'optional' },
};

/** Whether the step needs words (a comment, a question, a reason) before it is sent. */
export function actionNeedsText(action: RequestAction): 'required' | 'optional' | 'none' {
  return STEP_TEXT[action].need;
}

/** What is missing when a step that needs words comes without them; null when nothing is. */
export function missingText(action: RequestAction, text: string): string | null {
  const rule = STEP_TEXT[action];
  return rule.need === 'required' && !text.trim() ? rule.missing : null;
}
