/**
 * The detail pane's Ticket section: the incident's linked ticket in the ticketing system
 * (number linking to it, state, assignment group, assignee, business service,
 * configuration item, priority, major incident flag), or "No ticket yet" with why.
 * Drawn from the snapshot, so it shows at once and follows ticketChanged events.
 */
import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { ActionRecord } from '../../../../shared/domain/action';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import type { Ticket, TicketStage } from '../../../../shared/domain/ticket';
import { useNow } from '../../state/use-now';
import { safeTicketUrl } from './external-link';
import { ticketAbsence, ticketAbsenceText } from './ticket-status';

/** The label column of the pane's field lists, shared so the incident's and the ticket's line up. */
export const DETAIL_LABEL_COLUMN = { gridTemplateColumns: 'minmax(9rem, max-content) 1fr' } as const;

const STAGE_COLORS: Record<TicketStage, string> = {
  new: 'blue',
  'in-progress': 'yellow',
  'on-hold': 'gray',
  resolved: 'green',
  closed: 'gray',
  canceled: 'gray',
};

interface TicketSectionProps {
  incidentId: string;
  ticket: Ticket | null;
  /** The ticketing system's connection; the section is left out when none is configured. */
  ticketing: ConnectionStatus | null;
  actions: readonly ActionRecord[];
}

export function TicketSection({ incidentId, ticket, ticketing, actions }: TicketSectionProps) {
  if (!ticketing && !ticket) return null;
  const system = ticketing?.label ?? ticket?.provider ?? 'Ticket';
  return (
    <Stack gap="xs" component="section" aria-label="Ticket">
      <Group gap={6}>
        <Title order={3} size="h6" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
          Ticket
        </Title>
        <Text size="xs" c="dimmed">
          {system}
        </Text>
      </Group>
      {ticket ? (
        <TicketFacts ticket={ticket} system={system} />
      ) : (
        ticketing && <NoTicket incidentId={incidentId} ticketing={ticketing} actions={actions} />
      )}
    </Stack>
  );
}

function TicketFacts({ ticket, system }: { ticket: Ticket; system: string }) {
  const href = safeTicketUrl(ticket.url);
  return (
    <>
      <Group gap="xs" wrap="wrap">
        {href ? (
          <Anchor
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            fw={600}
            size="sm"
            aria-label={`Open ticket ${ticket.number} in ${system}`}
          >
            {ticket.number} <IconExternalLink size={12} aria-hidden />
          </Anchor>
        ) : (
          <Text fw={600} size="sm">
            {ticket.number}
          </Text>
        )}
        <Badge size="sm" variant="light" color={STAGE_COLORS[ticket.stage]} data-stage={ticket.stage}>
          {ticket.state}
        </Badge>
      </Group>
      <dl className="detail-fields" style={DETAIL_LABEL_COLUMN} aria-label={`Ticket ${ticket.number}`}>
        <dt>Assignment group</dt>
        <dd>{ticket.assignmentGroup?.name ?? '–'}</dd>
        <dt>Assigned to</dt>
        <dd>{ticket.assignedTo?.name ?? 'Unassigned'}</dd>
        <dt>Business service</dt>
        <dd>{ticket.businessService?.name ?? '–'}</dd>
        <dt>Configuration item</dt>
        <dd>{ticket.configurationItem?.name ?? '–'}</dd>
        <dt>Priority</dt>
        <dd>{ticket.priority ?? '–'}</dd>
        <dt>Major incident</dt>
        <dd>
          {ticket.majorIncident ? (
            <Text span size="sm" c="red" fw={600}>
              Yes
            </Text>
          ) : (
            'No'
          )}
        </dd>
      </dl>
    </>
  );
}

function NoTicket({
  incidentId,
  ticketing,
  actions,
}: {
  incidentId: string;
  ticketing: ConnectionStatus;
  actions: readonly ActionRecord[];
}) {
  const now = useNow(1_000);
  const absence = ticketAbsence(incidentId, actions, ticketing, now);
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        No ticket yet
      </Text>
      <Text size="sm" c={absence.kind === 'openFailed' ? 'red' : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
        {ticketAbsenceText(absence)}
      </Text>
    </Stack>
  );
}
