import { describe, expect, it } from 'vitest';
import { TRAY_LIMITS, isTrayEmpty, trayContents } from '../../../../renderer/src/features/actions/tray-contents';
import { action } from '../fixtures';

const at = (seconds: number) => new Date(Date.parse('2025-01-01T10:00:00.000Z') + seconds * 1000).toISOString();
const now = Date.parse(at(10));
const ack = (id: string) => ({ kind: 'acknowledge' as const, incidentIds: [id] });

describe('trayContents', () => {
  it('shows done only for actions this window saw pending, for a few seconds', () => {
    const actions = [
      action('seen', ack('A'), { state: 'done', updatedAt: at(8) }),
      action('unseen', ack('B'), { state: 'done', updatedAt: at(9) }),
      action('old', ack('C'), { state: 'done', updatedAt: at(1) }),
    ];
    const contents = trayContents(actions, now, new Set(['seen', 'old']));
    expect(contents.done.shown.map((a) => a.id)).toEqual(['seen']);
  });

  it('leaves out a change replaced before it was sent', () => {
    const contents = trayContents(
      [action('s', ack('A'), { state: 'superseded', updatedAt: at(9), lastError: 'Replaced by a later change before it was sent' })],
      now,
      new Set(['s']),
    );
    expect(isTrayEmpty(contents)).toBe(true);
  });

  it('leaves out dismissed failures but keeps pending ones', () => {
    const contents = trayContents(
      [
        action('f1', ack('A'), { state: 'failed', lastError: 'x', dismissed: true }),
        action('f2', ack('B'), { state: 'failed', lastError: 'y' }),
        action('p', ack('C'), { dismissed: true }),
      ],
      now,
      new Set(),
    );
    expect(contents.failed.shown.map((a) => a.id)).toEqual(['f2']);
    expect(contents.pending.shown.map((a) => a.id)).toEqual(['p']);
  });

  it('caps each list, newest first, and counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => action(`p${i}`, ack(`I${i}`), { updatedAt: at(i % 10) }));
    const contents = trayContents(many, now, new Set());
    expect(contents.pending.shown).toHaveLength(TRAY_LIMITS.pending);
    expect(contents.pending.more).toBe(30 - TRAY_LIMITS.pending);
    expect(contents.pending.shown.every((a) => a.updatedAt === at(9))).toBe(true);
  });

  it("shows the automations' actions only when they fail", () => {
    const open = { kind: 'openTicket' as const, incidentIds: ['A'] };
    const contents = trayContents(
      [action('p', open), action('d', open, { state: 'done', updatedAt: at(9) }), action('f', open, { state: 'failed', lastError: 'x' })],
      now,
      new Set(['d']),
    );
    expect([contents.pending.shown, contents.done.shown, contents.failed.shown].map((list) => list.map((a) => a.id))).toEqual([
      [],
      [],
      ['f'],
    ]);
  });

  it('is empty when there is nothing to say', () => {
    expect(isTrayEmpty(trayContents([action('d', ack('A'), { state: 'done', updatedAt: at(9) })], now, new Set()))).toBe(true);
    expect(isTrayEmpty(trayContents([action('p', ack('A'))], now, new Set()))).toBe(false);
  });
});
