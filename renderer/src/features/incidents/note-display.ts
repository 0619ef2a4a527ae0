/**
 * How a note reads in the detail pane: the console's bookkeeping tags removed
 * (`noteTextForDisplay`), and its own bookkeeping notes (the claim a host leaves before
 * opening a ticket) marked, so they show as quiet plain sentences, not as someone's words.
 */
import { isBookkeepingNote } from '../../../../shared/domain/paging-notes';
import { noteTextForDisplay } from '../../../../shared/domain/ticket';

export interface DisplayNote {
  text: string;
  /** True for the console's own bookkeeping (a ticket claim), shown de-emphasised. */
  bookkeeping: boolean;
}

export function displayNote(content: string): DisplayNote {
  return { text: noteTextForDisplay(content), bookkeeping: isBookkeepingNote(content) };
}
