/**
 * The REST endpoint integration monitoring tools post alerts to:
 * `POST /integrations/generic/20131114/alert/{REST endpoint key}/{routing key}` with a JSON
 * alert. `message_type` is the only required field (S1, S2): CRITICAL opens an incident for
 * the `entity_id` (or rolls into its open one), WARNING rolls in or opens one only when the
 * org allows it, ACKNOWLEDGEMENT acknowledges, RECOVERY (or OK) resolves, INFO and any other
 * value land on the timeline only. Answers {"result":"success","entity_id":...} or
 * {"result":"failure","message":...} (S1).
 *
 * Not documented, chosen here: success is 200 and a refused alert 400; a wrong REST
 * endpoint key is 403 and another method than POST 405, both with a failure body; a
 * missing routing key routes by the org's default key; the documented field length limits are not enforced.
 */
import type { SplunkOnCallState } from './state';
import type { IncidentRecord, MessageType } from './types';

export const REST_ENDPOINT_PREFIX = '/integrations/generic/20131114/alert/';

interface RestEndpointAnswer {
  status: number;
  body: { result: 'success'; entity_id: string } | { result: 'failure'; message: string };
}

/** The alert fields the simulator reads (S1 "Recommended settings", S2 glossary); others are kept in `raw` only. */
export interface AlertFields {
  message_type: string;
  entity_id?: string;
  entity_display_name?: string;
  state_message?: string;
  monitoring_tool?: string;
  entity_is_host?: boolean;
  host_name?: string;
  ack_author?: string;
  ack_msg?: string;
  timestamp?: number;
  state_start_time?: number;
  service?: string;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(['CRITICAL', 'WARNING', 'ACKNOWLEDGEMENT', 'INFO', 'RECOVERY']);

/** Lower case is accepted (S1's own example sends "critical"); OK means RECOVERY; anything else is INFO (S2). */
function messageTypeOf(value: string): MessageType {
  const upper = value.trim().toUpperCase();
  if (upper === 'OK') return 'RECOVERY';
  return KNOWN_TYPES.has(upper) ? (upper as MessageType) : 'INFO';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

function seconds(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Serves one POST under REST_ENDPOINT_PREFIX. */
export function handleRestEndpoint(
  state: SplunkOnCallState,
  restEndpointKey: string,
  method: string,
  pathname: string,
  rawBody: string,
): RestEndpointAnswer {
  if (method !== 'POST') return failure(405, 'Alerts are sent with POST');
  const [key = '', routingKey, ...extra] = pathname.slice(REST_ENDPOINT_PREFIX.length).split('/');
  if (key !== restEndpointKey) return failure(403, 'Invalid REST endpoint key');
  if (extra.some((part) => part !== '')) return failure(400, 'The routing key is everything after the last "/"; it cannot contain "/"');
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return failure(400, 'The alert is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return failure(400, 'The alert must be a JSON object');
  const body = json as Record<string, unknown>;
  const messageType = text(body.message_type);
  if (!messageType) return failure(400, 'Missing fields: message_type');
  const fields: AlertFields = {
    message_type: messageType,
    entity_id: text(body.entity_id),
    entity_display_name: text(body.entity_display_name),
    state_message: text(body.state_message),
    monitoring_tool: text(body.monitoring_tool),
    entity_is_host: body.entity_is_host === true || body.entity_is_host === 'true',
    host_name: text(body.host_name) ?? text(body.hostname),
    ack_author: text(body.ack_author),
    ack_msg: text(body.ack_msg),
    timestamp: seconds(body.timestamp),
    state_start_time: seconds(body.state_start_time),
    service: text(body.service),
  };
  const { entityId } = ingestAlert(state, routingKey ? decodeURIComponent(routingKey) : null, fields, state.now(), rawBody);
  return { status: 200, body: { result: 'success', entity_id: entityId } };
}

function failure(status: number, message: string): RestEndpointAnswer {
  return { status, body: { result: 'failure', message } };
}

/**
 * What an alert does to the entity's incident (S1, S2, S3): the REST endpoint calls it for
 * every accepted alert, the demo to seed incidents and history.
 */
export function ingestAlert(
  state: SplunkOnCallState,
  routingKey: string | null,
  fields: AlertFields,
  at = state.now(),
  raw = JSON.stringify(fields),
): { entityId: string; incident?: IncidentRecord } {
  const messageType = messageTypeOf(fields.message_type);
  // "If missing, a random string is used" (S1, S2).
  const entityId = fields.entity_id ?? state.uuid();
  const alert = state.recordAlert({
    receivedAt: at,
    messageType,
    entityId,
    entityDisplayName: fields.entity_display_name,
    stateMessage: fields.state_message,
    monitoringTool: fields.monitoring_tool,
    hostName: fields.host_name,
    ackAuthor: fields.ack_author,
    ackMsg: fields.ack_msg,
    timestamp: fields.timestamp ?? Math.floor(at / 1000),
    stateStartTime: fields.state_start_time,
    raw,
  });
  const open = state.openIncidentFor(entityId);
  if (open) {
    const wasWarning = open.entityState === 'WARNING';
    state.rollIn(open, alert);
    if (messageType === 'CRITICAL' && open.phase === 'acknowledged' && wasWarning) state.retrigger(open);
    if (messageType === 'ACKNOWLEDGEMENT' && open.phase === 'triggered') state.acknowledge(open, { alert }, at);
    if (messageType === 'RECOVERY') state.resolve(open, { alert }, at);
    return { entityId, incident: open };
  }
  const opens = messageType === 'CRITICAL' || (messageType === 'WARNING' && state.settings.warningOpensIncident);
  // ACKNOWLEDGEMENT / RECOVERY for an entity with no open incident, INFO, and WARNING where
  // the org does not open incidents for it: accepted, on the timeline only.
  if (!opens) return { entityId };
  const isHost = fields.entity_is_host === true;
  const displayName = fields.entity_display_name ?? entityId;
  const incident = state.openIncident({
    alert,
    routingKey: state.routeFor(routingKey ?? ''),
    entityDisplayName: displayName,
    entityType: isHost ? 'HOST' : 'SERVICE',
    host: fields.host_name ?? (isHost ? displayName : undefined),
    service: fields.service ?? (isHost ? undefined : displayName),
  });
  return { entityId, incident };
}
