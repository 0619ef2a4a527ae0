/**
 * The Resolved view, the major mark and the snooze, over real HTTP against the PagerDuty
 * simulator: the incidents resolved most recently, newest first, with who resolved them;
 * Reopen on purpose (and refused on one already open again); a major incident declared
 * from one console is known as major to any console reading PagerDuty; a snoozed
 * incident says until when.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { asColleague, startHarness, TOKEN, type Harness } from './engine-harness';
import { waitFor } from '../../support/wait-for';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('resolved incidents, major marks and snoozes', () => {
  it('lists the most recently resolved first, with who resolved them, and reopens one on purpose', async () => {
    harness = await startHarness();
    const h = harness;
    const [first, second] = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] });
    await asColleague(h, 'priya.patel@example.com', first!.id, { status: 'resolved' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await asColleague(h, 'marcus.chen@example.com', second!.id, { status: 'resolved' });

    const { incidents } = await h.engine.listResolvedIncidents();
    expect(incidents.slice(0, 2).map((incident) => [incident.id, incident.status, incident.statusChangedBy?.name])).toEqual([
      [second!.id, 'resolved', 'Marcus Chen'],
      [first!.id, 'resolved', 'Priya Patel'],
    ]);

    const reopened = await h.run({ kind: 'reopen', incidentIds: [second!.id] });
    expect(reopened).toMatchObject({ state: 'done', lastError: null });
    expect(h.pagerDuty.state.getIncident(second!.id)!.status).toBe('acknowledged');
    // It is open again, in the queue; the Resolved view no longer lists it.
    await waitFor('the reopened incident in the queue', async () =>
      (await h.engine.getSnapshot()).incidents.some((incident) => incident.id === second!.id),
    );
    expect((await h.engine.listResolvedIncidents()).incidents.some((incident) => incident.id === second!.id)).toBe(false);

    // A second Reopen finds it open again already, and says so instead of doing anything.
    const again = await h.run({ kind: 'reopen', incidentIds: [second!.id] });
    expect(again).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/^Not reopened: #\d+ is open again already \(acknowledged, by Dana Developer /),
    });
  });

  it('knows a major incident declared from any console, and when a snooze ends, from what PagerDuty says', async () => {
    harness = await startHarness({ engine: { incidentManagerPolicyIds: [] } });
    const h = harness;
    const [major, snoozed, acknowledged] = h.pagerDuty.state.listIncidents({ statuses: ['triggered'] });
    const imPolicy = h.pagerDuty.state.escalationPolicies.find((policy) => policy.name === 'Incident Managers')!;
    // Another console declared it: the incident managers' responder request says so.
    const response = await fetch(`${h.pagerDuty.baseUrl}/incidents/${major!.id}/responder_requests`, {
      method: 'POST',
      headers: {
        Authorization: `Token token=${TOKEN}`,
        Accept: 'application/vnd.pagerduty+json;version=2',
        'Content-Type': 'application/json',
        From: 'isabel.moreno@example.com',
      },
      body: JSON.stringify({
        requester_id: h.pagerDuty.state.getUserByEmail('isabel.moreno@example.com')!.id,
        message: 'Major incident declared: card payments failing in EU',
        responder_request_targets: [{ responder_request_target: { id: imPolicy.id, type: 'escalation_policy_reference' } }],
      }),
    });
    expect(response.status).toBe(200);
    await h.run({ kind: 'acknowledge', incidentIds: [snoozed!.id] });
    await h.run({ kind: 'snooze', incidentIds: [snoozed!.id], durationSeconds: 3600 });
    // Acknowledged only: PagerDuty also names when its acknowledgement times out, which is not a snooze.
    await h.run({ kind: 'acknowledge', incidentIds: [acknowledged!.id] });
    await h.engine.refreshNow();
    await h.engine.refreshNow();

    const now = await h.engine.getSnapshot();
    // The queue itself knows (the poll's log entries carry the incident with its responders), not only the detail.
    expect(now.incidents.find((incident) => incident.id === major!.id)?.declaredMajor).toBe('card payments failing in EU');
    expect(now.incidents.find((incident) => incident.id === snoozed!.id)?.declaredMajor).toBeNull();
    const snoozedNow = now.incidents.find((incident) => incident.id === snoozed!.id)!;
    expect(Date.parse(snoozedNow.snoozedUntil!)).toBeGreaterThan(Date.now() + 3500_000);
    expect(now.incidents.find((incident) => incident.id === acknowledged!.id)).toMatchObject({
      status: 'acknowledged',
      snoozedUntil: null,
    });
  });
});
