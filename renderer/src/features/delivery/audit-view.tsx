/**
 * The Delivery area's "Audit" tab, for change managers: over a period (whole UTC days; the
 * last 30 by default) and for all services or one, every production deployment with its
 * change (type, approved by whom and when, window), deployer and commits, the exceptions
 * flagged as badges with their sentence, then the changes closed without a deployment; the
 * counts by exception kind above, and how fresh the sources are. "Only exceptions" keeps
 * the rows a change manager acts on. Export CSV and JSON (shared/rules/audit-export.ts, the
 * command line's own files) and Print (audit-view.css: the tables alone, black on white,
 * headers on every page).
 */
import { Fragment, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertCircle, IconChevronDown, IconChevronRight, IconFileDownload, IconPrinter } from '@tabler/icons-react';
import type { AuditChange, AuditException, AuditReport, AuditRow, ChangeWithoutDeployment } from '../../../../shared/domain/audit';
import { auditCsv, auditFileName, auditJson } from '../../../../shared/rules/audit-export';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { useNow } from '../../state/use-now';
import { safeTicketUrl } from '../incidents/external-link';
import {
  EXCEPTION_COLOR,
  EXCEPTION_KINDS,
  EXCEPTION_LABEL,
  PRESETS,
  periodBounds,
  periodText,
  presetOf,
  presetPeriod,
  shownParts,
  type AuditPeriod,
} from './audit-model';
import { clockTime, shortDateTime } from './delivery-model';
import { SourceFreshnessLines } from './source-freshness';
import { useDeliveryServices } from './use-delivery';
import './audit-view.css';

const ALL_SERVICES = '';

