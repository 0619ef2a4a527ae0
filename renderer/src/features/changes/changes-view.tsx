/**
 * The Changes area: "Approvals" (the changes and template proposals waiting for me,
 * oldest first, decided by keyboard too: j/k or arrows to move, a to approve, r to reject
 * with a comment), "Changes" (per service: a freeze when a major incident is open, the
 * changes in flight with the gate's decision, the recent ones) and "Templates" (per
 * service, with their approval state, and the form to propose one). A list on the left,
 * the chosen change or template on the right.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, Badge, Button, Group, Loader, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconPlus, IconSnowflake } from '@tabler/icons-react';
import { CHANGE_STATE_LABEL, type ChangeRequest, type ChangeTemplate } from '../../../../shared/domain/change';
import type { ActionRecord } from '../../../../shared/domain/action';
import { isOpen } from '../../../../shared/domain/incident';
import { waitsFor } from '../../../../shared/rules/change-approvals';
import { errorMessage } from '../../client/console-client-error';
import { useSnapshot } from '../../state/use-snapshot';
import { useNow } from '../../state/use-now';
import { formatRelative } from '../incidents/format-time';
import { useConsoleArea, type ChangesTab } from '../catalogue/console-area';
import { ChangeDetail } from './change-detail';
import { byService, freezingIncidents, gateFor, OUTCOME_COLOR, stateColor, waitingForMe } from './change-model';
import { TemplateDetail, TemplateStateBadge } from './template-detail';
import { TemplateForm } from './template-form';
import { useChanges, useChangeTemplates, useDecideChange, useDecideTemplate } from './use-changes';

const NO_ACTIONS: ActionRecord[] = [];

export function ChangesView() {
  const tab = useConsoleArea((state) => state.changesTab);
  const openChanges = useConsoleArea((state) => state.openChanges);
  const changes = useChanges();
  const templates = useChangeTemplates();
  const me = changes.data?.me ?? null;
  const waiting = waitingForMe(changes.data?.changes ?? [], me).length;
  const proposals = (templates.data?.templates ?? []).filter((template) => template.state === 'proposed' && waitsFor(template, me)).length;
  if (changes.data && changes.data.system === null)
    return (
      <EmptyPane
        title="No change system"
        text="Changes live in the workspace’s ticketing system: add a `ticketing:` section naming ServiceNow or Jira Service Management to the workspace file, with its credentials."
      />
    );
  return (
    <Tabs
      value={tab}
      onChange={(value) => value && openChanges(value as ChangesTab, null)}
      keepMounted={false}
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0, minHeight: 0 }}
    >
      <Tabs.List px="sm">
        <Tabs.Tab value="approvals" rightSection={waiting + proposals > 0 ? <Badge size="xs">{waiting + proposals}</Badge> : null}>
          Approvals
        </Tabs.Tab>
        <Tabs.Tab value="changes">Changes</Tabs.Tab>
        <Tabs.Tab value="templates">Templates</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="approvals" style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Approvals changes={changes} templates={templates} />
      </Tabs.Panel>
      <Tabs.Panel value="changes" style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <ChangesByService changes={changes} />
      </Tabs.Panel>
      <Tabs.Panel value="templates" style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Templates templates={templates} />
      </Tabs.Panel>
    </Tabs>
  );
}

type ChangesQuery = ReturnType<typeof useChanges>;
type TemplatesQuery = ReturnType<typeof useChangeTemplates>;

/** Loading and failure, for a list's sidebar. */
function QueryState({ query, what }: { query: ChangesQuery | TemplatesQuery; what: string }) {
  if (query.isPending)
    return (
      <Group gap="xs" p="sm">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Loading {what}…
        </Text>
      </Group>
    );
  if (query.isError)
    return (
      <Alert m="sm" color="red" icon={<IconAlertCircle size={16} />} title={`Could not load the ${what}`} role="alert">
        <Text size="sm">{errorMessage(query.error)}</Text>
        <Button mt="xs" size="compact-xs" variant="default" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  return null;
}

/** The latest console write about a change (a decision), from the snapshot's actions. */
function decisionFor(actions: readonly ActionRecord[], changeId: string): ActionRecord | null {
  return (
    [...actions]
      .reverse()
      .find((record) => record.request.kind === 'decideChange' && record.request.changeId === changeId && !record.dismissed) ?? null
  );
}

function useChangeContext() {
  const snapshot = useSnapshot().data;
  const now = useNow(15_000);
  return { incidents: snapshot?.incidents ?? [], actions: snapshot?.actions ?? NO_ACTIONS, now };
}

function Approvals({ changes, templates }: { changes: ChangesQuery; templates: TemplatesQuery }) {
  const { incidents, actions, now } = useChangeContext();
  const selectedId = useConsoleArea((state) => state.changeId);
  const select = useConsoleArea((state) => state.selectChange);
  const decide = useDecideChange();
  const decideTemplate = useDecideTemplate();
  const [asked, setAsked] = useState<'rejected' | null>(null);
  const me = changes.data?.me ?? null;
  const all = useMemo(() => changes.data?.changes ?? [], [changes.data]);
  // Kept in the list while my decision is on its way, so it does not vanish under the cursor.
  const waiting = useMemo(
    () => [
      ...waitingForMe(all, me),
      ...all.filter((change) => !waitsFor(change, me) && decisionFor(actions, change.id)?.state === 'pending'),
    ],
    [all, me, actions],
  );
  const proposals = (templates.data?.templates ?? []).filter((template) => template.state === 'proposed' && waitsFor(template, me));
  const items: { id: string; change?: ChangeRequest; template?: ChangeTemplate }[] = [
    ...waiting.map((change) => ({ id: change.id, change })),
    ...proposals.map((template) => ({ id: `template:${template.id}`, template })),
  ];
  const selected = items.find((item) => item.id === selectedId) ?? items[0] ?? null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey || items.length === 0) return;
    const index = Math.max(
      0,
      items.findIndex((item) => item.id === selected?.id),
    );
    const move = (to: number) => {
      const next = items[Math.min(items.length - 1, Math.max(0, to))];
      if (next) {
        select(next.id);
        setAsked(null);
        document.querySelector<HTMLElement>(`[data-change-item="${CSS.escape(next.id)}"]`)?.focus();
      }
    };
    if (event.key === 'j' || event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'k' || event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'a' && selected?.change && waitsFor(selected.change, me))
      decide.mutate({ changeId: selected.change.id, decision: 'approved', comment: '' });
    else if (event.key === 'a' && selected?.template)
      decideTemplate.mutate({ templateId: selected.template.id, decision: 'approved', comment: '' });
    else if (event.key === 'r' && selected) setAsked('rejected');
    else return;
    event.preventDefault();
  };

  return (
    <>
      <div className="specialists-sidebar">
        <ScrollArea style={{ flex: 1 }} type="auto">
          <QueryState query={changes} what="changes" />
          {changes.data && items.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              Nothing waits for your approval{me ? ` (${me.name})` : ''}.
            </Text>
          )}
          <nav aria-label="Approvals waiting for me" onKeyDown={onKeyDown}>
            {items.length > 0 && (
              <Text size="xs" c="dimmed" px="sm" pt="xs">
                j/k move · a approve · r reject with a comment
              </Text>
            )}
            {items.map((item) => (
              <button
                key={item.id}
                type="button"
                className="specialists-list-item"
                data-change-item={item.id}
                aria-current={item.id === selected?.id ? 'true' : undefined}
                onClick={() => {
                  select(item.id);
                  setAsked(null);
                }}
              >
                {item.change ? (
                  <ChangeListLine change={item.change} now={now} gateColor={null} />
                ) : (
                  <>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" fw={500} truncate>
                        Template: {item.template?.name}
                      </Text>
                      <Badge size="xs" variant="light" color="yellow">
                        proposed
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed" truncate>
                      {item.template?.service.name}
                      {item.template?.proposedBy ? ` · by ${item.template.proposedBy.name}` : ''}
                    </Text>
                  </>
                )}
              </button>
            ))}
          </nav>
          {(decide.isError || decideTemplate.isError) && (
            <Text size="sm" c="red" p="sm" role="alert">
              {errorMessage(decide.isError ? decide.error : decideTemplate.error)}
            </Text>
          )}
        </ScrollArea>
      </div>
      <div className="specialists-main">
        <ScrollArea style={{ flex: 1 }} type="auto">
          {selected?.change && (
            <ChangeDetail
              key={`${selected.id}-${asked ?? ''}`}
              change={selected.change}
              gate={gateFor(selected.change, all, incidents, now)}
              openIncidents={incidents.filter((incident) => isOpen(incident) && incident.service.name === selected.change?.service.name)}
              mine={waitsFor(selected.change, me)}
              action={decisionFor(actions, selected.change.id)}
              now={now}
              asked={asked}
            />
          )}
          {selected?.template && <TemplateDetail key={selected.id} template={selected.template} decidable asked={asked} />}
          {!selected && (
            <EmptyPane
              title="No approvals waiting"
              text="Normal changes that need your approval, and template proposals, show here with their evidence."
            />
          )}
        </ScrollArea>
      </div>
    </>
  );
}

