/**
 * Settings -> Connections: the connections with whether their secret is stored, and
 * (on the desktop) add, edit, test and remove. Headless, they come from the workspace file
 * and the environment, and the panel says so and offers no changes.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Menu, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import {
  CONNECTION_KIND_LABELS,
  ConnectionKind,
  type Connection,
  type ConnectionEntry,
} from '../../../../shared/domain/connection-settings';
import type { RequestOutput } from '../../../../shared/contract';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { ConnectionForm } from './connection-form';
import { addressOf } from './connection-form-model';
import { useConnections, useRefreshConnections } from './use-settings';

type Editing = { kind: ConnectionKind; connection: Connection | null; hasSecret: boolean } | null;

export function ConnectionsPanel() {
  const connections = useConnections();
  const [editing, setEditing] = useState<Editing>(null);
  const refresh = useRefreshConnections();

  if (connections.isPending) return <Loader size="sm" aria-label="Loading connections" />;
  if (connections.isError) {
    return (
      <Alert color="red" role="alert" title="Could not load the connections">
        {errorMessage(connections.error)}
      </Alert>
    );
  }
  const { editable, note, connections: entries } = connections.data;
  if (editing) {
    return (
      <ConnectionForm
        key={editing.connection?.id ?? editing.kind}
        kind={editing.kind}
        editing={editing.connection}
        hasSecret={editing.hasSecret}
        onSaved={() => {
          setEditing(null);
          refresh();
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }
  return (
    <Stack gap="sm">
      {note && (
        <Alert
          color="blue"
          icon={<IconInfoCircle size={16} />}
          title={editable ? undefined : 'Read-only here'}
          data-testid="connections-note"
        >
          {note}
        </Alert>
      )}
      {editable && (
        <Text size="sm" c="dimmed">
          Secrets go to the OS keychain, never to disk or to this page. The console runs on the first PagerDuty connection with a stored
          token (a Splunk On-Call connection joins it in the same queue, and needs one), and restarts when connections change.
        </Text>
      )}
      {entries.length === 0 && <Text size="sm">No connections yet: the console shows the demo workspace.</Text>}
      <Stack gap="xs" role="list" aria-label="Connections">
        {entries.map((entry) => (
          <ConnectionCard
            key={entry.connection.id}
            entry={entry}
            editable={editable}
            onEdit={() => setEditing({ kind: entry.connection.kind, connection: entry.connection, hasSecret: entry.hasSecret })}
          />
        ))}
      </Stack>
      {editable && (
        <Menu position="bottom-start">
          <Menu.Target>
            <Button leftSection={<IconPlus size={16} />} variant="light" w="fit-content">
              Add connection
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {ConnectionKind.options.map((kind) => (
              <Menu.Item key={kind} onClick={() => setEditing({ kind, connection: null, hasSecret: false })}>
                {CONNECTION_KIND_LABELS[kind]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </Stack>
  );
}

function ConnectionCard({ entry, editable, onEdit }: { entry: ConnectionEntry; editable: boolean; onEdit(): void }) {
  const { client } = useConsole();
  const refresh = useRefreshConnections();
  const [confirming, setConfirming] = useState(false);
  const [tested, setTested] = useState<RequestOutput<'testConnection'> | null>(null);
  const { connection, hasSecret } = entry;
  const test = useMutation({ mutationFn: () => client.call('testConnection', { connection }), onSuccess: setTested });
  const remove = useMutation({ mutationFn: () => client.call('removeConnection', { id: connection.id }), onSuccess: refresh });

  return (
    <Card withBorder padding="sm" role="listitem" aria-label={`${CONNECTION_KIND_LABELS[connection.kind]}: ${connection.label}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600}>{connection.label}</Text>
            <Badge size="sm" variant="light">
              {CONNECTION_KIND_LABELS[connection.kind]}
            </Badge>
            <Badge size="sm" variant="outline" color={hasSecret ? 'green' : 'orange'}>
              {hasSecret ? 'Secret stored' : 'No secret'}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" truncate>
            {addressOf(connection)}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-sm" variant="default" loading={test.isPending} disabled={!hasSecret} onClick={() => test.mutate()}>
            Test
          </Button>
          {editable && (
            <>
              <Button size="compact-sm" variant="default" onClick={onEdit}>
                Edit
              </Button>
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setConfirming(true)}>
                Remove
              </Button>
            </>
          )}
        </Group>
      </Group>
      {confirming && (
        <Alert mt="xs" color="red" role="alertdialog" aria-label={`Remove ${connection.label}?`} title={`Remove ${connection.label}?`}>
          <Text size="sm">Its settings and its secret in the OS keychain are deleted.</Text>
          <Group gap="xs" mt="xs">
            <Button size="compact-sm" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Remove
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </Group>
        </Alert>
      )}
      {tested && (
        <Text size="sm" mt="xs" role="status" c={tested.ok ? 'green' : 'red'}>
          {tested.message}
        </Text>
      )}
      {(test.error || remove.error) && (
        <Text size="sm" mt="xs" role="alert" c="red">
          {errorMessage(remove.error ?? test.error)}
        </Text>
      )}
    </Card>
  );
}
