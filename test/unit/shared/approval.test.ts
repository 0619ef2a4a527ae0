import { describe, expect, it } from 'vitest';
import {
  approvalBlocker,
  type ApprovalContext,
  type ApprovalDecision,
  checkApprover,
  describeApproval,
  evaluateApproval,
  retryDecision,
} from '../../../shared/rules/approval';
import type { ApprovalPolicy } from '../../../shared/domain/catalogue';

const DBA = ['victor.alvarez@example.com', 'mei.tanaka@example.com', 'hugo.laurent@example.com'];
const groups: Record<string, string[]> = { 'Database Administration': DBA, Lonely: ['victor.alvarez@example.com'] };
const context = (requester = 'dana.developer@example.com'): ApprovalContext => ({ requester, membersOf: (group) => groups[group] });

const anyOfDba: ApprovalPolicy = { anyOf: { group: 'Database Administration' } };
const allOfNetwork: ApprovalPolicy = { allOf: { people: ['noah.schmidt@example.com', 'fatima.zahra@example.com'] } };

let clock = 0;
const decision = (approver: string, verdict: 'approve' | 'reject', comment = ''): ApprovalDecision => ({
  approver,
  decision: verdict,
  comment,
  at: new Date(Date.UTC(2026, 0, 6, 9, 0, clock++)).toISOString(),
});

describe('evaluateApproval', () => {
  it.each<
    [string, ApprovalPolicy, ApprovalDecision[], { state: string; stillNeeded: string[]; approvedBy: string[]; rejectedBy: string | null }]
  >([
    ['none: approved from the start', 'none', [], { state: 'approved', stillNeeded: [], approvedBy: [], rejectedBy: null }],
    ['any-of: pending with no decisions', anyOfDba, [], { state: 'pending', stillNeeded: [], approvedBy: [], rejectedBy: null }],
    [
      'any-of: one member approves',
      anyOfDba,
      [decision('mei.tanaka@example.com', 'approve')],
      { state: 'approved', stillNeeded: [], approvedBy: ['mei.tanaka@example.com'], rejectedBy: null },
    ],
    [
      'any-of: one member rejects',
      anyOfDba,
      [decision('mei.tanaka@example.com', 'reject')],
      { state: 'rejected', stillNeeded: [], approvedBy: [], rejectedBy: 'mei.tanaka@example.com' },
    ],
    [
      'any-of: reject wins over an approval',
      anyOfDba,
      [decision('victor.alvarez@example.com', 'approve'), decision('hugo.laurent@example.com', 'reject')],
      { state: 'rejected', stillNeeded: [], approvedBy: ['victor.alvarez@example.com'], rejectedBy: 'hugo.laurent@example.com' },
    ],
    [
      'any-of: an outsider does not count',
      anyOfDba,
      [decision('noah.schmidt@example.com', 'approve')],
      { state: 'pending', stillNeeded: [], approvedBy: [], rejectedBy: null },
    ],
    [
      'any-of: emails match whatever their case',
      anyOfDba,
      [decision(' Mei.Tanaka@Example.com', 'approve')],
      { state: 'approved', stillNeeded: [], approvedBy: ['mei.tanaka@example.com'], rejectedBy: null },
    ],
    [
      'all-of: pending with no decisions',
      allOfNetwork,
      [],
      { state: 'pending', stillNeeded: ['noah.schmidt@example.com', 'fatima.zahra@example.com'], approvedBy: [], rejectedBy: null },
    ],
    [
      'all-of: pending until everyone approved',
      allOfNetwork,
      [decision('fatima.zahra@example.com', 'approve')],
      { state: 'pending', stillNeeded: ['noah.schmidt@example.com'], approvedBy: ['fatima.zahra@example.com'], rejectedBy: null },
    ],
    [
      'all-of: approved by everyone',
      allOfNetwork,
      [decision('fatima.zahra@example.com', 'approve'), decision('noah.schmidt@example.com', 'approve')],
      { state: 'approved', stillNeeded: [], approvedBy: ['fatima.zahra@example.com', 'noah.schmidt@example.com'], rejectedBy: null },
    ],
    [
      'all-of: one rejection settles it',
      allOfNetwork,
      [decision('fatima.zahra@example.com', 'approve'), decision('noah.schmidt@example.com', 'reject')],
      { state: 'rejected', stillNeeded: [], approvedBy: ['fatima.zahra@example.com'], rejectedBy: 'noah.schmidt@example.com' },
    ],
    [
      'all-of: a second decision by the same person does not count',
      allOfNetwork,
      [decision('fatima.zahra@example.com', 'approve'), decision('fatima.zahra@example.com', 'reject')],
      { state: 'pending', stillNeeded: ['noah.schmidt@example.com'], approvedBy: ['fatima.zahra@example.com'], rejectedBy: null },
    ],
    [
      "all-of: the requester's own rejection does not count",
      allOfNetwork,
      [decision('dana.developer@example.com', 'reject')],
      { state: 'pending', stillNeeded: ['noah.schmidt@example.com', 'fatima.zahra@example.com'], approvedBy: [], rejectedBy: null },
    ],
  ])('%s', (_what, policy, decisions, expected) => {
    const outcome = evaluateApproval(policy, decisions, context());
    expect({
      state: outcome.state,
      stillNeeded: outcome.stillNeeded,
      approvedBy: outcome.approvedBy,
      rejectedBy: outcome.rejection?.approver ?? null,
    }).toEqual(expected);
  });

  it('says who may still decide while pending, and nobody once settled', () => {
    expect(evaluateApproval(anyOfDba, [], context()).canDecide).toEqual(DBA);
    expect(evaluateApproval(allOfNetwork, [decision('noah.schmidt@example.com', 'approve')], context()).canDecide).toEqual([
      'fatima.zahra@example.com',
    ]);
    expect(evaluateApproval(anyOfDba, [decision('mei.tanaka@example.com', 'approve')], context()).canDecide).toEqual([]);
  });

  it('explains the decisions it ignores', () => {
    const mine = decision('mei.tanaka@example.com', 'approve');
    const outsider = decision('noah.schmidt@example.com', 'approve');
    const outcome = evaluateApproval(anyOfDba, [mine, outsider], context('mei.tanaka@example.com'));
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored).toEqual([
      { decision: mine, reason: 'the requester cannot approve their own request' },
      { decision: outsider, reason: 'noah.schmidt@example.com is not an approver (any one member of Database Administration)' },
    ]);
    expect(outcome.canDecide).toEqual(['victor.alvarez@example.com', 'hugo.laurent@example.com']);
    expect(evaluateApproval('none', [mine], context()).ignored).toEqual([{ decision: mine, reason: 'this request needs no approval' }]);
  });

  it('never approves an all-of request whose requester is one of the named people', () => {
    const outcome = evaluateApproval(allOfNetwork, [decision('fatima.zahra@example.com', 'approve')], context('noah.schmidt@example.com'));
    expect(outcome.state).toBe('pending');
    expect(outcome.stillNeeded).toEqual([]);
    expect(outcome.blocked).toMatch(
      /^noah\.schmidt@example\.com is one of the people who must all approve this, and cannot approve their own request/,
    );
  });
});

