/**
 * The shared record of specialist requests over real HTTP against the Jira Service
 * Management simulator: internal notes (once, intact, marked), and
 * specialistRequestsChangedSince: every request a console raised with its comments in
 * order (public or internal, author and email), the cursor carrying on from the last
 * change, the 30-day first read, at most 100 per answer, JQL dates in the account's time
 * zone, and clear ProviderErrors for malformed answers and cursors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { CONSOLE_NOTE_MARKER, type NewSpecialistTicket, type SpecialistTicketRecord } from '../../../../electron/engine/ports/ticketing';
import {
  createJiraServiceManagementProvider,
  SPECIALIST_LABEL,
  specialistLabelFor,
  type JiraServiceManagementConfig,
} from '../../../../electron/providers/jira-service-management';
import {
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../../../electron/simulators/jira-service-management';

const EMAIL = 'oncall-console@example.com';
const TOKEN = 'jira-test-token';
const SPECIALIST = 'noah.schmidt@example.com';
const DAY = 24 * 60 * 60_000;
let sim: JiraServiceManagementSimulator | null = null;
let clock = 0;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: { email?: string; config?: Partial<JiraServiceManagementConfig> } = {}) {
  clock = Date.parse('2026-03-02T09:00:00Z');
  const email = options.email ?? EMAIL;
  sim = await startJiraServiceManagementSimulator({ now: () => clock, validCredentials: [{ email, apiToken: TOKEN }] });
  const provider = createJiraServiceManagementProvider({
    siteUrl: sim.baseUrl,
    email,
    apiToken: TOKEN,
    now: () => clock,
    sleep: async () => undefined,
    ...options.config,
  });
  return { sim, provider };
}

function ask(requestId: string): NewSpecialistTicket {
  return {
    requestId,
    assignmentGroup: 'Network Engineering',
    title: `Investigate network latency (${requestId})`,
    description: 'p99 connect time went from 2 ms to 300 ms at 14:05.',
    urgent: false,
    requester: { name: 'Dana Developer', email: 'dana.developer@example.com' },
    pagingIncidentId: null,
  };
}

/** A comment someone writes in Jira (not through the console). */
function commentAs(s: JiraServiceManagementSimulator, key: string, email: string, text: string, isPublic: boolean) {
  const author = s.state.getUserByEmail(email)!;
  return s.state.addComment(s.state.getIssue(key)!, author.accountId, text, isPublic);
}

function tick(ms = 1_000): void {
  clock += ms;
}

function byRequest(records: SpecialistTicketRecord[]): Map<string, SpecialistTicketRecord> {
  return new Map(records.map((record) => [record.requestId, record]));
}

async function thrown(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('Jira Service Management specialist request notes', () => {
  it('adds an internal comment with the console marker, intact when several KB, and only once', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask('req-note'));
    const note = JSON.stringify({
      kind: 'request-state',
      requestId: 'req-note',
      history: Array.from({ length: 60 }, (_, i) => ({ at: i, by: 'Dana "D" Developer', text: `step {${i}} | *bold* _x_ \\ ünïcode` })),
    });
    expect(note.length).toBeGreaterThan(4_000);

    await provider.addSpecialistRequestNote(ticket.id, note);
    await provider.addSpecialistRequestNote(ticket.id, note);

    const comments = sim.state.commentsOf(sim.state.getIssue(ticket.id)!);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ public: false, body: `${note}\n\n${CONSOLE_NOTE_MARKER}` });
    const posts = sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/comment'));
    expect(posts).toHaveLength(1);
  });

  it('refuses an empty note and one longer than Jira takes, sending nothing', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask('req-long'));
    expect((await thrown(provider.addSpecialistRequestNote(ticket.id, '  '))).kind).toBe('rejected');
    const tooLong = await thrown(provider.addSpecialistRequestNote(ticket.id, 'x'.repeat(33_000)));
    expect(tooLong.kind).toBe('rejected');
    expect(tooLong.message).toMatch(/at most 32,767 characters.*ITSM-\d+.*shorten it/);
    expect(sim.state.commentsOf(sim.state.getIssue(ticket.id)!)).toHaveLength(0);
  });
});

