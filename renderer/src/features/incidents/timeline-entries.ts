/**
 * Log entries as timeline items: what kind of event each is (for its icon and colour) and
 * a sentence that says what happened and who did it; notes are matched to the "note
 * added" entries so their text shows in place.
 */
import type { LogEntry, Note } from '../../../../shared/domain/incident';
import { displayNote } from './note-display';

export type TimelineKind =
  | 'triggered'
  | 'acknowledged'
  | 'unacknowledged'
  | 'resolved'
  | 'note'
  | 'reassigned'
  | 'escalated'
  | 'snoozed'
  | 'urgency'
  | 'priority'
  | 'responders'
  | 'merged'
  | 'notified'
  | 'other';

const KINDS: Record<string, TimelineKind> = {
  trigger: 'triggered',
  acknowledge: 'acknowledged',
  unacknowledge: 'unacknowledged',
  resolve: 'resolved',
  annotate: 'note',
  assign: 'reassigned',
  delegate: 'reassigned',
  reassign: 'reassigned',
  escalate: 'escalated',
  exhaust_escalation_path: 'escalated',
  repeat_escalation_path: 'escalated',
  snooze: 'snoozed',
  urgency_change: 'urgency',
  priority_change: 'priority',
  responder_request: 'responders',
  responder_accept: 'responders',
  responder_decline: 'responders',
  responders_added: 'responders',
  merge: 'merged',
  link: 'merged',
  notify: 'notified',
};

/** What happened, when the vendor gave no summary. */
const FALLBACK: Record<TimelineKind, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  unacknowledged: 'Unacknowledged',
  resolved: 'Resolved',
  note: 'Note added',
  reassigned: 'Reassigned',
  escalated: 'Escalated',
  snoozed: 'Snoozed',
  urgency: 'Urgency changed',
  priority: 'Priority changed',
  responders: 'Responders requested',
  merged: 'Merged',
  notified: 'Notified',
  other: 'Updated',
};

export interface TimelineItem {
  id: string;
  kind: TimelineKind;
  sentence: string;
  at: string;
  /** The note's text for a "note added" entry, when it could be matched (bookkeeping tags removed). */
  noteContent: string | null;
  /** The matched note is the console's bookkeeping (a ticket claim): show it quietly. */
  bookkeeping: boolean;
}

export function timelineKind(type: string): TimelineKind {
  return KINDS[type] ?? 'other';
}

/** The entry's sentence: the vendor's summary, or a phrase with who did it. */
export function timelineSentence(entry: LogEntry): string {
  const summary = entry.summary.trim();
  if (summary) return summary;
  const phrase = FALLBACK[timelineKind(entry.type)];
  return entry.agent ? `${phrase} by ${entry.agent.name}.` : `${phrase}.`;
}

/** How close a note and its log entry must be to match, in ms. */
const NOTE_MATCH_MS = 10_000;

/** Newest first, each with its kind and sentence, and notes' text on their entries. */
export function timelineItems(entries: readonly LogEntry[], notes: readonly Note[] = []): TimelineItem[] {
  const unmatched = [...notes];
  return [...entries]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .map((entry) => {
      const kind = timelineKind(entry.type);
      let noteContent: string | null = null;
      let bookkeeping = false;
      if (kind === 'note') {
        const at = Date.parse(entry.createdAt);
        let best = -1;
        unmatched.forEach((note, index) => {
          const distance = Math.abs(Date.parse(note.createdAt) - at);
          const sameAuthor = !entry.agent || !note.author || note.author.id === entry.agent.id;
          if (distance <= NOTE_MATCH_MS && sameAuthor) {
            const held = unmatched[best];
            if (!held || distance < Math.abs(Date.parse(held.createdAt) - at)) best = index;
          }
        });
        if (best !== -1) ({ text: noteContent, bookkeeping } = displayNote(unmatched.splice(best, 1)[0]!.content));
      }
      return { id: entry.id, kind, sentence: timelineSentence(entry), at: entry.createdAt, noteContent, bookkeeping };
    });
}
