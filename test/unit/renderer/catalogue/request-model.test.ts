import { describe, expect, it } from 'vitest';
import {
  approvalSummary,
  isSettling,
  requestActions,
  retryPlan,
  slaCountdown,
  sortByDue,
  upsertRequest,
  type Viewer,
} from '../../../../renderer/src/features/requests/request-model';
import { describeInputs } from '../../../../renderer/src/features/requests/request-inputs';
import { dba, offering, request } from './fixtures';

const NOW = Date.parse('2026-01-05T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

const developer: Viewer = { email: 'priya.patel@example.com', triagesTeamIds: [] };
const dbaViewer: Viewer = { email: 'chen.wei@example.com', triagesTeamIds: [dba.id] };
const otherDba = { id: 'u-2', name: 'Sam Jones', email: 'sam.jones@example.com' };

describe('slaCountdown', () => {
  it('counts down to the response, then the resolution', () => {
    const sla = {
      responseDueAt: at(3 * HOUR + 20 * MIN),
      resolutionDueAt: at(3 * 24 * HOUR),
      responseBreached: false,
      resolutionBreached: false,
    };
    expect(slaCountdown(request({ sla }), NOW)).toEqual({ text: 'Response due in 3h 20m', tone: 'ok', dueAt: NOW + 3 * HOUR + 20 * MIN });
    expect(slaCountdown(request({ state: 'claimed', sla: { ...sla, responseDueAt: null } }), NOW).text).toBe('Resolution due in 3d');
  });

  it('turns amber near the due time and red past it', () => {
    const soon = slaCountdown(
      request({ sla: { responseDueAt: at(10 * MIN), resolutionDueAt: null, responseBreached: false, resolutionBreached: false } }),
      NOW,
    );
    expect([soon.text, soon.tone]).toEqual(['Response due in 10m', 'soon']);
    const late = slaCountdown(
      request({ sla: { responseDueAt: at(-5 * MIN), resolutionDueAt: null, responseBreached: true, resolutionBreached: false } }),
      NOW,
    );
    expect([late.text, late.tone]).toEqual(['Response overdue by 5m', 'overdue']);
  });

  it('says when the clock is paused, and whether a finished request met its SLA', () => {
    const paused = request({ state: 'waiting-for-requester' });
    expect(slaCountdown(paused, NOW)).toEqual({ text: 'Resolution clock paused', tone: 'paused', dueAt: null });
    expect(slaCountdown(request({ state: 'resolved' }), NOW).text).toBe('SLA met');
    expect(
      slaCountdown(
        request({
          state: 'resolved',
          sla: { responseDueAt: null, resolutionDueAt: null, responseBreached: true, resolutionBreached: false },
        }),
        NOW,
      ),
    ).toMatchObject({ text: 'Response SLA missed', tone: 'overdue' });
  });
});

describe('sortByDue', () => {
  it('puts open requests first, soonest due first, those without a running clock after, finished last', () => {
    const sla = (due: string | null) => ({ responseDueAt: due, resolutionDueAt: null, responseBreached: false, resolutionBreached: false });
    const list = [
      request({ id: 'done', state: 'resolved' }),
      request({ id: 'later', sla: sla(at(2 * HOUR)) }),
      request({ id: 'paused', state: 'waiting-for-requester' }),
      request({ id: 'overdue', sla: sla(at(-HOUR)) }),
      request({ id: 'soon', sla: sla(at(10 * MIN)) }),
    ];
    expect(sortByDue(list).map((entry) => entry.id)).toEqual(['overdue', 'soon', 'later', 'paused', 'done']);
  });
});

describe('requestActions', () => {
  // The page offers what the engine accepts (shared/rules/request-permissions.ts): the team may cancel too.
  it('offers a new expertise request to the team: claim, comment and cancel; the requester can comment and cancel', () => {
    expect(requestActions(request(), dbaViewer)).toEqual(['claim', 'comment', 'cancel']);
    expect(requestActions(request(), developer)).toEqual(['comment', 'cancel']);
    expect(requestActions(request(), { email: 'someone@example.com', triagesTeamIds: [] })).toEqual([]);
  });

  it('lets the holder ask and resolve, and another specialist take it over', () => {
    const claimed = request({ state: 'claimed', assignee: { id: 'u-dba', name: 'Chen Wei', email: 'chen.wei@example.com' } });
    expect(requestActions(claimed, dbaViewer)).toEqual(['ask-requester', 'resolve', 'comment', 'cancel']);
    expect(requestActions(claimed, { email: otherDba.email, triagesTeamIds: [dba.id] })).toEqual([
      'assign-to-me',
      'ask-requester',
      'resolve',
      'comment',
      'cancel',
    ]);
  });

  it('offers the reply to the requester while the team waits for them', () => {
    const waiting = request({ state: 'waiting-for-requester' });
    expect(requestActions(waiting, developer)).toEqual(['reply', 'comment', 'cancel']);
    expect(requestActions(waiting, dbaViewer)).not.toContain('reply');
  });

  it('offers approve and reject to eligible approvers only, never to the requester or twice', () => {
    const awaiting = request({ kind: 'self-service', state: 'awaiting-approval', offeringId: 'restore-database-backup' });
    expect(requestActions(awaiting, dbaViewer)).toEqual(['approve', 'reject', 'comment', 'cancel']);
    expect(requestActions(awaiting, developer)).toEqual(['comment', 'cancel']);
    const decided = {
      ...awaiting,
      approvals: [
        {
          approver: { id: 'u-dba', name: 'Chen Wei', email: 'chen.wei@example.com' },
          decision: 'approve' as const,
          comment: '',
          at: at(0),
        },
      ],
    };
    expect(requestActions(decided, dbaViewer)).toEqual(['comment', 'cancel']);
    const named = { ...awaiting, approvalStillNeeded: ['noah.schmidt@example.com'] };
    expect(requestActions(named, dbaViewer)).not.toContain('approve');
    expect(requestActions(named, { email: 'noah.schmidt@example.com', triagesTeamIds: [] })).toEqual(['approve', 'reject']);
  });

  it('offers retry on a failed run to its requester and the team, and nothing once finished', () => {
    expect(requestActions(request({ kind: 'self-service', state: 'failed' }), developer)).toEqual(['retry', 'comment']);
    expect(requestActions(request({ kind: 'self-service', state: 'failed' }), dbaViewer)).toEqual(['retry', 'comment']);
    expect(requestActions(request({ kind: 'self-service', state: 'running' }), developer)).toEqual(['comment']);
    expect(requestActions(request({ kind: 'self-service', state: 'succeeded' }), developer)).toEqual([]);
    expect(requestActions(request({ state: 'resolved' }), dbaViewer)).toEqual([]);
  });
});

describe('upsertRequest', () => {
  const one = request({ id: 'a' });
  const two = request({ id: 'b' });
  it('replaces a request in place', () => {
    const changed = { ...two, state: 'claimed' as const };
    const { list, missing } = upsertRequest([one, two], changed, true);
    expect(list.map((entry) => [entry.id, entry.state])).toEqual([
      ['a', 'new'],
      ['b', 'claimed'],
    ]);
    expect(missing).toBe(false);
  });

  it('keeps the newer copy when an older one arrives late (a call result after its event)', () => {
    const raised = {
      ...two,
      updatedAt: '2026-11-26T10:00:05.000Z',
      ticket: { number: 'RITM0010001', url: 'http://127.0.0.1/x', state: 'Open' },
    };
    const submitted = { ...two, updatedAt: '2026-11-26T10:00:00.000Z', ticket: null };
    const afterEvent = upsertRequest([one, two], raised, true).list;
    const afterLateResult = upsertRequest(afterEvent, submitted, true).list;
    expect(afterLateResult.find((entry) => entry.id === 'b')?.ticket?.number).toBe('RITM0010001');
  });

  it('adds a request that belongs, and says it was missing; ignores one that does not', () => {
    const three = request({ id: 'c' });
    expect(upsertRequest([one], three, true)).toEqual({ list: [three, one], missing: true });
    const untouched = [one];
    expect(upsertRequest(untouched, three, false).list).toBe(untouched);
  });
});

describe('isSettling', () => {
  it('holds while a ticket is being raised or a run goes, not once it is done or refused', () => {
    const raising = request({ state: 'new', ticket: null, lastError: null });
    expect(isSettling(raising, true)).toBe(true);
    expect(isSettling(raising, false)).toBe(false);
    expect(isSettling(request({ state: 'new', ticket: { number: 'RITM1', url: 'https://sn', state: 'Open' } }), true)).toBe(false);
    expect(isSettling(request({ state: 'new', ticket: null, lastError: 'ServiceNow refused it' }), true)).toBe(false);
    expect(isSettling(request({ kind: 'self-service', state: 'running' }), false)).toBe(true);
    expect(isSettling(request({ kind: 'self-service', state: 'succeeded', ticket: null }), true)).toBe(false);
  });
});

describe('describeInputs', () => {
  it('uses field labels (a key in words when there is no title) and choice labels in the form order', () => {
    const form = {
      type: 'object' as const,
      required: [],
      properties: {
        database: { type: 'string' as const, title: 'Database', oneOf: [{ const: 'pg-payments', title: 'payments (PostgreSQL)' }] },
        urgent: { type: 'boolean' as const, title: 'Urgent' },
      },
    };
    expect(describeInputs({ urgent: true, extra: 3, database: 'pg-payments' }, form)).toEqual([
      { name: 'database', label: 'Database', value: 'payments (PostgreSQL)' },
      { name: 'urgent', label: 'Urgent', value: 'Yes' },
      { name: 'extra', label: 'Extra', value: '3' },
    ]);
  });
});

describe('retrying a failed run, and what an approver decides on', () => {
  const restore = offering({
    id: 'restore-database-backup',
    title: 'Restore a database backup',
    teamId: dba.id,
    kind: 'self-service',
    risk: 'high',
    approval: { anyOf: { group: 'Database Administration' } },
    environmentField: 'target_environment',
    form: {
      type: 'object',
      required: [],
      properties: {
        database: {
          type: 'string',
          title: 'Database',
          oneOf: [
            { const: 'pg-checkout', title: 'checkout (PostgreSQL Platform)' },
            { const: 'pg-search', title: 'search (PostgreSQL Platform)' },
          ],
        },
        backup_id: { type: 'string', title: 'Backup id' },
        target_environment: { type: 'string', title: 'Restore into', enum: ['staging', 'production'] },
        reason: { type: 'string' },
      },
    },
  });
  const inputs = { database: 'pg-checkout', backup_id: '20260105-0200', target_environment: 'production', reason: 'Rows deleted' };
  const failed = request({
    offeringId: restore.id,
    offeringTitle: restore.title,
    kind: 'self-service',
    state: 'failed',
    inputs,
    runs: [
      {
        id: '77',
        provider: 'github-actions',
        status: 'completed',
        conclusion: 'failure',
        vendorStatus: 'completed/failure',
        url: 'https://example.com/77',
        startedAt: null,
        finishedAt: null,
        inputs: null,
      },
    ],
  });

  it('says a retry with the same inputs reruns under the approval given', () => {
    expect(retryPlan(restore, failed, { ...inputs })).toEqual({
      submit: 'Retry with the same inputs',
      explanation: 'Run 2 uses the inputs approved before; nothing needs approving again.',
      changed: [],
    });
  });

  it('says changed inputs need approval again, naming what changed by its label', () => {
    expect(retryPlan(restore, failed, { ...inputs, backup_id: 'latest', reason: 'Rows deleted twice' })).toEqual({
      submit: 'Ask for approval again',
      explanation:
        'You changed Backup id, Reason. Changed inputs are a new request: it needs approval again (any one of Database Administration) before anything runs, and this request ends.',
      changed: ['Backup id', 'Reason'],
    });
    expect(retryPlan({ ...restore, approval: 'none' }, failed, { ...inputs, backup_id: 'latest' }).submit).toBe('Run with these inputs');
  });

  it('repeats the offering, the environment, the risk and every input as labelled for the approver', () => {
    expect(approvalSummary(failed, restore)).toEqual({
      offering: 'Restore a database backup',
      team: 'Database Administration',
      environment: { label: 'Restore into', value: 'production' },
      risk: 'High risk',
      riskLevel: 'high',
      inputs: [
        { name: 'database', label: 'Database', value: 'checkout (PostgreSQL Platform)' },
        { name: 'backup_id', label: 'Backup id', value: '20260105-0200' },
        { name: 'target_environment', label: 'Restore into', value: 'production' },
        { name: 'reason', label: 'Reason', value: 'Rows deleted' },
      ],
    });
    expect(approvalSummary(failed, undefined)).toMatchObject({
      environment: null,
      riskLevel: null,
      risk: expect.stringMatching(/no longer in the catalogue/),
    });
  });
});
