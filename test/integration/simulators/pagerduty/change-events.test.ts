// PagerDuty change events over real HTTP: POST /v2/change/enqueue on the simulator's Events API
// (the documented example accepted, invalid events refused in PagerDuty's words, the ruleset-key,
// size and rate limits, no incident ever created) and the events read back through REST
// (GET /change_events, /change_events/{id}, /services/{id}/change_events) with their filters,
// checked against PagerDuty's OpenAPI documents in ../shared/specs where they are present.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startPagerDutySimulator,
  type PagerDutySimulator,
  type PagerDutySimulatorOptions,
} from '../../../../electron/simulators/pagerduty';
import { referenceSpec } from '../../../support/reference-specs';
import { pd } from './pd-http';

const REST_SPEC = referenceSpec('pagerduty-rest-v2.openapi.json', 'PagerDuty change events conformance');
const EVENTS_SPEC = referenceSpec('pagerduty-events-v2.openapi.json', 'PagerDuty change events conformance');

interface WireChangeEvent {
  id: string;
  type: string;
  summary: string;
  timestamp: string;
  source?: string;
  integration: { id: string; type: string };
  services: { id: string; type: string; summary: string }[];
  custom_details: Record<string, unknown>;
  links: { href: string; text?: string }[];
}

interface ChangeEventPage {
  change_events: WireChangeEvent[];
  limit: number;
  offset: number;
  more: boolean;
  total: number | null;
}

let sim: PagerDutySimulator;
let clock: number;

function start(options: PagerDutySimulatorOptions = {}): Promise<PagerDutySimulator> {
  return startPagerDutySimulator({ seedIncidents: 2, seed: 7, now: () => clock, ...options });
}

/** This test's simulator, with other options. */
async function restart(options: PagerDutySimulatorOptions): Promise<void> {
  await sim.close();
  sim = await start(options);
}

beforeEach(async () => {
  clock = Date.UTC(2026, 4, 12, 9, 30, 0);
  sim = await start();
});
afterEach(async () => {
  await sim.close();
});

