/**
 * One row of the queue: a selection checkbox and the "changed since you last looked"
 * marker, then the user's columns in their order. Memoised: a live update re-renders
 * only the rows whose incident, ticket, activity, selection or marker changed (incidents
 * and tickets are replaced, never mutated, so identity says what changed). Hover texts
 * are native titles and cached: a tooltip component per row would cost frames.
 */
import { memo, type MouseEvent } from 'react';
import { Tooltip } from '@mantine/core';
import { IconAlertCircle, IconPointFilled } from '@tabler/icons-react';
import type { Incident, Ref } from '../../../../shared/domain/incident';
import type { Ticket } from '../../../../shared/domain/ticket';
import { describeAction } from '../../../../shared/domain/action';
import { pendingLabel, type IncidentActivity } from '../actions/incident-activity';
import type { ColumnId } from '../queue/columns';
import type { ChangeKind } from '../queue/changed-marker';
import { MajorMark, StatusBadge, UrgencyLabel } from './status-label';
import { majorIncidentState, useMajorIncidents } from '../actions/major-incidents';
import { AgeText } from './age-text';
import { ticketHref } from '../queue/ticket-link';

export function rowDomId(incidentId: string): string {
  return `incident-row-${incidentId}`;
}

interface IncidentRowProps {
  incident: Incident;
  activity: IncidentActivity;
  /** The linked ticket, if any. */
  ticket: Ticket | null;
  columns: readonly ColumnId[];
  /** The row has the keyboard cursor. */
  cursor: boolean;
  /** The row is in the multi-selection (its checkbox). */
  checked: boolean;
  /** The row is what an action would act on now (aria-selected). */
  targeted: boolean;
  changed: ChangeKind | null;
  /** The platform's mark when it is not the workspace's first platform (queue/platforms.ts), else null. */
  platform: { name: string; compact: string } | null;
  /** "stale: Splunk On-Call could not be read since 14:02" while its platform cannot be read, else null. */
  stale: string | null;
  rowIndex: number;
  top: number;
  height: number;
  onPick(incidentId: string, event: MouseEvent): void;
  onToggle(incidentId: string): void;
}

const CHANGE_LABEL: Record<ChangeKind, string> = {
  new: 'New since you last looked',
  updated: 'Updated since you last looked',
};

export const IncidentRow = memo(function IncidentRow(props: IncidentRowProps) {
  const { incident, columns, cursor, checked, targeted, changed, platform, stale, rowIndex, top, height, onPick, onToggle } = props;
  return (
    <div
      role="row"
      title={stale ?? undefined}
      aria-description={stale ?? undefined}
      data-stale={stale ? true : undefined}
      id={rowDomId(incident.id)}
      aria-selected={targeted}
      aria-rowindex={rowIndex}
      data-incident-id={incident.id}
      data-status={incident.status}
      data-cursor={cursor || undefined}
      data-checked={checked || undefined}
      data-changed={changed ?? undefined}
      className="queue-row"
      style={{ height, transform: `translateY(${top}px)` }}
      onClick={(event) => onPick(incident.id, event)}
    >
      <div role="gridcell" className="queue-cell queue-lead" onClick={(event) => event.stopPropagation()}>
        {/* A native checkbox: dozens of rows mount per scroll frame, and it is the lightest. */}
        <input
          type="checkbox"
          className="queue-checkbox"
          checked={checked}
          onChange={() => onToggle(incident.id)}
          aria-label={`Select incident ${incident.number}`}
          tabIndex={-1}
        />
        {changed && (
          <span className="queue-changed" role="img" aria-label={CHANGE_LABEL[changed]} title={CHANGE_LABEL[changed]}>
            <IconPointFilled size={14} aria-hidden />
          </span>
        )}
      </div>
      {columns.map((column) => (
        <div key={column} role="gridcell" className="queue-cell" data-col={column}>
          <Cell column={column} incident={incident} activity={props.activity} ticket={props.ticket} platform={platform} />
        </div>
      ))}
    </div>
  );
});

interface CellProps {
  column: ColumnId;
  incident: Incident;
  activity: IncidentActivity;
  ticket: Ticket | null;
  platform: { name: string; compact: string } | null;
}

