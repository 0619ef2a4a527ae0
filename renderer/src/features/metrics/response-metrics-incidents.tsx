/**
 * The incidents behind a bar of the response-metrics view: a dialog over the drawer that
 * lists a service's or team's incidents of the window, slowest first by the measure the
 * bar showed (switchable), with number, title (and service, for a team), when each was
 * triggered, its time to acknowledge and to resolve, and a link to it in PagerDuty
 * (resolved incidents are not in the queue, so PagerDuty is where to read them). The engine sends the 50 slowest by
 * each measure; the dialog says when there are more.
 */
import { Anchor, Modal, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { MetricsIncident, ResponseFigures, ResponseMetrics } from '../../../../shared/rules/response-metrics';
import { incidentDurationText, incidentLink, incidentListSummary, incidentsBehind, type GroupBy, type Measure } from './metrics-model';

const triggeredText = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function IncidentRow({ incident, measure, groupBy }: { incident: MetricsIncident; measure: Measure; groupBy: GroupBy }) {
  const href = incidentLink(incident.htmlUrl);
  const emphasis = (which: Measure) => (which === measure ? 600 : undefined);
  return (
    <Table.Tr>
      <Table.Td data-column="number" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        #{incident.number}
      </Table.Td>
      <Table.Td data-column="title">
        <Text size="sm" lineClamp={2} title={incident.title}>
          {incident.title}
        </Text>
      </Table.Td>
      {groupBy === 'team' && <Table.Td>{incident.service.name}</Table.Td>}
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={incident.triggeredAt}>{triggeredText(incident.triggeredAt)}</time>
      </Table.Td>
      <Table.Td data-column="timeToAcknowledge" style={{ textAlign: 'right', whiteSpace: 'nowrap' }} fw={emphasis('timeToAcknowledge')}>
        {incidentDurationText(incident, 'timeToAcknowledge')}
      </Table.Td>
      <Table.Td data-column="timeToResolve" style={{ textAlign: 'right', whiteSpace: 'nowrap' }} fw={emphasis('timeToResolve')}>
        {incidentDurationText(incident, 'timeToResolve')}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {href ? (
          <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm" aria-label={`Open #${incident.number} in PagerDuty`}>
            Open <IconExternalLink size={12} aria-hidden style={{ verticalAlign: '-1px' }} />
          </Anchor>
        ) : (
          <Text size="xs" c="dimmed">
            no link
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function IncidentsDialog({
  opened,
  metrics,
  figures,
  measure,
  groupBy,
  onMeasure,
  onClose,
}: {
  opened: boolean;
  metrics: ResponseMetrics;
  /** The service's or team's figures (kept while the dialog closes, so its title stays). */
  figures: ResponseFigures | null;
  measure: Measure;
  groupBy: GroupBy;
  onMeasure: (measure: Measure) => void;
  onClose: () => void;
}) {
  const incidents = figures ? incidentsBehind(metrics, figures, measure) : [];
  const subject = figures?.subject.name ?? '';
  return (
    <Modal
      opened={opened && figures !== null}
      onClose={onClose}
      size="90%"
      title={
        <Text fw={700} size="lg" component="span">
          Incidents of {subject}
        </Text>
      }
      closeButtonProps={{ 'aria-label': `Close the incidents of ${subject}` }}
    >
      {figures && (
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Order"
            size="xs"
            w="fit-content"
            value={measure}
            onChange={(value) => onMeasure(value === 'timeToAcknowledge' ? 'timeToAcknowledge' : 'timeToResolve')}
            data={[
              { value: 'timeToAcknowledge', label: 'Slowest to acknowledge' },
              { value: 'timeToResolve', label: 'Slowest to resolve' },
            ]}
          />
          <Text size="sm">{incidentListSummary(figures, measure, incidents.length, metrics.windowDays)}</Text>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing={6} fz="sm" aria-label={`Incidents of ${subject}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Number</Table.Th>
                  <Table.Th>Title</Table.Th>
                  {groupBy === 'team' && <Table.Th>Service</Table.Th>}
                  <Table.Th>Triggered</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Time to acknowledge</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Time to resolve</Table.Th>
                  <Table.Th>PagerDuty</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {incidents.map((incident) => (
                  <IncidentRow key={incident.id} incident={incident} measure={measure} groupBy={groupBy} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Modal>
  );
}
