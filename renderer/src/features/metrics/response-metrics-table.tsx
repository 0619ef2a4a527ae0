/**
 * The response-metrics table: the charts' figures for every service or team, plus the
 * counts behind them, sortable by any column (click a header; again to reverse). Each
 * name is a button that lists the incidents behind the row, as the bars do.
 */
import { useState } from 'react';
import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { formatDurationWords as formatDuration } from '../../../../shared/rules/duration-words';
import type { ResponseFigures } from '../../../../shared/rules/response-metrics';
import { DEFAULT_SORT, nextSort, sortFigures, type SortKey, type SortState } from './metrics-model';

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
  cell: (figures: ResponseFigures) => string;
}

const COLUMNS: Column[] = [
  { key: 'subject', label: '', numeric: false, cell: (f) => f.subject.name },
  { key: 'incidents', label: 'Incidents', numeric: true, cell: (f) => String(f.incidents) },
  { key: 'ackCount', label: 'Acknowledged', numeric: true, cell: (f) => String(f.timeToAcknowledge.count) },
  { key: 'ackMedian', label: 'TTA median', numeric: true, cell: (f) => formatDuration(f.timeToAcknowledge.medianMs) },
  { key: 'ackP90', label: 'TTA p90', numeric: true, cell: (f) => formatDuration(f.timeToAcknowledge.p90Ms) },
  { key: 'resolveCount', label: 'Resolved', numeric: true, cell: (f) => String(f.timeToResolve.count) },
  { key: 'resolveMedian', label: 'TTR median', numeric: true, cell: (f) => formatDuration(f.timeToResolve.medianMs) },
  { key: 'resolveP90', label: 'TTR p90', numeric: true, cell: (f) => formatDuration(f.timeToResolve.p90Ms) },
];

function SortHeader({ column, label, sort, onSort }: { column: Column; label: string; sort: SortState; onSort: (key: SortKey) => void }) {
  const active = sort.key === column.key;
  const Icon = !active ? IconSelector : sort.direction === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={{ textAlign: column.numeric ? 'right' : 'left', whiteSpace: 'nowrap' }}
    >
      <UnstyledButton onClick={() => onSort(column.key)} fz="xs" fw={600}>
        {label}
        <Icon size={12} aria-hidden style={{ marginLeft: 4, verticalAlign: '-1px', opacity: active ? 1 : 0.45 }} />
      </UnstyledButton>
    </Table.Th>
  );
}

export function ResponseMetricsTable({
  figures,
  overall,
  subjectLabel,
  onOpen,
}: {
  figures: ResponseFigures[];
  overall: ResponseFigures;
  subjectLabel: string;
  onOpen: (subjectId: string) => void;
}) {
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const rows = sortFigures(figures, sort);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm" aria-label={`Response metrics by ${subjectLabel.toLowerCase()}`}>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((column) => (
              <SortHeader
                key={column.key}
                column={column}
                label={column.label || subjectLabel}
                sort={sort}
                onSort={(key) => setSort(nextSort(sort, key))}
              />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((figure) => (
            <Table.Tr key={figure.subject.id || figure.subject.name}>
              {COLUMNS.map((column) => (
                <Table.Td key={column.key} style={{ textAlign: column.numeric ? 'right' : 'left', fontVariantNumeric: 'tabular-nums' }}>
                  {column.key === 'subject' ? (
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => onOpen(figure.subject.id)}
                      aria-haspopup="dialog"
                      title="List its incidents"
                    >
                      {column.cell(figure)}
                    </Anchor>
                  ) : (
                    column.cell(figure)
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            {COLUMNS.map((column) => (
              <Table.Th key={column.key} style={{ textAlign: column.numeric ? 'right' : 'left', fontVariantNumeric: 'tabular-nums' }}>
                {column.key === 'subject' ? 'All incidents' : column.cell(overall)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      <Text size="xs" c="dimmed" mt={6}>
        TTA: time to acknowledge, from trigger to the first acknowledgement. TTR: time to resolve, from trigger to resolution. p90: nine in
        ten were at least this fast. Incidents not yet acknowledged or resolved count only in the incidents column. Choose a name to list
        its incidents.
      </Text>
    </Table.ScrollContainer>
  );
}
