/**
 * PagerDuty change events over the shared transport: `POST /v2/change/enqueue` on the
 * Events API v2 (https://events.pagerduty.com), informational events shown on the service
 * and beside its incidents; they never page anyone. The routing key is the service's
 * integration key, a secret (the same key can trigger alerts): it goes in the body only and
 * is scrubbed from every message.
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { HttpTransport, transportTuning, type ClientTuning, type VendorDialect } from '../http/transport';

interface ChangeEventTarget extends ClientTuning {
  /** The Events API's origin, e.g. https://events.pagerduty.com (https://events.eu.pagerduty.com, a simulator). */
  eventsUrl: string;
  /** The service's Events API v2 integration key. */
  routingKey: string;
}

interface ChangeEventContent {
  /** At most 1024 characters (longer is cut). */
  summary: string;
  /** When it happened, ISO 8601. */
  timestamp: string;
  /** Where the change happened (the pipeline's host); optional. */
  source: string | null;
  customDetails: Record<string, string>;
  links: { href: string; text: string }[];
}

/** PagerDuty's summary limit for a change event (Send a Change Event). */
const MAX_SUMMARY = 1024;

/** The 202 answer: {"status":"success","message":"Change event processed"}. */
const Accepted = z.looseObject({ status: z.string(), message: z.string().optional() });

/** The Events API's error body: {"status","message","errors":[...]}. */
const EventsApiError = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
});

/** What the Events API's refusals mean: a 400 is the event or its routing key; nothing here is worth retrying. */
const eventsApiDialect: VendorDialect = {
  errorText(json) {
    const parsed = EventsApiError.safeParse(json);
    if (!parsed.success) return '';
    const { status, message, errors } = parsed.data;
    const head = message ?? status ?? '';
    const details = (errors ?? []).map((item) => String(item));
    return details.length > 0 ? `${head}: ${details.join('; ')}` : head;
  },
  refusal({ status, label, said, vendorText }) {
    const hint = /routing key|routing_key/i.test(vendorText) ? '; check the integration key of the service' : '';
    return new ProviderError('rejected', `PagerDuty refused ${label} (${status})${said}${hint}`, status);
  },
};

/** Sends one change event; resolves once PagerDuty accepted it (202), rejects with what went wrong otherwise. */
export async function sendChangeEvent(target: ChangeEventTarget, content: ChangeEventContent): Promise<void> {
  const transport = new HttpTransport({
    vendor: 'PagerDuty',
    dialect: eventsApiDialect,
    secrets: [target.routingKey],
    ...transportTuning(target),
  });
  const body = {
    routing_key: target.routingKey,
    payload: {
      summary: content.summary.slice(0, MAX_SUMMARY),
      timestamp: content.timestamp,
      ...(content.source ? { source: content.source } : {}),
      custom_details: content.customDetails,
    },
    links: content.links,
  };
  await transport.request({
    method: 'POST',
    url: `${target.eventsUrl.replace(/\/+$/, '')}/v2/change/enqueue`,
    label: 'POST /v2/change/enqueue',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    schema: Accepted,
    // PagerDuty asks for 429s and 5xx to be retried; a repeated change event is harmless, a lost one is not.
    idempotent: true,
  });
}
