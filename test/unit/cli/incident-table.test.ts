import { describe, expect, it } from 'vitest';
import { formatAge, formatIncidentTable } from '../../../electron/cli/incident-table';
import { sampleIncident } from '../server/fake-engine';

const now = Date.parse('2024-05-01T12:00:00Z');

describe('formatAge', () => {
  it('uses the largest sensible unit', () => {
    expect(formatAge('2024-05-01T11:59:15Z', now)).toBe('45s');
    expect(formatAge('2024-05-01T11:48:00Z', now)).toBe('12m');
    expect(formatAge('2024-05-01T07:00:00Z', now)).toBe('5h');
    expect(formatAge('2024-04-28T12:00:00Z', now)).toBe('3d');
    expect(formatAge('not a date', now)).toBe('?');
  });
});

describe('formatIncidentTable', () => {
  it('lines up the columns, newest first', () => {
    const lines = formatIncidentTable(
      [
        sampleIncident({ number: 9, createdAt: '2024-05-01T10:00:00Z', title: 'Disk full' }),
        sampleIncident({
          id: 'Q2',
          number: 1234,
          status: 'acknowledged',
          urgency: 'low',
          priority: { id: 'P1', name: 'P1' },
          service: { id: 'S2', name: 'payments-api' },
          title: 'Card\nauthorisations failing',
          createdAt: '2024-05-01T11:55:00Z',
        }),
      ],
      now,
    );
    expect(lines).toEqual([
      '#      STATUS        URGENCY  PRIORITY  SERVICE       TITLE                        AGE',
      '#1234  acknowledged  low      P1        payments-api  Card authorisations failing  5m',
      '#9     triggered     high     -         checkout      Disk full                    2h',
    ]);
  });

  it('truncates long titles and says when there is nothing', () => {
    const [, row] = formatIncidentTable([sampleIncident({ title: 'x'.repeat(100) })], now);
    expect(row).toContain(`${'x'.repeat(59)}…`);
    expect(row).not.toContain('x'.repeat(61));
    expect(formatIncidentTable([], now)).toEqual(['No open incidents.']);
  });
});
