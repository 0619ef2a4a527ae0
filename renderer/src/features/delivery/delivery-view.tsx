/**
 * The Delivery area: "Services" (what runs where: each mapped service's environments, the
 * version in each, its deployment history and the compare between two versions),
 * "Metrics" (DORA's four figures per service and team over 7, 30 or 90 days, with trends
 * and the split by change type) and "Audit" (the change audit for change managers).
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Alert, Button, Group, Loader, Tabs, Text } from '@mantine/core';
import { useConsoleArea, type DeliveryTab } from '../catalogue/console-area';
import { AuditView } from './audit-view';
import { DeliveryServices } from './delivery-services';
import './delivery-area.css';

const DeliveryMetricsView = lazy(() => import('./delivery-metrics-view'));

const TAB_STYLE = { display: 'flex', flex: 1, minHeight: 0 } as const;

export function DeliveryView() {
  const tab = useConsoleArea((state) => state.deliveryTab);
  const openDelivery = useConsoleArea((state) => state.openDelivery);
  return (
    <Tabs
      value={tab}
      onChange={(value) => value && openDelivery(value as DeliveryTab)}
      keepMounted={false}
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0, minHeight: 0 }}
    >
      <Tabs.List px="sm">
        <Tabs.Tab value="services">Services</Tabs.Tab>
        <Tabs.Tab value="metrics">Metrics</Tabs.Tab>
        <Tabs.Tab value="audit">Audit</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="services" style={TAB_STYLE}>
        <DeliveryServices />
      </Tabs.Panel>
      <Tabs.Panel value="metrics" style={{ ...TAB_STYLE, overflow: 'auto', display: 'block' }}>
        <ChartsErrorBoundary>
          <Suspense fallback={<Loading />}>
            <DeliveryMetricsView />
          </Suspense>
        </ChartsErrorBoundary>
      </Tabs.Panel>
      <Tabs.Panel value="audit" style={{ ...TAB_STYLE, overflow: 'auto', display: 'block' }}>
        <AuditView />
      </Tabs.Panel>
    </Tabs>
  );
}

function Loading() {
  return (
    <Group gap="xs" p="md">
      <Loader size="xs" />
      <Text size="sm">Loading the metrics view…</Text>
    </Group>
  );
}

/** Keeps a failure to draw the metrics (or to load their code) inside the tab, with a way to try again. */
class ChartsErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Alert m="md" color="red" title="The delivery metrics could not be shown">
        <Text size="sm">{this.state.error.message || 'Something went wrong while drawing them.'}</Text>
        <Button size="compact-xs" mt={6} variant="default" onClick={() => this.setState({ error: null })}>
          Try again
        </Button>
      </Alert>
    );
  }
}
