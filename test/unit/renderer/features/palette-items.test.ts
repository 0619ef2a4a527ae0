import { describe, expect, it } from 'vitest';
import {
  describeTargets,
  incidentItems,
  paletteItems,
  paletteMatches,
  rankPaletteItems,
  viewItems,
} from '../../../../renderer/src/features/command-palette/palette-items';
import { incident } from '../fixtures';
import { COMMANDS, type CommandState } from '../../../../renderer/src/features/commands/registry';

const priorities = [
  { id: 'P2ID', name: 'P2', order: 2 },
  { id: 'P1ID', name: 'P1', order: 1 },
];

/** The cursor on an incident, the detail pane closed: every palette command applies. */
const onAnIncident: CommandState = { targets: ['Q1'], cursorId: 'Q1', selectedIds: [], detailOpen: false, rows: [] };
const items = (list = priorities, state = onAnIncident) => paletteItems(list, state);

describe('paletteItems', () => {
  it('lists every palette command of the registry with its keys', () => {
    const listed = items([]);
    for (const command of COMMANDS.filter((c) => c.inPalette)) {
      expect(listed.find((item) => item.id === `command:${command.id}`)?.keys).toEqual(command.keys);
    }
    expect(listed.some((item) => item.id === 'command:cursorDown')).toBe(false);
  });

  it('leaves out the commands that do not apply now', () => {
    const noCursor: CommandState = { ...onAnIncident, targets: [], cursorId: null };
    expect(items([], noCursor).some((item) => item.id === 'command:openDetail')).toBe(false);
    expect(items([], onAnIncident).some((item) => item.id === 'command:openDetail')).toBe(true);
    // Actions stay: run with nothing to act on, they say how to choose some.
    expect(items([], noCursor).some((item) => item.id === 'command:acknowledge')).toBe(true);
  });

  it('adds one entry per priority (in order), a clear entry, and the urgencies', () => {
    const listed = items();
    expect(listed.filter((item) => item.group === 'Priority').map((item) => item.title)).toEqual([
      'Set priority P1',
      'Set priority P2',
      'Clear priority',
    ]);
    expect(listed.find((item) => item.title === 'Set priority P2')?.run).toEqual({ type: 'priority', priorityId: 'P2ID', name: 'P2' });
    expect(listed.filter((item) => item.group === 'Urgency')).toHaveLength(2);
    expect(items([]).some((item) => item.group === 'Priority')).toBe(false);
  });
});

describe('rankPaletteItems', () => {
  const listed = items();

  it('narrows to items matching every word', () => {
    const titles = rankPaletteItems(listed, 'priority').map((item) => item.title);
    expect(titles).toEqual(['Change priority…', 'Set priority P1', 'Set priority P2', 'Clear priority']);
    expect(rankPaletteItems(listed, 'priority p2').map((item) => item.title)).toEqual(['Set priority P2']);
    expect(rankPaletteItems(listed, 'zzz')).toEqual([]);
  });

  it('puts a title that starts with the query first', () => {
    expect(rankPaletteItems(listed, 'snoo')[0]?.title).toBe('Snooze…');
    expect(rankPaletteItems(listed, 'ack')[0]?.title).toBe('Acknowledge');
    expect(rankPaletteItems(listed, 'major')[0]).toMatchObject({
      title: 'Declare major incident…',
      keys: ['m'],
      run: { type: 'command', command: 'declareMajor' },
    });
    expect(rankPaletteItems(listed, '')).toHaveLength(listed.length);
  });
});

describe('places to go', () => {
  const incidents = [
    incident('Q12', { number: 12, title: 'Checkout 5xx in eu-west', service: { id: 'S1', name: 'Checkout API' } }),
    incident('Q120', { number: 120, title: 'Search latency high' }),
    incident('Q7', { number: 7, title: 'Checkout latency 12 s' }),
  ];

  it('finds an incident by number first, then by the words of its title', () => {
    expect(incidentItems(incidents, '#12').map((item) => item.run)).toEqual([{ type: 'incident', incidentId: 'Q12' }]);
    expect(incidentItems(incidents, '12').map((item) => item.id)).toEqual(['incident:Q12', 'incident:Q7']);
    expect(incidentItems(incidents, 'checkout latency').map((item) => item.title)).toEqual(['Go to #7 Checkout latency 12 s']);
    expect(incidentItems(incidents, 'c')).toEqual([]);
    expect(incidentItems(incidents, 'checkout', 1)).toHaveLength(1);
    expect(incidentItems(incidents, '#99')).toEqual([]);
  });

  it('lists a numbered incident first, and incidents after the places for words', () => {
    const withCatalogue = [...incidents, incident('Q30', { number: 30, title: 'Product catalogue search slow' })];
    expect(
      paletteMatches(items([]), withCatalogue, 'catalogue')
        .map((item) => item.id)
        .slice(0, 2),
    ).toEqual(['command:goToCatalogue', 'incident:Q30']);
    expect(paletteMatches(items([]), withCatalogue, '#30')[0]?.id).toBe('incident:Q30');
  });

  it('goes to every area and panel, with its keys, and to views by name', () => {
    const goes = items([]).filter((item) => item.group === 'Go to');
    expect(goes.map((item) => item.run)).toEqual(
      ['goToIncidents', 'goToResolved', 'goToCatalogue', 'goToRequests', 'goToChanges', 'goToDelivery', 'openMetrics', 'openSettings'].map(
        (command) => ({
          type: 'command',
          command,
        }),
      ),
    );
    expect(rankPaletteItems(items([]), 'catalogue')[0]).toMatchObject({
      run: { type: 'command', command: 'goToCatalogue' },
      keys: ['g c'],
    });
    expect(rankPaletteItems(items([]), 'settings')[0]?.title).toBe('Open Settings');
    const views = viewItems([{ id: 'v1', name: 'My team, high' }]);
    expect(rankPaletteItems(views, 'my team')[0]).toMatchObject({ title: 'View: My team, high', run: { type: 'view', viewId: 'v1' } });
  });

  it('says which incidents an action would act on', () => {
    expect(describeTargets([], incidents)).toMatch(/^No incident under the cursor/);
    expect(describeTargets(['Q12'], incidents)).toBe('Actions act on #12 Checkout 5xx in eu-west');
    expect(describeTargets(['Q12', 'Q7'], incidents)).toBe('Actions act on the 2 selected incidents: #12 and #7');
    const many = Array.from({ length: 6 }, (_, i) => incident(`Q${i + 1}`, { number: i + 1 }));
    expect(
      describeTargets(
        many.map((item) => item.id),
        many,
      ),
    ).toBe('Actions act on the 6 selected incidents: #1, #2, #3, #4 and 2 more');
  });
});
