import { describe, expect, it } from 'vitest';
import { CONSOLE_NOTE_MARKER, isTicketOpen, noteTextForDisplay } from '../../../shared/domain/ticket';
import { claimNoteText, copiedNoteText, isBookkeepingNote, isCopiedFromTicket, raisedNoteText } from '../../../shared/domain/paging-notes';

describe('ticket helpers', () => {
  it('shows notes without the console bookkeeping', () => {
    // An earlier version's tagged claim still reads as a sentence.
    expect(
      noteTextForDisplay(
        'Opening a ticket in ServiceNow for this incident. [ticket-claim host=vm-1 until=2026-11-26T10:05:00.000Z] [via On-Call Console]',
      ),
    ).toBe('Opening a ticket in ServiceNow for this incident.');
    expect(noteTextForDisplay(`DB failover done\n\n(Lee in INC0010042) ${CONSOLE_NOTE_MARKER}`)).toBe(
      'DB failover done\n\n(Lee in INC0010042)',
    );
    expect(noteTextForDisplay('plain note')).toBe('plain note');
  });

  it('writes its own paging notes as sentences a person would write, and knows them again', () => {
    expect(isBookkeepingNote(claimNoteText('ServiceNow'))).toBe(true);
    expect(isBookkeepingNote(raisedNoteText('ServiceNow', 'INC0010042'))).toBe(true);
    expect(raisedNoteText('ServiceNow', 'INC0010042')).toBe('Raised ServiceNow ticket INC0010042 for this incident.');
    expect(
      isBookkeepingNote(
        'Opening a ticket in ServiceNow for this incident. [ticket-claim host=vm-1 until=2026-11-26T10:05:00.000Z] [via On-Call Console]',
      ),
    ).toBe(true);
    expect(isBookkeepingNote('Raised the pool size to 40 for this incident.')).toBe(false);
    const copied = copiedNoteText('Replica lag is 40 minutes', 'Victor Alvarez', 'INC0010042');
    expect(copied).toBe('Replica lag is 40 minutes\n\n(Victor Alvarez in INC0010042)');
    expect(isCopiedFromTicket(copied)).toBe(true);
    expect(isCopiedFromTicket(copiedNoteText('Done', 'Dana', 'ITSM-42'))).toBe(true);
    expect(isCopiedFromTicket('Rolled back 4.2.1 (see the dashboard)')).toBe(false);
  });

  it('knows which stages are still open', () => {
    expect(['new', 'in-progress', 'on-hold'].every((stage) => isTicketOpen({ stage: stage as 'new' }))).toBe(true);
    expect(['resolved', 'closed', 'canceled'].some((stage) => isTicketOpen({ stage: stage as 'new' }))).toBe(false);
  });
});
