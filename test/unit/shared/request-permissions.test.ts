/**
 * Who may do what to a specialist request (shared/rules/request-permissions.ts), as a
 * table: for each kind and state, what the requester, a specialist of the team, a
 * stranger, and a specialist who asked for it themselves are offered. The engine refuses
 * with the same rule's words (specialist-engine.test.ts), so the table is also what the
 * engine accepts.
 */
import { describe, expect, it } from 'vitest';
import {
  actionNeedsText,
  actionRefusal,
  allowedActions,
  missingText,
  RequestAction,
  type PermissionView,
  type RequestActor,
} from '../../../shared/rules/request-permissions';
import type { RequestState } from '../../../shared/rules/request-lifecycle';

const dana = { name: 'Dana Whitfield', email: 'dana@example.com' };
const victor = { name: 'Victor Okafor', email: 'victor@example.com' };

const requester: RequestActor = { email: dana.email, name: dana.name, teamIds: [] };
const specialist: RequestActor = { email: victor.email, name: victor.name, teamIds: ['dba'] };
const otherSpecialist: RequestActor = { email: 'sam@example.com', name: 'Sam Jones', teamIds: ['dba'] };
const stranger: RequestActor = { email: 'lee@example.com', name: 'Lee Park', teamIds: ['network'] };
const requesterOnTheTeam: RequestActor = { email: dana.email, name: dana.name, teamIds: ['dba'] };

function request(kind: PermissionView['kind'], state: RequestState, overrides: Partial<PermissionView> = {}): PermissionView {
  return {
    kind,
    state,
    teamId: 'dba',
    teamName: 'Database Administration',
    offeringTitle: kind === 'expertise' ? 'Query performance review' : 'Restore a database backup',
    requester: dana,
    assignee: state === 'new' || kind === 'self-service' ? null : victor,
    approvals: [],
    approvalStillNeeded: [],
    ...overrides,
  };
}

// [kind, state, requester's actions, the holder's (a specialist), another specialist's]
const TABLE: [PermissionView['kind'], RequestState, RequestAction[], RequestAction[], RequestAction[]][] = [
  ['expertise', 'new', ['comment', 'cancel'], ['claim', 'comment', 'cancel'], ['claim', 'comment', 'cancel']],
  [
    'expertise',
    'claimed',
    ['comment', 'cancel'],
    ['ask-requester', 'resolve', 'comment', 'cancel'],
    ['assign-to-me', 'ask-requester', 'resolve', 'comment', 'cancel'],
  ],
  [
    'expertise',
    'waiting-for-requester',
    ['reply', 'comment', 'cancel'],
    ['resolve', 'comment', 'cancel'],
    ['assign-to-me', 'resolve', 'comment', 'cancel'],
  ],
  ['expertise', 'resolved', [], [], []],
  ['expertise', 'cancelled', [], [], []],
  ['self-service', 'draft', ['comment', 'cancel'], ['comment', 'cancel'], ['comment', 'cancel']],
  [
    'self-service',
    'awaiting-approval',
    ['comment', 'cancel'],
    ['approve', 'reject', 'comment', 'cancel'],
    ['approve', 'reject', 'comment', 'cancel'],
  ],
  ['self-service', 'running', ['comment'], ['comment'], ['comment']],
  ['self-service', 'failed', ['retry', 'comment'], ['retry', 'comment'], ['retry', 'comment']],
  ['self-service', 'succeeded', [], [], []],
  ['self-service', 'rejected', [], [], []],
];

describe('allowedActions', () => {
  it.each(TABLE)('%s %s: requester, holder, another specialist', (kind, state, forRequester, forHolder, forOther) => {
    const shown = request(kind, state);
    expect(allowedActions(shown, requester)).toEqual(forRequester);
    expect(allowedActions(shown, specialist)).toEqual(forHolder);
    expect(allowedActions(shown, otherSpecialist)).toEqual(forOther);
    expect(allowedActions(shown, stranger)).toEqual([]);
  });

  it('never lets a requester who is on the team ask themselves for more, or approve their own run', () => {
    expect(allowedActions(request('expertise', 'claimed'), requesterOnTheTeam)).not.toContain('ask-requester');
    expect(actionRefusal(request('expertise', 'claimed'), requesterOnTheTeam, 'ask-requester')).toBe(
      'You asked for this yourself: there is nobody else to ask',
    );
    expect(actionRefusal(request('self-service', 'awaiting-approval'), requesterOnTheTeam, 'approve')).toBe(
      'You asked for this run: someone else must approve it',
    );
  });

  it('offers approval once per person, and only to the named approvers when names are listed', () => {
    const decided = request('self-service', 'awaiting-approval', {
      approvals: [{ approver: { email: victor.email }, decision: 'approve' }],
      approvalStillNeeded: ['1 more from Database Administration'],
    });
    expect(actionRefusal(decided, specialist, 'approve')).toBe('You already approved this request');
    expect(allowedActions(decided, otherSpecialist)).toContain('approve');
    const named = request('self-service', 'awaiting-approval', { approvalStillNeeded: ['noah@example.com'] });
    expect(actionRefusal(named, specialist, 'reject')).toBe('Only noah@example.com can approve this request');
    expect(allowedActions(named, { email: 'NOAH@example.com', teamIds: [] })).toEqual(['approve', 'reject']);
  });
});

describe('actionRefusal says why, in words that say what to do', () => {
  it('names the team and who you act as when a step is theirs', () => {
    expect(actionRefusal(request('expertise', 'new'), requester, 'claim')).toBe(
      'Only members of Database Administration can claim its requests (you act as Dana Whitfield)',
    );
    expect(actionRefusal(request('expertise', 'new'), stranger, 'cancel')).toBe(
      'Only the requester (Dana Whitfield) and members of Database Administration can do that',
    );
    expect(actionRefusal(request('expertise', 'waiting-for-requester'), specialist, 'reply')).toBe(
      'Only the requester (Dana Whitfield) can reply to a question',
    );
  });

  it('says a step belongs to the other kind of request, and what the state allows instead', () => {
    expect(actionRefusal(request('self-service', 'draft'), specialist, 'claim')).toBe(
      'Claiming applies to expertise requests; Restore a database backup is self-service',
    );
    expect(actionRefusal(request('expertise', 'new'), specialist, 'resolve')).toMatch(
      /^Cannot resolve a request that is new .*it can: claim/,
    );
    expect(actionRefusal(request('expertise', 'resolved'), specialist, 'comment')).toBe(
      'Query performance review is resolved: it takes no more comments',
    );
    expect(actionRefusal(request('expertise', 'claimed'), specialist, 'assign-to-me')).toBe('Victor Okafor already holds this request');
  });

  it('allows every action to someone in some state (no step is dead)', () => {
    const offered = new Set<RequestAction>();
    for (const [kind, state] of TABLE)
      for (const actor of [requester, specialist, otherSpecialist])
        for (const action of allowedActions(request(kind, state), actor)) offered.add(action);
    expect([...offered].sort()).toEqual([...RequestAction.options].sort());
  });
});

describe('the words a step carries', () => {
  it('requires words for a comment, a question, a reply and a rejection, and says what is missing', () => {
    expect(RequestAction.options.filter((action) => actionNeedsText(action) === 'required')).toEqual([
      'ask-requester',
      'reject',
      'reply',
      'comment',
    ]);
    expect(missingText('reject', '  ')).toBe('Say why you reject it: a rejection needs a comment for the requester');
    expect(missingText('reject', 'too risky')).toBeNull();
    expect(missingText('resolve', '')).toBeNull();
  });
});
