/**
 * The ServiceNow half of "the ticket is the shared record" over real HTTP against the
 * simulator: work notes from the console (once, however often replayed), and
 * specialistRequestsChangedSince reading every console-raised requested item that changed
 * since a cursor with its whole journal (comments public, work notes internal, authors
 * resolved), the cursor moving on without losing same-second updates, and clear errors for
 * a vendor answer that does not validate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { CONSOLE_NOTE_MARKER, type NewSpecialistTicket } from '../../../../electron/engine/ports/ticketing';
import { createServiceNowProvider, type ServiceNowConfig } from '../../../../electron/providers/servicenow';
import { startServiceNowSimulator, SPECIALIST_ITEM_SYS_ID, type ServiceNowSimulator } from '../../../../electron/simulators/servicenow';

const START = Date.parse('2026-03-02T10:00:00Z');
let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(config: Partial<ServiceNowConfig> = {}) {
  const clock = { now: START };
  sim = await startServiceNowSimulator({
    validCredentials: [{ kind: 'basic', user: 'oncall.console', password: 'pw' }],
    now: () => clock.now,
  });
  const provider = createServiceNowProvider({
    instanceUrl: sim.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
    sleep: async () => undefined,
    now: () => clock.now,
    ...config,
  });
  return { sim, provider, clock };
}

function ask(requestId: string, title = 'Query performance review: pg-payments'): NewSpecialistTicket {
  return {
    requestId,
    assignmentGroup: 'Database Administration',
    title,
    description: 'The payments query got slow after the 14:00 deploy.',
    urgent: false,
    requester: { name: 'Dana Developer', email: 'dana.developer@example.com' },
    pagingIncidentId: null,
  };
}

function groupId(s: ServiceNowSimulator, name: string): string {
  return s.state.rows('sys_user_group').find((row) => row.name === name)!.sys_id!;
}

function param(request: { query: string }, name: string): string {
  return new URLSearchParams(request.query).get(name) ?? '';
}

/** What a person ordering the same catalog item from the portal does: no console_request_id. */
function orderFromPortal(s: ServiceNowSimulator, title: string): void {
  s.catalog.order(
    `/api/sn_sc/servicecatalog/items/${SPECIALIST_ITEM_SYS_ID}/order_now`,
    { sysparm_quantity: 1, variables: { assignment_group: groupId(s, 'Database Administration'), short_description: title } },
    'victor.alvarez',
  );
}

describe('addSpecialistRequestNote', () => {
  it('adds a work note with the console marker, once however often it is replayed; a long JSON line is stored whole', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask('req-note-1'));
    const line = JSON.stringify({
      kind: 'console-state',
      requestId: 'req-note-1',
      history: Array.from({ length: 120 }, (_, index) => ({
        at: `2026-03-02T10:${String(index % 60).padStart(2, '0')}:00Z`,
        text: `step ${index}: checked the replica lag and the index usage`,
      })),
    });
    expect(line.length).toBeGreaterThan(8_000);

    await provider.addSpecialistRequestNote(ticket.id, line);
    await provider.addSpecialistRequestNote(ticket.id, line);

    const notes = sim.state.journal(ticket.id, 'work_notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.value).toBe(`${line}\n\n${CONSOLE_NOTE_MARKER}`);
    expect(sim.state.journal(ticket.id, 'comments')).toHaveLength(0);
    expect(sim.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  it('a refused note names the item; a closed item refuses notes with a message that says so', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask('req-note-2'));
    sim.faults.inject({ kind: 'acl-refusal', count: 1, path: '/api/now/table/sc_req_item', field: 'work_notes' });
    const refused = await provider.addSpecialistRequestNote(ticket.id, 'status').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ kind: 'rejected', status: 403 });
    expect((refused as Error).message).toMatch(new RegExp(`refused to add a work note to ${ticket.number} \\(403\\)`));

    await provider.resolveSpecialistRequest(ticket.id, 'Done', 'resolved');
    await expect(provider.addSpecialistRequestNote(ticket.id, 'late')).rejects.toThrow(/RITM\d+ is Closed Complete/);
  });
});