export function AuditView() {
  const { client } = useConsole();
  const now = useNow(60_000);
  const [period, setPeriod] = useState<AuditPeriod>(() => presetPeriod('last-30', Date.now()));
  const [service, setService] = useState(ALL_SERVICES);
  const [onlyExceptions, setOnlyExceptions] = useState(false);
  const services = useDeliveryServices();
  const bounds = periodBounds(period);
  const report = useQuery({
    queryKey: ['delivery', 'audit', bounds.ok ? bounds.from : null, bounds.ok ? bounds.to : null, service],
    queryFn: () =>
      client.call('getAuditReport', {
        from: bounds.ok ? bounds.from : '',
        to: bounds.ok ? bounds.to : '',
        ...(service ? { service } : {}),
      }),
    enabled: bounds.ok,
    retry: 1,
    staleTime: 30_000,
    // A new period or service keeps the last report on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
  const preset = presetOf(period, now);
  const serviceNames = (services.data?.services ?? []).filter((summary) => summary.problem === null).map((summary) => summary.service);

  return (
    <div className="audit-view" data-testid="audit-view">
      <Stack gap="md" p="lg">
        <Stack gap={4}>
          <Title order={2} size="h3">
            Change audit
          </Title>
          <Text size="sm" c="dimmed" className="audit-no-print">
            Every production deployment of the period with the change it went out under, and the exceptions: a deployment without an
            approved change, one outside its change’s window, commits that cannot be traced, a change closed without a deployment.
          </Text>
        </Stack>

        <Group gap="md" align="flex-end" className="audit-no-print" role="group" aria-label="Period and service">
          <TextInput
            type="date"
            label="From (UTC)"
            size="xs"
            value={period.from}
            max={period.to || undefined}
            onChange={(event) => setPeriod({ ...period, from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label="To (UTC, included)"
            size="xs"
            value={period.to}
            min={period.from || undefined}
            onChange={(event) => setPeriod({ ...period, to: event.currentTarget.value })}
          />
          <Group gap={4} role="group" aria-label="Quick periods">
            {PRESETS.map((choice) => (
              <Button
                key={choice.value}
                size="compact-xs"
                variant={preset === choice.value ? 'filled' : 'default'}
                aria-pressed={preset === choice.value}
                onClick={() => setPeriod(presetPeriod(choice.value, Date.now()))}
              >
                {choice.label}
              </Button>
            ))}
          </Group>
          <NativeSelect
            label="Service"
            size="xs"
            value={service}
            onChange={(event) => setService(event.currentTarget.value)}
            data={[{ value: ALL_SERVICES, label: 'All services' }, ...serviceNames.map((name) => ({ value: name, label: name }))]}
          />
          <Switch
            label="Only exceptions"
            size="sm"
            checked={onlyExceptions}
            onChange={(event) => setOnlyExceptions(event.currentTarget.checked)}
            mb={4}
          />
        </Group>

        {!bounds.ok && (
          <Text size="sm" c="red" role="alert">
            {bounds.problem}
          </Text>
        )}
        {report.isPending && bounds.ok && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Building the audit…
            </Text>
          </Group>
        )}
        {report.isError && (
          <Alert color="red" icon={<IconAlertCircle size={16} />} title="Could not build the audit" role="alert">
            <Text size="sm">{errorMessage(report.error)}</Text>
            <Button mt="xs" size="compact-xs" variant="default" onClick={() => void report.refetch()}>
              Try again
            </Button>
          </Alert>
        )}
        {report.data && (
          <AuditReportView report={report.data} onlyExceptions={onlyExceptions} nowMs={now} stale={report.isPlaceholderData} />
        )}
      </Stack>
    </div>
  );
}

function AuditReportView({
  report,
  onlyExceptions,
  nowMs,
  stale,
}: {
  report: AuditReport;
  onlyExceptions: boolean;
  nowMs: number;
  stale: boolean;
}) {
  const shown = useMemo(() => shownParts(report, onlyExceptions), [report, onlyExceptions]);
  const period = { from: report.from.slice(0, 10), to: report.to.slice(0, 10) };
  return (
    <Stack gap="md" aria-busy={stale || undefined} style={stale ? { opacity: 0.6 } : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Text fw={600} data-testid="audit-scope">
            {periodText(period)} (UTC) · {report.service ?? 'All services'}
            {onlyExceptions ? ' · only exceptions' : ''}
          </Text>
          <Text size="xs" c="dimmed">
            Figures as of {clockTime(report.generatedAt, nowMs)}
          </Text>
          <SourceFreshnessLines sources={report.sources} />
        </Stack>
        <Group gap="xs" className="audit-no-print">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileDownload size={14} aria-hidden />}
            onClick={() => download(auditCsv(report), auditFileName(report, 'csv'), 'text/csv')}
          >
            Export CSV
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileDownload size={14} aria-hidden />}
            onClick={() => download(auditJson(report), auditFileName(report, 'json'), 'application/json')}
          >
            Export JSON
          </Button>
          <Button size="xs" variant="default" leftSection={<IconPrinter size={14} aria-hidden />} onClick={() => window.print()}>
            Print
          </Button>
        </Group>
      </Group>

      <AuditCounts report={report} />

      <Stack gap="xs" component="section" aria-labelledby="audit-deployments-title">
        <Title id="audit-deployments-title" order={3} size="h5">
          Production deployments ({shown.rows.length}
          {onlyExceptions ? ` of ${report.rows.length}` : ''})
        </Title>
        {shown.rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {onlyExceptions && report.rows.length > 0
              ? 'No production deployment of the period has an exception.'
              : 'No production deployment in this period.'}
          </Text>
        ) : (
          <DeploymentsTable rows={shown.rows} nowMs={nowMs} />
        )}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="audit-closed-title">
        <Title id="audit-closed-title" order={3} size="h5">
          Changes closed without a deployment ({shown.changesWithoutDeployment.length})
        </Title>
        {shown.changesWithoutDeployment.length === 0 ? (
          <Text size="sm" c="dimmed">
            No change of the period was closed as implemented without a production deployment of its version.
          </Text>
        ) : (
          <ClosedChangesTable entries={shown.changesWithoutDeployment} nowMs={nowMs} />
        )}
      </Stack>
    </Stack>
  );
}

/** Saves text as a file through the browser's download (a Blob and an <a download>). */
function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function AuditCounts({ report }: { report: AuditReport }) {
  return (
    <dl className="audit-counts" aria-label="Counts">
      <div>
        <dt>Production deployments</dt>
        <dd>{report.counts.deployments}</dd>
      </div>
      <div>
        <dt>With exceptions</dt>
        <dd>{report.counts.withExceptions}</dd>
      </div>
      {EXCEPTION_KINDS.map((kind) => (
        <div key={kind} data-kind={kind}>
          <dt>{EXCEPTION_LABEL[kind]}</dt>
          <dd>{report.counts.byKind[kind] ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}

const DEPLOYMENT_COLUMNS = [
  'Deployed at',
  'Service',
  'Environment',
  'Version',
  'Deployer',
  'Change',
  'Type',
  'Approved by',
  'Window',
  'Commits',
  'Exceptions',
] as const;

function DeploymentsTable({ rows, nowMs }: { rows: readonly AuditRow[]; nowMs: number }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <div className="audit-table-wrap">
      <Table className="audit-table" aria-label="Production deployments" striped={false} withTableBorder verticalSpacing={4} fz="xs">
        <Table.Thead>
          <Table.Tr>
            {DEPLOYMENT_COLUMNS.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const expanded = open.has(row.deploymentKey);
            return (
              <Fragment key={row.deploymentKey}>
                <Table.Tr data-deployment-key={row.deploymentKey} data-exceptions={row.exceptions.length || undefined}>
                  <Table.Td className="audit-nowrap" title={row.deployedAt}>
                    {shortDateTime(row.deployedAt, nowMs)}
                  </Table.Td>
                  <Table.Td>{row.service}</Table.Td>
                  <Table.Td>{row.environment}</Table.Td>
                  <Table.Td>
                    <code>{row.version}</code>
                    {row.state !== 'success' && row.state !== 'inactive' ? ` (${row.state.replace('_', ' ')})` : ''}
                  </Table.Td>
                  <Table.Td>{row.deployer ?? '–'}</Table.Td>
                  <ChangeCells change={row.change} nowMs={nowMs} />
                  <Table.Td className="audit-nowrap">
                    <CommitsToggle row={row} expanded={expanded} onToggle={() => toggle(row.deploymentKey)} />
                  </Table.Td>
                  <Table.Td>
                    <ExceptionList exceptions={row.exceptions} />
                  </Table.Td>
                </Table.Tr>
                {expanded && row.commits && (
                  <Table.Tr className="audit-commits-row">
                    <Table.Td colSpan={DEPLOYMENT_COLUMNS.length}>
                      <CommitList row={row} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** Number (a link to the change system's record), type, approvers with when, window: or "none" across. */
function ChangeCells({ change, nowMs }: { change: AuditChange | null; nowMs: number }) {
  if (!change)
    return (
      <>
        <Table.Td>None</Table.Td>
        <Table.Td>–</Table.Td>
        <Table.Td>–</Table.Td>
        <Table.Td>–</Table.Td>
      </>
    );
  const url = safeTicketUrl(change.url);
  return (
    <>
      <Table.Td className="audit-nowrap">
        {url ? (
          <Anchor href={url} target="_blank" rel="noopener noreferrer" fz="xs">
            {change.number}
          </Anchor>
        ) : (
          change.number
        )}
      </Table.Td>
      <Table.Td>{change.type}</Table.Td>
      <Table.Td>
        {change.approvedBy.length === 0
          ? change.type === 'standard'
            ? 'Pre-approved (standard)'
            : 'Nobody'
          : change.approvedBy.map((approver, index) => (
              <div key={`${approver.name}-${index}`}>
                {approver.name}
                {approver.at ? `, ${shortDateTime(approver.at, nowMs)}` : ''}
              </div>
            ))}
      </Table.Td>
      <Table.Td className="audit-nowrap">
        {change.plannedStart || change.plannedEnd ? (
          <>
            <div>{change.plannedStart ? shortDateTime(change.plannedStart, nowMs) : '…'} –</div>
            <div>{change.plannedEnd ? shortDateTime(change.plannedEnd, nowMs) : '…'}</div>
          </>
        ) : (
          'None planned'
        )}
      </Table.Td>
    </>
  );
}

function CommitsToggle({ row, expanded, onToggle }: { row: AuditRow; expanded: boolean; onToggle(): void }) {
  if (row.commits === null || row.totalCommits === null) return <>not read yet</>;
  if (row.totalCommits === 0) return <>0</>;
  const Icon = expanded ? IconChevronDown : IconChevronRight;
  return (
    <UnstyledButton
      onClick={onToggle}
      aria-expanded={expanded}
      aria-label={`${expanded ? 'Hide' : 'Show'} the ${row.totalCommits} commits of ${row.service} ${row.version}`}
      fz="xs"
      className="audit-commits-toggle"
    >
      <Icon size={12} aria-hidden /> {row.totalCommits}
    </UnstyledButton>
  );
}

function CommitList({ row }: { row: AuditRow }) {
  const commits = row.commits ?? [];
  const more = (row.totalCommits ?? commits.length) - commits.length;
  return (
    <ul className="audit-commits" aria-label={`Commits of ${row.service} ${row.version}`}>
      {commits.map((commit) => (
        <li key={commit.sha}>
          <code>{commit.sha.slice(0, 7)}</code> {commit.message}{' '}
          <Text span size="xs" c="dimmed">
            ({commit.author})
          </Text>
        </li>
      ))}
      {more > 0 && (
        <li>
          <Text span size="xs" c="dimmed">
            and {more} more (the first {commits.length} are listed)
          </Text>
        </li>
      )}
    </ul>
  );
}

function ExceptionList({ exceptions }: { exceptions: readonly AuditException[] }) {
  if (exceptions.length === 0) return <>–</>;
  return (
    <Stack gap={4}>
      {exceptions.map((exception, index) => (
        <div key={`${exception.kind}-${index}`} className="audit-exception" data-kind={exception.kind}>
          <Badge size="xs" variant="light" color={EXCEPTION_COLOR[exception.kind]} className="audit-badge">
            {EXCEPTION_LABEL[exception.kind]}
          </Badge>{' '}
          <span>{exception.message}</span>
        </div>
      ))}
    </Stack>
  );
}

const CLOSED_COLUMNS = ['Closed at', 'Service', 'Version', 'Change', 'Type', 'Approved by', 'Window', 'Exceptions'] as const;

function ClosedChangesTable({ entries, nowMs }: { entries: readonly ChangeWithoutDeployment[]; nowMs: number }) {
  return (
    <div className="audit-table-wrap">
      <Table className="audit-table" aria-label="Changes closed without a deployment" withTableBorder verticalSpacing={4} fz="xs">
        <Table.Thead>
          <Table.Tr>
            {CLOSED_COLUMNS.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.change.id} data-change-number={entry.change.number} data-exceptions={entry.exceptions.length || undefined}>
              <Table.Td className="audit-nowrap" title={entry.closedAt}>
                {shortDateTime(entry.closedAt, nowMs)}
              </Table.Td>
              <Table.Td>{entry.service}</Table.Td>
              <Table.Td>
                <code>{entry.version}</code>
              </Table.Td>
              <ChangeCells change={entry.change} nowMs={nowMs} />
              <Table.Td>
                <ExceptionList exceptions={entry.exceptions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