function Cell({ column, incident, activity, ticket, platform }: CellProps) {
  switch (column) {
    case 'status':
      return (
        <span className="queue-status">
          <StatusBadge
            status={incident.status}
            snoozedUntil={incident.snoozedUntil}
            pendingLabel={activity.pending ? pendingLabel(activity.pending.request.kind) : null}
          />
          {activity.failed && (
            <Tooltip
              label={`${describeAction(activity.failed.request)} failed: ${activity.failed.lastError ?? 'unknown error'}`}
              multiline
              maw={320}
            >
              <IconAlertCircle size={16} color="var(--mantine-color-red-filled)" aria-label="Last action failed" role="img" />
            </Tooltip>
          )}
        </span>
      );
    case 'urgency':
      return <UrgencyLabel urgency={incident.urgency} />;
    case 'priority':
      return incident.priority ? <span className="queue-priority">{incident.priority.name}</span> : <Empty label="No priority" />;
    case 'number':
      return <span className="queue-number">{incident.number}</span>;
    case 'title':
      return (
        <span className="queue-title-cell">
          {platform && <PlatformMark name={platform.name} compact={platform.compact} />}
          <QueueMajorMark incident={incident} activity={activity} ticket={ticket} />
          <span className="queue-title" title={incident.title}>
            {incident.title}
          </span>
        </span>
      );
    case 'service':
      return <Truncated text={incident.service.name} />;
    case 'team':
      return incident.team ? <Truncated text={incident.team.name} /> : <Empty label="No team" />;
    case 'assignees':
      return <People people={incident.assignees} none="Unassigned" />;
    case 'acknowledgedBy':
      return <People people={incident.acknowledgedBy} none="Not acknowledged" />;
    case 'created':
      return (
        <time dateTime={incident.createdAt} title={exactTime(incident.createdAt)} className="queue-time">
          {formatShort(incident.createdAt)}
        </time>
      );
    case 'age':
      return <AgeText since={incident.createdAt} />;
    case 'tenant':
      return incident.tenant ? <Truncated text={incident.tenant} /> : <Empty label="No tenant" />;
    case 'ticket':
      return ticket ? <TicketCell ticket={ticket} /> : <Empty label="No ticket" />;
  }
}

/** "Major" beside the status when the platform, the ticket, this window or a landed action says so; "Major…" while being declared. */
function QueueMajorMark({ incident, activity, ticket }: { incident: Incident; activity: IncidentActivity; ticket: Ticket | null }) {
  const declaredHere = useMajorIncidents((state) => state.declared.has(incident.id));
  const actions = [activity.pending, activity.done].filter((action): action is NonNullable<typeof action> => action !== null);
  const major = majorIncidentState(incident.id, {
    actions,
    declared: declaredHere ? useMajorIncidents.getState().declared : undefined,
    ticketMajor: ticket?.majorIncident,
    declaredInPaging: incident.declaredMajor,
  });
  if (major.kind === 'none') return null;
  return <MajorMark declaring={major.kind === 'declaring'} />;
}

/** The platform's compact mark ("SOC"), its name in the title and for screen readers: text, not colour alone. */
export function PlatformMark({ name, compact }: { name: string; compact: string }) {
  return (
    <span className="queue-platform" title={`From ${name}`} data-platform-mark={name}>
      <span aria-hidden>{compact}</span>
      <span className="queue-sr-only">{name}</span>
    </span>
  );
}

/** "INC0010042 · In Progress": the number links to the ticket, the state is coloured by stage. */
function TicketCell({ ticket }: { ticket: Ticket }) {
  const href = ticketHref(ticket.url);
  const group = ticket.assignmentGroup ? `Assignment group: ${ticket.assignmentGroup.name}` : 'No assignment group';
  return (
    <span className="queue-ticket" title={`${ticket.number} · ${ticket.state}\n${group}`}>
      {href ? (
        <a
          className="queue-ticket-number"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          tabIndex={-1}
          aria-label={`Open ticket ${ticket.number} (${ticket.state}) in the browser`}
          onClick={(event) => event.stopPropagation()}
        >
          {ticket.number}
        </a>
      ) : (
        <span className="queue-ticket-number">{ticket.number}</span>
      )}
      <span className="queue-dimmed" aria-hidden>
        {' · '}
      </span>
      <span className="queue-ticket-state" data-stage={ticket.stage}>
        {ticket.state}
      </span>
    </span>
  );
}

function Truncated({ text }: { text: string }) {
  return <span title={text}>{text}</span>;
}

function People({ people, none }: { people: readonly Ref[]; none: string }) {
  if (people.length === 0) return <span className="queue-dimmed">{none}</span>;
  const names = people.map((person) => person.name).join(', ');
  return <span title={names}>{names}</span>;
}

function Empty({ label }: { label: string }) {
  return (
    <span className="queue-dimmed" title={label}>
      <span aria-hidden>—</span>
      <span className="queue-sr-only">{label}</span>
    </span>
  );
}

const shortFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const exactFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The exact local time for a hover text: one shared formatter, each timestamp formatted once. */
const exactTimes = new Map<string, string>();
function exactTime(iso: string): string {
  let text = exactTimes.get(iso);
  if (text === undefined) {
    const at = new Date(iso);
    text = Number.isNaN(at.getTime()) ? iso : exactFormat.format(at);
    if (exactTimes.size >= 20_000) exactTimes.clear();
    exactTimes.set(iso, text);
  }
  return text;
}

function formatShort(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : shortFormat.format(at);
}
