/** The `?` overlay: every command of the registry by section, with the keys the keymap binds to it. */
import { Fragment } from 'react';
import { Kbd, Modal, Table, Text, VisuallyHidden } from '@mantine/core';
import { useActionUi } from './action-store';
import { COMMANDS, COMMAND_GROUPS } from '../commands/registry';
import { keyLabels, keyPlatform } from '../commands/keys';

/**
 * Keys as key caps: a chord's caps side by side, a sequence's chords with "then" between.
 * A screen reader hears the keys as words ("Shift J", "g then c"), from hidden text: the
 * caps themselves are hidden from it, and a plain span may not carry a label.
 */
export function KeyChord({ chord }: { chord: string }) {
  const platform = keyPlatform(typeof navigator === 'undefined' ? '' : navigator.userAgent);
  const chords = keyLabels(chord, platform);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <VisuallyHidden>{chords.map((labels) => labels.join(' ')).join(' then ')}</VisuallyHidden>
      {chords.map((labels, chordIndex) => (
        <Fragment key={chordIndex}>
          {chordIndex > 0 && (
            <Text span size="xs" c="dimmed" mr={4} aria-hidden>
              then
            </Text>
          )}
          {labels.map((label, index) => (
            <Kbd key={index} size="xs" mr={2} aria-hidden>
              {label}
            </Kbd>
          ))}
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutHelp() {
  const open = useActionUi((state) => state.helpOpen);
  const setOpen = useActionUi((state) => state.setHelpOpen);
  return (
    <Modal
      opened={open}
      onClose={() => setOpen(false)}
      title="Keyboard shortcuts"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      data-console-dialog="help"
    >
      <Table verticalSpacing={4} horizontalSpacing="sm" striped={false} aria-label="Keyboard shortcuts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ width: '11rem' }}>Keys</Table.Th>
            <Table.Th>Does</Table.Th>
          </Table.Tr>
        </Table.Thead>
        {COMMAND_GROUPS.map((group) => (
          <Table.Tbody key={group}>
            <Table.Tr>
              <Table.Th colSpan={2} scope="rowgroup" pt="sm">
                <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
                  {group}
                </Text>
              </Table.Th>
            </Table.Tr>
            {COMMANDS.filter((command) => command.group === group).map((command) => (
              <Table.Tr key={command.id}>
                <Table.Td>
                  {command.keys.length ? (
                    command.keys.map((key, index) => (
                      <span key={key}>
                        {index > 0 && (
                          <Text span size="xs" c="dimmed" mx={4}>
                            or
                          </Text>
                        )}
                        <KeyChord chord={key} />
                      </span>
                    ))
                  ) : (
                    <Text span size="xs" c="dimmed">
                      palette
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {command.title.replace(/…$/, '')}
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {command.description}
                    </Text>
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        ))}
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        Shortcuts are off while you type in a field or a dialog is open; in the search box, ↓ goes to the results. Actions apply to the
        selected incidents, or to the one under the cursor.
      </Text>
    </Modal>
  );
}
