// The simulator's answers checked against PagerDuty's official OpenAPI documents (../shared/specs).
// The REST spec is looser than the live API in known ways, relaxed here and only here:
// - many properties the API returns as null (resolved_at, auto_resolve_timeout, ...) lack `nullable`;
// - several `oneOf`s overlap (a log entry's channel matches two branches), so they are read as `anyOf`;
// - AcknowledgeLogEntry names its type "acknowledgement_log_entry" while LogEntry and the API say "acknowledge_log_entry";
// - format "url" is checked with the WHATWG URL parser (ajv-formats' regex refuses loopback hosts).
// include[] expansions are not modelled by the spec, so the answers checked here use references.
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { pd, sendEvent } from './pd-http';
import { referenceSpec } from '../../../support/reference-specs';

const REST_SPEC = referenceSpec('pagerduty-rest-v2.openapi.json', 'PagerDuty simulator conformance test');
const EVENTS_SPEC = REST_SPEC ? referenceSpec('pagerduty-events-v2.openapi.json', 'PagerDuty simulator conformance test') : null;

function relax(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relax);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key === 'oneOf' ? 'anyOf' : key] = relax(value);
  if (typeof out.type === 'string' && out.nullable === undefined) out.nullable = true;
  if (Array.isArray(out.enum) && out.enum.includes('acknowledgement_log_entry')) out.enum = [...out.enum, 'acknowledge_log_entry'];
  if (Array.isArray(out.enum) && out.nullable === true && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('url', (value: string) => URL.canParse(value));
  return ajv;
}

