/**
 * What each step a person takes on a specialist request does, one small handler per
 * action: the state it moves to, the history line, the comment, the ticket update for
 * the outbox and whom it notifies. Whether the person may take the step at all is decided
 * before, by shared/rules/request-permissions.ts (specialist-service.ts act()).
 */
import { randomBytes } from 'node:crypto';
import type { ActionRequest } from '../../../shared/domain/action';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import type { RequestAction } from '../../../shared/rules/request-permissions';
import { nextState, type RequestEvent, type RequestState } from '../../../shared/rules/request-lifecycle';
import type { Person, StoredRequest } from './request-record';

type TicketUpdate = Extract<ActionRequest, { kind: 'updateSpecialistTicket' }>['update'];

/** One step to take: the request as stored, who takes it, their words (trimmed), and their roles. */
interface Step {
  request: StoredRequest;
  person: Person;
  text: string;
  isRequester: boolean;
  isSpecialist: boolean;
}

/** What the handlers do through the service: store a change (and its ticket update), notify, decide, run again. */
export interface StepTools {
  now(): number;
  /** Applies a change to the stored request and, when it has a ticket side, records `ticketUpdate` in the outbox. */
  commit(requestId: string, change: (request: StoredRequest) => void, ticketUpdate: TicketUpdate | null): SpecialistRequest;
  notifyIfMe(emails: readonly string[], request: StoredRequest, title: string, body: string): Promise<void>;
  /** An approval decision, checked against the offering's policy. */
  decide(request: StoredRequest, decision: 'approve' | 'reject', text: string, person: Person): Promise<SpecialistRequest>;
  /** Runs a failed self-service request again with the inputs approved before. */
  retry(request: StoredRequest, person: Person): SpecialistRequest;
}

type Handler = (step: Step, tools: StepTools) => SpecialistRequest | Promise<SpecialistRequest>;

/** The next state for an event; throws RequestTransitionError with what is possible instead. */
export function transition(
  request: Pick<StoredRequest, 'kind' | 'state'>,
  event: RequestEvent,
  options: { approvalRequired?: boolean } = {},
): RequestState {
  return nextState(request.kind, request.state, event, options);
}

/** Unique across consoles: comments written on different machines are merged by id. */
function commentId(): string {
  return `c-${randomBytes(6).toString('hex')}`;
}

const whoIs = (person: Person) => ({ id: person.id, name: person.name });

const claim: Handler = ({ request, person }, tools) => {
  const state = transition(request, 'claim');
  return tools.commit(
    request.id,
    (r) => {
      r.state = state;
      r.assignee = person;
      r.history.push({ at: tools.now(), actor: whoIs(person), summary: `${person.name} claimed it`, state });
    },
    { type: 'assign', assigneeEmail: person.email },
  );
};

/** Takes over an open request someone else holds; on a new one it is a claim. */
const assignToMe: Handler = (step, tools) => {
  const { request, person } = step;
  if (request.state === 'new') return claim(step, tools);
  return tools.commit(
    request.id,
    (r) => {
      r.history.push({
        at: tools.now(),
        actor: whoIs(person),
        summary: `${person.name} took it over${r.assignee ? ` from ${r.assignee.name}` : ''}`,
        state: r.state,
      });
      r.assignee = person;
    },
    { type: 'assign', assigneeEmail: person.email },
  );
};

/** A comment; the first one a specialist writes on a claimed expertise request starts the work. */
const comment: Handler = async ({ request, person, text, isRequester, isSpecialist }, tools) => {
  const start = request.kind === 'expertise' && isSpecialist && !isRequester && request.state === 'claimed';
  const state = start ? transition(request, 'start') : request.state;
  const view = tools.commit(
    request.id,
    (r) => {
      r.comments.push({ id: commentId(), author: person, text, at: tools.now(), asksRequester: false });
      r.state = state;
      r.history.push({
        at: tools.now(),
        actor: whoIs(person),
        summary: `${person.name} commented${start ? ' and started work' : ''}`,
        state,
      });
    },
    request.ticket || request.kind === 'expertise' ? { type: 'comment', text: `${person.name}: ${text}` } : null,
  );
  if (!isRequester)
    await tools.notifyIfMe([request.requester.email], request, `${person.name} commented on ${request.offeringTitle}`, text);
  return view;
};

const askRequester: Handler = async ({ request, person, text }, tools) => {
  const state = transition(request, 'ask-requester');
  const view = tools.commit(
    request.id,
    (r) => {
      r.comments.push({ id: commentId(), author: person, text, at: tools.now(), asksRequester: true });
      r.state = state;
      r.history.push({
        at: tools.now(),
        actor: whoIs(person),
        summary: `${person.name} asked ${r.requester.name} for more information`,
        state,
      });
    },
    { type: 'comment', text: `${person.name} asks ${request.requester.name}: ${text}` },
  );
  await tools.notifyIfMe([request.requester.email], request, `${request.teamName} needs more from you: ${request.offeringTitle}`, text);
  return view;
};

const reply: Handler = async ({ request, person, text }, tools) => {
  const state = transition(request, 'requester-replied');
  const view = tools.commit(
    request.id,
    (r) => {
      r.comments.push({ id: commentId(), author: person, text, at: tools.now(), asksRequester: false });
      r.state = state;
      r.history.push({ at: tools.now(), actor: whoIs(person), summary: `${person.name} replied`, state });
    },
    { type: 'comment', text: `${person.name}: ${text}` },
  );
  await tools.notifyIfMe(
    request.assignee ? [request.assignee.email] : [],
    request,
    `${person.name} replied: ${request.offeringTitle}`,
    text,
  );
  return view;
};

const resolve: Handler = async ({ request, person, text }, tools) => {
  const state = transition(request, 'resolve');
  const notes = text || `Resolved by ${person.name}`;
  const view = tools.commit(
    request.id,
    (r) => {
      r.state = state;
      r.history.push({ at: tools.now(), actor: whoIs(person), summary: `${person.name} resolved it: ${notes}`, state });
    },
    { type: 'resolve', text: notes, outcome: 'resolved' },
  );
  await tools.notifyIfMe([request.requester.email], request, `Resolved: ${request.offeringTitle}`, notes);
  return view;
};

const cancel: Handler = ({ request, person, text }, tools) => {
  const state = transition(request, 'cancel');
  const notes = text || `Cancelled by ${person.name}`;
  return tools.commit(
    request.id,
    (r) => {
      r.state = state;
      r.approvalStillNeeded = [];
      r.history.push({ at: tools.now(), actor: whoIs(person), summary: `${person.name} cancelled it${text ? `: ${text}` : ''}`, state });
    },
    request.kind === 'expertise' ? { type: 'resolve', text: notes, outcome: 'cancelled' } : null,
  );
};

/** One handler per action: the table act() dispatches through. */
export const REQUEST_STEPS: Record<RequestAction, Handler> = {
  claim,
  'assign-to-me': assignToMe,
  comment,
  'ask-requester': askRequester,
  reply,
  resolve,
  approve: ({ request, text, person }, tools) => tools.decide(request, 'approve', text, person),
  reject: ({ request, text, person }, tools) => tools.decide(request, 'reject', text, person),
  retry: ({ request, person }, tools) => tools.retry(request, person),
  cancel,
};
