/** Settings -> General: launch at login, and whether this desktop runs the automations. */
import { Alert, Stack, Switch, Text } from '@mantine/core';
import { errorMessage } from '../../client/console-client-error';
import { useSettings, useUpdateSettings } from './use-settings';

export function GeneralPanel() {
  const settings = useSettings();
  const update = useUpdateSettings();
  if (!settings.data) return settings.isError ? <Alert color="red">{errorMessage(settings.error)}</Alert> : null;
  return (
    <Stack gap="md">
      <Switch
        label="Launch at login"
        description="Start the console (in the tray) when you log in to this computer."
        checked={settings.data.launchAtLogin}
        disabled={update.isPending}
        onChange={(event) => update.mutate({ launchAtLogin: event.currentTarget.checked })}
      />
      <Switch
        label="Automation host"
        description="This desktop runs the automations (alert fired -> ticket, resolved -> resolved). One host per organisation: this desktop or a headless serve --automations."
        checked={settings.data.automationHost}
        disabled={update.isPending}
        onChange={(event) => update.mutate({ automationHost: event.currentTarget.checked })}
      />
      {update.error && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(update.error)}
        </Text>
      )}
    </Stack>
  );
}
