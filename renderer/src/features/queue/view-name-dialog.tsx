/** A small dialog asking for a view's name (save as, rename), with the reason a name is refused. */
import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, TextInput } from '@mantine/core';
import { MAX_VIEW_NAME } from './saved-views';

interface ViewNameDialogProps {
  title: string;
  submitLabel: string;
  initialName: string;
  /** Saves the name; returns why it cannot be used, or null when done. */
  onSubmit(name: string): string | null;
  onClose(): void;
}

export function ViewNameDialog({ title, submitLabel, initialName, onSubmit, onClose }: ViewNameDialogProps) {
  const [name, setName] = useState(initialName);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const refused = onSubmit(name);
    if (refused) setProblem(refused);
    else onClose();
  }

  return (
    <Modal opened onClose={onClose} title={title} size="sm" centered>
      <form onSubmit={submit}>
        <TextInput
          label="View name"
          value={name}
          maxLength={MAX_VIEW_NAME}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setProblem(null);
          }}
          error={problem}
          data-autofocus
        />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit">{submitLabel}</Button>
        </Group>
      </form>
    </Modal>
  );
}
