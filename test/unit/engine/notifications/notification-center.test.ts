// The notification center with fakes and a fake clock: the policy applied to what the
// watch finds, pause (persisted), high urgency repeated until acknowledged, major
// incidents for the incident manager on call, the extension point, and the tray state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEvent } from '../../../../shared/contract';
import type { OnCall } from '../../../../shared/domain/directory';
import type { Incident } from '../../../../shared/domain/incident';
import type { DesktopNotification, NotificationState } from '../../../../shared/domain/notification';
import { NotificationCenter, onCallOf } from '../../../../electron/engine/notifications/notification-center';
import { SettingsStore } from '../../../../electron/engine/settings-store';
import { makeIncident } from '../../../support/fake-paging-provider';

const dana = { id: 'U1', name: 'Dana Developer' };
const directory = {
  users: [{ id: 'U1', name: 'Dana Developer', email: 'dana@example.com', teamIds: ['T1'], contactMethods: [] }],
  teams: [{ id: 'T1', name: 'Payments' }],
  services: [],
  escalationPolicies: [],
  priorities: [],
};
const onCallAt = (policyId: string, level = 1, end: string | null = null): OnCall => ({
  user: dana,
  escalationPolicy: { id: policyId, name: policyId },
  level,
  schedule: null,
  start: null,
  end,
});

function setup(
  options: {
    oncalls?: OnCall[];
    settings?: SettingsStore;
    me?: { id: string } | null;
    myOtherIds?: () => Promise<string[]>;
    recentDeployment?: (serviceName: string, openedAt: string) => string | null;
  } = {},
) {
  const incidents = new Map<string, Incident>();
  const events: ConsoleEvent[] = [];
  const oncalls = { list: options.oncalls ?? [onCallAt('EP1')], reads: 0 };
  const center = new NotificationCenter({
    clock: { now: () => Date.now() },
    me: options.me === undefined ? { id: 'U1' } : options.me,
    incidentManagerPolicyIds: ['EPIM'],
    directory: async () => directory,
    onCalls: async () => {
      oncalls.reads += 1;
      return oncalls.list;
    },
    incidents: () => [...incidents.values()],
    incident: (id) => incidents.get(id),
    emit: (event) => events.push(event),
    settings: options.settings,
    recentDeployment: options.recentDeployment,
    myOtherIds: options.myOtherIds,
  });
  let seq = 0;
  const change = async (upserted: Incident[], removedIds: string[] = []) => {
    for (const incident of upserted) incidents.set(incident.id, incident);
    for (const id of removedIds) incidents.delete(id);
    center.onIncidentsChanged({ seq: ++seq, upserted, removedIds });
    await center.settled();
  };
  const notified = () => events.flatMap((event) => (event.name === 'notify' ? [event.payload as DesktopNotification] : []));
  const states = () => events.flatMap((event) => (event.name === 'notificationStateChanged' ? [event.payload as NotificationState] : []));
  center.start();
  return { center, incidents, events, change, notified, states, oncalls };
}

