/**
 * Events API v2 (`POST /v2/enqueue`): validates an event as PagerDuty does (its error
 * strings included), then triggers, acknowledges or resolves by dedup key. Answers 202
 * {"status":"success","message":"Event processed","dedup_key":...} or 400
 * {"status":"invalid event","message":"Event object is invalid","errors":[...]}.
 */
import { z } from 'zod';
import type { IdFactory } from './random';
import type { SimulatorState } from './state';
import type { AlertContext } from './types';

export interface EventsApiResult {
  status: number;
  body: Record<string, unknown>;
}

export const missing = (field: string) => `'${field}' is missing or blank`;

/** An Events API v2 integration key, as PagerDuty checks it (alert and change events alike). */
export const RoutingKey = z
  .string({ error: missing('routing_key') })
  .min(1, missing('routing_key'))
  .length(32, "Length of 'routing_key' is incorrect (should be 32 characters)")
  .regex(/^[a-zA-Z0-9]*$/, "'routing_key' cannot contain non-alphanumeric characters.");

export const Timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), "'payload.timestamp' is invalid (expected an ISO 8601 timestamp)");

export const Links = z.array(z.object({ href: z.string({ error: "'links[].href' is missing" }), text: z.string().optional() }));

export const Images = z.array(
  z.object({ src: z.string({ error: "'images[].src' is missing" }), href: z.string().optional(), alt: z.string().optional() }),
);

const Payload = z.object(
  {
    summary: z
      .string({ error: missing('payload.summary') })
      .trim()
      .min(1, missing('payload.summary')),
    source: z
      .string({ error: missing('payload.source') })
      .trim()
      .min(1, missing('payload.source')),
    severity: z.enum(['critical', 'error', 'warning', 'info'], {
      error: (issue) =>
        issue.input === undefined
          ? missing('payload.severity')
          : "'payload.severity' is invalid (expected one of: critical, error, warning, info)",
    }),
    timestamp: Timestamp.optional(),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional(),
    custom_details: z.unknown().optional(),
  },
  { error: "'payload' is missing or not an object" },
);

const EventSchema = z
  .object(
    {
      routing_key: RoutingKey,
      event_action: z.enum(['trigger', 'acknowledge', 'resolve'], {
        error: (issue) =>
          issue.input === undefined
            ? missing('event_action')
            : "'event_action' is invalid (expected one of: trigger, acknowledge, resolve)",
      }),
      dedup_key: z.string().max(255, "'dedup_key' is too long (maximum is 255 characters)").optional(),
      payload: Payload.optional(),
      client: z.string().optional(),
      client_url: z.string().optional(),
      links: Links.optional(),
      images: Images.optional(),
    },
    { error: 'Event object is not a JSON object' },
  )
  .superRefine((event, context) => {
    if (event.event_action === 'trigger' && event.payload === undefined) context.addIssue({ code: 'custom', message: missing('payload') });
    if (event.event_action !== 'trigger' && !event.dedup_key) context.addIssue({ code: 'custom', message: missing('dedup_key') });
  });

export function invalid(errors: string[]): EventsApiResult {
  return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
}

export function detailsOf(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { details: value };
}

/** Handles one Events API v2 alert event body (already read as text). */
export function handleEvent(state: SimulatorState, ids: IdFactory, rawBody: string): EventsApiResult {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return invalid(['Request body is not valid JSON']);
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) return invalid([...new Set(parsed.error.issues.map((issue) => issue.message))]);
  const event = parsed.data;
  const service = state.serviceForRoutingKey(event.routing_key);
  if (!service) return invalid(['Invalid routing key']);

  if (event.event_action === 'trigger' && event.payload) {
    const dedupKey = event.dedup_key || ids.key32();
    const contexts: AlertContext[] = [
      ...(event.links ?? []).map((link): AlertContext => ({
        type: 'link',
        href: link.href,
        ...(link.text !== undefined ? { text: link.text } : {}),
      })),
      ...(event.images ?? []).map((image): AlertContext => ({
        type: 'image',
        src: image.src,
        ...(image.href !== undefined ? { href: image.href } : {}),
        ...(image.alt !== undefined ? { alt: image.alt } : {}),
      })),
    ];
    state.triggerAlert({
      serviceId: service.id,
      summary: event.payload.summary.slice(0, 1024),
      severity: event.payload.severity,
      source: event.payload.source,
      dedupKey,
      component: event.payload.component ?? null,
      group: event.payload.group ?? null,
      eventClass: event.payload.class ?? null,
      details: detailsOf(event.payload.custom_details),
      contexts,
      client: event.client ?? null,
      clientUrl: event.client_url ?? null,
    });
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
  }

  const dedupKey = event.dedup_key ?? '';
  // Events are processed asynchronously by PagerDuty: an unknown dedup key is accepted and ignored.
  if (event.event_action === 'acknowledge') state.acknowledgeByDedupKey(service.id, dedupKey);
  else state.resolveByDedupKey(service.id, dedupKey);
  return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
}