describe('Jira Service Management specialistRequestsChangedSince', () => {
  it('reads every request a console raised with its comments in order, then carries on from the cursor', async () => {
    const { sim, provider } = await setup();
    const first = await provider.raiseSpecialistRequest(ask('req-first'));
    tick();
    const second = await provider.raiseSpecialistRequest(ask('req-second'));
    tick();
    commentAs(sim, first.id, SPECIALIST, 'Can you run mtr from a payments pod?', true);
    tick();
    await provider.addSpecialistRequestNote(first.id, '{"claimedBy":"noah.schmidt@example.com"}');
    tick();
    await provider.commentOnSpecialistRequest(second.id, 'Dana Developer: any news?');
    tick();
    // A request raised by hand in the portal is not one of the console's.
    sim.state.createIssue({
      requestTypeId: '11',
      summary: 'Printer on fire',
      labels: ['hardware'],
      reporterId: sim.state.users[0]!.accountId,
    });

    const { records, cursor } = await provider.specialistRequestsChangedSince(null);
    expect(records.map((record) => record.requestId)).toEqual(['req-first', 'req-second']);
    const [one, two] = records as [SpecialistTicketRecord, SpecialistTicketRecord];
    expect(one.ticket).toMatchObject({
      id: first.id,
      number: first.number,
      state: 'Open',
      assignmentGroup: { name: 'Network Engineering' },
    });
    expect(one.updatedAt).toBe('2026-03-02T09:00:03.000Z');
    expect(one.entries.map((entry) => ({ text: entry.text, public: entry.public, email: entry.author?.email }))).toEqual([
      { text: 'Can you run mtr from a payments pod?', public: true, email: SPECIALIST },
      { text: `{"claimedBy":"noah.schmidt@example.com"}\n\n${CONSOLE_NOTE_MARKER}`, public: false, email: EMAIL },
    ]);
    expect(one.entries[0]).toMatchObject({ at: '2026-03-02T09:00:02.000Z', author: { name: 'Noah Schmidt' } });
    expect(one.entries[0]!.id).toMatch(/^\d+$/);
    expect(two.entries).toEqual([expect.objectContaining({ text: `Dana Developer: any news?\n\n${CONSOLE_NOTE_MARKER}`, public: true })]);

    // Minutes later, the specialist answers on the second request only.
    tick(5 * 60_000);
    commentAs(sim, second.id, SPECIALIST, 'Taking it.', false);
    const next = await provider.specialistRequestsChangedSince(cursor);
    expect(next.records.map((record) => record.requestId)).toEqual(['req-second']);
    expect(next.records[0]!.entries.map((entry) => entry.text)).toEqual([
      `Dana Developer: any news?\n\n${CONSOLE_NOTE_MARKER}`,
      'Taking it.',
    ]);
    expect(next.records[0]!.entries[1]).toMatchObject({ public: false, author: { name: 'Noah Schmidt', email: SPECIALIST } });

    // Nothing changed since: one search, no comment reads.
    sim.resetRequestLog();
    const idle = await provider.specialistRequestsChangedSince(next.cursor);
    expect(idle.records).toEqual([]);
    expect(sim.requests.map((request) => request.path)).toEqual(['/rest/api/3/search/jql']);
  });

  it('a change right after the cursor, within the same minute, is not lost', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask('req-quick'));
    const { cursor } = await provider.specialistRequestsChangedSince(null);
    tick(50);
    commentAs(sim, ticket.id, SPECIALIST, 'On it.', true);
    const next = await provider.specialistRequestsChangedSince(cursor);
    expect(
      byRequest(next.records)
        .get('req-quick')
        ?.entries.map((entry) => entry.text),
    ).toEqual(['On it.']);
  });

  it('a change that becomes visible late, stamped just before the cursor in the previous minute, is still found', async () => {
    const { sim, provider } = await setup();
    const early = await provider.raiseSpecialistRequest(ask('req-early'));
    const late = await provider.raiseSpecialistRequest(ask('req-late'));
    const { cursor } = await provider.specialistRequestsChangedSince(null);
    clock = Date.parse('2026-03-02T09:01:05Z');
    commentAs(sim, early.id, SPECIALIST, 'First.', true);
    const next = await provider.specialistRequestsChangedSince(cursor);
    expect(next.records.map((record) => record.requestId)).toEqual(['req-early']);
    // A write that started before the one above and committed after the search: Jira stamps it with its start.
    clock = Date.parse('2026-03-02T09:00:50Z');
    commentAs(sim, late.id, SPECIALIST, 'Late.', true);
    const after = await provider.specialistRequestsChangedSince(next.cursor);
    expect(after.records.map((record) => record.requestId)).toEqual(['req-late']);
  });

  it('a null cursor reads the last 30 days', async () => {
    const { sim, provider } = await setup();
    await provider.raiseSpecialistRequest(ask('req-old'));
    tick(2 * DAY);
    await provider.raiseSpecialistRequest(ask('req-recent'));
    tick(29 * DAY);
    const { records } = await provider.specialistRequestsChangedSince(null);
    expect(records.map((record) => record.requestId)).toEqual(['req-recent']);
    expect(sim.state.listIssues()).toHaveLength(2);
  });

  it('answers at most 100 records and carries on from there, also when many share a timestamp', async () => {
    const { sim, provider } = await setup();
    const reporter = sim.state.users[0]!.accountId;
    for (let i = 0; i < 105; i++) {
      if (i === 50) tick();
      sim.state.createIssue({
        requestTypeId: '12',
        summary: `Request ${i}`,
        labels: [SPECIALIST_LABEL, specialistLabelFor(`bulk-${i}`)],
        reporterId: reporter,
      });
    }
    const first = await provider.specialistRequestsChangedSince(null);
    expect(first.records).toHaveLength(100);
    expect(first.records.map((record) => record.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `bulk-${i}`));
    const second = await provider.specialistRequestsChangedSince(first.cursor);
    expect(second.records.map((record) => record.requestId)).toEqual(['bulk-100', 'bulk-101', 'bulk-102', 'bulk-103', 'bulk-104']);
    const third = await provider.specialistRequestsChangedSince(second.cursor);
    expect(third.records).toEqual([]);
  });

  it.each(['America/New_York', 'Asia/Kolkata'])('writes JQL dates in the account time zone (%s), so nothing is missed', async (zone) => {
    const probe = await startJiraServiceManagementSimulator();
    const email = probe.state.users.find((user) => user.timeZone === zone)!.emailAddress;
    await probe.close();
    const { sim, provider } = await setup({ email });
    const ticket = await provider.raiseSpecialistRequest(ask('req-zone'));
    const { cursor } = await provider.specialistRequestsChangedSince(null);
    tick(3 * 60_000);
    commentAs(sim, ticket.id, SPECIALIST, 'Looking now.', true);
    const next = await provider.specialistRequestsChangedSince(cursor);
    expect(next.records.map((record) => record.requestId)).toEqual(['req-zone']);
    const search = sim.requests.filter((request) => request.path === '/rest/api/3/search/jql').at(-1)!;
    const jql = new URLSearchParams(search.query).get('jql');
    expect(jql).toMatch(
      new RegExp(
        `^project = "ITSM" AND labels = "${SPECIALIST_LABEL}" AND updated >= "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}" ORDER BY updated ASC$`,
      ),
    );
  });

  it('an author Jira no longer knows has no email; a request labelled by hand without a request id is skipped', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask('req-former'));
    sim.state.addComment(sim.state.getIssue(ticket.id)!, '557058:deleted-account', 'Left the company', true);
    sim.state.createIssue({
      requestTypeId: '12',
      summary: 'Hand-made',
      labels: [SPECIALIST_LABEL],
      reporterId: sim.state.users[0]!.accountId,
    });
    const { records } = await provider.specialistRequestsChangedSince(null);
    expect(records.map((record) => record.requestId)).toEqual(['req-former']);
    expect(records[0]!.entries[0]!.author).toEqual({ name: 'Former user', email: null });
  });

  it('a malformed answer and a foreign cursor give clear ProviderErrors', async () => {
    const { sim, provider } = await setup({ config: { maxRetries: 0 } });
    const ticket = await provider.raiseSpecialistRequest(ask('req-bad'));
    sim.faults.inject({ kind: 'malformed', count: 1, path: `/rest/servicedeskapi/request/${ticket.id}/comment` });
    const malformed = await thrown(provider.specialistRequestsChangedSince(null));
    expect(malformed.kind).toBe('transient');
    expect(malformed.message).toContain(`GET /rest/servicedeskapi/request/${ticket.id}/comment answered 200 with a body that is not JSON`);

    const foreign = await thrown(provider.specialistRequestsChangedSince('not-a-cursor'));
    expect(foreign.kind).toBe('rejected');
    expect(foreign.message).toMatch(/specialist request cursor.*null cursor/);
    // The incident sync's cursor is not this one's either.
    const incidentCursor = await provider.changesSince(null);
    expect((await thrown(provider.specialistRequestsChangedSince(incidentCursor.cursor))).kind).toBe('rejected');
  });
});