function ChangeListLine({ change, now, gateColor }: { change: ChangeRequest; now: number; gateColor: string | null }) {
  return (
    <>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} truncate>
          {change.record.number} · {change.service.name} {change.deployment.version}
        </Text>
        <Badge size="xs" variant="light" color={stateColor(change)} style={{ flexShrink: 0 }}>
          {change.vendorState || CHANGE_STATE_LABEL[change.state]}
        </Badge>
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
        <Text size="xs" c="dimmed" truncate>
          {change.type} · {change.shortDescription}
        </Text>
        <Text size="xs" c={gateColor ?? 'dimmed'} style={{ flexShrink: 0 }}>
          {formatRelative(change.createdAt, now)}
        </Text>
      </Group>
    </>
  );
}

function ChangesByService({ changes }: { changes: ChangesQuery }) {
  const { incidents, actions, now } = useChangeContext();
  const selectedId = useConsoleArea((state) => state.changeId);
  const select = useConsoleArea((state) => state.selectChange);
  const all = useMemo(() => changes.data?.changes ?? [], [changes.data]);
  const groups = useMemo(() => byService(all), [all]);
  const selected = all.find((change) => change.id === selectedId) ?? null;
  const me = changes.data?.me ?? null;
  return (
    <>
      <div className="specialists-sidebar">
        <ScrollArea style={{ flex: 1 }} type="auto">
          <QueryState query={changes} what="changes" />
          {changes.data && all.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              No changes in the last 7 days.
            </Text>
          )}
          <nav aria-label="Changes by service">
            {groups.map((group) => {
              const freeze = freezingIncidents(incidents, group.service);
              return (
                <section key={group.service} aria-label={group.service}>
                  <Group gap={6} px="sm" pt="sm" pb={4} wrap="nowrap">
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed" truncate>
                      {group.service}
                    </Text>
                    {freeze.length > 0 && (
                      <Badge
                        size="xs"
                        color="cyan"
                        leftSection={<IconSnowflake size={10} aria-hidden />}
                        title={`Major incident #${freeze[0]?.number} is open: standard and normal changes are refused until it is resolved; an emergency change linked to it may deploy`}
                      >
                        freeze
                      </Badge>
                    )}
                  </Group>
                  {[...group.inFlight, ...group.recent].map((change) => {
                    const gate = gateFor(change, all, incidents, now);
                    return (
                      <button
                        key={change.id}
                        type="button"
                        className="specialists-list-item"
                        aria-current={change.id === selected?.id ? 'true' : undefined}
                        onClick={() => select(change.id)}
                      >
                        <ChangeListLine change={change} now={now} gateColor={gate ? OUTCOME_COLOR[gate.outcome] : null} />
                      </button>
                    );
                  })}
                </section>
              );
            })}
          </nav>
        </ScrollArea>
      </div>
      <div className="specialists-main">
        <ScrollArea style={{ flex: 1 }} type="auto">
          {selected ? (
            <ChangeDetail
              key={selected.id}
              change={selected}
              gate={gateFor(selected, all, incidents, now)}
              openIncidents={incidents.filter((incident) => isOpen(incident) && incident.service.name === selected.service.name)}
              mine={waitsFor(selected, me)}
              action={decisionFor(actions, selected.id)}
              now={now}
              asked={null}
            />
          ) : (
            <EmptyPane
              title="Choose a change"
              text="Its state, the gate’s decision, what it deploys, its approvals and the service’s open incidents show here."
            />
          )}
        </ScrollArea>
      </div>
    </>
  );
}