describe('approvalBlocker', () => {
  it.each<[string, ApprovalPolicy, string, string | null]>([
    ['none', 'none', 'dana.developer@example.com', null],
    ['a group with other members', anyOfDba, 'victor.alvarez@example.com', null],
    [
      'a group of only the requester',
      { anyOf: { group: 'Lonely' } },
      'victor.alvarez@example.com',
      'Nobody in Lonely other than the requester can approve this request',
    ],
    [
      'an unknown group',
      { anyOf: { group: 'DBAs' } },
      'dana.developer@example.com',
      'The approval group "DBAs" is not known: check the catalogue\'s approval group against the directory',
    ],
    ['named people not including the requester', allOfNetwork, 'dana.developer@example.com', null],
  ])('%s', (_what, policy, requester, expected) => {
    expect(approvalBlocker(policy, context(requester))).toBe(expected);
  });
});

describe('checkApprover', () => {
  it.each<[string, ApprovalPolicy, string, ApprovalDecision[], string, string | null]>([
    ['a group member', anyOfDba, 'hugo.laurent@example.com', [], 'dana.developer@example.com', null],
    ['a named person', allOfNetwork, 'FATIMA.ZAHRA@example.com', [], 'dana.developer@example.com', null],
    [
      'the requester',
      anyOfDba,
      'mei.tanaka@example.com',
      [],
      'mei.tanaka@example.com',
      'You asked for this run: someone else must approve it',
    ],
    [
      'someone outside the group',
      anyOfDba,
      'noah.schmidt@example.com',
      [],
      'dana.developer@example.com',
      'Only members of Database Administration can approve this request',
    ],
    [
      'someone not named',
      allOfNetwork,
      'mei.tanaka@example.com',
      [],
      'dana.developer@example.com',
      'Only noah.schmidt@example.com, fatima.zahra@example.com can approve this request',
    ],
    [
      'nobody, when no approval is needed',
      'none',
      'mei.tanaka@example.com',
      [],
      'dana.developer@example.com',
      'This request needs no approval',
    ],
    [
      'nobody, once approved',
      anyOfDba,
      'hugo.laurent@example.com',
      [decision('mei.tanaka@example.com', 'approve')],
      'dana.developer@example.com',
      'This request is already approved',
    ],
    [
      'nobody, once rejected',
      allOfNetwork,
      'fatima.zahra@example.com',
      [decision('noah.schmidt@example.com', 'reject')],
      'dana.developer@example.com',
      'This request is already rejected',
    ],
    [
      'an unknown group\'s "member"',
      { anyOf: { group: 'DBAs' } },
      'mei.tanaka@example.com',
      [],
      'dana.developer@example.com',
      'The approval group "DBAs" is not known: nobody can approve this until the catalogue or the directory is fixed',
    ],
  ])('allows or refuses %s', (_what, policy, approver, decisions, requester, reason) => {
    expect(checkApprover(policy, approver, decisions, context(requester))).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });

  it('refuses a second decision by the same person, saying when they decided', () => {
    const first = decision('noah.schmidt@example.com', 'approve');
    expect(checkApprover(allOfNetwork, 'noah.schmidt@example.com', [first], context())).toEqual({
      ok: false,
      reason: `You already approved this request (${first.at})`,
    });
  });
});

