import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../electron/engine/outbox';

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
      db.prepare('UPDATE actions SET lease_owner = ?, lease_until = ? WHERE id = ?').run(`${hostname()}:999999:x`, clock.now() + 60_000, id);
      db.prepare("INSERT INTO actions (id, request, state, attempts, created_at, updated_at, next_attempt_at, lease_owner, lease_until) VALUES ('other', ?, 'pending', 1, ?, ?, ?, ?, ?)").run(
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
    const note = outbox.enqueue({ kind: 'updateSpecialistTicket', incidentIds: [], requestId: 'SR-1', update: { type: 'share', text: 'Victor approved it' } });
    const close = outbox.enqueue({ kind: 'updateSpecialistTicket', incidentIds: [], requestId: 'SR-1', update: { type: 'resolve', text: 'Done', outcome: 'resolved' } });
    const dispatch = outbox.enqueue({ kind: 'dispatchSpecialistRun', incidentIds: [], requestId: 'SR-1', runNumber: 1 });
    const otherRequest = outbox.enqueue({ kind: 'updateSpecialistTicket', incidentIds: [], requestId: 'SR-2', update: { type: 'comment', text: 'Hello' } });

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
