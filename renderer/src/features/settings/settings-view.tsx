/**
 * The settings drawer, opened from the gear in the header: Connections, Notifications,
 * General (launch at login, automation host) and Workspace (import and export).
 */
import { ActionIcon, Drawer, Tabs, Tooltip } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { ConnectionsPanel } from './connections-panel';
import { GeneralPanel } from './general-panel';
import { NotificationsPanel } from './notifications-panel';
import { WorkspacePanel } from './workspace-panel';
import { usePanels } from '../../state/panels';

/** The header's gear button and the drawer it opens. */
export function SettingsButton() {
  const open = usePanels((state) => state.open === 'settings');
  const setOpen = (value: boolean) => (value ? usePanels.getState().show('settings') : usePanels.getState().close());
  return (
    <>
      <Tooltip label="Settings">
        <ActionIcon variant="subtle" color="gray" aria-label="Settings" onClick={() => setOpen(true)}>
          <IconSettings size={18} />
        </ActionIcon>
      </Tooltip>
      <Drawer
        opened={open}
        onClose={() => setOpen(false)}
        position="right"
        size="lg"
        title="Settings"
        data-console-dialog="settings"
        closeButtonProps={{ 'aria-label': 'Close the settings' }}
      >
        {open && <SettingsTabs />}
      </Drawer>
    </>
  );
}

function SettingsTabs() {
  return (
    <Tabs defaultValue="connections" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="connections">Connections</Tabs.Tab>
        <Tabs.Tab value="notifications">Notifications</Tabs.Tab>
        <Tabs.Tab value="general">General</Tabs.Tab>
        <Tabs.Tab value="workspace">Workspace</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="connections">
        <ConnectionsPanel />
      </Tabs.Panel>
      <Tabs.Panel value="notifications">
        <NotificationsPanel />
      </Tabs.Panel>
      <Tabs.Panel value="general">
        <GeneralPanel />
      </Tabs.Panel>
      <Tabs.Panel value="workspace">
        <WorkspacePanel />
      </Tabs.Panel>
    </Tabs>
  );
}