function service(name: string) {
  const found = sim.state.getServiceByName(name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

function routingKey(name: string): string {
  return sim.state.routingKeyFor(service(name).id);
}

async function sendChange(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.baseUrl}/v2/change/enqueue`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const deploy = {
  summary: 'Change CHG0030001 raised: Payments API 1.4.2 (standard)',
  source: 'ci.example.com',
  custom_details: { change_number: 'CHG0030001', version: '1.4.2' },
};

describe('POST /v2/change/enqueue', () => {
  it('accepts a change event on the routing key’s service, answers as PagerDuty does, and creates no incident', async () => {
    const incidents = sim.state.incidentCount();
    const logEntries = sim.state.logEntriesBetween(undefined, undefined).length;
    const response = await sendChange({
      routing_key: routingKey('Payments API'),
      payload: deploy,
      links: [{ href: 'https://ci.example.com/runs/7', text: 'Pipeline run' }],
    });
    expect(response).toEqual({ status: 202, body: { status: 'success', message: 'Change event processed' } });
    expect(sim.state.incidentCount()).toBe(incidents);
    expect(sim.state.logEntriesBetween(undefined, undefined)).toHaveLength(logEntries);

    const listed = await pd<ChangeEventPage>(sim, `/services/${service('Payments API').id}/change_events`);
    expect(listed.status).toBe(200);
    expect(listed.body.change_events).toEqual([
      {
        id: expect.stringMatching(/^01[A-Z0-9]{24}$/),
        type: 'change_event',
        summary: deploy.summary,
        // Sent without a timestamp: dated when it arrived.
        timestamp: '2026-05-12T09:30:00Z',
        source: 'ci.example.com',
        integration: { id: service('Payments API').integration.id, type: 'inbound_integration_reference' },
        services: [expect.objectContaining({ id: service('Payments API').id, type: 'service_reference', summary: 'Payments API' })],
        custom_details: deploy.custom_details,
        links: [{ href: 'https://ci.example.com/runs/7', text: 'Pipeline run' }],
      },
    ]);
    expect(listed.body).toMatchObject({ limit: 25, offset: 0, more: false, total: null });
    const [event] = listed.body.change_events;
    expect((await pd<{ change_event: WireChangeEvent }>(sim, `/change_events/${event!.id}`)).body.change_event).toEqual(event);
    expect((await pd<ChangeEventPage>(sim, '/change_events')).body.change_events).toEqual([event]);
    expect((await pd<ChangeEventPage>(sim, `/services/${service('Checkout Web').id}/change_events`)).body.change_events).toEqual([]);
  });

  it('refuses invalid change events with 400 in PagerDuty’s words, and stores none of them', async () => {
    const key = routingKey('Payments API');
    const invalid = { status: 'invalid event', message: 'Event object is invalid' };
    expect(await sendChange('{"routing_key":')).toEqual({
      status: 400,
      body: { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors: ['JSON parse error'] },
    });
    expect(await sendChange({ payload: deploy })).toEqual({
      status: 400,
      body: { ...invalid, errors: ["'routing_key' is missing or blank"] },
    });
    expect(await sendChange({ routing_key: key })).toEqual({
      status: 400,
      body: { ...invalid, errors: ["'payload' is missing or blank"] },
    });
    expect(await sendChange({ routing_key: key, payload: { source: 'ci' } })).toEqual({
      status: 400,
      body: { ...invalid, errors: ["'payload.summary' is missing or blank"] },
    });
    expect((await sendChange({ routing_key: key, payload: { summary: '   ' } })).body.errors).toEqual([
      "'payload.summary' is missing or blank",
    ]);
    expect((await sendChange({ routing_key: key, payload: { summary: 'x'.repeat(1025) } })).body.errors).toEqual([
      "'payload.summary' is too long (maximum is 1024 characters)",
    ]);
    expect((await sendChange({ routing_key: 'abc', payload: deploy })).body.errors).toEqual([
      "Length of 'routing_key' is incorrect (should be 32 characters)",
    ]);
    expect((await sendChange({ routing_key: 'f'.repeat(32), payload: deploy })).body.errors).toEqual(['Invalid routing key']);
    expect((await sendChange({ routing_key: `R${'0'.repeat(31)}`, payload: deploy })).body.errors).toEqual([
      'Change events cannot be sent to ruleset integration keys (keys beginning with R): use the integration key of a service',
    ]);
    expect((await sendChange({ routing_key: key, payload: deploy, links: [{ text: 'no href' }] })).body.errors).toEqual([
      "'links[].href' is missing",
    ]);
    expect((await sendChange({ routing_key: key, payload: { ...deploy, timestamp: 'yesterday' } })).body.errors).toEqual([
      "'payload.timestamp' is invalid (expected an ISO 8601 timestamp)",
    ]);
    const huge = await sendChange({ routing_key: key, payload: { ...deploy, custom_details: { log: 'x'.repeat(513 * 1024) } } });
    expect(huge).toEqual({ status: 400, body: { ...invalid, errors: ['Event object is larger than 512 KB'] } });
    expect((await fetch(`${sim.baseUrl}/v2/change/enqueue`)).status).toBe(404);
    expect(sim.state.changeEvents.list()).toEqual([]);
  });

  it('takes about 120 events a minute per integration key, counted over the last 60 seconds', async () => {
    await restart({ changeEventsPerMinute: 2 });
    const key = routingKey('Payments API');
    expect((await sendChange({ routing_key: key, payload: deploy })).status).toBe(202);
    clock += 30_000;
    expect((await sendChange({ routing_key: key, payload: deploy })).status).toBe(202);
    const refused = await sendChange({ routing_key: key, payload: deploy });
    expect(refused).toEqual({ status: 429, body: { status: 'Request Limit Exceeded', message: 'Request Limit Exceeded' } });
    // Another service's key has its own limit.
    expect((await sendChange({ routing_key: routingKey('Checkout Web'), payload: deploy })).status).toBe(202);
    // The first event has left the 60-second look-back window, the second has not.
    clock += 30_001;
    expect((await sendChange({ routing_key: key, payload: deploy })).status).toBe(202);
    expect((await sendChange({ routing_key: key, payload: deploy })).status).toBe(429);
    expect(sim.state.changeEvents.list()).toHaveLength(4);
  });

  it('cuts an over-long summary at 1024 characters when configured to (PagerDuty does not document which it does)', async () => {
    await restart({ changeEventSummaryOverLimit: 'truncate' });
    expect((await sendChange({ routing_key: routingKey('Payments API'), payload: { summary: 'y'.repeat(2000) } })).status).toBe(202);
    expect(sim.state.changeEvents.list()[0]!.summary).toBe('y'.repeat(1024));
  });
});

describe('GET /change_events and /services/{id}/change_events', () => {
  async function seed(): Promise<void> {
    for (const [name, summary, timestamp] of [
      ['Payments API', 'Deployed Payments API 1.4.1', '2026-05-10T08:00:00Z'],
      ['Checkout Web', 'Deployed Checkout Web 5.3.1', '2026-05-11T08:00:00.000+0000'],
      ['Payments API', 'Deployed Payments API 1.4.2', '2026-05-12T08:00:00+02:00'],
      // Older than the 90 days PagerDuty keeps.
      ['Payments API', 'Deployed Payments API 1.0.0', '2026-01-01T08:00:00Z'],
    ] as const) {
      expect((await sendChange({ routing_key: routingKey(name), payload: { summary, timestamp } })).status).toBe(202);
    }
  }

  it('lists newest first with since/until, team and integration filters and offset paging; the last 90 days only', async () => {
    await seed();
    const all = await pd<ChangeEventPage>(sim, '/change_events?total=true');
    expect(all.body.change_events.map((event) => [event.summary, event.timestamp])).toEqual([
      ['Deployed Payments API 1.4.2', '2026-05-12T06:00:00Z'],
      ['Deployed Checkout Web 5.3.1', '2026-05-11T08:00:00Z'],
      ['Deployed Payments API 1.4.1', '2026-05-10T08:00:00Z'],
    ]);
    expect(all.body.total).toBe(3);

    const window = await pd<ChangeEventPage>(sim, '/change_events?since=2026-05-10T12:00:00Z&until=2026-05-12T06:00:00Z');
    expect(window.body.change_events.map((event) => event.summary)).toEqual(['Deployed Checkout Web 5.3.1']);

    const payments = service('Payments API');
    const byService = await pd<ChangeEventPage>(sim, `/services/${payments.id}/change_events?limit=1`);
    expect(byService.body).toMatchObject({ limit: 1, offset: 0, more: true });
    expect(byService.body.change_events.map((event) => event.summary)).toEqual(['Deployed Payments API 1.4.2']);
    const next = await pd<ChangeEventPage>(sim, `/services/${payments.id}/change_events?limit=1&offset=1`);
    expect(next.body).toMatchObject({ more: false, change_events: [expect.objectContaining({ summary: 'Deployed Payments API 1.4.1' })] });

    const byIntegration = await pd<ChangeEventPage>(sim, `/change_events?integration_ids[]=${service('Checkout Web').integration.id}`);
    expect(byIntegration.body.change_events.map((event) => event.summary)).toEqual(['Deployed Checkout Web 5.3.1']);
    const team = payments.teamIds[0]!;
    const byTeam = await pd<ChangeEventPage>(sim, `/change_events?team_ids[]=${team}`);
    const teamServices = new Set(sim.state.services.filter((each) => each.teamIds.includes(team)).map((each) => each.id));
    expect(byTeam.body.change_events.length).toBeGreaterThan(0);
    expect(byTeam.body.change_events.every((event) => teamServices.has(event.services[0]!.id))).toBe(true);
  });

  it('refuses non-UTC since/until with 400, and answers 404 for an unknown service or event', async () => {
    const offset = await pd(sim, `/change_events?since=${encodeURIComponent('2026-05-10T08:00:00+02:00')}`);
    expect(offset.status).toBe(400);
    expect(offset.body).toEqual({
      error: {
        message: "Invalid 'since' or 'until' Parameter Values",
        code: 2004,
        errors: ['since must be a UTC ISO 8601 datetime such as 2020-07-17T08:42:58Z (got "2026-05-10T08:00:00+02:00")'],
      },
    });
    expect((await pd(sim, '/change_events?until=2026-05-10')).status).toBe(400);
    expect((await pd(sim, '/services/PNOPE00/change_events')).status).toBe(404);
    expect((await pd(sim, '/change_events/01NOPE')).body).toEqual({ error: { message: 'Not Found', code: 2100 } });
    expect((await pd(sim, '/change_events', { token: null })).status).toBe(401);
  });
});

const describeWithSpecs = REST_SPEC && EVENTS_SPEC ? describe : describe.skip;

describeWithSpecs('conformance with the official OpenAPI documents', () => {
  /** As openapi-conformance.test.ts reads the REST document: `oneOf` as `anyOf`, typed properties nullable. */
  function relax(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(relax);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key === 'oneOf' ? 'anyOf' : key] = relax(value);
    if (typeof out.type === 'string' && out.nullable === undefined) out.nullable = true;
    return out;
  }
  const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  function makeAjv(): Ajv {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    ajv.addFormat('url', (value: string) => URL.canParse(value));
    return ajv;
  }

  it('accepts the document’s example change events, answers with its success shape, and lists them as its ChangeEvent', async () => {
    const eventsDoc = JSON.parse(readFileSync(EVENTS_SPEC!, 'utf8')) as {
      paths: Record<
        string,
        { post: { requestBody: { content: { 'application/json': { examples: Record<string, { value: { payload: object } }> } } } } }
      >;
    };
    const events = makeAjv();
    events.addSchema(eventsDoc, 'events');
    const requestSchema = events.compile({
      $ref: `events#/${pointer('paths', '/change/enqueue', 'post', 'requestBody', 'content', 'application/json', 'schema')}`,
    });
    const successSchema = events.compile({
      $ref: `events#/${pointer('components', 'responses', 'Success', 'content', 'application/json', 'schema')}`,
    });
    const errorSchema = events.compile({
      $ref: `events#/${pointer('components', 'responses', 'Error', 'content', 'application/json', 'schema')}`,
    });
    const examples = eventsDoc.paths['/change/enqueue']!.post.requestBody.content['application/json'].examples;
    for (const { value } of Object.values(examples)) {
      // Dated today: the examples' 2015 would be past the 90 days PagerDuty keeps.
      const event = {
        ...value,
        routing_key: routingKey('Payments API'),
        payload: { ...value.payload, timestamp: '2026-05-12T09:00:00.000+0000' },
      };
      expect(requestSchema(event), JSON.stringify(requestSchema.errors)).toBe(true);
      const response = await sendChange(event);
      expect(response.status).toBe(202);
      expect(successSchema(response.body), JSON.stringify(successSchema.errors)).toBe(true);
    }
    const refused = await sendChange({ routing_key: routingKey('Payments API'), payload: {} });
    expect(refused.status).toBe(400);
    expect(errorSchema(refused.body), JSON.stringify(errorSchema.errors)).toBe(true);

    const rest = makeAjv();
    rest.addSchema(relax(JSON.parse(readFileSync(REST_SPEC!, 'utf8'))) as object, 'rest');
    const response = (path: string) =>
      rest.compile({ $ref: `rest#/${pointer('paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema')}` });
    const listed = await pd<ChangeEventPage>(sim, '/change_events');
    expect(listed.body.change_events).toHaveLength(Object.keys(examples).length);
    const cases: [string, string][] = [
      ['/change_events', '/change_events'],
      ['/services/{id}/change_events', `/services/${service('Payments API').id}/change_events`],
      ['/change_events/{id}', `/change_events/${listed.body.change_events[0]!.id}`],
    ];
    for (const [template, url] of cases) {
      const validate = response(template);
      const answer = await pd(sim, url);
      expect(answer.status).toBe(200);
      expect(validate(answer.body), `${template}: ${JSON.stringify(validate.errors?.slice(0, 5))}`).toBe(true);
    }
  });
});
