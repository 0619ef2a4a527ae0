import { describe, expect, it } from 'vitest';
import { announcementsFor } from '../../../../renderer/src/features/actions/action-announcements';
import { action } from '../fixtures';

const ack = { kind: 'acknowledge' as const, incidentIds: ['A', 'B', 'C'] };

describe('announcementsFor', () => {
  it('announces nothing for the first snapshot', () => {
    const { messages, states } = announcementsFor(null, [action('1', ack), action('2', ack, { state: 'failed', lastError: 'x' })]);
    expect(messages).toEqual([]);
    expect([...states]).toEqual([
      ['1', 'pending'],
      ['2', 'failed'],
    ]);
  });

  it('announces sending, done, failure with its reason, and retrying', () => {
    const first = announcementsFor(new Map(), [action('1', ack)]);
    expect(first.messages).toEqual(['Acknowledge 3 incidents: sending']);
    const done = announcementsFor(first.states, [action('1', ack, { state: 'done' })]);
    expect(done.messages).toEqual(['Acknowledge 3 incidents: done']);
    const failed = announcementsFor(first.states, [action('1', ack, { state: 'failed', lastError: 'PagerDuty refused: 403' })]);
    expect(failed.messages).toEqual(['Acknowledge 3 incidents failed: PagerDuty refused: 403']);
    const retried = announcementsFor(failed.states, [action('1', ack)]);
    expect(retried.messages).toEqual(['Acknowledge 3 incidents: retrying']);
  });

  it('says a change replaced before it was sent was not sent', () => {
    const priority = { kind: 'setPriority' as const, incidentIds: ['A'], priorityId: 'P3' };
    const waiting = announcementsFor(new Map(), [action('1', priority)]);
    expect(
      announcementsFor(waiting.states, [
        action('1', priority, { state: 'superseded', lastError: 'Replaced by a later change before it was sent' }),
      ]).messages,
    ).toEqual(['Change priority of incident: replaced by a later change, not sent']);
  });

  it('stays quiet when nothing changed or the action was dismissed', () => {
    const states = new Map([['1', 'failed' as const]]);
    expect(announcementsFor(states, [action('1', ack, { state: 'failed', lastError: 'x' })]).messages).toEqual([]);
    expect(announcementsFor(new Map(), [action('2', ack, { state: 'done', dismissed: true })]).messages).toEqual([]);
  });
});

describe('announcementsFor, quietly', () => {
  it('tells of automations only when they fail', () => {
    const open = { kind: 'openTicket' as const, incidentIds: ['A'] };
    expect(announcementsFor(new Map(), [action('t', open)]).messages).toEqual([]);
    expect(announcementsFor(new Map([['t', 'pending' as const]]), [action('t', open, { state: 'done' })]).messages).toEqual([]);
    expect(
      announcementsFor(new Map([['t', 'pending' as const]]), [action('t', open, { state: 'failed', lastError: 'ServiceNow: 403' })])
        .messages,
    ).toEqual(['Open ticket failed: ServiceNow: 403']);
  });

  it('sums up a burst', () => {
    const burst = ['1', '2', '3', '4', '5'].map((id) => action(id, { kind: 'acknowledge', incidentIds: [id] }, { state: 'done' }));
    expect(announcementsFor(new Map(), burst).messages).toEqual([
      'Acknowledge incident: done',
      'Acknowledge incident: done',
      'and 3 more action updates',
    ]);
  });
});