describe('NotificationCenter', () => {
  const dirs: string[] = [];
  let centers: NotificationCenter[] = [];
  beforeEach(() => {
    // Midday local time: outside the default quiet hours (22:00-07:00).
    vi.useFakeTimers({ now: new Date(2026, 2, 10, 12, 0), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    centers = [];
  });
  afterEach(() => {
    centers.forEach((center) => center.stop());
    vi.useRealTimers();
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  const started = (options?: Parameters<typeof setup>[0]) => {
    const result = setup(options);
    centers.push(result.center);
    return result;
  };

  it('is silent for the first load, then notifies a new incident assigned to me', async () => {
    const { center, change, notified } = started();
    await change([makeIncident('P1', { assignees: [dana] })]);
    center.markPrimed();
    expect(notified()).toEqual([]);
    await change([makeIncident('P2', { assignees: [dana], title: 'Card auth failing' })]);
    expect(notified()).toEqual([
      expect.objectContaining({
        kind: 'newIncident',
        incidentId: 'P2',
        title: 'New incident: Card auth failing',
        urgency: 'high',
        sound: true,
        repeat: false,
      }),
    ]);
  });

  it('says what was deployed on the service just before a new high-urgency incident, and only then', async () => {
    const asked: string[] = [];
    const { center, change, notified } = started({
      recentDeployment: (serviceName, openedAt) => {
        asked.push(`${serviceName} @ ${openedAt}`);
        return serviceName === 'Payments API' ? 'deployed 12 min before (CHG0030011, Payments API 2.14.1)' : null;
      },
    });
    await change([]);
    center.markPrimed();
    const high = makeIncident('P2', { assignees: [dana], service: { id: 'S1', name: 'Payments API' } });
    await change([high]);
    expect(notified().at(-1)?.body).toMatch(/ · deployed 12 min before \(CHG0030011, Payments API 2\.14\.1\)$/);
    expect(asked).toEqual([`Payments API @ ${high.createdAt}`]);
    await change([makeIncident('P3', { assignees: [dana], urgency: 'low', service: { id: 'S1', name: 'Payments API' } })]);
    expect(asked).toHaveLength(1);
    await change([makeIncident('P4', { assignees: [dana], service: { id: 'S2', name: 'Search API' } })]);
    expect(notified().at(-1)?.body).not.toContain('deployed');
  });

  it('announces to the window every incident that concerns me, even off call when the desktop stays quiet', async () => {
    const { center, change, notified, events } = started({ oncalls: [] });
    await change([makeIncident('P1', { assignees: [dana] })]);
    center.markPrimed();
    await change([
      makeIncident('P2', { assignees: [dana], title: 'Card auth failing' }),
      makeIncident('P3', { team: { id: 'T9', name: 'Search' } }),
    ]);
    expect(notified()).toEqual([]);
    const announced = events.flatMap((event) => (event.name === 'attention' ? [event.payload] : []));
    expect(announced).toEqual([
      expect.objectContaining({ incidentId: 'P2', kind: 'newIncident', title: 'New incident: Card auth failing', urgency: 'high' }),
    ]);
  });

  it('stays quiet off call unless opted in', async () => {
    const { center, change, notified, states } = started({ oncalls: [] });
    center.markPrimed();
    await change([makeIncident('P2', { assignees: [dana] })]);
    expect(notified()).toEqual([]);
    expect(states().at(-1)).toEqual({
      pausedUntil: null,
      ruleInForce: 'Off call - no desktop notifications (opt in under Settings)',
      triggeredCount: 1,
    });
  });

  it('counts me on call, and paged, on Splunk On-Call by my username there: its new incident rings', async () => {
    const danaOnSplunk = { id: 'dana.developer', name: 'Dana Developer' };
    const oncalls = [{ ...onCallAt('data-platform-on-call'), user: danaOnSplunk }];
    const { center, change, notified, states } = started({ oncalls, myOtherIds: async () => ['dana.developer'] });
    center.markPrimed();
    await change([makeIncident('splunk-on-call:51', { assignees: [danaOnSplunk], title: 'Ledger replica lag' })]);
    expect(notified()).toEqual([expect.objectContaining({ kind: 'newIncident', incidentId: 'splunk-on-call:51', sound: true })]);
    expect(states().at(-1)?.ruleInForce).toMatch(/^On call/);
  });

  it('notifies nothing while paused, keeps the pause in the settings, and resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-'));
    dirs.push(dir);
    const settings = new SettingsStore(join(dir, 'settings.json'));
    const { center, change, notified, states } = started({ settings });
    center.markPrimed();
    const paused = await center.pause(60);
    expect(paused.pausedUntil).toBe(new Date(2026, 2, 10, 13, 0).toISOString());
    expect(paused.ruleInForce).toBe('Paused until 13:00');
    expect(new SettingsStore(join(dir, 'settings.json')).get().notificationsPausedUntil).toBe(paused.pausedUntil);
    await change([makeIncident('P2', { assignees: [dana] })]);
    expect(notified()).toEqual([]);

    // A restart keeps the pause.
    const again = started({ settings: new SettingsStore(join(dir, 'settings.json')) });
    expect((await again.center.state()).pausedUntil).toBe(paused.pausedUntil);

    await center.resume();
    expect(states().at(-1)?.pausedUntil).toBeNull();
    await change([makeIncident('P3', { assignees: [dana] })]);
    expect(notified().map((n) => n.incidentId)).toEqual(['P3']);
  });

  it('tells the tray when a pause runs out', async () => {
    const { center, states } = started();
    await center.pause(1);
    expect(states().at(-1)?.pausedUntil).not.toBeNull();
    await vi.advanceTimersByTimeAsync(61_000);
    expect(states().at(-1)).toMatchObject({ pausedUntil: null, ruleInForce: 'On call - high urgency will ring' });
  });

  it('repeats high urgency every repeatHighEverySeconds until acknowledged', async () => {
    const { center, change, notified } = started();
    center.markPrimed();
    await change([makeIncident('P2', { assignees: [dana] }), makeIncident('P3', { assignees: [dana], urgency: 'low' })]);
    expect(notified()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(notified()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await center.settled();
    expect(notified().slice(2)).toEqual([
      expect.objectContaining({ kind: 'reminder', incidentId: 'P2', repeat: true, title: 'Still triggered: Incident P2' }),
    ]);
    await vi.advanceTimersByTimeAsync(120_000);
    await center.settled();
    expect(notified().filter((n) => n.kind === 'reminder')).toHaveLength(2);

    await change([makeIncident('P2', { assignees: [dana], status: 'acknowledged' })]);
    await vi.advanceTimersByTimeAsync(600_000);
    await center.settled();
    expect(notified().filter((n) => n.kind === 'reminder')).toHaveLength(2);
  });

  it('reminds only the person paged, and stops when the incident is reassigned away', async () => {
    const { center, change, notified } = started();
    center.markPrimed();
    const payments = { id: 'T1', name: 'Payments' };
    await change([
      makeIncident('P2', { assignees: [dana] }),
      makeIncident('P3', { assignees: [{ id: 'U2', name: 'Priya' }], team: payments }),
    ]);
    expect(notified().map((n) => n.incidentId)).toEqual(['P2', 'P3']);
    await change([makeIncident('P2', { assignees: [{ id: 'U2', name: 'Priya' }], team: payments })]);
    await vi.advanceTimersByTimeAsync(600_000);
    await center.settled();
    expect(notified().filter((n) => n.kind === 'reminder')).toEqual([]);
  });

  it('holds reminders during a pause and picks them up after it', async () => {
    const { center, change, notified } = started();
    center.markPrimed();
    await change([makeIncident('P2', { assignees: [dana] })]);
    await center.pause(5);
    await vi.advanceTimersByTimeAsync(240_000);
    await center.settled();
    expect(notified().filter((n) => n.kind === 'reminder')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(120_000);
    await center.settled();
    expect(notified().filter((n) => n.kind === 'reminder')).toHaveLength(1);
  });

  it('groups a storm of new incidents into one summary', async () => {
    const { center, change, notified } = started();
    center.markPrimed();
    await change(Array.from({ length: 12 }, (_, index) => makeIncident(`P${index + 10}`, { assignees: [dana] })));
    expect(notified()).toEqual([expect.objectContaining({ kind: 'summary', summaryOf: 12, incidentId: null })]);
  });

  it('tells the incident manager on call of a major incident, and nobody else', async () => {
    const manager = started({ oncalls: [onCallAt('EPIM')] });
    manager.center.onMajorIncidentDeclared({ incidentId: 'P1', title: 'Checkout down', reason: 'All card payments fail' });
    await manager.center.settled();
    expect(manager.notified()).toEqual([
      expect.objectContaining({
        kind: 'majorIncident',
        incidentId: 'P1',
        title: 'Major incident declared: Checkout down',
        body: 'All card payments fail',
        sound: true,
      }),
    ]);
    const developer = started({ oncalls: [onCallAt('EP1')] });
    developer.center.onMajorIncidentDeclared({ incidentId: 'P1', title: 'Checkout down', reason: 'x' });
    await developer.center.settled();
    expect(developer.notified()).toEqual([]);
  });

  it('takes candidates from other sources through the same policy', async () => {
    const { center, notified } = started();
    center.offer([{ kind: 'specialistRequest', incidentId: 'P1', title: 'DBA help requested', body: 'Restore needed', urgency: 'high' }]);
    await center.settled();
    expect(notified()).toEqual([expect.objectContaining({ kind: 'specialistRequest', title: 'DBA help requested' })]);
  });

  it('counts triggered incidents and says until when I am on call', async () => {
    const end = new Date(2026, 2, 10, 18, 0).toISOString();
    const { change, states } = started({ oncalls: [onCallAt('EP1', 1, end)] });
    await change([makeIncident('P1'), makeIncident('P2', { status: 'acknowledged' }), makeIncident('P3')]);
    expect(states().at(-1)).toEqual({ pausedUntil: null, ruleInForce: 'On call until 18:00 - high urgency will ring', triggeredCount: 2 });
  });

  it('never asks who is on call when there is no "me"', async () => {
    const { center, change, notified, oncalls } = started({ me: null });
    center.markPrimed();
    await change([makeIncident('P2', { assignees: [dana] })]);
    expect(notified()).toEqual([]);
    expect(oncalls.reads).toBe(0);
  });
});

describe('onCallOf', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('finds my current entries, my lowest level per policy and the latest end', () => {
    const result = onCallOf(
      [
        { ...onCallAt('EP1', 2, '2026-03-10T18:00:00Z'), start: '2026-03-10T06:00:00Z' },
        { ...onCallAt('EP1', 1, '2026-03-11T09:00:00Z'), start: '2026-03-10T09:00:00Z' },
        { ...onCallAt('EP2', 1, '2026-03-12T09:00:00Z'), start: '2026-03-11T09:00:00Z' },
        { ...onCallAt('EP3'), user: { id: 'U2', name: 'Priya' } },
      ],
      new Set(['U1']),
      now,
    );
    expect(result).toEqual({ onCallNow: true, onCallUntil: '2026-03-11T09:00:00Z', levels: new Map([['EP1', 1]]) });
  });

  it('has no end when I am a permanent target', () => {
    expect(onCallOf([onCallAt('EP1')], new Set(['U1']), now)).toMatchObject({ onCallNow: true, onCallUntil: null });
  });

  it('counts my entries on every platform: on call in Splunk On-Call by username is on call', () => {
    const splunk = {
      ...onCallAt('data-platform-on-call', 1, '2026-03-11T09:00:00Z'),
      user: { id: 'dana.developer', name: 'Dana Developer' },
    };
    expect(onCallOf([splunk], new Set(['U1']), now).onCallNow).toBe(false);
    expect(onCallOf([splunk], new Set(['U1', 'dana.developer']), now)).toMatchObject({
      onCallNow: true,
      onCallUntil: '2026-03-11T09:00:00Z',
    });
  });
});
