/**
 * The catalogue: search and filters, offerings grouped by owning team on the left, the
 * chosen offering (its page and form) on the right. When opened from an incident, a
 * banner says the request will be linked to it, and the list shows the offerings that
 * fit the incident's service (the catalogue's appliesTo), with a way to see them all.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  NativeSelect,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconFilter, IconLink, IconSearch } from '@tabler/icons-react';
import { errorMessage } from '../../client/console-client-error';
import type { OfferingKind, RiskLevel } from '../../../../shared/domain/catalogue';
import { useCatalogue } from './use-catalogue';
import { useConsoleArea } from './console-area';
import { KIND_LABEL, NO_FILTER, RISK_COLOR, RISK_LABEL, countFitting, groupOfferings, type CatalogueFilter } from './catalogue-model';
import { OfferingPage } from './offering-page';

export function CatalogueView() {
  const catalogue = useCatalogue();
  const offeringId = useConsoleArea((state) => state.offeringId);
  const openOffering = useConsoleArea((state) => state.openOffering);
  const raiseFrom = useConsoleArea((state) => state.raiseFrom);
  const clearRaiseFrom = useConsoleArea((state) => state.clearRaiseFrom);
  const [filter, setFilter] = useState<CatalogueFilter>(NO_FILTER);
  const [showAll, setShowAll] = useState(false);
  const service = raiseFrom?.facts.service ?? null;
  const fitting = catalogue.data && service ? countFitting(catalogue.data.catalogue, service) : 0;
  const forIncident = service !== null && fitting > 0 && !showAll;
  const groups = useMemo(
    () => (catalogue.data ? groupOfferings(catalogue.data.catalogue, { ...filter, service: forIncident ? service : null }) : []),
    [catalogue.data, filter, forIncident, service],
  );
  const offering = catalogue.data?.catalogue.offerings.find((candidate) => candidate.id === offeringId) ?? null;

  return (
    <>
      <div className="specialists-sidebar">
        <Stack gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          {service && catalogue.data && (
            <Group gap={6} wrap="nowrap" justify="space-between" aria-live="polite">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <IconFilter size={14} aria-hidden style={{ flexShrink: 0 }} />
                <Text size="xs" data-testid="incident-fit">
                  {fitting === 0
                    ? `Nothing in the catalogue names ${service.name}: all offerings are shown`
                    : forIncident
                      ? `For ${service.name}: ${fitting} ${fitting === 1 ? 'offering fits' : 'offerings fit'}`
                      : `All offerings (${fitting} fit ${service.name})`}
                </Text>
              </Group>
              {fitting > 0 && (
                <Button size="compact-xs" variant="subtle" onClick={() => setShowAll(!showAll)} style={{ flexShrink: 0 }}>
                  {showAll ? `Only what fits` : 'Show all'}
                </Button>
              )}
            </Group>
          )}
          <TextInput
            aria-label="Search the catalogue"
            placeholder="Search: restore, firewall, slow query…"
            leftSection={<IconSearch size={14} aria-hidden />}
            value={filter.query}
            onChange={(event) => setFilter({ ...filter, query: event.currentTarget.value })}
            size="xs"
          />
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label="Kind"
              value={filter.kind ?? 'all'}
              onChange={(value) => setFilter({ ...filter, kind: value === 'all' ? null : (value as OfferingKind) })}
              data={[
                { value: 'all', label: 'All' },
                { value: 'expertise', label: KIND_LABEL.expertise },
                { value: 'self-service', label: KIND_LABEL['self-service'] },
              ]}
            />
            <NativeSelect
              size="xs"
              aria-label="Risk"
              value={filter.risk ?? 'all'}
              onChange={(event) =>
                setFilter({ ...filter, risk: event.currentTarget.value === 'all' ? null : (event.currentTarget.value as RiskLevel) })
              }
              data={[
                { value: 'all', label: 'Any risk' },
                { value: 'low', label: RISK_LABEL.low },
                { value: 'medium', label: RISK_LABEL.medium },
                { value: 'high', label: RISK_LABEL.high },
              ]}
            />
          </Group>
        </Stack>
        <ScrollArea style={{ flex: 1 }} type="auto">
          {catalogue.isPending && (
            <Group gap="xs" p="sm">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Loading the catalogue…
              </Text>
            </Group>
          )}
          {catalogue.isError && (
            <Alert m="sm" color="red" icon={<IconAlertCircle size={16} />} title="Could not load the catalogue" role="alert">
              <Text size="sm">{errorMessage(catalogue.error)}</Text>
              <Button mt="xs" size="compact-xs" variant="default" onClick={() => void catalogue.refetch()}>
                Try again
              </Button>
            </Alert>
          )}
          {catalogue.data && groups.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              Nothing in the catalogue matches. Try fewer words, or another kind or risk{forIncident ? ', or show all offerings' : ''}.
            </Text>
          )}
          <nav aria-label="Offerings">
            {groups.map((group) => (
              <section key={group.team.id} aria-labelledby={`team-${group.team.id}`}>
                <Text id={`team-${group.team.id}`} size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="sm" pb={4}>
                  {group.team.name}
                </Text>
                {group.offerings.map((candidate) => (
                  <button
                    key={candidate.id}
                    type="button"
                    className="specialists-list-item"
                    aria-current={candidate.id === offeringId ? 'true' : undefined}
                    onClick={() => openOffering(candidate.id)}
                  >
                    <Text size="sm" fw={500}>
                      {candidate.title}
                    </Text>
                    <Group gap={4} mt={2}>
                      <Badge size="xs" variant="light" color={candidate.kind === 'expertise' ? 'indigo' : 'grape'}>
                        {KIND_LABEL[candidate.kind]}
                      </Badge>
                      <Badge size="xs" variant="dot" color={RISK_COLOR[candidate.risk]}>
                        {RISK_LABEL[candidate.risk]}
                      </Badge>
                    </Group>
                  </button>
                ))}
              </section>
            ))}
          </nav>
        </ScrollArea>
      </div>
      <div className="specialists-main">
        {raiseFrom && (
          <Alert color="indigo" variant="light" radius={0} icon={<IconLink size={16} />} py="xs">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm">
                Raising from incident #{raiseFrom.number}: {raiseFrom.title}. The request is linked to it
                {raiseFrom.major ? '; it is a major incident, so you can mark the ask urgent' : ''}.
              </Text>
              <CloseButton aria-label="Do not link to the incident" onClick={clearRaiseFrom} />
            </Group>
          </Alert>
        )}
        {offering && catalogue.data ? (
          <OfferingPage
            key={offering.id}
            offering={offering}
            catalogue={catalogue.data.catalogue}
            onCall={catalogue.data.onCallByTeam[offering.teamId] ?? []}
          />
        ) : (
          <Stack p="xl" gap="xs" maw={560}>
            <Title order={2} size="h4">
              {forIncident && service ? `What specialists offer for ${service.name}` : 'What specialist teams offer'}
            </Title>
            <Text size="sm" c="dimmed">
              Ask for expertise (a request in the team&apos;s queue) or run a self-service action yourself (with approval where it is
              risky). Choose an offering on the left
              {raiseFrom
                ? `; its form is filled in from incident #${raiseFrom.number} where the catalogue says how, and you can change everything before sending`
                : ''}
              .
            </Text>
          </Stack>
        )}
      </div>
    </>
  );
}
