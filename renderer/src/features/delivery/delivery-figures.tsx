/**
 * The four delivery figures as the Metrics tab draws them: a DORA band badge (its word,
 * never colour alone), each figure with its band or, when there is none, the reason in
 * words; the table of figures per service or per team; and the split by change type
 * (standard against normal, and emergency or "without a change" when they happened) side
 * by side, the figure that shows a change board what pre-approval buys.
 */
import { Badge, Stack, Table, Text } from '@mantine/core';
import type { DoraBand } from '../../../../shared/rules/delivery-metrics';
import { formatDurationWords } from '../../../../shared/rules/duration-words';
import {
  BAND_COLOR,
  frequencyText,
  rateText,
  shownSplits,
  SPLIT_LABEL,
  type ChangeTypeSplit,
  type DeliveryFigures,
  type SubjectDelivery,
} from './delivery-model';

export function BandBadge({ band }: { band: DoraBand | null }) {
  if (!band) return null;
  return (
    <Badge size="xs" variant="light" color={BAND_COLOR[band]} className="delivery-band" title={`DORA performance band: ${band}`}>
      {band}
    </Badge>
  );
}

type Measure = 'frequency' | 'leadTime' | 'changeFailureRate' | 'recoveryTime';

export const MEASURE_TITLE: Record<Measure, string> = {
  frequency: 'Deployment frequency',
  leadTime: 'Lead time for changes',
  changeFailureRate: 'Change failure rate',
  recoveryTime: 'Failed deployment recovery time',
};

export const MEASURES: readonly Measure[] = ['frequency', 'leadTime', 'changeFailureRate', 'recoveryTime'];

/** A figure's value and detail in words, or null (with the reason) when there is none. */
export function figureText(figures: DeliveryFigures, measure: Measure): { value: string | null; detail: string; reason: string | null } {
  switch (measure) {
    case 'frequency':
      return {
        value: frequencyText(figures),
        detail: `${figures.successful} successful of ${figures.deployments}`,
        reason: figures.frequency.reason,
      };
    case 'leadTime':
      return {
        value: figures.leadTime.medianMs === null ? null : formatDurationWords(figures.leadTime.medianMs),
        detail: `median; p90 ${formatDurationWords(figures.leadTime.p90Ms)}; ${figures.leadTime.count} measured${
          figures.leadTime.untraceable > 0 ? `, ${figures.leadTime.untraceable} untraceable` : ''
        }`,
        reason: figures.leadTime.reason,
      };
    case 'changeFailureRate':
      return {
        value: rateText(figures.changeFailureRate.rate),
        detail: `${figures.changeFailureRate.failed} failed of ${figures.deployments}`,
        reason: figures.changeFailureRate.reason,
      };
    case 'recoveryTime':
      return {
        value: figures.recoveryTime.medianMs === null ? null : formatDurationWords(figures.recoveryTime.medianMs),
        detail: `median; ${figures.recoveryTime.recovered} recovered${
          figures.recoveryTime.unrecovered > 0 ? `, ${figures.recoveryTime.unrecovered} not yet` : ''
        }`,
        reason: figures.recoveryTime.reason,
      };
  }
}

const bandOf = (figures: DeliveryFigures, measure: Measure): DoraBand | null => figures[measure].band;

/** One figure in a table cell: value, band and detail; or the reason there is none. */
function FigureCell({ figures, measure }: { figures: DeliveryFigures; measure: Measure }) {
  const { value, detail, reason } = figureText(figures, measure);
  if (value === null)
    return (
      <Table.Td>
        <Text size="xs" c="dimmed">
          {reason ?? 'No figure.'}
        </Text>
      </Table.Td>
    );
  return (
    <Table.Td>
      <Stack gap={0}>
        <Text size="sm" span style={{ fontVariantNumeric: 'tabular-nums' }}>
          {value} <BandBadge band={bandOf(figures, measure)} />
        </Text>
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      </Stack>
    </Table.Td>
  );
}

/** The figures per service or per team: one row each. */
export function FiguresTable({
  title,
  titleId,
  subjects,
  nameOf,
}: {
  title: string;
  titleId: string;
  subjects: readonly SubjectDelivery[];
  nameOf: (subject: SubjectDelivery) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table fz="sm" verticalSpacing={6} aria-labelledby={titleId} className="delivery-figures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{title}</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>
              Deployments
            </Table.Th>
            {MEASURES.map((measure) => (
              <Table.Th key={measure} scope="col">
                {MEASURE_TITLE[measure]}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {subjects.map((subject) => (
            <Table.Tr key={subject.id} data-subject={subject.id}>
              <Table.Th scope="row" fw={500}>
                {nameOf(subject)}
              </Table.Th>
              <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{subject.all.deployments}</Table.Td>
              {MEASURES.map((measure) => (
                <FigureCell key={measure} figures={subject.all} measure={measure} />
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Standard against normal (and emergency, none when present): a column each, a row per figure. */
export function ChangeTypeSplitTable({
  titleId,
  byChangeType,
}: {
  titleId: string;
  byChangeType: Record<ChangeTypeSplit, DeliveryFigures>;
}) {
  const splits = shownSplits(byChangeType);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table fz="sm" verticalSpacing={6} aria-labelledby={titleId} className="delivery-figures delivery-split">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Figure</Table.Th>
            {splits.map((split) => (
              <Table.Th key={split} scope="col" data-split={split}>
                {SPLIT_LABEL[split]}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row" fw={500}>
              Production deployments
            </Table.Th>
            {splits.map((split) => (
              <Table.Td key={split} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {byChangeType[split].deployments}
              </Table.Td>
            ))}
          </Table.Tr>
          {MEASURES.map((measure) => (
            <Table.Tr key={measure}>
              <Table.Th scope="row" fw={500}>
                {MEASURE_TITLE[measure]}
              </Table.Th>
              {splits.map((split) => (
                <FigureCell key={split} figures={byChangeType[split]} measure={measure} />
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
