/** The settings drawer's tabs (loaded when the drawer first opens; settings-view.tsx). */
import { Tabs } from '@mantine/core';
import { ConnectionsPanel } from './connections-panel';
import { GeneralPanel } from './general-panel';
import { NotificationsPanel } from './notifications-panel';
import { WorkspacePanel } from './workspace-panel';

export function SettingsTabs() {
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
