import { describe, expect, it } from 'vitest';
import {
  availableEvents,
  canTransition,
  computeSla,
  ExpertiseRequestState,
  initialState,
  isFinalState,
  nextState,
  RequestEvent,
  RequestTransitionError,
  SelfServiceRequestState,
  type RequestState,
  type StateChange,
} from '../../../shared/rules/request-lifecycle';
import type { OfferingKind } from '../../../shared/domain/catalogue';

/** Every allowed step, written out independently of the implementation: "from --event--> to". */
const ALLOWED: Record<OfferingKind, string[]> = {
  expertise: [
    'new --claim--> claimed',
    'new --cancel--> cancelled',
    'claimed --start--> in-progress',
    'claimed --ask-requester--> waiting-for-requester',
    'claimed --resolve--> resolved',
    'claimed --cancel--> cancelled',
    'in-progress --ask-requester--> waiting-for-requester',
    'in-progress --resolve--> resolved',
    'in-progress --cancel--> cancelled',
    'waiting-for-requester --requester-replied--> in-progress',
    'waiting-for-requester --resolve--> resolved',
    'waiting-for-requester --cancel--> cancelled',
    'new --closed-in-ticketing--> resolved',
    'claimed --closed-in-ticketing--> resolved',
    'in-progress --closed-in-ticketing--> resolved',
    'waiting-for-requester --closed-in-ticketing--> resolved',
  ],
  'self-service': [
    'draft --submit--> awaiting-approval',
    'draft --cancel--> cancelled',
    'awaiting-approval --approve--> approved',
    'awaiting-approval --reject--> rejected',
    'awaiting-approval --cancel--> cancelled',
    'approved --dispatch--> dispatched',
    'approved --run-failed--> failed',
    'approved --cancel--> cancelled',
    'dispatched --run-started--> running',
    'dispatched --run-succeeded--> succeeded',
    'dispatched --run-failed--> failed',
    'running --run-succeeded--> succeeded',
    'running --run-failed--> failed',
    'failed --retry--> dispatched',
    'failed --replace--> cancelled',
  ],
};

const STATES: Record<OfferingKind, readonly RequestState[]> = {
  expertise: ExpertiseRequestState.options,
  'self-service': SelfServiceRequestState.options,
};

describe('the request state machine', () => {
  const cases = (Object.keys(STATES) as OfferingKind[]).flatMap((kind) =>
    STATES[kind].flatMap((from) => RequestEvent.options.map((event) => [kind, from, event] as const)),
  );

  it.each(cases)('%s: %s --%s-->', (kind, from, event) => {
    const rule = ALLOWED[kind].find((line) => line.startsWith(`${from} --${event}--> `));
    if (rule) {
      expect(nextState(kind, from, event, { approvalRequired: true })).toBe(rule.split('--> ')[1]);
      expect(canTransition(kind, from, event)).toBe(true);
    } else {
      expect(() => nextState(kind, from, event)).toThrow(RequestTransitionError);
      expect(canTransition(kind, from, event)).toBe(false);
    }
  });

  it('lists what each state allows', () => {
    for (const kind of Object.keys(STATES) as OfferingKind[]) {
      for (const state of STATES[kind]) {
        const expected = ALLOWED[kind].filter((line) => line.startsWith(`${state} --`)).map((line) => line.split('--')[1]);
        expect([...availableEvents(kind, state)].sort(), `${kind} ${state}`).toEqual([...expected].sort());
      }
    }
  });

  it('submits straight to approved when no approval is needed', () => {
    expect(nextState('self-service', 'draft', 'submit', { approvalRequired: false })).toBe('approved');
    expect(nextState('self-service', 'draft', 'submit')).toBe('awaiting-approval');
  });

  it('starts expertise requests as new and self-service ones as drafts', () => {
    expect(initialState('expertise')).toBe('new');
    expect(initialState('self-service')).toBe('draft');
  });

  it('knows the final states; a failed run is not final (it can be retried)', () => {
    expect(['resolved', 'cancelled', 'succeeded', 'rejected'].every((state) => isFinalState(state as RequestState))).toBe(true);
    expect(['failed', 'new', 'running', 'waiting-for-requester'].some((state) => isFinalState(state as RequestState))).toBe(false);
  });

  it('says what went wrong and what is possible instead', () => {
    expect(() => nextState('self-service', 'running', 'approve')).toThrow(
      'Cannot approve a request that is running (approve applies to: awaiting-approval); it can: run-succeeded, run-failed',
    );
    expect(() => nextState('expertise', 'resolved', 'claim')).toThrow(
      'Cannot claim a request that is resolved (claim applies to: new); nothing more can happen to it',
    );
    expect(() => nextState('expertise', 'new', 'approve')).toThrow(
      'expertise requests have no "approve" step (steps: claim, start, ask-requester, requester-replied, resolve, cancel, closed-in-ticketing)',
    );
    expect(() => nextState('expertise', 'draft', 'claim')).toThrow('"draft" is not a state of expertise requests');
    try {
      nextState('self-service', 'succeeded', 'retry');
    } catch (error) {
      expect(error).toMatchObject({ name: 'RequestTransitionError', kind: 'self-service', from: 'succeeded', event: 'retry' });
    }
  });
});

const M = 60_000;
const H = 60 * M;
const T0 = Date.UTC(2026, 0, 6, 9, 0, 0);
const sla = { responseMs: 4 * H, resolutionMs: 24 * H };
const at = (offsetMs: number) => T0 + offsetMs;
const history = (...changes: [RequestState, number][]): StateChange[] => changes.map(([state, offset]) => ({ state, at: at(offset) }));