function Templates({ templates }: { templates: TemplatesQuery }) {
  const selectedId = useConsoleArea((state) => state.changeId);
  const select = useConsoleArea((state) => state.selectChange);
  const [proposing, setProposing] = useState(false);
  const list = useMemo(
    () =>
      [...(templates.data?.templates ?? [])].sort((a, b) => a.service.name.localeCompare(b.service.name) || a.name.localeCompare(b.name)),
    [templates.data],
  );
  const selected = list.find((template) => template.id === selectedId) ?? null;
  const services = [...new Set(list.map((template) => template.service.name))];
  return (
    <>
      <div className="specialists-sidebar">
        <Group p="sm" pb={0}>
          <Button
            size="compact-sm"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setProposing(true)}
            disabled={!templates.data}
          >
            Propose a template
          </Button>
        </Group>
        <ScrollArea style={{ flex: 1 }} type="auto">
          <QueryState query={templates} what="templates" />
          <nav aria-label="Templates by service">
            {services.map((service) => (
              <section key={service} aria-label={service}>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="sm" pb={4}>
                  {service}
                </Text>
                {list
                  .filter((template) => template.service.name === service)
                  .map((template) => (
                    <button
                      key={template.id}
                      type="button"
                      className="specialists-list-item"
                      aria-current={!proposing && template.id === selected?.id ? 'true' : undefined}
                      onClick={() => {
                        setProposing(false);
                        select(template.id);
                      }}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text size="sm" fw={500} truncate>
                          {template.name}
                        </Text>
                        <TemplateStateBadge template={template} />
                      </Group>
                      <Text size="xs" c="dimmed" truncate>
                        risk {template.risk} · {template.scope}
                      </Text>
                    </button>
                  ))}
              </section>
            ))}
          </nav>
        </ScrollArea>
      </div>
      <div className="specialists-main">
        <ScrollArea style={{ flex: 1 }} type="auto">
          {proposing && templates.data ? (
            <TemplateForm
              services={templates.data.services}
              systemLabel={templates.data.system?.label ?? 'the change system'}
              initialService={selected?.service.name ?? null}
              onDone={() => setProposing(false)}
            />
          ) : selected ? (
            <TemplateDetail key={selected.id} template={selected} decidable={false} asked={null} />
          ) : (
            <EmptyPane
              title="Pre-approved change templates"
              text="Each service’s templates for low-risk, repeatable changes. The pipeline raises a standard change from one, approved at once; anything else goes to a change manager."
            />
          )}
        </ScrollArea>
      </div>
    </>
  );
}

/** What the right-hand side says when nothing is chosen. */
function EmptyPane({ title, text }: { title: string; text: string }) {
  return (
    <Stack p="xl" gap="xs" maw={520}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {text}
      </Text>
    </Stack>
  );
}
