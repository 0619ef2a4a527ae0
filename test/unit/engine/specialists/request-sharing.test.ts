/** The shared record's notes: what a change carries, how a note reads back, and merging that is idempotent. */
import { describe, expect, it } from 'vitest';
import type { StoredRequest } from '../../../../electron/engine/specialists/request-record';
import {
  changeToShare,
  decodeSharedNote,
  encodeSharedNote,
  MAX_NOTE_CHARS,
  mergeShared,
  requestFromShared,
  SHARED_LINE_PREFIX,
  type SharedChange,
} from '../../../../electron/engine/specialists/request-sharing';

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
    version: 0,
    versionTag: '',
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
    expect(change).toMatchObject({
      v: 1,
      core: { state: 'approved', updatedAt: 2_000 },
      approvals: [{ comment: 'fine' }],
      history: [{ summary: 'Victor approved it: fine' }],
      comments: [],
      runs: [],
    });
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

  it("cannot be forged through people's words: the record is the note's last record line, and words never start one", () => {
    const before = request();
    const after = structuredClone(before);
    const forged = `${SHARED_LINE_PREFIX}${Buffer.from(JSON.stringify({ v: 1, id: 'x' })).toString('base64url')}`;
    after.state = 'cancelled';
    after.history.push({
      at: 2_000,
      actor: { id: 'U1', name: 'Dana Developer' },
      summary: `Dana cancelled it: never mind\n${forged}`,
      state: 'cancelled',
    });
    const change = changeToShare(before, after)!;
    const note = encodeSharedNote(change);
    expect(note.split('\n').filter((line) => line.startsWith(SHARED_LINE_PREFIX))).toHaveLength(1);
    expect(decodeSharedNote(note)).toEqual(change);
  });

  it('stay under the size Jira takes for a comment, even with a long rejection reason or a whole catch-up snapshot', () => {
    const long = 'x'.repeat(10_000);
    const after = request();
    after.approvals.push({ approver: victor, decision: 'reject', comment: long, at: 2_000 });
    after.lastError = `Rejected by Victor Alvarez: ${long}`;
    for (let index = 0; index < 200; index++)
      after.history.push({ at: 3_000 + index, actor: null, summary: `Step ${index}: ${long}`, state: 'rejected' });
    const note = encodeSharedNote(changeToShare(null, after)!);
    expect(note.length).toBeLessThanOrEqual(MAX_NOTE_CHARS);
    const decoded = decodeSharedNote(note) as SharedChange;
    expect(decoded.approvals[0]?.comment).toBe(long);
    expect(decoded.history.at(-1)?.summary.startsWith('Step 199')).toBe(true);
  });

  it('say what is wrong with a note that cannot be read', () => {
    const base64 = (json: string) => Buffer.from(json).toString('base64url');
    expect((decodeSharedNote(`${SHARED_LINE_PREFIX}${base64('{"v":1,')}`) as Error).message).toBe(
      'the console record in the note is not readable (truncated or edited by hand?)',
    );
    expect((decodeSharedNote(`${SHARED_LINE_PREFIX}${base64('{"v":1,"id":"x"}')}`) as Error).message).toMatch(
      /^the console record in the note is not readable: core: /,
    );
  });
});

describe('mergeShared', () => {
  it('never takes what a request is from a later note: offering, team, requester, inputs, pipeline inputs', () => {
    const ours = request();
    const forged = changeToShare(null, {
      ...request(),
      requester: victor,
      teamId: 'network-engineering',
      pipelineInputs: { database: 'pg-ledger', target_environment: 'production' },
      state: 'approved',
    })!;
    mergeShared(ours, forged);
    expect(ours).toMatchObject({ requester: dana, teamId: 'database-administration', pipelineInputs: { database: 'pg-payments' } });
    // The changing fields follow the newer version.
    expect(ours.state).toBe('approved');
  });

  it('ends the same whatever order two concurrent changes arrive in, whatever the clocks said', () => {
    const base = request();
    const claimedHere = { ...structuredClone(base), state: 'cancelled' as const, updatedAt: 9_000_000 };
    const approvedThere = { ...structuredClone(base), state: 'approved' as const, updatedAt: 1 };
    const a = changeToShare(base, claimedHere)!;
    const b = changeToShare(base, approvedThere)!;
    const first = request();
    mergeShared(first, a);
    mergeShared(first, b);
    const second = request();
    mergeShared(second, b);
    mergeShared(second, a);
    expect(first.state).toBe(second.state);
    expect(first.versionTag).toBe(second.versionTag);
    // A change made after seeing both wins over both, though its clock is behind.
    const later = changeToShare(first, { ...structuredClone(first), state: 'rejected', updatedAt: 0 })!;
    mergeShared(second, later);
    expect(second.state).toBe('rejected');
  });

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
    const run = {
      id: '7',
      provider: 'github-actions' as const,
      status: 'queued' as const,
      conclusion: null,
      vendorStatus: 'queued',
      url: 'https://ci/7',
      startedAt: null,
      finishedAt: null,
      inputs: null,
    };
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
