/**
 * The ticket as the shared record: two consoles on two machines (each its own database)
 * share one ticketing system (the fake), one paging platform and one pipeline system. What
 * one console does reaches the other only through the notes on the request's ticket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { join } from 'node:path';
import { ProviderError } from '../../../../electron/engine/ports';
import { changeToShare, encodeSharedNote, SHARED_LINE_PREFIX } from '../../../../electron/engine/specialists/request-sharing';
import { SpecialistRequestStore } from '../../../../electron/engine/specialists/request-store';
import { forms, people, startWorld, type World } from './specialist-harness';

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** The developer's console, and the specialist's on another machine. */
async function twoConsoles(): Promise<{ developer: World; dba: World }> {
  const developer = startWorld();
  const dba = developer.elsewhere();
  worlds.push(developer, dba);
  await dba.as('dba');
  // Both consoles have had their first look (the backlog, read without notifications).
  await Promise.all([developer.readSharedRecord(), dba.readSharedRecord()]);
  return { developer, dba };
}

const { queryReview, restore, firewall } = forms;

async function find(world: World, id: string, scope: 'mine' | 'my-teams' | 'all' = 'all'): Promise<SpecialistRequest | undefined> {
  return (await world.engine.listSpecialistRequests({ scope })).requests.find((request) => request.id === id);
}

/** One console's outbox drains, then the other reads the ticketing system. */
async function pass(from: World, to: World): Promise<void> {
  await from.settle();
  await to.readSharedRecord();
}

/** The titles of the desktop notifications the console showed so far. */
async function notified(world: World): Promise<string[]> {
  await world.notificationsSettled();
  return world.events.flatMap((event) => (event.name === 'notify' ? [event.payload.title] : []));
}

