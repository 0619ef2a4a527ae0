/**
 * Specialists as a service through the engine, with fakes: expertise requests into the
 * team's queue (claim, comment, ask, reply, resolve mirrored to the ticket; a note on the
 * incident; paging during a major incident), self-service approvals (any-of, all-of,
 * rejection), pipeline runs followed to their end, retry with a new key, refused
 * dispatches, restarts, and replay after a crash mid-dispatch (exactly one run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../../shared/contract';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { ProviderError } from '../../../../electron/engine/ports';
import { makeIncident } from '../../../support/fake-paging-provider';
import { waitFor } from '../../../support/wait-for';
import { forms, people, startWorld, type World } from './specialist-harness';

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});
function world(options: Parameters<typeof startWorld>[0] = {}): World {
  const started = startWorld(options);
  worlds.push(started);
  return started;
}

const { queryReview, restore, firewall } = forms;

async function rejection(promise: Promise<unknown>): Promise<ContractFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContractFailure);
  return error as ContractFailure;
}

function states(request: SpecialistRequest): string[] {
  return request.history.map((entry) => entry.state);
}

describe('expertise requests', () => {
  it('raised from an incident: a ticket in the team queue, a note on the incident, a comment linking it; claim, ask, reply, resolve mirrored', async () => {
    const w = world();
    w.paging.add(makeIncident('PINC1', { number: 42, title: 'Payments API slow' }));
    const submitted = await w.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: queryReview,
      incidentId: 'PINC1',
    });
    expect(submitted.state).toBe('new');
    expect(submitted.requester.email).toBe(people.dana.email);
    await w.settle();

    const [ticket] = [...w.ticketing.specialistTickets.values()];
    expect(ticket?.request.assignmentGroup).toBe('Database Administration');
    expect(ticket?.request.description).toContain('p95 went from 40 ms');
    expect(w.paging.notes.get('PINC1')?.map((note) => note.content)).toEqual([
      `Asked Database Administration for Query performance review: ${ticket?.number} (${ticket?.url})`,
    ]);
    expect(ticket?.comments[0]).toContain('Raised from paging incident #42');
    let request = (await w.engine.listSpecialistRequests({ scope: 'mine' })).requests[0]!;
    expect(request.ticket?.number).toBe(ticket?.number);

    // The developer cannot claim: only the team can.
    expect((await rejection(w.act(request.id, 'claim'))).message).toMatch(/Only members of Database Administration/);

    await w.as('dba');
    expect((await w.engine.listSpecialistRequests({ scope: 'my-teams' })).requests.map((r) => r.id)).toEqual([request.id]);
    request = await w.act(request.id, 'claim');
    expect(request.state).toBe('claimed');
    expect(request.assignee?.email).toBe(people.victor.email);
    request = await w.act(request.id, 'ask-requester', 'Which index did the deploy drop?');
    expect(request.state).toBe('waiting-for-requester');
    await w.settle();
    expect(ticket?.assignedTo?.id).toBe(people.victor.email);
    expect(ticket?.stage).toBe('in-progress');
    expect(ticket?.comments.some((text) => text.includes('Which index did the deploy drop?'))).toBe(true);

    await w.as('developer');
    request = await w.act(request.id, 'reply', 'payments_created_at_idx');
    expect(request.state).toBe('in-progress');
    await w.as('dba');
    request = await w.act(request.id, 'resolve', 'Recreated payments_created_at_idx; p95 back to 40 ms');
    expect(request.state).toBe('resolved');
    await w.settle();
    expect(ticket?.stage).toBe('closed');
    expect(ticket?.closeNotes).toBe('Recreated payments_created_at_idx; p95 back to 40 ms');
    expect(states(request)).toEqual(expect.arrayContaining(['new', 'claimed', 'waiting-for-requester', 'in-progress', 'resolved']));
    expect(request.comments.map((comment) => comment.asksRequester)).toEqual([true, false]);
    expect(request.sla.responseBreached).toBe(false);
    expect(request.sla.resolutionDueAt).toBeNull();
    // A resolved request takes no more steps, with a message that says what is possible.
    expect((await rejection(w.act(request.id, 'resolve'))).message).toMatch(/Cannot resolve a request that is resolved/);
    // Nor comments: the page offers none on a closed request, and the engine agrees (shared/rules/request-permissions.ts).
    expect((await rejection(w.act(request.id, 'comment', 'one more thing'))).message).toBe(
      'Query performance review is resolved: it takes no more comments',
    );
    expect(
      w.events.some(
        (event) => event.name === 'specialistRequestChanged' && event.payload.id === request.id && event.payload.state === 'resolved',
      ),
    ).toBe(true);
  });

  it('the team may cancel a request that is not theirs to do; the ticket closes as cancelled; a stranger may not', async () => {
    const w = world();
    const submitted = await w.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    await w.settle();
    await w.as('network-engineer');
    expect((await rejection(w.act(submitted.id, 'cancel'))).message).toBe(
      `Only the requester (${people.dana.name}) and members of Database Administration can do that`,
    );
    await w.as('dba');
    const cancelled = await w.act(submitted.id, 'cancel', 'Duplicate of the request raised an hour ago');
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.history.at(-1)?.summary).toBe(`${people.victor.name} cancelled it: Duplicate of the request raised an hour ago`);
    await w.settle();
    const [ticket] = [...w.ticketing.specialistTickets.values()];
    expect(ticket?.closeNotes).toBe('Duplicate of the request raised an hour ago');
  });

  it('an urgent ask during a major incident pages the team on call; outside one it does not, and the history says why', async () => {
    const w = world();
    w.paging.add(makeIncident('PMAJ', { priority: { id: 'PR1', name: 'P1' } }));
    w.paging.add(makeIncident('PMIN', { priority: null }));
    await w.engine.refreshNow();
    await w.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: queryReview,
      incidentId: 'PMAJ',
      urgent: true,
    });
    const calm = await w.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: queryReview,
      incidentId: 'PMIN',
      urgent: true,
    });
    await w.settle();
    const pages = w.paging.writes.filter((write) => write.startsWith('responders'));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatch(/^responders PMAJ EP-DBA Urgent, during a major incident: Dana Developer asks Database Administration/);
    expect(calm.history.map((entry) => entry.summary)).toContain(
      'Marked urgent; nobody is paged: the incident is not a major incident (P1)',
    );
  });

  it('refuses a form that does not fit the offering, naming the fields as the form labels them', async () => {
    const w = world();
    const error = await rejection(
      w.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: { ...queryReview, database: 'nope', extra: 1 } }),
    );
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^Query performance review: Database must be one of: payments \(PostgreSQL Platform\), /);
    expect(error.message).toMatch(/; "extra" is not a field of this form \(it has: Database, Environment, The query, /);
    expect((await w.engine.listSpecialistRequests({ scope: 'all' })).requests).toHaveLength(0);
  });

  it('requests and their history survive a restart', async () => {
    const first = world();
    const submitted = await first.engine.submitSpecialistRequest({
      offeringId: 'investigate-latency',
      inputs: { source: 'payments pods', destination: 'ora-ledger', region: 'EU', symptoms: 'p99 connect time went from 2 ms to 300 ms' },
    });
    await first.settle();
    await first.engine.stop();
    const second = world({ dir: first.dir });
    const [again] = (await second.engine.listSpecialistRequests({ scope: 'all' })).requests;
    expect(again?.id).toBe(submitted.id);
    expect(again?.ticket).not.toBeNull();
    expect(again?.history.length).toBeGreaterThanOrEqual(2);
  });
});

describe('self-service with approval', () => {
  it('any-of: one DBA approves, the pipeline runs with the inputs given, the run is followed to success', async () => {
    const w = world();
    let request = await w.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    expect(request.state).toBe('awaiting-approval');
    expect(request.approvalStillNeeded).toEqual(['any one member of Database Administration']);
    expect(request.sla.responseDueAt).not.toBeNull();
    // The requester cannot approve their own run.
    expect((await rejection(w.act(request.id, 'approve'))).message).toMatch(/someone else must approve/);
    await w.as('network-engineer');
    expect((await rejection(w.act(request.id, 'approve'))).message).toMatch(/Only members of Database Administration can approve/);
    await w.as('dba');
    request = await w.act(request.id, 'approve', 'Staging only, fine');
    expect(request.state).toBe('approved');
    await w.settle();
    const [run] = w.pipelines.runs;
    // The catalogue's input mapping (the form's reason is for the approvers, not a workflow input) plus the request id.
    expect(run?.inputs).toEqual({
      database: restore.database,
      backup_id: restore.backup_id,
      target_environment: restore.target_environment,
      requested_by: people.dana.email,
      console_request_id: `${request.id}-1`,
    });
    request = (await w.engine.listSpecialistRequests({ scope: 'all' })).requests[0]!;
    expect(request.state).toBe('dispatched');
    expect(request.runs[0]?.url).toBe(run?.url);

    w.pipelines.move(run!.id, { status: 'in_progress', vendorStatus: 'in_progress' });
    await w.pollRuns();
    w.pipelines.move(run!.id, { status: 'completed', conclusion: 'success', vendorStatus: 'completed/success' });
    await w.pollRuns();
    request = (await w.engine.listSpecialistRequests({ scope: 'all' })).requests[0]!;
    expect(request.state).toBe('succeeded');
    // Raised as a record in the team's queue while it waited for approval.
    expect(states(request)).toEqual(['awaiting-approval', 'awaiting-approval', 'approved', 'dispatched', 'running', 'succeeded']);
    expect(request.history[1]?.summary).toMatch(/^Raised RITM\d+ in Database Administration's queue/);
    expect(request.approvals).toMatchObject([
      { approver: { email: people.victor.email }, decision: 'approve', comment: 'Staging only, fine' },
    ]);
    expect(request.history.at(-1)?.summary).toContain(run!.url);
    // The record is closed complete once the run succeeded.
    await w.settle();
    const [record] = [...w.ticketing.specialistTickets.values()];
    expect(record).toMatchObject({ stage: 'closed', state: 'Closed Complete' });
    expect(record?.closeNotes).toContain('succeeded');
  });

  it('all-of: the request waits for every named person; a second decision by the same person is refused', async () => {
    const w = world();
    let request = await w.engine.submitSpecialistRequest({ offeringId: 'open-firewall-rule', inputs: firewall });
    expect(request.approvalStillNeeded).toEqual([people.noah.email, people.fatima.email]);
    await w.as('network-engineer');
    request = await w.act(request.id, 'approve');
    expect(request.state).toBe('awaiting-approval');
    expect(request.approvalStillNeeded).toEqual([people.fatima.email]);
    expect((await rejection(w.act(request.id, 'approve'))).message).toMatch(/You already approved/);
    await w.settle();
    expect(w.pipelines.runs).toHaveLength(0);
  });

  it('a rejection needs a comment, ends the request and says why in its history; nothing runs', async () => {
    const w = world();
    let request = await w.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await w.as('dba');
    expect((await rejection(w.act(request.id, 'reject'))).message).toMatch(/needs a comment/);
    request = await w.act(request.id, 'reject', 'Use the point-in-time restore instead');
    expect(request.state).toBe('rejected');
    expect(request.lastError).toBe('Rejected by Victor Alvarez: Use the point-in-time restore instead');
    expect(request.history.at(-1)).toMatchObject({
      state: 'rejected',
      actor: { name: 'Victor Alvarez' },
      summary: 'Victor Alvarez rejected it: Use the point-in-time restore instead. Nothing was run.',
    });
    await w.settle();
    expect(w.pipelines.dispatchCalls).toBe(0);
    expect((await rejection(w.act(request.id, 'approve'))).message).toMatch(/Cannot approve a request that is rejected/);
  });

  it("a refused dispatch fails the request with the provider's message; a retry runs again with a new idempotency key", async () => {
    const w = world();
    w.pipelines.refuse.push(new ProviderError('rejected', 'GitHub refused the inputs: Unexpected inputs provided: ["x"]', 422));
    let request = await w.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await w.as('dba');
    await w.act(request.id, 'approve');
    await w.settle();
    request = (await w.engine.listSpecialistRequests({ scope: 'all' })).requests[0]!;
    expect(request.state).toBe('failed');
    expect(request.lastError).toMatch(/refused the dispatch: GitHub refused the inputs: Unexpected inputs provided/);
    expect(request.history.at(-1)?.summary).toMatch(/^Run 1 was not started: acme\/db-ops restore-backup.yml refused the dispatch/);
    expect(request.sla.resolutionDueAt).toBeNull();

    await w.as('developer');
    request = await w.act(request.id, 'retry');
    expect(request.state).toBe('dispatched');
    await w.settle();
    expect(w.pipelines.runs.map((run) => run.key)).toEqual([`${request.id}-2`]);
    w.pipelines.move(w.pipelines.runs[0]!.id, { status: 'completed', conclusion: 'failure', vendorStatus: 'completed/failure' });
    await w.pollRuns();
    request = (await w.engine.listSpecialistRequests({ scope: 'all' })).requests[0]!;
    expect(request.state).toBe('failed');
    expect(request.lastError).toMatch(/ended failure: see its logs at https:\/\/ci.example.com\/runs\/1000/);
    // The team may retry too (the page offers it to them as well), with the inputs approved before.
    await w.as('dba');
    request = await w.act(request.id, 'retry');
    expect(request.history.at(-1)?.summary).toBe(`${people.victor.name} retried it (run 3, the inputs approved before)`);
    await w.settle();
    expect(w.pipelines.runs.map((run) => run.key)).toEqual([`${request.id}-2`, `${request.id}-3`]);
    expect(w.pipelines.runs[1]?.inputs).toEqual(
      w.pipelines.runs[0]?.inputs && { ...w.pipelines.runs[0].inputs, console_request_id: `${request.id}-3` },
    );
  });

  it('refuses at submit when nobody could approve', async () => {
    const w = world();
    await w.as('network-engineer');
    const error = await rejection(w.engine.submitSpecialistRequest({ offeringId: 'open-firewall-rule', inputs: firewall }));
    expect(error.message).toMatch(/noah.schmidt@example.com is one of the people who must all approve this/);
  });
});

describe('replay safety', () => {
  it('restore-database-backup: a crash mid-dispatch replays into exactly one run with the same key', async () => {
    const first = world();
    let release: (error: Error) => void = () => undefined;
    first.pipelines.hang = new Promise<never>((_, reject) => {
      release = reject;
    });
    const submitted = await first.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await first.as('dba');
    await first.act(submitted.id, 'approve');
    await waitFor('the restore to be dispatched', () => first.pipelines.runs.length > 0, { timeoutMs: 1_000, everyMs: 5 });
    expect(first.pipelines.runs).toHaveLength(1);
    // The "dead" process never recorded the answer. A new engine over the same files, once its lease ran out:
    first.pipelines.hang = null;
    first.clock.advance(61_000);
    const second = first.restart();
    worlds.push(second);
    await second.settle();
    const after = (await second.engine.listSpecialistRequests({ scope: 'all' })).requests[0]!;
    expect(second.pipelines.runs).toHaveLength(1);
    expect(after.runs.map((run) => run.id)).toEqual([second.pipelines.runs[0]!.id]);
    expect(after.state).toBe('dispatched');
    expect(second.pipelines.runs[0]?.key).toBe(`${submitted.id}-1`);
    release(new ProviderError('transient', 'the old process is gone'));
  });
});
