/** What the window keeps announcing until I look: incidents that concern me, newest first, counted in the title. */
import { beforeEach, describe, expect, it } from 'vitest';
import { newestAttention, useAttention, windowTitle } from '../../../../renderer/src/features/queue/attention-store';
import { incident as makeIncident } from '../fixtures';

const attention = (incidentId: string, at: string) => ({
  incidentId,
  kind: 'newIncident' as const,
  title: `New incident: ${incidentId}`,
  body: `#1 · Payments API · high urgency`,
  urgency: 'high' as const,
  at,
});

beforeEach(() => useAttention.setState({ items: new Map() }));

describe('the attention store', () => {
  it('keeps items until looked at, and names the newest', () => {
    const store = useAttention.getState();
    store.add(attention('Q1', '2026-12-06T14:00:00Z'));
    store.add(attention('Q2', '2026-12-06T14:00:05Z'));
    expect(newestAttention(useAttention.getState().items)?.incidentId).toBe('Q2');
    useAttention.getState().lookedAt('Q2');
    expect([...useAttention.getState().items.keys()]).toEqual(['Q1']);
  });

  it('drops items acknowledged or resolved meanwhile, and ones the queue no longer holds after a grace period', () => {
    const now = Date.parse('2026-12-06T14:01:00Z');
    useAttention.getState().add(attention('Q1', '2026-12-06T14:00:59Z'));
    useAttention.getState().add(attention('Q2', '2026-12-06T14:00:00Z'));
    useAttention.getState().add(attention('Q3', '2026-12-06T14:00:59Z'));
    useAttention.getState().add(attention('Q4', '2026-12-06T14:00:59Z'));
    const open = new Map([
      ['Q1', makeIncident('Q1')],
      ['Q4', makeIncident('Q4', { status: 'acknowledged' })],
    ]);
    useAttention.getState().prune(open, now);
    // Q2 left the queue a while ago; Q3 is not in it yet (the announcement came first); Q4 was acknowledged.
    expect([...useAttention.getState().items.keys()]).toEqual(['Q1', 'Q3']);
  });

  it('puts the count first in the window title', () => {
    expect(windowTitle('Payments on-call', 0)).toBe('Payments on-call · On-Call Console');
    expect(windowTitle('Payments on-call', 2)).toBe('(2) Payments on-call · On-Call Console');
    expect(windowTitle('On-Call Console', 1)).toBe('(1) On-Call Console');
  });
});