describe('specialistRequestsChangedSince', () => {
  it("reads the console's requested items with their journals in order; the cursor then brings only what changed", async () => {
    const { sim, provider, clock } = await setup();
    const first = await provider.raiseSpecialistRequest(ask('req-a', 'Index review'));
    clock.now += 1_000;
    // The request id's form is the engine's: nothing may assume a prefix.
    const second = await provider.raiseSpecialistRequest(ask('7f3e9c1d', 'Replica lag'));
    clock.now += 1_000;
    orderFromPortal(sim, "Someone else's request from the portal");
    clock.now += 1_000;
    sim.catalog.updateItem(first.id, { comments: 'Which index did the deploy drop?' }, 'victor.alvarez');
    clock.now += 1_000;
    await provider.commentOnSpecialistRequest(first.id, 'Dana Developer: payments(created_at)');
    clock.now += 1_000;
    await provider.addSpecialistRequestNote(second.id, '{"kind":"claimed","by":"victor.alvarez@example.com"}');
    clock.now += 100_000;

    const answer = await provider.specialistRequestsChangedSince(null);
    expect(answer.records.map((record) => record.requestId)).toEqual(['req-a', '7f3e9c1d']);
    const [a, b] = answer.records;
    expect(a?.ticket).toEqual(first);
    expect(a?.updatedAt).toBe('2026-03-02T10:00:04.000Z');
    expect(a?.entries.map(({ at, author, text, public: isPublic }) => ({ at, author, text, public: isPublic }))).toEqual([
      {
        at: '2026-03-02T10:00:03.000Z',
        author: { name: 'Victor Alvarez', email: 'victor.alvarez@example.com' },
        text: 'Which index did the deploy drop?',
        public: true,
      },
      {
        at: '2026-03-02T10:00:04.000Z',
        author: { name: 'On-Call Console Integration', email: null },
        text: `Dana Developer: payments(created_at)\n\n${CONSOLE_NOTE_MARKER}`,
        public: true,
      },
    ]);
    expect(a?.entries.map((entry) => entry.id)).toEqual(sim.state.journal(first.id).map((entry) => entry.sys_id));
    expect(b?.updatedAt).toBe('2026-03-02T10:00:05.000Z');
    expect(b?.entries).toHaveLength(1);
    expect(b?.entries[0]).toMatchObject({
      public: false,
      text: `{"kind":"claimed","by":"victor.alvarez@example.com"}\n\n${CONSOLE_NOTE_MARKER}`,
    });

    // A specialist adds a work note to the second item in ServiceNow: only that item comes next.
    clock.now += 60_000;
    sim.catalog.updateItem(second.id, { work_notes: 'Replica is 40 s behind; looking at vacuum.' }, 'victor.alvarez');
    clock.now += 30_000;
    const next = await provider.specialistRequestsChangedSince(answer.cursor);
    expect(next.records.map((record) => record.requestId)).toEqual(['7f3e9c1d']);
    expect(next.records[0]?.entries.map((entry) => [entry.public, entry.author?.name, entry.text.slice(0, 20)])).toEqual([
      [false, 'On-Call Console Integration', '{"kind":"claimed","b'],
      [false, 'Victor Alvarez', 'Replica is 40 s behi'],
    ]);

    clock.now += 60_000;
    const idle = await provider.specialistRequestsChangedSince(next.cursor);
    expect(idle.records).toEqual([]);

    // Each author was looked up once; the journal was read in one request per answer that had items.
    const userLookups = sim.requests.filter(
      (request) => request.path === '/api/now/table/sys_user' && param(request, 'sysparm_query').startsWith('user_nameIN'),
    );
    expect(userLookups.map((request) => param(request, 'sysparm_query'))).toEqual(['user_nameINvictor.alvarez,oncall.console']);
    const itemReads = sim.requests.filter(
      (request) => request.path === '/api/now/table/sc_req_item' && param(request, 'sysparm_query').startsWith('cat_item='),
    );
    expect(itemReads).toHaveLength(3);
    expect(param(itemReads[0]!, 'sysparm_query')).toBe(
      `cat_item=${SPECIALIST_ITEM_SYS_ID}^correlation_idISNOTEMPTY^sys_updated_on>=2026-01-31 10:01:45^ORDERBYsys_updated_on^ORDERBYsys_id`,
    );
    expect(param(itemReads[0]!, 'sysparm_limit')).toBe('100');
    expect(
      sim.requests.filter(
        (request) => request.path === '/api/now/table/sys_journal_field' && param(request, 'sysparm_query').startsWith('name=sc_req_item'),
      ),
    ).toHaveLength(2);
  });

  it('loses nothing when more than 100 items change in the same second: the answers page on', async () => {
    const { sim, provider, clock } = await setup();
    const group = groupId(sim, 'Network Engineering');
    for (let index = 0; index < 103; index++) {
      sim.catalog.order(
        `/api/sn_sc/servicecatalog/items/${SPECIALIST_ITEM_SYS_ID}/order_now`,
        {
          sysparm_quantity: 1,
          variables: { assignment_group: group, short_description: `Burst ${index}`, console_request_id: `burst-${index}` },
        },
        'oncall.console',
      );
    }
    clock.now += 1_000;
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let call = 0; call < 6 && seen.size < 103; call++) {
      const answer: { records: { requestId: string }[]; cursor: string } = await provider.specialistRequestsChangedSince(cursor);
      expect(answer.records.length).toBeLessThanOrEqual(100);
      for (const record of answer.records) seen.add(record.requestId);
      cursor = answer.cursor;
    }
    expect(seen.size).toBe(103);
  });

  it('a vendor answer without sys_id, or with a journal date that is not a UTC date-time, is a ProviderError that says what was wrong', async () => {
    const { sim, provider } = await setup({ maxRetries: 0 });
    const ticket = await provider.raiseSpecialistRequest(ask('req-bad'));
    await provider.addSpecialistRequestNote(ticket.id, 'status');

    sim.faults.inject({ kind: 'omit-field', count: 1, path: '/api/now/table/sc_req_item', field: 'sys_id' });
    const missing = await provider.specialistRequestsChangedSince(null).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ProviderError);
    expect((missing as Error).message).toMatch(
      /GET \/api\/now\/table\/sc_req_item answered 200 with an unexpected body: result\.0\.sys_id/,
    );

    sim.faults.inject({ kind: 'omit-field', count: 1, path: '/api/now/table/sys_journal_field', field: 'sys_created_on' });
    const undated = await provider.specialistRequestsChangedSince(null).catch((error: unknown) => error);
    expect(undated).toBeInstanceOf(ProviderError);
    expect((undated as Error).message).toMatch(
      /GET \/api\/now\/table\/sys_journal_field answered 200 with an unexpected body: result\.0\.sys_created_on: is not a UTC date-time/,
    );

    // The next poll reads normally.
    expect((await provider.specialistRequestsChangedSince(null)).records.map((record) => record.requestId)).toEqual(['req-bad']);
  });

  it('a cursor it did not write is refused with what to do', async () => {
    const { provider } = await setup();
    await expect(provider.specialistRequestsChangedSince('{"startAt":12}')).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringMatching(/pass null/),
    });
  });
});
