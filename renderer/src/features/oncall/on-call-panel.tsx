/**
 * Who is on call: a drawer (header button or `o`) listing the current on-call people of
 * every escalation policy in scope, by policy and level, the incident managers first, each
 * with their contact methods and when their shift ends. Refetched every minute while open.
 */
import { useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconMail, IconMessage, IconPhone, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { errorMessage } from '../../client/console-client-error';
import { useNow } from '../../state/use-now';
import { useActionUi } from '../actions/action-store';
import { useDirectory } from '../queue/use-directory';
import { commandById, commandKeysText } from '../commands/registry';
import { matchesChord, parseKeys } from '../commands/keys';
import { useCommandRunner } from '../actions/use-command-runner';
import { useOnCalls } from './use-on-calls';
import { filterOnCallGroups, formatShiftEnd, groupOnCalls, type ContactLink, type OnCallPolicyGroup } from './on-call-groups';

/** The key that opens the panel (a single chord) closes it too. */
const toggleChord = parseKeys(commandById('toggleOnCall').keys[0] ?? 'o')[0]!;

/** The header button that opens the panel: the registry's toggleOnCall. */
export function OnCallButton() {
  const runner = useCommandRunner();
  return (
    <Tooltip label={`${commandById('toggleOnCall').title} (${commandKeysText('toggleOnCall')})`}>
      <ActionIcon variant="subtle" color="gray" aria-label="Who is on call" onClick={() => runner.run('toggleOnCall')}>
        <IconUsersGroup size={18} />
      </ActionIcon>
    </Tooltip>
  );
}

export function OnCallPanel() {
  const open = useActionUi((state) => state.onCallOpen);
  const setOpen = useActionUi((state) => state.setOnCallOpen);
  return (
    <Drawer
      opened={open}
      onClose={() => setOpen(false)}
      position="right"
      size="md"
      title="Who is on call"
      data-console-dialog="oncall"
      closeButtonProps={{ 'aria-label': 'Close the on-call panel' }}
      onKeyDown={(event) => {
        // The same key closes it (shortcuts are otherwise off while it is open).
        if (matchesChord(toggleChord, event) && !(event.target instanceof HTMLInputElement)) {
          event.preventDefault();
          setOpen(false);
        }
      }}
    >
      {open && <PanelBody />}
    </Drawer>
  );
}

function PanelBody() {
  const oncalls = useOnCalls();
  const directory = useDirectory();
  const now = useNow(30_000);
  const [query, setQuery] = useState('');
  const groups = useMemo(
    () => (oncalls.data ? groupOnCalls(oncalls.data.oncalls, oncalls.data.incidentManagerPolicyIds, directory.data?.users ?? []) : []),
    [oncalls.data, directory.data?.users],
  );
  const shown = filterOnCallGroups(groups, query);
  const managers = shown.filter((group) => group.incidentManagers);
  const others = shown.filter((group) => !group.incidentManagers);

  if (oncalls.isPending) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Loading who is on call…</Text>
      </Group>
    );
  }
  if (oncalls.isError) {
    return (
      <Alert color="red" title="Could not load who is on call">
        <Text size="sm">{errorMessage(oncalls.error)}</Text>
        <Button size="compact-xs" mt={6} variant="default" onClick={() => void oncalls.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <TextInput
        aria-label="Filter policies and people"
        placeholder="Filter by policy or person"
        leftSection={<IconSearch size={14} />}
        size="xs"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
      />
      {managers.length > 0 && (
        <section aria-label="Incident managers">
          <Title order={3} size="h6" tt="uppercase" c="dimmed" mb={6}>
            Incident managers
          </Title>
          <Stack gap="xs">
            {managers.map((group) => (
              <PolicyCard key={group.policy.id} group={group} now={now} highlight />
            ))}
          </Stack>
        </section>
      )}
      <section aria-label="Escalation policies">
        <Title order={3} size="h6" tt="uppercase" c="dimmed" mb={6}>
          Escalation policies ({others.length})
        </Title>
        {others.length === 0 && (
          <Text size="sm" c="dimmed">
            {query ? 'Nothing matches the filter.' : 'Nobody is on call for the policies in scope.'}
          </Text>
        )}
        <Stack gap="xs">
          {others.map((group) => (
            <PolicyCard key={group.policy.id} group={group} now={now} />
          ))}
        </Stack>
      </section>
      <Text size="xs" c="dimmed">
        Updated every minute{oncalls.dataUpdatedAt ? `; last at ${new Date(oncalls.dataUpdatedAt).toLocaleTimeString()}` : ''}.
      </Text>
    </Stack>
  );
}

function PolicyCard({ group, now, highlight = false }: { group: OnCallPolicyGroup; now: number; highlight?: boolean }) {
  return (
    <Paper
      withBorder
      p="xs"
      component="article"
      aria-label={group.policy.name}
      bg={highlight ? 'var(--mantine-primary-color-light)' : undefined}
    >
      <Text size="sm" fw={600} mb={4}>
        {group.policy.name}
      </Text>
      <Stack gap={6}>
        {group.levels.map((level) => (
          <Group key={level.level} gap="xs" align="flex-start" wrap="nowrap">
            <Badge size="xs" variant="default" mt={3} style={{ flexShrink: 0 }}>
              L{level.level}
            </Badge>
            <Stack gap={4} style={{ minWidth: 0 }}>
              {level.people.map((person) => (
                <div key={person.user.id}>
                  <Text size="sm">
                    {person.user.name}{' '}
                    <Text span size="xs" c="dimmed">
                      {formatShiftEnd(person.until, now)}
                    </Text>
                  </Text>
                  {person.contacts.length > 0 && (
                    <Group gap={10} wrap="wrap">
                      {person.contacts.map((contact, index) => (
                        <ContactMethodLink key={index} contact={contact} />
                      ))}
                    </Group>
                  )}
                </div>
              ))}
            </Stack>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

const CONTACT_ICONS = { email: IconMail, phone: IconPhone, sms: IconMessage, push: IconMessage } as const;

function ContactMethodLink({ contact }: { contact: ContactLink }) {
  const Icon = CONTACT_ICONS[contact.type];
  const content = (
    <>
      <Icon size={12} aria-hidden style={{ verticalAlign: '-1px', marginRight: 3 }} />
      {contact.text}
    </>
  );
  return contact.href ? (
    <Anchor href={contact.href} size="xs" aria-label={`${contact.label}: ${contact.text}`}>
      {content}
    </Anchor>
  ) : (
    <Text span size="xs" c="dimmed" aria-label={`${contact.label}: ${contact.text}`}>
      {content}
    </Text>
  );
}
