/** The shared record's notes: what a change carries, how a note reads back, and merging that is idempotent. */
import { describe, expect, it } from 'vitest';
import type { StoredRequest } from '../../../../electron/engine/specialists/request-record';
import { changeToShare, decodeSharedNote, encodeSharedNote, mergeShared, requestFromShared, SHARED_LINE_PREFIX } from '../../../../electron/engine/specialists/request-sharing';

const dana = { id: 'U1', name: 'Dana Developer', email: 'dana@example.com' };
const victor = { id: 'U2', name: 'Victor Alvarez', email: 'victor@example.com' };

function request(): StoredRequest {
  return {
    id: 'SR-1',
    offeringId: 'restore-database-backup',
    offeringTitle: 'Restore a database backup',
    kind: 'self-service',
    teamId: 'database-administration',
    teamName: 'Database Administration',
    state: 'awaiting-approval',
    requester: dana,
    assignee: null,
    inputs: { database: 'pg-payments' },
    incidentId: null,
    urgent: false,
    createdAt: 1_000,
    updatedAt: 1_000,
    ticket: { id: 'sys1', number: 'RITM0010001', url: 'https://sn.example.com/ritm', state: 'Open' },
    lastError: null,
    pipelineInputs: { database: 'pg-payments' },
    approvalStillNeeded: ['any one member of Database Administration'],
    comments: [],
    approvals: [],
    runs: [],
    history: [{ at: 1_000, actor: { id: 'U1', name: 'Dana Developer' }, summary: 'Dana asked to run it', state: 'awaiting-approval' }],
  };
}

describe('changeToShare', () => {
  it('carries the whole core and only the new list items', () => {
    const before = request();
    const after = structuredClone(before);
    after.approvals.push({ approver: victor, decision: 'approve', comment: 'fine', at: 2_000 });
    after.state = 'approved';
    after.updatedAt = 2_000;
    after.history.push({ at: 2_000, actor: { id: 'U2', name: 'Victor Alvarez' }, summary: 'Victor approved it: fine', state: 'approved' });
    const change = changeToShare(before, after);
    expect(change).toMatchObject({ v: 1, core: { state: 'approved', updatedAt: 2_000 }, approvals: [{ comment: 'fine' }], history: [{ summary: 'Victor approved it: fine' }], comments: [], runs: [] });
  });

  it('is null when only the last error, the update time or the ticket state changed', () => {
    const before = request();
    const after = structuredClone(before);
    after.lastError = 'Could not share (retrying): timeout';
    after.updatedAt = 5_000;
    after.ticket = { ...after.ticket!, state: 'Work in Progress' };
    expect(changeToShare(before, after)).toBeNull();
  });
});

describe('notes', () => {
  it('read back to the same change, with the new history as words for people', () => {
    const change = changeToShare(null, request())!;
    const note = encodeSharedNote(change);
    expect(note.split('\n')[0]).toBe('Dana asked to run it');
    expect(decodeSharedNote(`${note}\n\n[via On-Call Console]`)).toEqual(change);
    expect(decodeSharedNote('Looking at it now')).toBeNull();
  });

  it('say what is wrong with a note that cannot be read', () => {
    expect(decodeSharedNote(`${SHARED_LINE_PREFIX}{"v":1,`)).toBeInstanceOf(Error);
    expect((decodeSharedNote(`${SHARED_LINE_PREFIX}{"v":1,"id":"x"}`) as Error).message).toMatch(/^the console record in the note is not readable: core: /);
  });
});

describe('mergeShared', () => {
  it('is idempotent, keeps lists growing, and does not take an older core over a newer one', () => {
    const ours = request();
    const theirs = structuredClone(ours);
    theirs.comments.push({ id: 'c-1', author: victor, text: 'Which backup?', at: 1_500, asksRequester: false });
    theirs.updatedAt = 1_500;
    const change = changeToShare(ours, theirs)!;
    mergeShared(ours, change);
    mergeShared(ours, change);
    expect(ours.comments.map((comment) => comment.id)).toEqual(['c-1']);
    expect(ours.updatedAt).toBe(1_500);

    // Our own newer change is not undone by an older one read late.
    ours.state = 'cancelled';
    ours.updatedAt = 3_000;
    mergeShared(ours, change);
    expect(ours.state).toBe('cancelled');
  });

  it('takes a run further along, never back, and marks runs started elsewhere as followed there', () => {
    const run = { id: '7', provider: 'github-actions' as const, status: 'queued' as const, conclusion: null, vendorStatus: 'queued', url: 'https://ci/7', startedAt: null, finishedAt: null, inputs: null };
    const started = request();
    started.runs.push({ number: 1, key: 'SR-1-1', inputs: {}, requestedBy: victor, requestedAt: 2_000, run, followedHere: true });
    const imported = requestFromShared(changeToShare(null, started)!);
    expect(imported.runs[0]?.followedHere).toBe(false);

    const done = structuredClone(started);
    done.runs[0]!.run = { ...run, status: 'completed', conclusion: 'success', vendorStatus: 'completed/success' };
    mergeShared(imported, changeToShare(started, done)!);
    expect(imported.runs[0]).toMatchObject({ followedHere: false, run: { status: 'completed' } });
    mergeShared(imported, changeToShare(null, started)!);
    expect(imported.runs[0]?.run?.status).toBe('completed');
  });
});
