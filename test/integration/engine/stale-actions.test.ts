/**
 * Actions on stale state, over real HTTP against the PagerDuty simulator: someone else
 * resolves or reassigns an incident in PagerDuty, and the console, acting a moment later
 * on what it last saw, refuses what PagerDuty would otherwise do against the user's
 * meaning (reopen a resolved incident, take an incident from a colleague), names who
 * changed it and when, and reports "done" only for what PagerDuty did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { asColleague, startHarness, type Harness } from './engine-harness';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('acting on stale state', () => {
  it('refuses to acknowledge an incident a colleague resolved a moment ago, and does not reopen it', async () => {
    harness = await startHarness();
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[0]!;
    // The console still shows it triggered when the colleague resolves it.
    expect((await h.engine.getSnapshot()).incidents.find((candidate) => candidate.id === incident.id)?.status).toBe('triggered');
    await asColleague(h, 'marcus.chen@example.com', incident.id, { status: 'resolved' });

    const record = await h.run({ kind: 'acknowledge', incidentIds: [incident.id] });
    expect(record.state).toBe('failed');
    expect(record.lastError).toMatch(
      new RegExp(`^Not acknowledged: #${incident.number} is already resolved, by Marcus Chen (just now|\\d s ago)\\.$`),
    );
    expect(h.pagerDuty.state.getIncident(incident.id)!.status).toBe('resolved');
    expect(
      h.pagerDuty.requests.filter((request) => request.method === 'PUT' && request.headers.from !== 'marcus.chen@example.com'),
    ).toEqual([]);
  });

  it('acknowledges the rest of a selection and names the one resolved meanwhile', async () => {
    harness = await startHarness();
    const h = harness;
    const [a, b, c] = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] });
    await asColleague(h, 'priya.patel@example.com', b!.id, { status: 'resolved' });
    const record = await h.run({ kind: 'acknowledge', incidentIds: [a!.id, b!.id, c!.id] });
    expect(record.state).toBe('failed');
    expect(record.lastError).toMatch(
      new RegExp(`^Not acknowledged: #${b!.number} is already resolved, by Priya Patel .*\\. The other 2 were acknowledged\\.$`),
    );
    expect([a, b, c].map((incident) => h.pagerDuty.state.getIncident(incident!.id)!.status)).toEqual([
      'acknowledged',
      'resolved',
      'acknowledged',
    ]);
  });

  it('refuses to resolve an incident already resolved by someone else, instead of saying done', async () => {
    harness = await startHarness();
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[3]!;
    await asColleague(h, 'marcus.chen@example.com', incident.id, { status: 'resolved' });
    const record = await h.run({ kind: 'resolve', incidentIds: [incident.id], note: 'Rolled back' });
    expect(record).toMatchObject({
      state: 'failed',
      refused: true,
      lastError: expect.stringMatching(/^Not resolved: #\d+ is already resolved, by Marcus Chen/),
    });
    // Nothing was written to it: not the resolution note either.
    expect(h.pagerDuty.state.notesOf(h.pagerDuty.state.getIncident(incident.id)!).some((note) => note.content === 'Rolled back')).toBe(
      false,
    );
  });

  it('does not take an incident a colleague reassigned after the user looked at it', async () => {
    harness = await startHarness();
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[4]!;
    const seenIncident = (await h.engine.getSnapshot()).incidents.find((candidate) => candidate.id === incident.id)!;
    const marcus = h.pagerDuty.state.getUserByEmail('marcus.chen@example.com')!;
    const victor = h.pagerDuty.state.getUserByEmail('victor.alvarez@example.com')!;
    await asColleague(h, 'priya.patel@example.com', incident.id, {
      assignments: [{ assignee: { id: marcus.id, type: 'user_reference' } }],
    });

    const record = await h.run({
      kind: 'reassign',
      incidentIds: [incident.id],
      to: { type: 'users', userIds: [victor.id] },
      seen: {
        [incident.id]: {
          assigneeIds: seenIncident.assignees.map((assignee) => assignee.id),
          escalationPolicyId: seenIncident.escalationPolicy?.id ?? null,
        },
      },
    });
    expect(record).toMatchObject({
      state: 'failed',
      lastError: `Not reassigned: #${incident.number} was reassigned to Marcus Chen after you looked at it.`,
    });
    expect(h.pagerDuty.state.getIncident(incident.id)!.assignments.map((assignment) => assignment.userId)).toEqual([marcus.id]);
  });

  it('a replay of its own resolve that landed before a crash is done, not refused', async () => {
    harness = await startHarness();
    const h = harness;
    const incident = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] })[5]!;
    // The console's own user resolved it (the answer was lost); the replay finds it so.
    await asColleague(h, h.pagerDuty.state.me.email, incident.id, { status: 'resolved' });
    const record = await h.run({ kind: 'resolve', incidentIds: [incident.id] });
    expect(record).toMatchObject({ state: 'done', lastError: null, refused: false });
  });
});
