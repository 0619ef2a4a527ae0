import { describe, expect, it } from 'vitest';
import { CONSOLE_NOTE_MARKER, isTicketOpen, noteTextForDisplay } from '../../../shared/domain/ticket';
import { claimNoteText } from '../../../electron/engine/ticketing/ticket-claim';

describe('ticket helpers', () => {
  it('shows notes without the console bookkeeping', () => {
    expect(noteTextForDisplay(claimNoteText('host-a', 'ServiceNow', Date.parse('2026-11-26T10:05:00Z')))).toBe(
      'Opening a ticket in ServiceNow for this incident.',
    );
    expect(noteTextForDisplay(`DB failover done\n\n(Lee in INC0010042) ${CONSOLE_NOTE_MARKER}`)).toBe('DB failover done\n\n(Lee in INC0010042)');
    expect(noteTextForDisplay('plain note')).toBe('plain note');
  });

  it('knows which stages are still open', () => {
    expect(['new', 'in-progress', 'on-hold'].every((stage) => isTicketOpen({ stage: stage as 'new' }))).toBe(true);
    expect(['resolved', 'closed', 'canceled'].some((stage) => isTicketOpen({ stage: stage as 'new' }))).toBe(false);
  });
});