describe('describeApproval', () => {
  it('reads as people talk', () => {
    expect(describeApproval('none')).toBe('no approval');
    expect(describeApproval(anyOfDba)).toBe('any one member of Database Administration');
    expect(describeApproval(allOfNetwork)).toBe('all of noah.schmidt@example.com, fatima.zahra@example.com');
  });
});

describe('retryDecision: nothing risky runs with inputs nobody approved', () => {
  const approved = {
    database: 'pg-checkout',
    backup_id: '20260105-0200',
    target_environment: 'staging',
    reason: 'Rows deleted by the batch job',
    schemas: ['public'],
  };

  it.each<[string, ApprovalPolicy, Record<string, unknown>, { kind: string; needsApproval: boolean; changed: string[] }]>([
    [
      'the same inputs retry under the approval given',
      anyOfDba,
      { ...approved },
      { kind: 'same-request', needsApproval: false, changed: [] },
    ],
    [
      'blank answers are the same answer, and list items compare one by one',
      anyOfDba,
      { ...approved, note: '', schemas: ['public'] },
      { kind: 'same-request', needsApproval: false, changed: [] },
    ],
    [
      'a changed input is a new request that waits for approval again',
      anyOfDba,
      { ...approved, target_environment: 'production' },
      { kind: 'new-request', needsApproval: true, changed: ['target_environment'] },
    ],
    [
      'so is one the approver never saw',
      allOfNetwork,
      { ...approved, extra: 'x' },
      { kind: 'new-request', needsApproval: true, changed: ['extra'] },
    ],
    [
      'and one taken away',
      anyOfDba,
      { database: 'pg-checkout', backup_id: '20260105-0200', target_environment: 'staging', schemas: ['public'] },
      { kind: 'new-request', needsApproval: true, changed: ['reason'] },
    ],
    [
      'a list in another order is a change',
      anyOfDba,
      { ...approved, schemas: ['audit', 'public'] },
      { kind: 'new-request', needsApproval: true, changed: ['schemas'] },
    ],
    ['an input added', anyOfDba, { ...approved, port: 443 }, { kind: 'new-request', needsApproval: true, changed: ['port'] }],
    [
      'without an approval policy a change is a new request that runs at once',
      'none',
      { ...approved, backup_id: 'latest' },
      { kind: 'new-request', needsApproval: false, changed: ['backup_id'] },
    ],
  ])('%s', (_what, policy, edited, expected) => {
    expect(retryDecision(policy, approved, edited)).toEqual(expected);
  });

  it('compares numbers and their text as different answers', () => {
    expect(retryDecision(anyOfDba, { port: 443 }, { port: '443' })).toMatchObject({ kind: 'new-request', changed: ['port'] });
  });
});
