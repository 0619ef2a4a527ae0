/**
 * PagerDuty change events: `POST /v2/change/enqueue` on the Events API v2 (validated as
 * PagerDuty documents it: a routing key and payload.summary required, summary at most 1024
 * characters, payloads at most 512 KB, about 120 events a minute per integration key, no
 * ruleset keys) and the log the REST API lists them from (GET /change_events,
 * /services/{id}/change_events). A change event never creates an alert, incident or
 * notification; PagerDuty keeps the last 90 days of them.
 */
import { z } from 'zod';
import { detailsOf, Images, invalid, Links, missing, RoutingKey, Timestamp, type EventsApiResult } from './events-api';
import type { IdFactory } from './random';
import type { SimulatorState } from './state';
import type { ChangeEventRecord } from './types';

export const CHANGE_EVENTS_PATH = '/v2/change/enqueue';

const DAY_MS = 24 * 3_600_000;
/** "PagerDuty will only keep the last 90 days of Change Events" (Send a Change Event). */
const RETENTION_MS = 90 * DAY_MS;
const MAX_SUMMARY = 1024;
/** "Events API payloads are limited to 512 KB" (Events API v2 Overview). */
const MAX_EVENT_BYTES = 512 * 1024;
/** "The limit is calculated over a 60 second window looking back from the current time" (Events API Rate Limits). */
const RATE_WINDOW_MS = 60_000;

export interface ChangeEventsOptions {
  perMinute: number;
  summaryOverLimit: 'reject' | 'truncate';
}

/** The change events received, oldest first, and the per-key look-back window of the rate limit. */
export class ChangeEventLog {
  private readonly events: ChangeEventRecord[] = [];
  private readonly byId = new Map<string, ChangeEventRecord>();
  private readonly recentByKey = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  add(event: ChangeEventRecord): void {
    this.events.push(event);
    this.byId.set(event.id, event);
  }

  /** A kept event by id (older than 90 days: gone). */
  get(id: string): ChangeEventRecord | undefined {
    const event = this.byId.get(id);
    return event && this.kept(event) ? event : undefined;
  }

  /** The kept events, newest first (by their timestamp). */
  list(): ChangeEventRecord[] {
    return this.events.filter((event) => this.kept(event)).sort((a, b) => b.timestamp - a.timestamp);
  }

  /** Counts one event for the key unless `perMinute` arrived in the last 60 s; false when refused. */
  admit(routingKey: string, perMinute: number): boolean {
    const now = this.now();
    const recent = (this.recentByKey.get(routingKey) ?? []).filter((at) => now - at < RATE_WINDOW_MS);
    const allowed = recent.length < perMinute;
    if (allowed) recent.push(now);
    this.recentByKey.set(routingKey, recent);
    return allowed;
  }

  private kept(event: ChangeEventRecord): boolean {
    return event.timestamp >= this.now() - RETENTION_MS;
  }
}

/**
 * The change event body (the Events API's createChangeEvent schema). The error texts follow
 * the simulator's alert events (the same Events API); PagerDuty does not document its
 * wording for change events.
 */
function changeEventSchema(summaryOverLimit: ChangeEventsOptions['summaryOverLimit']) {
  const summary = z
    .string({ error: missing('payload.summary') })
    .trim()
    .min(1, missing('payload.summary'));
  return z.object(
    {
      routing_key: RoutingKey.refine(
        (key) => !key.startsWith('R'),
        'Change events cannot be sent to ruleset integration keys (keys beginning with R): use the integration key of a service',
      ),
      payload: z.object(
        {
          summary:
            summaryOverLimit === 'reject'
              ? summary.max(MAX_SUMMARY, `'payload.summary' is too long (maximum is ${MAX_SUMMARY} characters)`)
              : summary.transform((text) => text.slice(0, MAX_SUMMARY)),
          source: z.string().optional(),
          timestamp: Timestamp.optional(),
          custom_details: z.unknown().optional(),
        },
        { error: (issue) => (issue.input === undefined ? missing('payload') : "'payload' is not an object") },
      ),
      links: Links.optional(),
      images: Images.optional(),
    },
    { error: 'Event object is not a JSON object' },
  );
}

/** The answer to a request the Events API did not take (DOCS SILENT on the body of a 429: P5's words, in the Error shape). */
function throttled(): EventsApiResult {
  return { status: 429, body: { status: 'Request Limit Exceeded', message: 'Request Limit Exceeded' } };
}

/** Handles one `POST /v2/change/enqueue` body (already read as text): stores the event on the routing key's service. */
export function handleChangeEvent(state: SimulatorState, ids: IdFactory, rawBody: string, options: ChangeEventsOptions): EventsApiResult {
  // Over 512 KB: refused as a bad request (the limit is documented, its answer is not).
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_EVENT_BYTES) return invalid(['Event object is larger than 512 KB']);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    // The Events API's documented error example.
    return {
      status: 400,
      body: { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors: ['JSON parse error'] },
    };
  }
  const parsed = changeEventSchema(options.summaryOverLimit).safeParse(json);
  if (!parsed.success) return invalid([...new Set(parsed.error.issues.map((issue) => issue.message))]);
  const event = parsed.data;
  const service = state.serviceForRoutingKey(event.routing_key);
  if (!service) return invalid(['Invalid routing key']);
  if (!state.changeEvents.admit(event.routing_key, options.perMinute)) return throttled();

  const { payload } = event;
  state.changeEvents.add({
    id: ids.changeEvent(),
    serviceId: service.id,
    integrationId: service.integration.id,
    summary: payload.summary,
    source: payload.source ?? null,
    // Without a timestamp the event is dated when it arrived (DOCS SILENT for change events).
    timestamp: payload.timestamp !== undefined ? Date.parse(payload.timestamp) : state.now(),
    customDetails: detailsOf(payload.custom_details),
    links: event.links ?? [],
    images: event.images ?? [],
  });
  // As PagerDuty answers a change event (its Go client's fixture); no dedup_key: a change event has none.
  return { status: 202, body: { status: 'success', message: 'Change event processed' } };
}
