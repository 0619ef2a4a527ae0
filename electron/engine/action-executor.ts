/**
 * Carries out one outbox action against the paging platform, safely repeatable.
 *
 * Acknowledge and resolve are idempotent at the provider. A note is not, so each note
 * is a recorded step: once it is known to have landed it is never sent again, and when
 * an earlier attempt may have landed without being recorded (a crash between the POST
 * and the record), the incident's notes are read first and an identical note written
 * since the action was created counts as done.
 */
import type { ActionRequest } from '../../shared/domain/action';
import type { ClaimedAction } from './outbox';
import type { PagingProvider } from './ports';

/** Tolerance for clock skew between this machine and the vendor when matching a note. */
const NOTE_MATCH_SKEW_MS = 5 * 60_000;

export interface ExecutionContext {
  provider: PagingProvider;
  /** Remembers a step as done (durably) so that a replay skips it. */
  recordStep(step: string): void;
}

export async function executeAction({ record, progress }: ClaimedAction, context: ExecutionContext): Promise<void> {
  const request: ActionRequest = record.request;
  /** True when an earlier attempt may have landed (the claim counts as an attempt). */
  const mayHaveLanded = record.attempts > 1;
  const createdAt = Date.parse(record.createdAt);

  const addNoteOnce = async (incidentId: string, content: string) => {
    const step = `note:${incidentId}`;
    if (progress[step]) return;
    if (mayHaveLanded) {
      const notes = await context.provider.listNotes(incidentId);
      const landed = notes.some(
        (note) => note.content === content && Date.parse(note.createdAt) >= createdAt - NOTE_MATCH_SKEW_MS,
      );
      if (landed) {
        context.recordStep(step);
        return;
      }
    }
    await context.provider.addNote(incidentId, content);
    context.recordStep(step);
  };

  switch (request.kind) {
    case 'acknowledge':
      await context.provider.acknowledge(request.incidentIds);
      return;
    case 'resolve':
      if (request.note) {
        for (const incidentId of request.incidentIds) await addNoteOnce(incidentId, request.note);
      }
      await context.provider.resolve(request.incidentIds);
      return;
    case 'addNote':
      for (const incidentId of request.incidentIds) await addNoteOnce(incidentId, request.content);
      return;
  }
}