describe('the ticket as the shared record', () => {
  it('expertise: a DBA elsewhere sees the ask, claims, asks, and resolves; the developer sees each step and the comments', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    expect(await find(dba, asked.id)).toBeUndefined();

    await pass(developer, dba);
    const seen = await find(dba, asked.id, 'my-teams');
    expect(seen).toMatchObject({
      state: 'new',
      requester: { email: people.dana.email },
      inputs: queryReview,
      ticket: { number: expect.stringMatching(/^RITM/) },
    });
    expect(await notified(dba)).toContain('New request for Database Administration: Query performance review');

    await dba.act(asked.id, 'claim');
    await dba.act(asked.id, 'ask-requester', 'Which index did the deploy drop?');
    await pass(dba, developer);
    let mine = await find(developer, asked.id, 'mine');
    expect(mine).toMatchObject({ state: 'waiting-for-requester', assignee: { email: people.victor.email } });
    expect(mine?.comments).toMatchObject([
      { author: { name: 'Victor Alvarez' }, text: 'Which index did the deploy drop?', asksRequester: true },
    ]);
    expect(await notified(developer)).toContain('Database Administration needs more from you: Query performance review');

    await developer.act(asked.id, 'reply', 'payments_created_at_idx');
    await pass(developer, dba);
    expect(await find(dba, asked.id)).toMatchObject({ state: 'in-progress' });
    expect(await notified(dba)).toContain('Dana Developer replied: Query performance review');

    await dba.act(asked.id, 'resolve', 'Recreated the index; p95 is back to 40 ms');
    await pass(dba, developer);
    mine = await find(developer, asked.id);
    expect(mine?.state).toBe('resolved');
    expect(mine?.history.map((entry) => entry.summary)).toContain('Victor Alvarez resolved it: Recreated the index; p95 is back to 40 ms');
    expect(await notified(developer)).toContain('Resolved: Query performance review');

    // Both consoles end with the same story, each entry once (a console reading its own notes back changes nothing).
    await pass(developer, dba);
    await pass(dba, developer);
    const a = await find(developer, asked.id);
    const b = await find(dba, asked.id);
    expect(b?.history.map((entry) => entry.summary)).toEqual(a?.history.map((entry) => entry.summary));
    expect(b?.comments).toEqual(a?.comments);
    expect(new Set(a?.history.map((entry) => `${entry.at}${entry.summary}`)).size).toBe(a?.history.length);
  });

  it('self-service: an approver elsewhere is asked, approves, and their console runs it; the requester sees the run to its end', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    expect(asked.state).toBe('awaiting-approval');
    await pass(developer, dba);
    expect(await find(dba, asked.id, 'my-teams')).toMatchObject({
      state: 'awaiting-approval',
      approvalStillNeeded: ['any one member of Database Administration'],
    });
    expect(await notified(dba)).toContain('Approval needed: Restore a database backup');

    await dba.act(asked.id, 'approve', 'Staging only, fine');
    await dba.settle();
    expect(dba.pipelines.runs).toHaveLength(1);
    await developer.readSharedRecord();
    let mine = await find(developer, asked.id);
    expect(mine).toMatchObject({
      state: 'dispatched',
      approvals: [{ approver: { email: people.victor.email }, decision: 'approve', comment: 'Staging only, fine' }],
    });
    expect(mine?.runs[0]?.url).toBe(dba.pipelines.runs[0]?.url);

    // The console that started the run follows it; the requester's does not ask the pipeline itself.
    const run = dba.pipelines.runs[0]!;
    dba.pipelines.move(run.id, { status: 'completed', conclusion: 'success', vendorStatus: 'completed/success' });
    await developer.pollRuns();
    expect((await find(developer, asked.id))?.state).toBe('dispatched');
    await dba.pollRuns();
    await pass(dba, developer);
    mine = await find(developer, asked.id);
    expect(mine?.state).toBe('succeeded');
    expect(mine?.runs[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(await notified(developer)).toContain('Succeeded: Restore a database backup');
    // One record, closed complete.
    await dba.settle();
    expect([...developer.ticketing.specialistTickets.values()]).toMatchObject([{ stage: 'closed' }]);
    expect(developer.pipelines.dispatchCalls).toBe(1);
  });

  it('all-of: two named approvers on their own consoles approve at once; the console of the last decision runs it, once', async () => {
    const developer = startWorld();
    const noah = developer.elsewhere();
    const fatima = developer.elsewhere(people.fatima);
    worlds.push(developer, noah, fatima);
    await noah.as('network-engineer');
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'open-firewall-rule', inputs: firewall });
    await developer.settle();
    await Promise.all([noah.readSharedRecord(), fatima.readSharedRecord()]);
    // Each approves before seeing the other's decision.
    expect((await noah.act(asked.id, 'approve', 'Port 1521 only')).approvalStillNeeded).toEqual([people.fatima.email]);
    developer.clock.advance(1_000);
    expect((await fatima.act(asked.id, 'approve', 'Fine until the end of the year')).approvalStillNeeded).toEqual([people.noah.email]);
    await Promise.all([noah.settle(), fatima.settle()]);
    await Promise.all([noah.readSharedRecord(), fatima.readSharedRecord()]);
    await Promise.all([noah.settle(), fatima.settle()]);
    expect(developer.pipelines.dispatchCalls).toBe(1);
    await Promise.all([developer.readSharedRecord(), noah.readSharedRecord()]);
    for (const world of [developer, noah, fatima]) {
      expect(await find(world, asked.id)).toMatchObject({ state: 'dispatched', approvalStillNeeded: [] });
      expect((await find(world, asked.id))?.approvals).toHaveLength(2);
    }
  });

  it('a console record in a comment the requester can see is not read as one', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await pass(developer, dba);
    const ticket = [...developer.ticketing.specialistTickets.values()][0]!;
    const store = new SpecialistRequestStore(join(developer.dir, 'outbox.sqlite'));
    const forged = changeToShare(null, { ...store.get(asked.id)!, state: 'approved', version: 99 })!;
    store.close();
    const note = encodeSharedNote(forged);
    // In a comment the requester's portal shows: not a console record.
    developer.ticketing.addEntry(ticket.id, note, true, { name: 'Mallory', email: 'mallory@example.com' });
    await dba.readSharedRecord();
    expect((await find(dba, asked.id))?.state).toBe('awaiting-approval');
    // The same text as an internal note is one (the test's forgery is well-formed).
    developer.ticketing.addEntry(ticket.id, note, false, null);
    await dba.readSharedRecord();
    expect((await find(dba, asked.id))?.state).toBe('approved');
  });

  it('a run whose console went quiet is followed by another console; when both follow it, each step is in the history once', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await pass(developer, dba);
    await dba.act(asked.id, 'approve', 'Staging only, fine');
    await pass(dba, developer);
    const run = dba.pipelines.runs[0]!;
    dba.pipelines.move(run.id, { status: 'in_progress', vendorStatus: 'in_progress' });
    await dba.pollRuns();
    await pass(dba, developer);
    expect((await find(developer, asked.id))?.state).toBe('running');

    // The run ends while the approver's console is quiet (a closed laptop): the requester's console waits a while, then follows it itself.
    dba.pipelines.move(run.id, { status: 'completed', conclusion: 'success', vendorStatus: 'completed/success' });
    await developer.pollRuns();
    expect((await find(developer, asked.id))?.state).toBe('running');
    developer.clock.advance(11 * 60_000);
    await developer.pollRuns();
    expect((await find(developer, asked.id))?.state).toBe('succeeded');

    // The approver's console wakes up a little later and follows the run too, before it reads the requester's notes: one entry per step on both.
    developer.clock.advance(5_000);
    await dba.pollRuns();
    await pass(dba, developer);
    await pass(developer, dba);
    for (const world of [developer, dba]) {
      const summaries = (await find(world, asked.id))?.history.map((entry) => entry.summary) ?? [];
      expect(summaries.filter((summary) => summary.includes('succeeded:'))).toHaveLength(1);
      expect(summaries.filter((summary) => summary.includes('is running:'))).toHaveLength(1);
    }
  });

  it('a rejection made elsewhere reaches the requester with its reason; nothing runs', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await pass(developer, dba);
    await dba.act(asked.id, 'reject', 'Use the point-in-time restore instead');
    await pass(dba, developer);
    const mine = await find(developer, asked.id);
    expect(mine).toMatchObject({ state: 'rejected', lastError: 'Rejected by Victor Alvarez: Use the point-in-time restore instead' });
    expect(await notified(developer)).toContain('Rejected: Restore a database backup');
    expect(developer.pipelines.dispatchCalls).toBe(0);
    await dba.settle();
    expect([...developer.ticketing.specialistTickets.values()]).toMatchObject([{ stage: 'canceled' }]);
  });

  it('a comment and a close made in the ticketing system itself reach the request', async () => {
    const { developer } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    await developer.settle();
    const ticket = [...developer.ticketing.specialistTickets.values()][0]!;
    developer.ticketing.addEntry(ticket.id, 'Looking at it from the ServiceNow side', true, {
      name: 'Mei Tanaka',
      email: people.mei.email,
    });
    developer.ticketing.addEntry(ticket.id, 'internal: check the replica too', false, { name: 'Mei Tanaka', email: people.mei.email });
    await developer.readSharedRecord();
    let mine = await find(developer, asked.id);
    expect(mine?.comments.map((comment) => comment.text)).toEqual(['Looking at it from the ServiceNow side']);
    expect(await notified(developer)).toContain('Mei Tanaka commented on Query performance review');

    await developer.ticketing.resolveSpecialistRequest(ticket.id, 'Done in ServiceNow', 'resolved');
    await developer.readSharedRecord();
    mine = await find(developer, asked.id);
    expect(mine?.state).toBe('resolved');
    expect(mine?.history.at(-1)?.summary).toMatch(/^RITM\d+ was set to Closed Complete in FakeDesk/);
    // Read again: nothing new.
    await developer.readSharedRecord();
    expect((await find(developer, asked.id))?.history).toEqual(mine?.history);
  });

  it('what happened while a console was not running is listed when it starts, without a notification for each', async () => {
    const developer = startWorld();
    worlds.push(developer);
    const before = await developer.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    await developer.settle();
    const dba = developer.elsewhere();
    worlds.push(dba);
    await dba.as('dba');
    await dba.readSharedRecord();
    expect(await find(dba, before.id, 'my-teams')).toMatchObject({ state: 'new' });
    expect(await notified(dba)).toEqual([]);

    const after = await developer.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: { ...queryReview, symptoms: 'Locks pile up every hour' },
    });
    await pass(developer, dba);
    expect(await find(dba, after.id, 'my-teams')).toMatchObject({ state: 'new' });
    expect(await notified(dba)).toEqual(['New request for Database Administration: Query performance review']);
  });

  it('a change stored just before the process stopped, never shared, is shared at the next start', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    await pass(developer, dba);
    // The process stops between storing a change and recording its share (here: no desk is listening).
    await developer.engine.stop();
    const store = new SpecialistRequestStore(join(developer.dir, 'outbox.sqlite'));
    store.update(asked.id, (request) => {
      request.comments.push({
        id: 'c-late',
        author: people.dana,
        text: 'It is the nightly batch',
        at: developer.clock.now(),
        asksRequester: false,
      });
      request.updatedAt = developer.clock.now();
    });
    store.close();
    const restarted = developer.restart();
    worlds.push(restarted);
    await pass(restarted, dba);
    expect((await find(dba, asked.id))?.comments.map((comment) => comment.text)).toEqual(['It is the nightly batch']);
  });

  it('a failing read of the shared record shows as a secondary connection with the reason', async () => {
    const { dba } = await twoConsoles();
    dba.ticketing.failNext.set('specialistRequestsChangedSince', [
      new ProviderError('rejected', 'FakeDesk refused to list journal entries (403): the integration user needs the itil role', 403),
    ]);
    await dba.readSharedRecord();
    const status = (await dba.engine.getSnapshot()).connections.find((connection) => connection.provider === 'fake-ticketing-requests');
    // Its own name, next to the ticketing system's badge (which can say OK meanwhile), and the system's words.
    expect(status).toMatchObject({
      label: 'Specialist requests (FakeDesk)',
      secondary: true,
      message: expect.stringContaining('needs the itil role'),
    });
    expect(status?.state).not.toBe('ok');
    await dba.readSharedRecord();
    expect(
      (await dba.engine.getSnapshot()).connections.find((connection) => connection.provider === 'fake-ticketing-requests')?.state,
    ).toBe('ok');
  });

  it('a damaged console note is skipped with a message that says why; the notes after it are still read', async () => {
    const { developer, dba } = await twoConsoles();
    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    await developer.settle();
    const ticket = [...developer.ticketing.specialistTickets.values()][0]!;
    const base64 = (json: string) => Buffer.from(json).toString('base64url');
    developer.ticketing.addEntry(ticket.id, `Edited by hand\n\n${SHARED_LINE_PREFIX}${base64('{"v":1,"id":"x","core":{')}`, false, null);
    developer.ticketing.addEntry(ticket.id, `A newer console\n\n${SHARED_LINE_PREFIX}${base64('{"v":2}')}`, false, null);
    await developer.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: { ...queryReview, symptoms: 'Locks pile up every hour' },
    });
    await pass(developer, dba);
    expect(dba.logs.some((line) => line.includes('not readable (truncated or edited by hand?)'))).toBe(true);
    expect(dba.logs.some((line) => /not readable: v: /.test(line))).toBe(true);
    expect(await find(dba, asked.id)).toMatchObject({ state: 'new' });
    expect((await dba.engine.listSpecialistRequests({ scope: 'my-teams' })).requests).toHaveLength(2);
  });
});
