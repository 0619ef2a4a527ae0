/**
 * The requested item (sc_req_item) as the specialist-request code reads it: the Table API
 * fields it asks for and their zod schemas, the item as the engine's SpecialistTicket, the
 * console's note marker, and refusals reworded to say what to do. Shared by the writes
 * (specialist-requests.ts) and the shared-record read (specialist-changes.ts).
 */
import { z } from 'zod';
import type { Ref } from '../../../shared/domain/incident';
import type { TicketStage } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import { CONSOLE_NOTE_MARKER, type SpecialistTicket } from '../../engine/ports/ticketing';
import { displayedRecord } from './schemas';
import { ServiceNowRefusal } from './servicenow-client';

export const ITEM_PATH = '/api/now/table/sc_req_item';
export const JOURNAL_PATH = '/api/now/table/sys_journal_field';
/** The Table API's date-time value form: UTC "YYYY-MM-DD HH:MM:SS". */
export const GLIDE_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export const STATE_WORK_IN_PROGRESS = '2';
export const STATE_CLOSED_COMPLETE = '3';
export const STATE_CLOSED_INCOMPLETE = '4';
export const CLOSED = new Set(['3', '4', '7']);
const STAGES: Record<string, TicketStage> = {
  '-5': 'on-hold',
  '1': 'new',
  '2': 'in-progress',
  '3': 'closed',
  '4': 'canceled',
  '7': 'canceled',
};
export const STATE_NAMES: Record<string, string> = {
  '-5': 'Pending',
  '1': 'Open',
  '2': 'Work in Progress',
  '3': 'Closed Complete',
  '4': 'Closed Incomplete',
  '7': 'Closed Skipped',
};

/** The requested item's fields the specialist-request code reads. */
const itemRead = displayedRecord([
  'number',
  'state',
  'assignment_group',
  'assigned_to',
  'correlation_id',
  'request',
  'short_description',
  'sys_updated_on',
]);
export const SnRequestedItem = itemRead.schema;
export type SnRequestedItem = z.output<typeof SnRequestedItem>;
export const SnRequestedItemList = z.object({ result: z.array(SnRequestedItem) });
export const SnRequestedItemEnvelope = z.object({ result: SnRequestedItem });
/** The query parameters that read requested items as SnRequestedItem expects them. */
export const DISPLAY_ALL = itemRead.query;

function requestedItemUrl(instanceUrl: string, sysId: string): string {
  return `${instanceUrl}/nav_to.do?uri=${encodeURIComponent(`sc_req_item.do?sys_id=${sysId}`)}`;
}

function ref(field: { value: string; display: string }): Ref | null {
  return field.value ? { id: field.value, name: field.display || field.value } : null;
}

export function toSpecialistTicket(item: SnRequestedItem, instanceUrl: string): SpecialistTicket {
  return {
    id: item.sys_id,
    number: item.number.value,
    url: requestedItemUrl(instanceUrl, item.sys_id),
    state: item.state.display || STATE_NAMES[item.state.value] || item.state.value,
    stage: STAGES[item.state.value] ?? 'in-progress',
    assignmentGroup: ref(item.assignment_group),
    assignedTo: ref(item.assigned_to),
  };
}

export function withMarker(text: string): string {
  return text.includes(CONSOLE_NOTE_MARKER) ? text : `${text.trimEnd()}\n\n${CONSOLE_NOTE_MARKER}`;
}

/** "2026-11-26 10:00:00" (UTC, the Table API's value form) -> "2026-11-26T10:00:00.000Z". */
export function isoFromGlideValue(value: string): string {
  return new Date(`${value.replace(' ', 'T')}Z`).toISOString();
}

/** A refusal reworded to say what was refused and what to do; other errors pass through. */
export function explain(error: unknown, action: string): unknown {
  if (!(error instanceof ServiceNowRefusal) || error.kind === 'auth') return error;
  const detail = [error.vendorMessage, error.vendorDetail].filter(Boolean).join(': ');
  if (error.status === 403)
    return new ProviderError(
      'rejected',
      `ServiceNow refused to ${action} (403): ${detail}; the integration user needs the catalog and itil roles`,
      403,
    );
  if (error.status === 404) return new ProviderError('rejected', `ServiceNow could not ${action} (404): ${detail || 'not found'}`, 404);
  return new ProviderError('rejected', `ServiceNow refused to ${action} (${error.status}): ${detail || error.message}`, error.status);
}
