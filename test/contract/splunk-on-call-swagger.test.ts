/**
 * Contract test: every response the Splunk On-Call simulator gives, for each route it
 * serves, checked against Splunk On-Call's published API description
 * (../shared/specs/splunk-on-call-api-v1.swagger.yaml, Swagger 2.0): the operation exists
 * (method and path template), the status is one the operation declares, and 2xx bodies
 * match the operation's response schema, read strictly: a body may not carry a property its
 * schema does not name (the document itself allows any, which would let a misspelled field
 * through). Also checked: the rate limit in force on each route is the one its description
 * states, and the request bodies this test sends are the documented shapes (so the
 * simulator is exercised as a client would call it).
 *
 * Where the document is incomplete or differs from live servers, the exemption is listed in
 * EXEMPTIONS below with its reason; nothing else is skipped. The REST endpoint integration
 * is not in the document (it lives on alert.victorops.com): its answers are checked against
 * the two shapes its guide documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../electron/simulators/splunk-on-call';
import { describeApi, describeErrors, readApiDescription, type ApiDescription, type Json } from '../support/api-description';

const original = readApiDescription('splunk-on-call-api-v1.swagger.yaml', 'Splunk On-Call contract test');

/**
 * Where the document does not describe Splunk On-Call as it is. Each exemption is a small,
 * named rewrite of the document (or of a check) before validation, so everything else is
 * checked as written.
 */
const EXEMPTIONS = {
  /**
   * Incidents from live servers carry entityDisplayName (the title), entityState, entityType
   * and routingKey, which ActiveIncidentInfo (L2949) lacks: the official Go client's
   * Incident struct and its test fixture read all four, a third-party dashboard reads them
   * too (research note §2.1, S8/S9). The console needs the title and the routing key, so the
   * simulator sends them; they are added to ActiveIncidentInfo's properties.
   */
  liveIncidentFields: { entityDisplayName: 'string', entityState: 'string', entityType: 'string', routingKey: 'string' },
  /**
   * GET /api-reporting/v2/incidents says "the total number of records available for that
   * query will be returned in the payload as 'total'" (L2830) but its 200 schema is
   * ActiveIncidentList (L2881), which has only `incidents`. The Go client reads total, offset
   * and limit, and each incident's endTime (S8 reporting.go). The operation's 200 schema is
   * read as ActiveIncidentList plus those three numbers, with items that may carry endTime.
   */
  reportingPage: true,
  /** Routing keys from live servers carry isMultiResponder (S8 routing_key.go), which RoutingKeyInfo (L3748) lacks. */
  routingKeyMultiResponder: true,
  /**
   * POST /api-public/v1/incidents/reroute declares only 200 (L513–L517), unlike every
   * sibling route. Bad credentials, a rate limit, a malformed body and an unknown userName
   * are answered there as on ack/resolve (400, 401, 403, 404): those statuses are accepted.
   */
  rerouteErrorStatuses: [400, 401, 403, 404],
  /**
   * No error response has a body schema (L282–L298). The one real error body on record is
   * {"message":"Too Many Requests"} (S11); every error the simulator sends is that shape,
   * which is what is checked instead: a JSON object with exactly one string, `message`.
   */
  errorBodiesAreMessages: true,
} as const;

interface Exchange {
  method: string;
  url: URL;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  /** Sent malformed on purpose (its request body is not checked against the document). */
  malformedOnPurpose: boolean;
}

/** Sets additionalProperties: false on every object schema that names its properties and says nothing about others. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.properties && typeof schema.properties === 'object' && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  Object.values(schema).forEach(closeObjects);
}

/** Applies EXEMPTIONS to a copy of the document, read strictly (see the top comment). */
function prepare(doc: Json): Json {
  const copy = structuredClone(doc);
  const definitions = copy.definitions as Record<string, { properties: Json }>;
  const paths = copy.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;
  for (const [name, type] of Object.entries(EXEMPTIONS.liveIncidentFields)) {
    definitions.ActiveIncidentInfo!.properties[name] = { type };
  }
  if (EXEMPTIONS.routingKeyMultiResponder) definitions.RoutingKeyInfo!.properties.isMultiResponder = { type: 'boolean' };
  if (EXEMPTIONS.reportingPage) {
    const ok = paths['/api-reporting/v2/incidents']!.get!.responses['200']!;
    if ((ok.schema as Json).$ref !== '#/definitions/ActiveIncidentList')
      throw new Error('The reporting 200 schema moved: update reportingPage');
    definitions.ReportingIncidentInfo = {
      ...structuredClone(definitions.ActiveIncidentInfo!),
      properties: { ...structuredClone(definitions.ActiveIncidentInfo!.properties), endTime: { type: 'string' } },
    };
    ok.schema = {
      type: 'object',
      properties: {
        incidents: { type: 'array', items: { $ref: '#/definitions/ReportingIncidentInfo' } },
        total: { type: 'number' },
        offset: { type: 'number' },
        limit: { type: 'number' },
      },
      required: ['incidents', 'total', 'offset', 'limit'],
    };
  }
  closeObjects(copy.definitions);
  closeObjects(copy.paths);
  closeObjects(copy.parameters);
  return copy;
}

