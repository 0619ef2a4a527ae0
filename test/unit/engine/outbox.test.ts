import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { SpecialistRequestStore } from '../../../electron/engine/specialists/request-store';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, PAGING_DONE_STEP } from '../../../electron/engine/outbox';

function fakeClock(start = Date.parse('2026-11-26T10:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Outbox', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    dirs.push(dir);
    return join(dir, 'outbox.sqlite');
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps a recorded action across a restart and hands it out once', () => {
    const file = tempFile();
    const clock = fakeClock();
    const first = new Outbox(file, clock);
    const record = first.enqueue({ kind: 'acknowledge', incidentIds: ['P1'] });
    expect(record).toMatchObject({ state: 'pending', attempts: 0 });
    first.close();

    const reopened = new Outbox(file, clock);
    const claimed = reopened.claimNextDue();
    expect(claimed?.record).toMatchObject({ id: record.id, attempts: 1, request: { kind: 'acknowledge', incidentIds: ['P1'] } });
    expect(reopened.claimNextDue()).toBeNull();
    reopened.close();
  });

  it('never lets two processes send the same action at once, but replays an abandoned lease', () => {
    const file = tempFile();
    const clock = fakeClock();
    const desktop = new Outbox(file, clock);
    const cli = new Outbox(file, clock);
    desktop.enqueue({ kind: 'resolve', incidentIds: ['P1'], note: 'fixed' });
    expect(desktop.claimNextDue()).not.toBeNull();
    expect(cli.claimNextDue()).toBeNull();
    // The desktop process dies without settling; its lease runs out.
    clock.advance(61_000);
    const replay = cli.claimNextDue();
    expect(replay?.record.attempts).toBe(2);
    desktop.close();
    cli.close();
  });

  it('retries later, fails for good, and can be retried or dismissed by the user', () => {
    const clock = fakeClock();
    const outbox = new Outbox(':memory:', clock);
    const { id } = outbox.enqueue({ kind: 'addNote', incidentIds: ['P1'], content: 'hello' });
    outbox.claimNextDue();
    outbox.markRetry(id, 'PagerDuty is unavailable (503)', clock.now() + 5_000);
    expect(outbox.claimNextDue()).toBeNull();
    expect(outbox.nextDueAt()).toBe(clock.now() + 5_000);
    clock.advance(5_000);
    const again = outbox.claimNextDue();
    expect(again?.record).toMatchObject({ attempts: 2, lastError: 'PagerDuty is unavailable (503)' });

    expect(outbox.markFailed(id, 'Incident not found').state).toBe('failed');
    expect(outbox.claimNextDue()).toBeNull();
    expect(outbox.listVisible(60_000).map((a) => a.state)).toEqual(['failed']);

    expect(outbox.retry(id)?.state).toBe('pending');
    outbox.claimNextDue();
    outbox.markDone(id);
    expect(outbox.retry(id)).toBeNull();
    expect(outbox.listVisible(60_000)).toHaveLength(1);
    clock.advance(120_000);
    expect(outbox.listVisible(60_000)).toHaveLength(0);
    outbox.close();
  });

  it('remembers finished steps so a replay skips them', () => {
    const outbox = new Outbox(':memory:', fakeClock());
    const { id } = outbox.enqueue({ kind: 'resolve', incidentIds: ['P1', 'P2'], note: 'done' });
    outbox.claimNextDue();
    outbox.recordProgress(id, 'note:P1');
    outbox.markRetry(id, 'timeout', 0);
    expect(outbox.claimNextDue()?.progress).toEqual({ 'note:P1': true });
    outbox.close();
  });

  it('cancels a pending action when dismissed, and hides it', () => {
    const outbox = new Outbox(':memory:', fakeClock());
    const { id } = outbox.enqueue({ kind: 'acknowledge', incidentIds: ['P1'] });
    expect(outbox.dismiss(id)).toMatchObject({ state: 'failed', lastError: 'Cancelled before it was sent' });
    expect(outbox.claimNextDue()).toBeNull();
    expect(outbox.listVisible(60_000)).toEqual([]);
    outbox.close();
  });
});

