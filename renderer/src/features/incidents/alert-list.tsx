/**
 * The alerts grouped into an incident: summary, severity, custom details and the links
 * they carry (dashboards, runbooks). Only https links are links, opened outside the
 * console (the desktop shell sends them to the user's browser); anything else is text.
 */
import { Anchor, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { Alert } from '../../../../shared/domain/incident';
import { formatTimestamp } from './format-time';
import { safeExternalUrl } from './external-link';

export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No alerts.
      </Text>
    );
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
                  <Text
                    key={link.href}
                    size="sm"
                    c="dimmed"
                    title="Only https links open from the console"
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {link.text && link.text !== link.href ? `${link.text}: ` : ''}
                    {link.href} (not https, not opened)
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

/** A custom detail's value: an https URL as a link, other scalars as text, the rest as JSON. */
function DetailValue({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    const href = /^https:\/\//i.test(value.trim()) ? safeExternalUrl(value.trim()) : null;
    return href ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer" size="xs">
        {value} <IconExternalLink size={10} aria-hidden />
      </Anchor>
    ) : (
      <>{value}</>
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean') return <>{String(value)}</>;
  return <Code block>{JSON.stringify(value, null, 2)}</Code>;
}

function AlertDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <dl className="detail-fields detail-fields-compact">
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>
            <DetailValue value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
