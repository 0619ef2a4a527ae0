/**
 * The Delivery area's "Services" tab: every service the workspace maps, with the version
 * now in each of its environments (or, for a service with no repository mapped, why there
 * is nothing to show), and how fresh the sources are; j/k or the arrows move through the
 * list. The chosen service's page shows on the right.
 */
import { useMemo, type KeyboardEvent } from 'react';
import { Alert, Badge, Button, Group, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { errorMessage } from '../../client/console-client-error';
import { notSetUp, useDeliveryServices } from './use-delivery';
import { useConsoleArea } from '../catalogue/console-area';
import { environmentsLine, isFailedState } from './delivery-model';
import { ServiceDelivery } from './service-delivery';
import { SourceFreshnessLines } from './source-freshness';

export function DeliveryServices() {
  const services = useDeliveryServices();
  const selectedName = useConsoleArea((state) => state.deliveryService);
  const select = useConsoleArea((state) => state.selectDeliveryService);
  const list = useMemo(() => services.data?.services ?? [], [services.data]);
  const selected = list.find((service) => service.service === selectedName) ?? list[0] ?? null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey || list.length === 0) return;
    const index = Math.max(
      0,
      list.findIndex((service) => service.service === selected?.service),
    );
    let to: number;
    if (event.key === 'j' || event.key === 'ArrowDown') to = index + 1;
    else if (event.key === 'k' || event.key === 'ArrowUp') to = index - 1;
    else return;
    event.preventDefault();
    const next = list[Math.min(list.length - 1, Math.max(0, to))];
    if (!next) return;
    select(next.service);
    document.querySelector<HTMLElement>(`[data-delivery-service="${CSS.escape(next.service)}"]`)?.focus();
  };

  return (
    <>
      <div className="specialists-sidebar">
        <ScrollArea style={{ flex: 1 }} type="auto">
          {services.isPending && (
            <Group gap="xs" p="sm">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Loading the services…
              </Text>
            </Group>
          )}
          {services.isError && notSetUp(services.error) && (
            <Alert m="sm" color="gray" icon={<IconInfoCircle size={16} />} title="Delivery is not set up" role="note">
              <Text size="sm">{errorMessage(services.error)}</Text>
            </Alert>
          )}
          {services.isError && !notSetUp(services.error) && (
            <Alert m="sm" color="red" icon={<IconAlertCircle size={16} />} title="Could not load the services" role="alert">
              <Text size="sm">{errorMessage(services.error)}</Text>
              <Button mt="xs" size="compact-xs" variant="default" onClick={() => void services.refetch()}>
                Try again
              </Button>
            </Alert>
          )}
          {services.data && (
            <Stack gap={0} px="sm" pt="xs">
              <SourceFreshnessLines sources={services.data.sources} />
            </Stack>
          )}
          {services.data && list.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              No service is mapped for delivery. Add a `delivery:` section to the workspace file naming each service’s repository, pipeline
              and environments (production named explicitly).
            </Text>
          )}
          {list.length > 0 && (
            <nav aria-label="Services" onKeyDown={onKeyDown}>
              <Text size="xs" c="dimmed" px="sm" pt="xs">
                j/k move
              </Text>
              {list.map((service) => {
                const failing = service.environments.filter((environment) => environment.latest && isFailedState(environment.latest.state));
                return (
                  <button
                    key={service.service}
                    type="button"
                    className="specialists-list-item"
                    data-delivery-service={service.service}
                    aria-current={service.service === selected?.service ? 'true' : undefined}
                    onClick={() => select(service.service)}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" fw={500} truncate>
                        {service.service}
                      </Text>
                      {service.problem ? (
                        <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                          not mapped
                        </Badge>
                      ) : failing.length > 0 ? (
                        <Badge size="xs" variant="light" color="red" style={{ flexShrink: 0 }}>
                          failed in {failing.map((environment) => environment.environment).join(', ')}
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={service.problem ? 1 : 2} title={service.problem ?? undefined}>
                      {environmentsLine(service)}
                    </Text>
                  </button>
                );
              })}
            </nav>
          )}
        </ScrollArea>
      </div>
      <div className="specialists-main">
        <ScrollArea style={{ flex: 1 }} type="auto">
          {selected ? (
            <ServiceDelivery key={selected.service} service={selected.service} listed={selected} />
          ) : (
            <Stack p="xl" gap="xs" maw={520}>
              <Title order={2} size="h4">
                What runs where
              </Title>
              <Text size="sm" c="dimmed">
                Each service’s environments with the version now in each, since when, deployed by whom under which change; its deployment
                history; and the commits and pull requests between any two of its versions.
              </Text>
            </Stack>
          )}
        </ScrollArea>
      </div>
    </>
  );
}