describe('computeSla', () => {
  it.each<[string, OfferingKind, StateChange[], number, { response: object; resolution: object }]>([
    [
      'a new expertise request counts down both clocks',
      'expertise',
      history(['new', 0]),
      1 * H,
      {
        response: { status: 'running', elapsedMs: 1 * H, remainingMs: 3 * H, dueAt: at(4 * H), breached: false, stoppedAt: null },
        resolution: { status: 'running', elapsedMs: 1 * H, remainingMs: 23 * H, dueAt: at(24 * H), breached: false },
      },
    ],
    [
      'an unclaimed request past its response target is breached',
      'expertise',
      history(['new', 0]),
      5 * H,
      {
        response: { status: 'running', elapsedMs: 5 * H, remainingMs: -1 * H, dueAt: at(4 * H), breached: true },
        resolution: { breached: false },
      },
    ],
    [
      'exactly at the target is not yet breached',
      'expertise',
      history(['new', 0]),
      4 * H,
      { response: { remainingMs: 0, breached: false }, resolution: { breached: false } },
    ],
    [
      'a claim stops the response clock',
      'expertise',
      history(['new', 0], ['claimed', 2 * H], ['in-progress', 3 * H]),
      10 * H,
      {
        response: { status: 'stopped', elapsedMs: 2 * H, remainingMs: 2 * H, dueAt: null, breached: false, stoppedAt: at(2 * H) },
        resolution: { status: 'running', elapsedMs: 10 * H },
      },
    ],
    [
      'a late claim stays breached',
      'expertise',
      history(['new', 0], ['claimed', 6 * H]),
      7 * H,
      { response: { status: 'stopped', elapsedMs: 6 * H, breached: true }, resolution: { status: 'running', breached: false } },
    ],
    [
      'waiting for the requester pauses the resolution clock',
      'expertise',
      history(['new', 0], ['claimed', 1 * H], ['waiting-for-requester', 2 * H]),
      30 * H,
      {
        response: { status: 'stopped' },
        resolution: { status: 'paused', elapsedMs: 2 * H, remainingMs: 22 * H, dueAt: null, breached: false },
      },
    ],
    [
      'the resolution clock resumes when the requester replies',
      'expertise',
      history(['new', 0], ['claimed', 1 * H], ['waiting-for-requester', 2 * H], ['in-progress', 30 * H]),
      40 * H,
      {
        response: { status: 'stopped' },
        resolution: { status: 'running', elapsedMs: 12 * H, remainingMs: 12 * H, dueAt: at(52 * H), breached: false },
      },
    ],
    [
      'resolving stops the resolution clock',
      'expertise',
      history(['new', 0], ['claimed', 1 * H], ['resolved', 20 * H]),
      100 * H,
      { response: { status: 'stopped' }, resolution: { status: 'stopped', elapsedMs: 20 * H, breached: false, stoppedAt: at(20 * H) } },
    ],
    [
      'a draft starts no clock',
      'self-service',
      history(['draft', 0]),
      50 * H,
      {
        response: { status: 'not-started', elapsedMs: 0, dueAt: null, breached: false },
        resolution: { status: 'not-started', elapsedMs: 0 },
      },
    ],
    [
      'self-service clocks start on submit and the response clock stops at the approval',
      'self-service',
      history(['draft', 0], ['awaiting-approval', 10 * H], ['approved', 11 * H], ['dispatched', 11 * H], ['running', 12 * H]),
      13 * H,
      {
        response: { status: 'stopped', elapsedMs: 1 * H, stoppedAt: at(11 * H) },
        resolution: { status: 'running', elapsedMs: 3 * H, dueAt: at(34 * H) },
      },
    ],
    [
      'a run that needs no approval has answered at once',
      'self-service',
      history(['draft', 0], ['approved', 1 * H], ['dispatched', 1 * H]),
      2 * H,
      { response: { status: 'stopped', elapsedMs: 0, breached: false }, resolution: { status: 'running', elapsedMs: 1 * H } },
    ],
    [
      'a failed run pauses the resolution clock until it is retried',
      'self-service',
      history(
        ['draft', 0],
        ['awaiting-approval', 0],
        ['approved', 1 * H],
        ['dispatched', 1 * H],
        ['failed', 2 * H],
        ['dispatched', 50 * H],
        ['succeeded', 51 * H],
      ),
      60 * H,
      { response: { status: 'stopped' }, resolution: { status: 'stopped', elapsedMs: 3 * H, breached: false, stoppedAt: at(51 * H) } },
    ],
    [
      'a rejection stops both clocks',
      'self-service',
      history(['draft', 0], ['awaiting-approval', 0], ['rejected', 5 * H]),
      6 * H,
      {
        response: { status: 'stopped', elapsedMs: 5 * H, breached: true },
        resolution: { status: 'stopped', elapsedMs: 5 * H, breached: false },
      },
    ],
  ])('%s', (_what, kind, changes, nowOffset, expected) => {
    const status = computeSla(kind, sla, changes, at(nowOffset));
    expect(status).toMatchObject(expected);
    expect(status.breached).toBe(status.response.breached || status.resolution.breached);
  });

  it('never counts time backwards when the history is out of order', () => {
    const status = computeSla('expertise', sla, history(['new', 2 * H], ['claimed', 1 * H]), at(3 * H));
    expect(status.response).toMatchObject({ status: 'stopped', elapsedMs: 0 });
    // new (2h -> 1h) counts nothing; claimed counts from 1h to now (3h).
    expect(status.resolution).toMatchObject({ status: 'running', elapsedMs: 2 * H });
  });

  it('reports clocks that have not started for an empty history', () => {
    expect(computeSla('expertise', sla, [], T0).response).toMatchObject({ status: 'not-started', elapsedMs: 0, targetMs: 4 * H });
  });
});
