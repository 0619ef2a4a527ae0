/**
 * An incident's notes, newest first, with author and time. The console's bookkeeping tags
 * are left out, and its bookkeeping notes (ticket claims) read as quiet plain sentences.
 */
import { Paper, Stack, Text } from '@mantine/core';
import type { Note } from '../../../../shared/domain/incident';
import { formatTimestamp } from './format-time';
import { displayNote } from './note-display';
import { commandKeysText } from '../commands/registry';

export function NoteList({ notes }: { notes: Note[] }) {
  if (notes.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No notes yet. Press {commandKeysText('addNote')} to add one.
      </Text>
    );
  const newestFirst = [...notes].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <Stack gap="xs">
      {newestFirst.map((note) => {
        const shown = displayNote(note.content);
        return (
          <Paper
            key={note.id}
            withBorder={!shown.bookkeeping}
            p="xs"
            data-bookkeeping={shown.bookkeeping || undefined}
            bg={shown.bookkeeping ? 'transparent' : undefined}
          >
            <Text
              size="sm"
              c={shown.bookkeeping ? 'dimmed' : undefined}
              fs={shown.bookkeeping ? 'italic' : undefined}
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              {shown.text}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {shown.bookkeeping ? 'On-Call Console, as ' : ''}
              {note.author?.name ?? 'Someone'} · {formatTimestamp(note.createdAt)}
            </Text>
          </Paper>
        );
      })}
    </Stack>
  );
}
