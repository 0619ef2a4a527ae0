// The state store's invariants: the status index follows every change, dedup keys map to open
// alerts only, log entries stay in time order, and schedules rotate shift by shift.
import { describe, expect, it } from 'vitest';
import { buildDemoOrg } from '../../../../electron/simulators/pagerduty/demo-org';
import { IdFactory, Random } from '../../../../electron/simulators/pagerduty/random';
import { SimulatorState, StateError } from '../../../../electron/simulators/pagerduty/state';

function makeState(start = Date.UTC(2026, 3, 1, 10, 0, 0)) {
  let now = start;
  const random = new Random(2);
  const ids = new IdFactory(random);
  const state = new SimulatorState(buildDemoOrg(ids, random, now), ids, () => now);
  return { state, advance: (ms: number) => (now += ms) };
}

describe('SimulatorState', () => {
  it('keeps the status index in step with acknowledge, resolve and reopen', () => {
    const { state, advance } = makeState();
    const service = state.services[0]!;
    const { incident } = state.triggerAlert({ serviceId: service.id, summary: 's', severity: 'error', source: 'h', dedupKey: 'k' });
    expect(state.listIncidents({ statuses: ['triggered'] }).map((each) => each.id)).toEqual([incident.id]);
    advance(1000);
    state.acknowledge(incident.id, { type: 'user', id: state.meUserId }, { type: 'website' });
    expect(state.incidentCount('triggered')).toBe(0);
    expect(state.incidentCount('acknowledged')).toBe(1);
    advance(1000);
    state.resolve(incident.id, { type: 'user', id: state.meUserId }, { type: 'website' });
    expect(state.incidentCount('resolved')).toBe(1);
    expect(() => state.resolve(incident.id, { type: 'user', id: state.meUserId }, { type: 'website' })).toThrow(StateError);
    state.retrigger(incident.id, { type: 'user', id: state.meUserId }, { type: 'website' });
    expect(state.incidentCount('triggered')).toBe(1);
    expect(state.incidentCount('resolved')).toBe(0);
  });

  it('de-duplicates triggers only while the alert is open', () => {
    const { state } = makeState();
    const service = state.services[1]!;
    const input = { serviceId: service.id, summary: 's', severity: 'warning' as const, source: 'h', dedupKey: 'same' };
    const first = state.triggerAlert(input);
    expect(state.triggerAlert(input)).toMatchObject({ deduplicated: true, incident: { id: first.incident.id } });
    state.resolveByDedupKey(service.id, 'same');
    expect(state.triggerAlert(input).deduplicated).toBe(false);
    expect(state.listIncidents({ incidentKey: 'same' })).toHaveLength(2);
    // The same key on another service is a different alert.
    expect(state.triggerAlert({ ...input, serviceId: state.services[2]!.id }).deduplicated).toBe(false);
  });

  it('keeps the log in time order even when entries are written out of order', () => {
    const { state } = makeState();
    const service = state.services[0]!;
    const base = state.now();
    state.triggerAlert({ serviceId: service.id, summary: 'late', severity: 'info', source: 'h', dedupKey: 'a', at: base - 1000 });
    state.triggerAlert({ serviceId: service.id, summary: 'early', severity: 'info', source: 'h', dedupKey: 'b', at: base - 5000 });
    const times = state.logEntriesBetween(undefined, undefined).map((entry) => entry.createdAt);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(state.logEntriesBetween(base - 2000, undefined).every((entry) => entry.createdAt >= base - 2000)).toBe(true);
    expect(state.logEntriesBetween(base - 2000, undefined).length).toBeGreaterThan(0);
  });

  it('rotates schedules shift by shift', () => {
    const { state } = makeState();
    const schedule = state.schedules.find((each) => each.name === 'Payments Primary')!;
    const now = state.now();
    const today = state.shiftAt(schedule, now)!;
    expect(today.userId).toBe(state.meUserId);
    expect(today.start).toBeLessThanOrEqual(now);
    expect(today.end).toBeGreaterThan(now);
    const tomorrow = state.shiftAt(schedule, today.end)!;
    expect(tomorrow.start).toBe(today.end);
    expect(tomorrow.userId).not.toBe(today.userId);
    const shifts = state.shiftsBetween(schedule, now, now + 2 * schedule.shiftMs);
    expect(shifts).toHaveLength(3);
  });
});
