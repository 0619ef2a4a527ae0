/**
 * The settings drawer, opened from the gear in the header: Connections, Notifications,
 * General (launch at login, automation host) and Workspace (import and export).
 */
import { ActionIcon, Drawer, Tooltip } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { usePanels } from '../../state/panels';
import { LazyBoundary, lazyView } from '../../lazy-view';

// The panels' code (forms, the connection tests) loads when the drawer first opens.
const SettingsTabs = lazyView(() => import('./settings-tabs').then((module) => ({ default: module.SettingsTabs }))).Component;

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
        {open && (
          <LazyBoundary what="the settings">
            <SettingsTabs />
          </LazyBoundary>
        )}
      </Drawer>
    </>
  );
}
