/**
 * The views selector: the active view's name (marked when the queue no longer matches
 * it), the built-in and saved views to switch to, and save / save as / rename / revert /
 * delete for the user's own views.
 */
import { memo, useState } from 'react';
import { Button, Group, Menu, Modal, Text } from '@mantine/core';
import {
  IconCheck,
  IconChevronDown,
  IconDeviceFloppy,
  IconHistory,
  IconLayoutList,
  IconPencil,
  IconPlus,
  IconRestore,
  IconTrash,
} from '@tabler/icons-react';
import { useResolvedView } from '../incidents/resolved-view';
import { allViews, findView, viewMatches } from './saved-views';
import { ViewNameDialog } from './view-name-dialog';
import { queuePrefsStore, useQueuePrefs } from './use-queue-prefs';

type Dialog = { kind: 'save-as' } | { kind: 'rename'; id: string; name: string } | { kind: 'delete'; id: string; name: string } | null;

export const ViewsMenu = memo(function ViewsMenu() {
  const views = useQueuePrefs((state) => state.views);
  const activeViewId = useQueuePrefs((state) => state.activeViewId);
  const filter = useQueuePrefs((state) => state.filter);
  const sort = useQueuePrefs((state) => state.sort);
  const layout = useQueuePrefs((state) => state.layout);
  const [dialog, setDialog] = useState<Dialog>(null);
  const prefs = queuePrefsStore.getState;

  const active = findView(views, activeViewId) ?? allViews(views)[0]!;
  const modified = !viewMatches(active, { filter, sort, layout });
  const builtIns = allViews([]);

  return (
    <>
      <Menu position="bottom-start" shadow="md" width={240} withinPortal>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLayoutList size={14} aria-hidden />}
            rightSection={<IconChevronDown size={12} aria-hidden />}
            aria-label={`View: ${active.name}${modified ? ' (modified)' : ''}`}
            className="queue-view-button"
          >
            <span className="queue-view-name">{active.name}</span>
            {modified && (
              <Text span size="xs" c="dimmed" fs="italic" ml={6} aria-hidden>
                modified
              </Text>
            )}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Views</Menu.Label>
          {builtIns.map((view) => (
            <ViewItem key={view.id} name={view.name} active={view.id === active.id} onPick={() => prefs().applyView(view.id)} />
          ))}
          {views.length > 0 && <Menu.Label>Saved views</Menu.Label>}
          {views.map((view) => (
            <ViewItem key={view.id} name={view.name} active={view.id === active.id} onPick={() => prefs().applyView(view.id)} />
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconHistory size={14} aria-hidden />} onClick={() => useResolvedView.getState().show(true)}>
            Recently resolved…
          </Menu.Item>
          <Menu.Divider />
          {!active.builtIn && (
            <Menu.Item leftSection={<IconDeviceFloppy size={14} />} disabled={!modified} onClick={() => prefs().overwriteView(active.id)}>
              Save changes to “{active.name}”
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => setDialog({ kind: 'save-as' })}>
            Save as new view…
          </Menu.Item>
          {modified && (
            <Menu.Item leftSection={<IconRestore size={14} />} onClick={() => prefs().applyView(active.id)}>
              Revert to “{active.name}”
            </Menu.Item>
          )}
          {!active.builtIn && (
            <>
              <Menu.Item
                leftSection={<IconPencil size={14} />}
                onClick={() => setDialog({ kind: 'rename', id: active.id, name: active.name })}
              >
                Rename view…
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => setDialog({ kind: 'delete', id: active.id, name: active.name })}
              >
                Delete view…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>

      {dialog?.kind === 'save-as' && (
        <ViewNameDialog
          title="Save as a new view"
          submitLabel="Save view"
          initialName=""
          onSubmit={(name) => prefs().saveViewAs(name)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'rename' && (
        <ViewNameDialog
          title="Rename view"
          submitLabel="Rename"
          initialName={dialog.name}
          onSubmit={(name) => prefs().renameView(dialog.id, name)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <Modal opened onClose={() => setDialog(null)} title="Delete view" size="sm" centered>
          <Text size="sm">Delete the view “{dialog.name}”? The queue keeps its current filters.</Text>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={() => {
                prefs().deleteView(dialog.id);
                setDialog(null);
              }}
            >
              Delete
            </Button>
          </Group>
        </Modal>
      )}
    </>
  );
});

function ViewItem({ name, active, onPick }: { name: string; active: boolean; onPick(): void }) {
  return (
    <Menu.Item
      onClick={onPick}
      leftSection={active ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14, display: 'inline-block' }} />}
      aria-current={active ? 'true' : undefined}
      fw={active ? 600 : undefined}
    >
      {name}
    </Menu.Item>
  );
}
