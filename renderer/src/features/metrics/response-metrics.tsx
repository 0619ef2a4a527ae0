/**
 * The incident manager's view of response metrics: a header button opens a full-width
 * drawer with the window (last 7 or 30 days), the grouping (by service or by team), the
 * headline figures, the trend by day or week, charts of median and p90 time to
 * acknowledge and time to resolve on one logarithmic scale, and a sortable table of the
 * same figures; a bar or a name lists the incidents behind it. Mounted once, in the
 * app's header; the command palette opens it through the panels store too.
 */
import { lazy, Suspense, useState } from 'react';
import { Button, Drawer, Group, Loader, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { usePanels } from '../../state/panels';
import { MetricsErrorBoundary } from './metrics-error-boundary';

const MetricsBody = lazy(() => import('./response-metrics-view'));

/** The header button and the drawer it opens. */
export function ResponseMetrics() {
  // Open from this button, the command palette or a shortcut alike (one store for the header's panels).
  const open = usePanels((state) => state.open === 'metrics');
  const setOpen = (value: boolean) => (value ? usePanels.getState().show('metrics') : usePanels.getState().close());
  // While the incidents dialog is open over the drawer, Escape closes only the dialog.
  const [nestedDialog, setNestedDialog] = useState(false);
  return (
    <>
      <Button
        variant="subtle"
        color="gray"
        size="compact-sm"
        leftSection={<IconChartBar size={16} />}
        style={{ flexShrink: 0 }}
        onClick={() => setOpen(true)}
      >
        Response metrics
      </Button>
      <Drawer
        opened={open}
        onClose={() => setOpen(false)}
        closeOnEscape={!nestedDialog}
        position="right"
        size="100%"
        title={<DrawerTitle />}
        padding="md"
        closeButtonProps={{ 'aria-label': 'Close the response metrics' }}
      >
        {open && (
          <MetricsErrorBoundary>
            <Suspense fallback={<LoadingView />}>
              <MetricsBody onNestedDialog={setNestedDialog} />
            </Suspense>
          </MetricsErrorBoundary>
        )}
      </Drawer>
    </>
  );
}

function LoadingView() {
  return (
    <Group gap="xs">
      <Loader size="xs" />
      <Text size="sm">Loading the metrics view…</Text>
    </Group>
  );
}

function DrawerTitle() {
  return (
    <div>
      <Title order={2} size="h4">
        Response metrics
      </Title>
      <Text size="xs" c="dimmed">
        Incident manager&apos;s view: how fast incidents are acknowledged and resolved, from the paging platform&apos;s records.
      </Text>
    </div>
  );
}
