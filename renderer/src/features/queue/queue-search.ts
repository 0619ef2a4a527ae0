/**
 * Free-text search over what a row shows: title, number, service, team, assignees,
 * acknowledgers, tenant and the linked ticket's number. Each incident's (and ticket's)
 * lower-cased text is built once and cached by object identity (records are replaced,
 * never mutated, when they change), so typing re-scans strings, not objects.
 */
import type { Incident } from '../../../../shared/domain/incident';
import type { Ticket } from '../../../../shared/domain/ticket';

const haystacks = new WeakMap<Incident, string>();
const ticketHaystacks = new WeakMap<Ticket, string>();

/** Lower-case, accents folded, so "creme" finds "Crème". */
function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function searchText(incident: Incident): string {
  let text = haystacks.get(incident);
  if (text === undefined) {
    text = normaliseText(
      [
        incident.title,
        `#${incident.number}`,
        incident.service.name,
        incident.team?.name ?? '',
        ...incident.assignees.map((user) => user.name),
        ...incident.acknowledgedBy.map((user) => user.name),
        incident.tenant ?? '',
        incident.priority?.name ?? '',
      ].join('\n'),
    );
    haystacks.set(incident, text);
  }
  return text;
}

/** The words to look for: every one must appear (in any field, any order). */
export function searchTerms(query: string): string[] {
  return normaliseText(query)
    .split(/\s+/)
    .filter((term) => term.length > 0);
}

/** The ticket's searchable text: its number ("inc0010042"). */
function ticketSearchText(ticket: Ticket): string {
  let text = ticketHaystacks.get(ticket);
  if (text === undefined) {
    text = normaliseText(ticket.number);
    ticketHaystacks.set(ticket, text);
  }
  return text;
}

/** Every term appears in the incident's text or in its ticket's number. */
export function matchesSearch(incident: Incident, terms: readonly string[], ticket?: Ticket): boolean {
  const text = searchText(incident);
  const ticketText = ticket ? ticketSearchText(ticket) : '';
  for (const term of terms) if (!text.includes(term) && !ticketText.includes(term)) return false;
  return true;
}