const describeWithSpec = original ? describe : describe.skip;

describeWithSpec('Splunk On-Call API contract (simulator responses)', () => {
  let api: ApiDescription;
  let sim: SplunkOnCallSimulator;
  let limitedSim: SplunkOnCallSimulator;
  const exchanges: Exchange[] = [];
  const alertAnswers: { status: number; body: unknown }[] = [];

  const findOperation = (method: string, pathname: string) => api.findOperation(method, pathname);

  /** Calls the simulator as an API client and records the exchange. */
  const call = async (
    target: SplunkOnCallSimulator,
    method: string,
    pathAndQuery: string,
    options: { body?: unknown; headers?: Record<string, string>; malformedOnPurpose?: boolean } = {},
  ) => {
    const headers = { 'X-VO-Api-Id': 'contract-org', 'X-VO-Api-Key': 'contract-key', ...options.headers };
    const url = new URL(`${target.apiUrl}${pathAndQuery}`);
    const response = await fetch(url, {
      method,
      headers: options.body !== undefined ? { ...headers, 'Content-Type': 'application/json' } : headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let responseBody: unknown = text;
    try {
      responseBody = JSON.parse(text);
    } catch {
      // Kept as text; the checks below fail a non-JSON body.
    }
    exchanges.push({
      method,
      url,
      requestBody: options.body,
      status: response.status,
      responseBody,
      malformedOnPurpose: options.malformedOnPurpose ?? false,
    });
    return responseBody as Json;
  };

  beforeAll(async () => {
    api = describeApi(prepare(original!));

    sim = await startSplunkOnCallSimulator({ credentials: [{ apiId: 'contract-org', apiKey: 'contract-key' }], rateLimits: false });
    limitedSim = await startSplunkOnCallSimulator({ seedIncidents: false, historyDays: 0 });

    // The REST endpoint: an alert to act on, its acknowledgement, and a refused alert.
    for (const alert of [
      { message_type: 'CRITICAL', entity_id: 'contract/alert', entity_display_name: 'Contract alert', monitoring_tool: 'contract' },
      { message_type: 'ACKNOWLEDGEMENT', entity_id: 'contract/alert', ack_author: 'grace.liu', ack_msg: 'seen' },
      { entity_id: 'contract/no-type' },
    ]) {
      const response = await fetch(`${sim.restEndpointUrl}/payouts`, { method: 'POST', body: JSON.stringify(alert) });
      alertAnswers.push({ status: response.status, body: await response.json() });
    }

    // Reads.
    const { incidents } = (await call(sim, 'GET', '/api-public/v1/incidents')) as { incidents: Json[] };
    const alertUrl = incidents.flatMap((incident) => incident.transitions as Json[]).find((transition) => transition.alertUrl)?.alertUrl;
    await call(sim, 'GET', String(alertUrl));
    await call(sim, 'GET', '/api-public/v1/oncall/current');
    await call(sim, 'GET', '/api-public/v1/org/routing-keys');
    await call(sim, 'GET', '/api-public/v1/policies');
    const teams = (await call(sim, 'GET', '/api-public/v1/team')) as unknown as { slug: string }[];
    await call(sim, 'GET', `/api-public/v1/team/${teams[0]!.slug}/members`);
    await call(sim, 'GET', `/api-public/v1/team/${teams[1]!.slug}/policies`);
    await call(sim, 'GET', '/api-public/v1/user');
    await call(sim, 'GET', '/api-public/v1/user/grace.liu');
    await call(sim, 'GET', '/api-reporting/v2/incidents?limit=100&offset=0');
    await call(sim, 'GET', '/api-reporting/v2/incidents?currentPhase=triggered,acknowledged&routingKey=payouts');

    // Writes, with mixed outcomes.
    const number = (phase: string) => String(incidents.find((incident) => incident.currentPhase === phase)?.incidentNumber);
    const triggered = incidents
      .filter((incident) => incident.currentPhase === 'UNACKED')
      .map((incident) => String(incident.incidentNumber));
    await call(sim, 'PATCH', '/api-public/v1/incidents/ack', {
      body: { userName: 'grace.liu', incidentNames: [triggered[0], number('RESOLVED'), '99999'], message: 'Looking' },
    });
    await call(sim, 'PATCH', '/api-public/v1/incidents/resolve', {
      body: { userName: 'grace.liu', incidentNames: [triggered[0], number('RESOLVED')], message: 'Fixed' },
    });
    const leads = sim.state.policies[1]!;
    await call(sim, 'POST', '/api-public/v1/incidents/reroute', {
      body: {
        userName: 'isabel.moreno',
        reroutes: [
          {
            incidentNumber: triggered[1],
            targets: [
              { type: 'User', slug: 'kenji.watanabe' },
              { type: 'User', slug: 'ghost' },
            ],
          },
          { incidentNumber: triggered[2], targets: [{ type: 'EscalationPolicy', slug: leads.slug }] },
          { incidentNumber: number('RESOLVED'), targets: [{ type: 'User', slug: 'kenji.watanabe' }] },
        ],
      },
    });
    await call(sim, 'GET', '/api-public/v1/incidents');

    // Refusals.
    await call(sim, 'GET', '/api-public/v1/incidents', { headers: { 'X-VO-Api-Key': '' } });
    await call(sim, 'GET', '/api-public/v1/team', { headers: { 'X-VO-Api-Key': 'revoked' } });
    await call(sim, 'GET', '/api-public/v1/team/team-nope/members');
    await call(sim, 'GET', '/api-public/v1/team/team-nope/policies');
    await call(sim, 'GET', '/api-public/v1/user/nobody');
    await call(sim, 'GET', '/api-public/v1/alerts/nope');
    await call(sim, 'GET', '/api-reporting/v2/incidents?limit=500');
    await call(sim, 'PATCH', '/api-public/v1/incidents/ack', { body: { userName: 'mallory', incidentNames: ['1'] } });
    await call(sim, 'PATCH', '/api-public/v1/incidents/resolve', { body: { userName: 'grace.liu' }, malformedOnPurpose: true });
    await call(sim, 'POST', '/api-public/v1/incidents/reroute', { body: { userName: 'mallory', reroutes: [] } });
    await call(sim, 'POST', '/api-public/v1/incidents/reroute', {
      body: { userName: 'grace.liu', reroutes: [] },
      headers: { 'X-VO-Api-Id': '' },
    });
    for (const path of ['/api-public/v1/policies', '/api-reporting/v2/incidents']) {
      await call(limitedSim, 'GET', path);
      await call(limitedSim, 'GET', path);
    }
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    await limitedSim?.close();
  });

  it('exercised every route the simulator serves, and each is an operation of the document', () => {
    const seen = new Set(
      exchanges.map(
        (exchange) => `${exchange.method} ${findOperation(exchange.method, exchange.url.pathname)?.template ?? exchange.url.pathname}`,
      ),
    );
    expect([...seen].sort()).toEqual([...limitedSim.rateLimits.keys()].sort());
    expect(exchanges.filter((exchange) => !findOperation(exchange.method, exchange.url.pathname))).toEqual([]);
  });

  it('each route is limited as its description states ("60 times per minute", "once a minute")', () => {
    const paths = original!.paths as Record<string, Record<string, { description?: string }>>;
    const problems = [...limitedSim.rateLimits].flatMap(([route, limit]) => {
      const [method = '', template = ''] = route.split(' ');
      const description = paths[template]?.[method.toLowerCase()]?.description ?? '';
      const stated =
        /maximum of (\d+) times per minute/.exec(description)?.[1] ?? (/maximum of once a minute/.test(description) ? '1' : null);
      return stated === String(limit) ? [] : [`${route}: ${limit} a minute, the document says ${stated ?? 'nothing'}`];
    });
    expect(problems).toEqual([]);
    expect(
      exchanges.filter((exchange) => exchange.status === 403 && (exchange.responseBody as Json).message === 'Too Many Requests'),
    ).toHaveLength(2);
  });

  /** What is wrong with an exchange's status, or its body, one line each. */
  const responseProblems = (exchange: Exchange): string[] => {
    const operation = findOperation(exchange.method, exchange.url.pathname);
    if (!operation) return [`${exchange.method} ${exchange.url.pathname}: no such operation`];
    const label = `${exchange.method} ${operation.template} ${exchange.status}`;
    const responses = operation.op.responses as Json;
    const exempt =
      operation.template === '/api-public/v1/incidents/reroute' &&
      (EXEMPTIONS.rerouteErrorStatuses as readonly number[]).includes(exchange.status);
    if (!(String(exchange.status) in responses) && !exempt) return [`${label}: a status the operation does not declare`];
    if (exchange.status >= 300) {
      const body = exchange.responseBody as Json;
      const isMessage = !!body && typeof body === 'object' && Object.keys(body).join() === 'message' && typeof body.message === 'string';
      return EXEMPTIONS.errorBodiesAreMessages && isMessage
        ? []
        : [`${label}: the error body is not {"message": "..."}: ${JSON.stringify(body)}`];
    }
    const pointer = api.responseSchemaPointer(operation, exchange.status);
    if (!pointer) return [`${label}: the operation declares no body for this status`];
    const validate = api.validatorAt(pointer);
    return validate(exchange.responseBody) ? [] : [`${label}: ${describeErrors(validate.errors)}`];
  };

  /** What is wrong with a request body this test sent, one line. */
  const requestProblems = (exchange: Exchange): string[] => {
    const operation = findOperation(exchange.method, exchange.url.pathname);
    if (!operation || exchange.requestBody === undefined || exchange.malformedOnPurpose) return [];
    const pointer = api.requestSchemaPointer(operation);
    if (!pointer) return [`${exchange.method} ${operation.template}: the operation takes no body`];
    const validate = api.validatorAt(pointer);
    return validate(exchange.requestBody) ? [] : [`${exchange.method} ${operation.template} request: ${describeErrors(validate.errors)}`];
  };

  it('every response has a declared status, and every 2xx body matches the operation schema, read strictly', () => {
    expect(exchanges.flatMap(responseProblems)).toEqual([]);
    expect(exchanges.filter((exchange) => exchange.status === 200).length).toBeGreaterThan(15);
  });

  it('every request body sent is a documented shape', () => {
    expect(exchanges.flatMap(requestProblems)).toEqual([]);
  });

  it('the REST endpoint answers with the two shapes its guide documents', () => {
    expect(alertAnswers).toEqual([
      { status: 200, body: { result: 'success', entity_id: 'contract/alert' } },
      { status: 200, body: { result: 'success', entity_id: 'contract/alert' } },
      { status: 400, body: { result: 'failure', message: 'Missing fields: message_type' } },
    ]);
  });

  it('the checks catch what they are meant to catch', () => {
    const exchange = (method: string, path: string, status: number, responseBody: unknown): Exchange => ({
      method,
      url: new URL(`http://127.0.0.1${path}`),
      requestBody: undefined,
      status,
      responseBody,
      malformedOnPurpose: false,
    });
    expect(responseProblems(exchange('GET', '/api-public/v1/incidents', 200, { incidents: [{ incidentNumber: '1' }] }))).toEqual([]);
    expect(responseProblems(exchange('GET', '/api-public/v1/incidents', 200, { incidents: [{ incidentNumber: 1 }] }))[0]).toMatch(
      /incidentNumber must be string/,
    );
    expect(responseProblems(exchange('GET', '/api-public/v1/incidents', 200, { incidents: [{ entityDisplayname: 'typo' }] }))[0]).toMatch(
      /must NOT have additional properties/,
    );
    expect(responseProblems(exchange('GET', '/api-public/v1/oncall/current', 404, { message: 'Path not found' }))[0]).toMatch(
      /does not declare/,
    );
    expect(responseProblems(exchange('GET', '/api-public/v1/team', 403, { error: 'Forbidden' }))[0]).toMatch(/not \{"message"/);
    expect(responseProblems(exchange('GET', '/api-reporting/v2/incidents', 200, { incidents: [] }))[0]).toMatch(
      /required property 'total'/,
    );
    expect(responseProblems(exchange('GET', '/api-public/v1/incidentz', 200, {}))).toEqual([
      'GET /api-public/v1/incidentz: no such operation',
    ]);
  });
});
