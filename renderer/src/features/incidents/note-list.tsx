/** An incident's notes, newest first, with author and time. */
import { Paper, Stack, Text } from '@mantine/core';
import type { Note } from '../../../../shared/domain/incident';
import { formatTimestamp } from './format-time';

export function NoteList({ notes }: { notes: Note[] }) {
  if (notes.length === 0) return <Text size="sm" c="dimmed">No notes yet. Press n to add one.</Text>;
  const newestFirst = [...notes].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <Stack gap="xs">
      {newestFirst.map((note) => (
        <Paper key={note.id} withBorder p="xs">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {note.content}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {note.author?.name ?? 'Someone'} · {formatTimestamp(note.createdAt)}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
