/**
 * The outbox's promises under faults, over real HTTP against the simulators: actions on an
 * incident reach the vendor in the order the user gave them, retries included, and a
 * change superseded before it was sent is not sent; a note written twice is written twice,
 * in PagerDuty and in the ticket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './engine-harness';
import { waitFor } from '../../support/wait-for';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** The priority names of the successful PUTs that set one, in the order PagerDuty took them. */
function prioritiesLanded(h: Harness, incidentId: string): string[] {
  return h.pagerDuty.requests
    .filter(
      (request) =>
        request.method === 'PUT' && request.status === 200 && request.body?.includes(incidentId) && request.body.includes('priority'),
    )
    .map((request) => {
      const body = JSON.parse(request.body!) as {
        incidents?: Array<{ priority?: { id: string } }>;
        incident?: { priority?: { id: string } };
      };
      const id = (body.incidents?.[0] ?? body.incident)?.priority?.id;
      return h.pagerDuty.state.priorities.find((priority) => priority.id === id)?.name ?? String(id);
    });
}

describe('the outbox under faults', () => {
  it('sets P3 then P1 while the first attempt meets five 503s: the incident ends at P1, never P3 after it', async () => {
    // The provider's own retries (4) spend all five 503s on P3's first attempt.
    harness = await startHarness({ provider: { maxRetries: 4 } });
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[0]!;
    const p3 = h.pagerDuty.state.priorities.find((priority) => priority.name === 'P3')!;
    const p1 = h.pagerDuty.state.priorities.find((priority) => priority.name === 'P1')!;
    h.pagerDuty.faults.inject({ kind: 'server-error', status: 503, count: 5, path: '/incidents' });

    const first = await h.engine.submitAction({ kind: 'setPriority', incidentIds: [incident.id], priorityId: p3.id });
    const second = await h.engine.submitAction({ kind: 'setPriority', incidentIds: [incident.id], priorityId: p1.id });
    const [a, b] = await Promise.all([h.settle(first.id), h.settle(second.id)]);

    expect(b.state).toBe('done');
    expect(['done', 'superseded']).toContain(a.state);
    expect(h.pagerDuty.state.getIncident(incident.id)!.priorityId).toBe(p1.id);
    expect(prioritiesLanded(h, incident.id).at(-1)).toBe('P1');
  });

  it('does not send a change that a later one replaced before it went out', async () => {
    // A long retry wait (full jitter up to a minute), so the later changes find the first one waiting.
    harness = await startHarness({ engine: { actionBackoff: { baseMs: 60_000, capMs: 60_000 } } });
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[1]!;
    const [p2, p3, p1] = ['P2', 'P3', 'P1'].map((name) => h.pagerDuty.state.priorities.find((priority) => priority.name === name)!);
    // The first change waits for its retry: while it waits, two more arrive.
    h.pagerDuty.faults.inject({ kind: 'server-error', status: 503, count: 2, path: '/incidents' });
    const first = await h.engine.submitAction({ kind: 'setPriority', incidentIds: [incident.id], priorityId: p2!.id });
    await waitFor('the first attempt to fail', () =>
      h.events.some(
        (event) =>
          event.name === 'actionChanged' &&
          event.payload.id === first.id &&
          event.payload.state === 'pending' &&
          event.payload.lastError !== null,
      ),
    );
    const second = await h.engine.submitAction({ kind: 'setPriority', incidentIds: [incident.id], priorityId: p3!.id });
    const third = await h.engine.submitAction({ kind: 'setPriority', incidentIds: [incident.id], priorityId: p1!.id });
    const records = await Promise.all([first, second, third].map((record) => h.settle(record.id)));

    // P2 waited for its retry when P3 came: it is never sent. P3 may already be on its way when P1 comes (then it lands first).
    expect(records[0]).toMatchObject({ state: 'superseded', lastError: 'Replaced by a later change before it was sent' });
    expect(['done', 'superseded']).toContain(records[1]!.state);
    expect(records[2]!.state).toBe('done');
    const landed = prioritiesLanded(h, incident.id);
    expect(landed).not.toContain('P2');
    expect(landed.at(-1)).toBe('P1');
    expect(h.pagerDuty.state.getIncident(incident.id)!.priorityId).toBe(p1!.id);
  });

  it("lands a note before the resolve the user gave after it, though the note's first attempts fail", async () => {
    harness = await startHarness();
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[2]!;
    h.pagerDuty.faults.inject({ kind: 'server-error', status: 503, count: 3, path: `/incidents/${incident.id}/notes` });
    const note = await h.engine.submitAction({
      kind: 'addNote',
      incidentIds: [incident.id],
      content: 'Rolled back 4.2.1; watching the error rate',
    });
    const resolve = await h.engine.submitAction({ kind: 'resolve', incidentIds: [incident.id] });
    const [noted, resolved] = await Promise.all([h.settle(note.id), h.settle(resolve.id)]);
    expect([noted.state, resolved.state]).toEqual(['done', 'done']);

    const landed = h.pagerDuty.requests.filter(
      (request) => request.status >= 200 && request.status < 300 && (request.method === 'POST' || request.method === 'PUT'),
    );
    const noteAt = landed.findIndex((request) => request.path === `/incidents/${incident.id}/notes`);
    const resolveAt = landed.findIndex((request) => request.body?.includes('"resolved"'));
    expect(noteAt).toBeGreaterThanOrEqual(0);
    expect(resolveAt).toBeGreaterThan(noteAt);
  });

  it('writes the same note twice as two notes, in PagerDuty and as two ServiceNow work notes, and says done only then', async () => {
    harness = await startHarness({ serviceNow: true });
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[0]!;
    const text = 'Still looking at the database';
    const first = await h.run({ kind: 'addNote', incidentIds: [incident.id], content: text });
    const second = await h.run({ kind: 'addNote', incidentIds: [incident.id], content: text });
    expect([first.state, second.state]).toEqual(['done', 'done']);

    const pdNotes = h.pagerDuty.state.notesOf(h.pagerDuty.state.getIncident(incident.id)!).filter((note) => note.content === text);
    expect(pdNotes).toHaveLength(2);
    const ticket = h.serviceNow!.state.incidentsByCorrelationId(incident.id)[0]!;
    const workNotes = h
      .serviceNow!.state.journal(String(ticket.sys_id), 'work_notes')
      .filter((entry) => String(entry.value).startsWith(text));
    expect(workNotes).toHaveLength(2);
  });

  it('looks up 250 incidents it does not know in one listing, not one by one, and refuses the ones PagerDuty has not got open', async () => {
    harness = await startHarness({ seedIncidents: 30 });
    const h = harness;
    const real = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[0]!;
    const madeUp = Array.from({ length: 249 }, (_, index) => `QMADEUP${String(index).padStart(4, '0')}`);
    const before = h.pagerDuty.requests.length;
    const record = await h.run({ kind: 'acknowledge', incidentIds: [...madeUp, real.id] });
    // (Who the console acts as is read once per process.)
    const sent = h.pagerDuty.requests
      .slice(before)
      .filter((request) => !request.path.startsWith('/log_entries') && request.path !== '/users/me');
    // One listing of the open incidents, five reads to explain the first refusals, one update.
    expect(sent.filter((request) => request.method === 'GET' && request.path === '/incidents')).toHaveLength(1);
    expect(sent.filter((request) => request.method === 'GET' && /^\/incidents\/./.test(request.path)).length).toBeLessThanOrEqual(5);
    expect(sent.length).toBeLessThanOrEqual(7);
    expect(record.state).toBe('failed');
    expect(record.lastError).toBe(
      'Not acknowledged: PagerDuty has no open incident QMADEUP0000, QMADEUP0001, QMADEUP0002, QMADEUP0003, QMADEUP0004 and 244 more (resolved, merged or never there). The other one was acknowledged.',
    );
    expect(h.pagerDuty.state.getIncident(real.id)!.status).toBe('acknowledged');
  });

  it('stops sending an action the user dismisses while it is being sent', async () => {
    harness = await startHarness({ provider: { timeoutMs: 30_000 } });
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[0]!;
    // Its first request (reading the incident as it is now) hangs.
    h.pagerDuty.faults.inject({ kind: 'slow', delayMs: 20_000, count: 1, path: `/incidents/${incident.id}` });
    const before = h.pagerDuty.requests.length;
    const record = await h.engine.submitAction({ kind: 'acknowledge', incidentIds: [incident.id] });
    await waitFor('the acknowledge to be on its way', () =>
      h.pagerDuty.requests.slice(before).some((request) => request.path === `/incidents/${incident.id}`),
    );
    const dismissedAt = Date.now();
    await h.engine.dismissAction({ actionId: record.id });
    expect(Date.now() - dismissedAt).toBeLessThan(2_000);
    const settled = await h.settle(record.id);
    expect(settled).toMatchObject({
      state: 'failed',
      dismissed: true,
      lastError: expect.stringMatching(/^Cancelled while it was being sent/),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(h.pagerDuty.requests.filter((request) => request.method === 'PUT')).toHaveLength(0);
    expect(h.pagerDuty.state.getIncident(incident.id)!.status).toBe('triggered');
  });
});