function pointer(...parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

const describeWithSpec = REST_SPEC && EVENTS_SPEC ? describe : describe.skip;

describeWithSpec('conformance with the official OpenAPI documents', () => {
  let sim: PagerDutySimulator;
  let rest: Ajv;
  let events: Ajv;
  const restResponse = (path: string, method: string, status: string): ValidateFunction =>
    rest.compile({ $ref: `rest#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}` });

  beforeAll(async () => {
    rest = makeAjv();
    rest.addSchema(relax(JSON.parse(readFileSync(REST_SPEC!, 'utf8'))) as object, 'rest');
    events = makeAjv();
    events.addSchema(JSON.parse(readFileSync(EVENTS_SPEC!, 'utf8')) as object, 'events');
    sim = await startPagerDutySimulator({ seedIncidents: 40, seed: 21 });
    const [first, second] = sim.state.listIncidents();
    await pd(sim, `/incidents/${first!.id}/notes`, { method: 'POST', body: { note: { content: 'Investigating' } } });
    await pd(sim, `/incidents/${first!.id}`, {
      body: { incident: { type: 'incident_reference', status: 'resolved', resolution: 'Fixed' } },
    });
    await pd(sim, `/incidents/${second!.id}`, { body: { incident: { type: 'incident_reference', escalation_level: 2 } } });
  });
  afterAll(async () => {
    await sim.close();
  });

  const cases: [string, string, (s: PagerDutySimulator) => string][] = [
    ['/incidents', 'get', () => '/incidents?limit=100&date_range=all'],
    ['/incidents/{id}', 'get', (s) => `/incidents/${s.state.listIncidents()[0]!.id}`],
    ['/incidents/{id}/notes', 'get', (s) => `/incidents/${s.state.listIncidents()[0]!.id}/notes`],
    ['/incidents/{id}/log_entries', 'get', (s) => `/incidents/${s.state.listIncidents()[1]!.id}/log_entries`],
    ['/incidents/{id}/alerts', 'get', (s) => `/incidents/${s.state.listIncidents()[1]!.id}/alerts`],
    ['/log_entries', 'get', () => '/log_entries?limit=100'],
    ['/users/me', 'get', () => '/users/me'],
    ['/users', 'get', () => '/users?limit=100'],
    ['/teams', 'get', () => '/teams'],
    ['/services', 'get', () => '/services?limit=100'],
    ['/escalation_policies', 'get', () => '/escalation_policies?limit=100'],
    ['/schedules', 'get', () => '/schedules?limit=100'],
    ['/oncalls', 'get', () => '/oncalls?limit=100'],
    ['/priorities', 'get', () => '/priorities'],
  ];

  it.each(cases)('%s %s answers as the spec says', async (path, method, url) => {
    const validate = restResponse(path, method, '200');
    const response = await pd(sim, url(sim));
    expect(response.status).toBe(200);
    const valid = validate(response.body);
    expect(valid, JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('answers writes and errors in the documented shapes', async () => {
    const incident = sim.state.listIncidents({ statuses: ['triggered'] })[0]!;
    const note = await pd(sim, `/incidents/${incident.id}/notes`, { method: 'POST', body: { note: { content: 'More news' } } });
    const noteSchema = restResponse('/incidents/{id}/notes', 'post', '200');
    expect(noteSchema(note.body), JSON.stringify(noteSchema.errors)).toBe(true);
    const bulk = await pd(sim, '/incidents', {
      body: { incidents: [{ id: incident.id, type: 'incident_reference', status: 'acknowledged' }] },
    });
    const bulkSchema = restResponse('/incidents', 'put', '200');
    expect(bulkSchema(bulk.body), JSON.stringify(bulkSchema.errors)).toBe(true);
    for (const [status, response] of [
      ['401', await pd(sim, '/incidents', { token: null })],
      ['404', await pd(sim, '/incidents/QNOPE0000000000')],
      ['400', await pd(sim, '/incidents?offset=10000')],
    ] as const) {
      expect(response.status).toBe(Number(status));
      const schema = rest.compile({
        $ref: `rest#/${pointer('components', 'responses', 'Conflict', 'content', 'application/json', 'schema')}`,
      });
      expect(schema(response.body), JSON.stringify(schema.errors)).toBe(true);
    }
  });

  it('answers snooze, responder requests and merge in the documented shapes', async () => {
    const [toSnooze, toHelp, target, source] = sim.state.listIncidents({ statuses: ['triggered'] }).slice(-4);
    await pd(sim, `/incidents/${toSnooze!.id}`, { body: { incident: { type: 'incident_reference', status: 'acknowledged' } } });
    const snoozed = await pd(sim, `/incidents/${toSnooze!.id}/snooze`, { method: 'POST', body: { duration: 3600 } });
    expect(snoozed.status).toBe(201);
    const snoozeSchema = restResponse('/incidents/{id}/snooze', 'post', '201');
    expect(snoozeSchema(snoozed.body), JSON.stringify(snoozeSchema.errors?.slice(0, 5))).toBe(true);

    const policy = sim.state.escalationPolicies[0]!;
    const helped = await pd(sim, `/incidents/${toHelp!.id}/responder_requests`, {
      method: 'POST',
      body: {
        requester_id: sim.state.me.id,
        message: 'Please join the bridge',
        responder_request_targets: [{ responder_request_target: { id: policy.id, type: 'escalation_policy_reference' } }],
      },
    });
    expect(helped.status).toBe(200);
    const helpSchema = restResponse('/incidents/{id}/responder_requests', 'post', '200');
    expect(helpSchema(helped.body), JSON.stringify(helpSchema.errors?.slice(0, 5))).toBe(true);
    const withResponders = await pd(sim, `/incidents/${toHelp!.id}`);
    const showSchema = restResponse('/incidents/{id}', 'get', '200');
    expect(showSchema(withResponders.body), JSON.stringify(showSchema.errors?.slice(0, 5))).toBe(true);

    const merged = await pd(sim, `/incidents/${target!.id}/merge`, {
      body: { source_incidents: [{ id: source!.id, type: 'incident_reference' }] },
    });
    expect(merged.status).toBe(200);
    const mergeSchema = restResponse('/incidents/{id}/merge', 'put', '200');
    expect(mergeSchema(merged.body), JSON.stringify(mergeSchema.errors?.slice(0, 5))).toBe(true);

    const shown = await pd(sim, `/escalation_policies/${policy.id}`);
    const policySchema = restResponse('/escalation_policies/{id}', 'get', '200');
    expect(policySchema(shown.body), JSON.stringify(policySchema.errors?.slice(0, 5))).toBe(true);
  });

  it('accepts the Events API example event and answers with the documented success body', async () => {
    const spec = JSON.parse(readFileSync(EVENTS_SPEC!, 'utf8')) as {
      paths: {
        '/enqueue': {
          post: { requestBody: { content: { 'application/json': { examples: { event: { value: Record<string, unknown> } } } } } };
        };
      };
    };
    const example = spec.paths['/enqueue'].post.requestBody.content['application/json'].examples.event.value;
    const routingKey = sim.state.routingKeyFor(sim.state.services[0]!.id);
    const requestSchema = events.compile({
      $ref: `events#/${pointer('paths', '/enqueue', 'post', 'requestBody', 'content', 'application/json', 'schema')}`,
    });
    const event = { ...example, routing_key: routingKey };
    expect(requestSchema(event)).toBe(true);
    const response = await sendEvent(sim, event);
    expect(response.status).toBe(202);
    const successSchema = events.compile({
      $ref: `events#/${pointer('components', 'responses', 'Success', 'content', 'application/json', 'schema')}`,
    });
    expect(successSchema(response.body), JSON.stringify(successSchema.errors)).toBe(true);
    expect(response.body.dedup_key).toBe(example.dedup_key);
  });
});