describe('Outbox.enqueueOnce', () => {
  it('records an automation action once per key, across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-once-'));
    try {
      const file = join(dir, 'outbox.sqlite');
      const clock = { now: () => Date.parse('2026-11-26T10:00:00Z') };
      const first = new Outbox(file, clock);
      expect(first.enqueueOnce({ kind: 'openTicket', incidentIds: ['P1'] }, 'openTicket:P1')).not.toBeNull();
      expect(first.enqueueOnce({ kind: 'openTicket', incidentIds: ['P1'] }, 'openTicket:P1')).toBeNull();
      first.close();
      const second = new Outbox(file, clock);
      expect(second.enqueueOnce({ kind: 'openTicket', incidentIds: ['P1'] }, 'openTicket:P1')).toBeNull();
      expect(second.enqueueOnce({ kind: 'openTicket', incidentIds: ['P2'] }, 'openTicket:P2')).not.toBeNull();
      expect(second.listVisible(60_000)).toHaveLength(2);
      second.claimNextDue();
      second.markDone(second.listVisible(60_000)[0]!.id);
      // Done automation actions leave the UI's list; people's stay a while.
      expect(second.listVisible(60_000)).toHaveLength(1);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Outbox leases of a killed process', () => {
  it('frees a lease held by a process of this machine that is gone', async () => {
    const { default: Database } = await import('libsql');
    const { hostname } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'outbox-lease-'));
    try {
      const file = join(dir, 'outbox.sqlite');
      const clock = { now: () => Date.parse('2026-11-26T10:00:00Z') };
      const first = new Outbox(file, clock);
      const { id } = first.enqueue({ kind: 'acknowledge', incidentIds: ['P1'] });
      first.close();
      // As if a process with pid 999999 had claimed it and been killed.
      const db = new Database(file);
      db.prepare('UPDATE actions SET lease_owner = ?, lease_until = ? WHERE id = ?').run(
        `${hostname()}:999999:x`,
        clock.now() + 60_000,
        id,
      );
      db.prepare(
        "INSERT INTO actions (id, request, state, attempts, created_at, updated_at, next_attempt_at, lease_owner, lease_until) VALUES ('other', ?, 'pending', 1, ?, ?, ?, ?, ?)",
      ).run(
        JSON.stringify({ kind: 'acknowledge', incidentIds: ['P2'] }),
        clock.now(),
        clock.now(),
        clock.now(),
        `another-machine:999999:y`,
        clock.now() + 60_000,
      );
      db.close();
      const restarted = new Outbox(file, clock);
      expect(restarted.claimNextDue()?.record.id).toBe(id);
      // Another machine's lease is left to run out.
      expect(restarted.claimNextDue()).toBeNull();
      restarted.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sends a specialist request's ticket writes strictly in order, even past a retry wait; its pipeline dispatch does not wait", () => {
    const clock = fakeClock();
    const dir = mkdtempSync(join(tmpdir(), 'outbox-lanes-'));
    const outbox = new Outbox(join(dir, 'outbox.sqlite'), clock);
    const note = outbox.enqueue({
      kind: 'updateSpecialistTicket',
      incidentIds: [],
      requestId: 'SR-1',
      update: { type: 'share', text: 'Victor approved it' },
    });
    const close = outbox.enqueue({
      kind: 'updateSpecialistTicket',
      incidentIds: [],
      requestId: 'SR-1',
      update: { type: 'resolve', text: 'Done', outcome: 'resolved' },
    });
    const dispatch = outbox.enqueue({ kind: 'dispatchSpecialistRun', incidentIds: [], requestId: 'SR-1', runNumber: 1 });
    const otherRequest = outbox.enqueue({
      kind: 'updateSpecialistTicket',
      incidentIds: [],
      requestId: 'SR-2',
      update: { type: 'comment', text: 'Hello' },
    });

    expect(outbox.claimNextDue()?.record.id).toBe(note.id);
    // The note waits for a retry; the close behind it waits too, the others go.
    outbox.markRetry(note.id, 'ServiceNow answered 503', clock.now() + 60_000);
    expect(outbox.claimNextDue()?.record.id).toBe(dispatch.id);
    expect(outbox.claimNextDue()?.record.id).toBe(otherRequest.id);
    expect(outbox.claimNextDue()).toBeNull();
    clock.advance(60_000);
    expect(outbox.claimNextDue()?.record.id).toBe(note.id);
    outbox.markDone(note.id);
    expect(outbox.claimNextDue()?.record.id).toBe(close.id);
    outbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Outbox order per incident', () => {
  it('holds an action back while an earlier one on any of its incidents is pending, retry waits included', () => {
    const clock = fakeClock();
    const outbox = new Outbox(':memory:', clock);
    const p3 = outbox.enqueue({ kind: 'addNote', incidentIds: ['A'], content: 'first' });
    const resolve = outbox.enqueue({ kind: 'resolve', incidentIds: ['A', 'B'] });
    const other = outbox.enqueue({ kind: 'acknowledge', incidentIds: ['C'] });
    expect(outbox.claimNextDue()?.record.id).toBe(p3.id);
    outbox.markRetry(p3.id, 'PagerDuty answered 503', clock.now() + 10_000);
    // The resolve shares incident A with the waiting note; C goes.
    expect(outbox.claimNextDue()?.record.id).toBe(other.id);
    expect(outbox.claimNextDue()).toBeNull();
    // Held back, it is not "due": the next due time is the note's.
    expect(outbox.nextDueAt()).toBe(clock.now() + 10_000);
    clock.advance(10_000);
    expect(outbox.claimNextDue()?.record.id).toBe(p3.id);
    outbox.markDone(p3.id);
    expect(outbox.claimNextDue()?.record.id).toBe(resolve.id);
    outbox.close();
  });

  it("lets a later action's paging half go once the earlier one's paging half landed, but holds its ticket half", () => {
    const clock = fakeClock();
    const outbox = new Outbox(':memory:', clock);
    const ack = outbox.enqueue({ kind: 'acknowledge', incidentIds: ['A'] });
    const note = outbox.enqueue({ kind: 'addNote', incidentIds: ['A'], content: 'on it' });
    outbox.claimNextDue();
    outbox.recordProgress(ack.id, PAGING_DONE_STEP);
    outbox.markRetry(ack.id, 'ServiceNow answered 503', clock.now() + 10_000);
    const claimed = outbox.claimNextDue();
    expect(claimed?.record.id).toBe(note.id);
    // Its ticket half must wait for the acknowledge's.
    expect(outbox.hasEarlierPending(note.id)).toBe(true);
    outbox.recordProgress(note.id, PAGING_DONE_STEP);
    outbox.markRetry(note.id, 'Waiting', clock.now());
    expect(outbox.claimNextDue()).toBeNull();
    clock.advance(10_000);
    expect(outbox.claimNextDue()?.record.id).toBe(ack.id);
    outbox.markDone(ack.id);
    expect(outbox.hasEarlierPending(note.id)).toBe(false);
    expect(outbox.claimNextDue()?.record.id).toBe(note.id);
    outbox.close();
  });

  it('supersedes an unsent change of the same kind on the same incidents, not one being sent, another kind or other incidents', () => {
    const clock = fakeClock();
    const outbox = new Outbox(':memory:', clock);
    const inFlight = outbox.enqueue({ kind: 'setPriority', incidentIds: ['A'], priorityId: 'P5' });
    outbox.claimNextDue();
    const waiting = outbox.enqueue({ kind: 'setPriority', incidentIds: ['A'], priorityId: 'P3' });
    const urgency = outbox.enqueue({ kind: 'setUrgency', incidentIds: ['A'], urgency: 'low' });
    const bulk = outbox.enqueue({ kind: 'setPriority', incidentIds: ['A', 'B'], priorityId: 'P4' });
    const latest = outbox.enqueue({ kind: 'setPriority', incidentIds: ['A'], priorityId: 'P1' });
    expect(outbox.takeSuperseded().map((record) => record.id)).toEqual([waiting.id]);
    expect(outbox.get(waiting.id)).toMatchObject({ state: 'superseded', lastError: 'Replaced by a later change before it was sent' });
    expect([inFlight, urgency, bulk, latest].map((record) => outbox.get(record.id)!.state)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    // A reassignment to a service also moves the ticket: never superseded.
    const toService = outbox.enqueue({ kind: 'reassign', incidentIds: ['C'], to: { type: 'service', serviceId: 'S1' } });
    outbox.enqueue({ kind: 'reassign', incidentIds: ['C'], to: { type: 'service', serviceId: 'S2' } });
    expect(outbox.get(toService.id)!.state).toBe('pending');
    outbox.close();
  });
});

describe('Outbox leases and files', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    dirs.push(dir);
    return join(dir, 'outbox.sqlite');
  };

  it('keeps a renewed lease past its first term, and tells a process the row it lost', () => {
    const file = tempFile();
    const clock = fakeClock();
    const serve = new Outbox(file, clock, { leaseMs: 2_000 });
    const cli = new Outbox(file, clock, { leaseMs: 2_000 });
    const { id } = serve.enqueue({ kind: 'addNote', incidentIds: ['A'], content: 'slow' });
    serve.claimNextDue();
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      expect(serve.renewLeases([id])).toEqual([]);
      expect(cli.claimNextDue()).toBeNull();
    }
    // serve stops renewing (frozen): the lease runs out and the other process may take it.
    clock.advance(2_001);
    expect(cli.claimNextDue()?.record.id).toBe(id);
    expect(serve.renewLeases([id])).toEqual([id]);
    serve.close();
    cli.close();
  });

  it('gives a released action back due at once, and creates its files readable by their user only', () => {
    const file = tempFile();
    const clock = fakeClock();
    const outbox = new Outbox(file, clock);
    const { id } = outbox.enqueue({ kind: 'acknowledge', incidentIds: ['A'] });
    outbox.claimNextDue();
    expect(outbox.release(id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(outbox.claimNextDue()?.record.id).toBe(id);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(path).mode & 0o777, path).toBe(0o600);
    outbox.close();
  });

  it('narrows the shared database files an earlier version left readable by others, whoever opens them first', () => {
    const file = tempFile();
    const earlier = new SpecialistRequestStore(file);
    earlier.close();
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o644);
    const store = new SpecialistRequestStore(file);
    const outbox = new Outbox(file, fakeClock());
    outbox.enqueue({ kind: 'acknowledge', incidentIds: ['A'] });
    for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(path).mode & 0o777, path).toBe(0o600);
    outbox.close();
    store.close();
  });

  it('opens an outbox written by the first release: pending actions keep their place in line', async () => {
    const { default: Database } = await import('libsql');
    const file = tempFile();
    const clock = fakeClock();
    const db = new Database(file);
    db.exec(`CREATE TABLE actions (id TEXT PRIMARY KEY, request TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, next_attempt_at INTEGER, last_error TEXT,
      progress TEXT NOT NULL DEFAULT '{}', lease_owner TEXT, lease_until INTEGER, dismissed INTEGER NOT NULL DEFAULT 0, dedupe_key TEXT);`);
    const insert = db.prepare(
      'INSERT INTO actions (id, request, state, created_at, updated_at, next_attempt_at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(
      'old-done',
      JSON.stringify({ kind: 'openTicket', incidentIds: ['A'] }),
      'done',
      clock.now() - 5,
      clock.now(),
      null,
      'openTicket:A',
    );
    insert.run(
      'first',
      JSON.stringify({ kind: 'addNote', incidentIds: ['A'], content: 'x' }),
      'pending',
      clock.now() - 2,
      clock.now(),
      clock.now() + 5_000,
      null,
    );
    insert.run(
      'second',
      JSON.stringify({ kind: 'resolve', incidentIds: ['A'] }),
      'pending',
      clock.now() - 1,
      clock.now(),
      clock.now(),
      null,
    );
    db.close();
    const outbox = new Outbox(file, clock);
    expect(outbox.claimNextDue()).toBeNull();
    clock.advance(5_000);
    expect(outbox.claimNextDue()?.record.id).toBe('first');
    expect(outbox.enqueueOnce({ kind: 'openTicket', incidentIds: ['A'] }, 'openTicket:A')).toBeNull();
    outbox.close();
  });
});
