/** The alerts grouped into an incident: summary, severity, custom details and https links. */
import { Anchor, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { Alert } from '../../../../shared/domain/incident';
import { formatTimestamp } from './format-time';
import { safeExternalUrl } from './external-link';

export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) return <Text size="sm" c="dimmed">No alerts.</Text>;
  return (
    <Stack gap="xs">
      {alerts.map((alert) => (
        <Paper key={alert.id} withBorder p="xs">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {alert.summary}
            </Text>
            <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
              {alert.severity && (
                <Badge size="xs" variant="outline" color={alert.severity === 'critical' || alert.severity === 'error' ? 'red' : 'gray'}>
                  {alert.severity}
                </Badge>
              )}
              <Badge size="xs" variant="light" color={alert.status === 'triggered' ? 'red' : 'green'}>
                {alert.status}
              </Badge>
            </Group>
          </Group>
          <Text size="xs" c="dimmed">
            {formatTimestamp(alert.createdAt)}
          </Text>
          <AlertDetails details={alert.details} />
          {alert.links.length > 0 && (
            <Stack gap={2} mt={6}>
              {alert.links.map((link) => {
                const href = safeExternalUrl(link.href);
                return href ? (
                  <Anchor key={link.href} href={href} target="_blank" rel="noopener noreferrer" size="sm">
                    {link.text || href} <IconExternalLink size={12} aria-hidden />
                  </Anchor>
                ) : (
                  <Text key={link.href} size="sm" c="dimmed" title="Only https links open from the console">
                    {link.text || link.href} (not https)
                  </Text>
                );
              })}
            </Stack>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function AlertDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <dl className="detail-fields detail-fields-compact">
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : <Code block>{JSON.stringify(value, null, 2)}</Code>}</dd>
        </div>
      ))}
    </dl>
  );
}
