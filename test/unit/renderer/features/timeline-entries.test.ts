import { describe, expect, it } from 'vitest';
import { timelineItems, timelineKind, timelineSentence } from '../../../../renderer/src/features/incidents/timeline-entries';
import type { LogEntry, Note } from '../../../../shared/domain/incident';

const entry = (id: string, type: string, createdAt: string, summary = '', agent: LogEntry['agent'] = null): LogEntry => ({
  id,
  type,
  summary,
  createdAt,
  agent,
});

describe('timelineKind', () => {
  it.each([
    ['trigger', 'triggered'],
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
    ['annotate', 'note'],
    ['assign', 'reassigned'],
    ['escalate', 'escalated'],
    ['snooze', 'snoozed'],
    ['urgency_change', 'urgency'],
    ['responder_request', 'responders'],
    ['merge', 'merged'],
    ['something_new', 'other'],
  ])('%s is %s', (type, kind) => {
    expect(timelineKind(type)).toBe(kind);
  });
});

describe('timelineSentence', () => {
  it("uses the vendor's summary, or says what happened and who did it", () => {
    expect(timelineSentence(entry('1', 'acknowledge', '2025-01-01T10:00:00Z', 'Acknowledged by Ada.'))).toBe('Acknowledged by Ada.');
    expect(timelineSentence(entry('1', 'escalate', '2025-01-01T10:00:00Z', ' ', { id: 'U1', name: 'Grace' }))).toBe('Escalated by Grace.');
    expect(timelineSentence(entry('1', 'trigger', '2025-01-01T10:00:00Z'))).toBe('Triggered.');
  });
});

describe('timelineItems', () => {
  it('orders newest first and puts each note on its entry', () => {
    const ada = { id: 'U1', name: 'Ada' };
    const notes: Note[] = [
      { id: 'N1', content: 'first note', createdAt: '2025-01-01T10:01:00.500Z', author: ada },
      { id: 'N2', content: 'second note', createdAt: '2025-01-01T10:05:00.000Z', author: ada },
    ];
    const items = timelineItems(
      [
        entry('t', 'trigger', '2025-01-01T10:00:00Z', 'Triggered.'),
        entry('n1', 'annotate', '2025-01-01T10:01:00Z', 'Note added by Ada.', ada),
        entry('n2', 'annotate', '2025-01-01T10:05:01Z', 'Note added by Ada.', ada),
        entry('n3', 'annotate', '2025-01-01T11:00:00Z', 'Note added by Ada.', ada),
      ],
      notes,
    );
    expect(items.map((item) => [item.id, item.kind, item.noteContent])).toEqual([
      ['n3', 'note', null],
      ['n2', 'note', 'second note'],
      ['n1', 'note', 'first note'],
      ['t', 'triggered', null],
    ]);
  });

  it("does not give a note to another author's entry", () => {
    const items = timelineItems(
      [entry('n', 'annotate', '2025-01-01T10:00:00Z', 'Note added.', { id: 'U2', name: 'Grace' })],
      [{ id: 'N', content: 'x', createdAt: '2025-01-01T10:00:00Z', author: { id: 'U1', name: 'Ada' } }],
    );
    expect(items[0]!.noteContent).toBeNull();
  });
});

describe('timelineItems with the console bookkeeping', () => {
  it('shows a ticket claim as its plain sentence, marked as bookkeeping, and strips the marker from copied notes', () => {
    const dana = { id: 'U9', name: 'Dana' };
    const items = timelineItems(
      [
        entry('claim', 'annotate', '2025-01-01T10:00:00Z', 'Note added by Dana.', dana),
        entry('copy', 'annotate', '2025-01-01T10:30:00Z', 'Note added by Dana.', dana),
      ],
      [
        {
          id: 'N1',
          content:
            'Opening a ticket in ServiceNow for this incident. [ticket-claim host=h1 until=2025-01-01T10:05:00.000Z] [via On-Call Console]',
          createdAt: '2025-01-01T10:00:00Z',
          author: dana,
        },
        {
          id: 'N2',
          content: 'DB failover done\n\n(Isabel in INC0010001) [via On-Call Console]',
          createdAt: '2025-01-01T10:30:00Z',
          author: dana,
        },
      ],
    );
    expect(items.map((item) => [item.id, item.noteContent, item.bookkeeping])).toEqual([
      ['copy', 'DB failover done\n\n(Isabel in INC0010001)', false],
      ['claim', 'Opening a ticket in ServiceNow for this incident.', true],
    ]);
  });
});
