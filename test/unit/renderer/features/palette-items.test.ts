import { describe, expect, it } from 'vitest';
import { paletteItems, rankPaletteItems } from '../../../../renderer/src/features/command-palette/palette-items';
import { COMMANDS } from '../../../../renderer/src/features/actions/shortcuts';

const priorities = [
  { id: 'P2ID', name: 'P2', order: 2 },
  { id: 'P1ID', name: 'P1', order: 1 },
];

describe('paletteItems', () => {
  it('lists every palette command of the shortcut table with its keys', () => {
    const items = paletteItems([]);
    for (const command of COMMANDS.filter((c) => c.inPalette)) {
      expect(items.find((item) => item.id === `command:${command.id}`)?.keys).toEqual(command.keys);
    }
    expect(items.some((item) => item.id === 'command:cursorDown')).toBe(false);
  });

  it('adds one entry per priority (in order), a clear entry, and the urgencies', () => {
    const items = paletteItems(priorities);
    expect(items.filter((item) => item.group === 'Priority').map((item) => item.title)).toEqual(['Set priority P1', 'Set priority P2', 'Clear priority']);
    expect(items.find((item) => item.title === 'Set priority P2')?.run).toEqual({ type: 'priority', priorityId: 'P2ID', name: 'P2' });
    expect(items.filter((item) => item.group === 'Urgency')).toHaveLength(2);
    expect(paletteItems([]).some((item) => item.group === 'Priority')).toBe(false);
  });
});

describe('rankPaletteItems', () => {
  const items = paletteItems(priorities);

  it('narrows to items matching every word', () => {
    const titles = rankPaletteItems(items, 'priority').map((item) => item.title);
    expect(titles).toEqual(['Change priority…', 'Set priority P1', 'Set priority P2', 'Clear priority']);
    expect(rankPaletteItems(items, 'priority p2').map((item) => item.title)).toEqual(['Set priority P2']);
    expect(rankPaletteItems(items, 'zzz')).toEqual([]);
  });

  it('puts a title that starts with the query first', () => {
    expect(rankPaletteItems(items, 'snoo')[0]?.title).toBe('Snooze…');
    expect(rankPaletteItems(items, 'ack')[0]?.title).toBe('Acknowledge');
    expect(rankPaletteItems(items, 'major')[0]).toMatchObject({ title: 'Declare major incident…', keys: ['m'], run: { type: 'command', command: 'declareMajor' } });
    expect(rankPaletteItems(items, '')).toHaveLength(items.length);
  });
});
