// Storm grouping under a fake clock: a few go out one by one, a big batch is one
// summary at once, and what overflows the window waits for its end as one summary.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopNotification } from '../../../../shared/domain/notification';
import { StormGrouper, type Allowed } from '../../../../electron/engine/notifications/storm-grouper';

const clock = { now: () => Date.now() };
const item = (n: number, overrides: Partial<Allowed> = {}): Allowed => ({
  kind: 'newIncident',
  incidentId: `P${n}`,
  title: `Incident ${n}`,
  body: `#${n}`,
  urgency: 'low',
  sound: false,
  repeat: false,
  ...overrides,
});

describe('StormGrouper', () => {
  let delivered: Omit<DesktopNotification, 'id'>[];
  let grouper: StormGrouper;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-10T12:00:00Z') });
    delivered = [];
    grouper = new StormGrouper({ clock, maxIndividual: 4, windowMs: 10_000, deliver: (n) => delivered.push(n) });
  });
  afterEach(() => {
    grouper.stop();
    vi.useRealTimers();
  });

  it('delivers up to four in the window one by one', () => {
    grouper.add([item(1), item(2)]);
    grouper.add([item(3), item(4)]);
    expect(delivered.map((n) => n.incidentId)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(delivered.every((n) => n.summaryOf === undefined)).toBe(true);
  });

  it('turns fifty at once into one summary, loud if any is', () => {
    grouper.add(Array.from({ length: 50 }, (_, index) => item(index + 1, index === 7 ? { urgency: 'high', sound: true } : {})));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      kind: 'summary',
      summaryOf: 50,
      incidentId: null,
      urgency: 'high',
      sound: true,
      title: '50 incidents need attention',
    });
    expect(delivered[0]?.body).toBe('Incident 1\nIncident 2\nIncident 3\nand 47 more');
  });

  it('holds what overflows the window and sends it as one summary when the window ends', () => {
    grouper.add([item(1), item(2), item(3)]);
    vi.advanceTimersByTime(2_000);
    grouper.add([item(4), item(5), item(6)]);
    expect(delivered.map((n) => n.incidentId)).toEqual(['P1', 'P2', 'P3', 'P4']);
    vi.advanceTimersByTime(1_000);
    grouper.add([item(7)]);
    expect(delivered).toHaveLength(4);
    vi.advanceTimersByTime(6_999);
    expect(delivered).toHaveLength(4);
    vi.advanceTimersByTime(1);
    expect(delivered).toHaveLength(5);
    expect(delivered[4]).toMatchObject({ kind: 'summary', summaryOf: 3 });
  });

  it('sends a lone overflow as itself, and is quiet again after a calm window', () => {
    grouper.add([item(1), item(2), item(3), item(4)]);
    grouper.add([item(5)]);
    vi.advanceTimersByTime(10_000);
    expect(delivered[4]).toMatchObject({ incidentId: 'P5', kind: 'newIncident' });
    vi.advanceTimersByTime(20_000);
    grouper.add([item(6)]);
    expect(delivered[5]).toMatchObject({ incidentId: 'P6' });
  });

  it('keeps grouping right after a summary', () => {
    grouper.add(Array.from({ length: 6 }, (_, index) => item(index + 1)));
    grouper.add([item(7)]);
    expect(delivered).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(delivered[1]).toMatchObject({ incidentId: 'P7' });
  });
});
