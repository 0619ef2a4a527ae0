/**
 * Settings -> Notifications: quiet hours, what rings off call, low urgency on call,
 * sounds and the high-urgency repeat (NotificationPreferences in shared/domain/settings),
 * with the rule in force now as the notifications engine states it.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { NotificationPreferences } from '../../../../shared/domain/settings';
import { describeZodError } from '../../../../shared/contract';
import { errorMessage } from '../../client/console-client-error';
import { useNotificationRule, useSettings, useUpdateSettings } from './use-settings';

export function NotificationsPanel() {
  const settings = useSettings();
  const rule = useNotificationRule();
  const update = useUpdateSettings();
  // The saved preferences until the first change here; the changes from then on.
  const [edited, setDraft] = useState<NotificationPreferences | null>(null);
  const draft = edited ?? settings.data?.notifications ?? null;
  const [problem, setProblem] = useState<string | null>(null);

  if (!draft) return settings.isError ? <Alert color="red">{errorMessage(settings.error)}</Alert> : null;
  const set = (change: Partial<NotificationPreferences>) => setDraft({ ...draft, ...change });

  return (
    <form
      aria-label="Notification preferences"
      onSubmit={(event) => {
        event.preventDefault();
        const checked = NotificationPreferences.safeParse(draft);
        if (!checked.success) {
          setProblem(describeZodError(checked.error));
          return;
        }
        setProblem(null);
        update.mutate({ notifications: checked.data });
      }}
    >
      <Stack gap="sm">
        <Alert icon={<IconBell size={16} />} color="blue" title="Rule in force now" data-testid="notification-rule">
          {rule.data?.ruleInForce ?? (rule.isError ? 'Not known here.' : 'Loading…')}
        </Alert>
        <Title order={3} size="h4">
          Quiet hours
        </Title>
        <Switch
          label="Quiet hours: only what must ring rings (high urgency while on call)"
          checked={draft.quietHours.enabled}
          onChange={(event) => set({ quietHours: { ...draft.quietHours, enabled: event.currentTarget.checked } })}
        />
        <Group grow>
          <TextInput
            label="From"
            description="HH:MM"
            value={draft.quietHours.start}
            onChange={(event) => set({ quietHours: { ...draft.quietHours, start: event.currentTarget.value } })}
          />
          <TextInput
            label="Until"
            description="HH:MM"
            value={draft.quietHours.end}
            onChange={(event) => set({ quietHours: { ...draft.quietHours, end: event.currentTarget.value } })}
          />
        </Group>
        <Title order={3} size="h4">
          Off call
        </Title>
        <Checkbox
          label="Notify me of high urgency even off call"
          checked={draft.offCallOptIn.high}
          onChange={(event) => set({ offCallOptIn: { ...draft.offCallOptIn, high: event.currentTarget.checked } })}
        />
        <Checkbox
          label="Notify me of low urgency even off call"
          checked={draft.offCallOptIn.low}
          onChange={(event) => set({ offCallOptIn: { ...draft.offCallOptIn, low: event.currentTarget.checked } })}
        />
        <Title order={3} size="h4">
          On call
        </Title>
        <Checkbox
          label="Notify me of low urgency outside quiet hours"
          checked={draft.onCallLowUrgency}
          onChange={(event) => set({ onCallLowUrgency: event.currentTarget.checked })}
        />
        <Group>
          <Checkbox
            label="Sound for high urgency"
            checked={draft.sound.high}
            onChange={(event) => set({ sound: { ...draft.sound, high: event.currentTarget.checked } })}
          />
          <Checkbox
            label="Sound for low urgency"
            checked={draft.sound.low}
            onChange={(event) => set({ sound: { ...draft.sound, low: event.currentTarget.checked } })}
          />
        </Group>
        <NumberInput
          label="Repeat high urgency until acknowledged, every (seconds)"
          description="0 = never"
          min={0}
          max={3600}
          value={draft.repeatHighEverySeconds}
          onChange={(value) => set({ repeatHighEverySeconds: typeof value === 'number' ? value : Number(value) })}
        />
        {(problem || update.error) && (
          <Text size="sm" c="red" role="alert">
            {problem ?? errorMessage(update.error)}
          </Text>
        )}
        {update.isSuccess && !problem && (
          <Text size="sm" c="green" role="status">
            Saved.
          </Text>
        )}
        <Button type="submit" w="fit-content" loading={update.isPending}>
          Save notification preferences
        </Button>
      </Stack>
    </form>
  );
}
