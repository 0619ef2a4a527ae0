/**
 * Contract test: runs the PagerDuty provider against the simulator, captures every HTTP
 * exchange, and checks both sides against PagerDuty's official OpenAPI document
 * (../shared/specs/pagerduty-rest-v2.openapi.json): the operation exists (path template
 * and method), required parameters and headers are present, every query parameter is one
 * the operation knows (with a value its schema allows), and request bodies and 2xx
 * response bodies match the operation's schemas.
 *
 * Where the document is wrong or looser than PagerDuty in practice, the exemption is
 * listed in EXEMPTIONS below with its reason; nothing else is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPagerDutyProvider } from '../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import { describeApi, describeErrors, readApiDescription, type ApiDescription, type Json } from '../support/api-description';

const pagerDutyDocument = readApiDescription('pagerduty-rest-v2.openapi.json', 'PagerDuty contract test');

/**
 * Where the document does not describe PagerDuty as it is (or as the console must use
 * it). Each exemption is applied as a small, named rewrite of the document before
 * validation, so everything else is checked as written.
 */
const EXEMPTIONS = {
  /**
   * Every operation lists `Content-Type: application/json` as a required header, GETs
   * included. A GET has no body, so there is no content to type; PagerDuty accepts GETs
   * without it. The provider sends Content-Type on requests with a body only.
   */
  contentTypeOnlyWithBody: true,
  /**
   * Schemas that use `oneOf` between a reference and the full record (Incident.service:
   * ServiceReference | Service, first_trigger_log_entry: LogEntryReference |
   * TriggerLogEntry, the log entry union, ...) overlap: a full record also satisfies the
   * loose branches, so "exactly one" fails for valid data. `oneOf` is read as `anyOf`.
   */
  oneOfAsAnyOf: true,
  /**
   * Properties the document does not mark `nullable` although PagerDuty sends null for
   * them, most of them saying so in their own description: Incident.resolved_at ("null if
   * the incident is not resolved"), alert_grouping ("null if the incident has no
   * alerts"), priority / resolve_reason / conference_bridge (no priority, not resolved by
   * a reason, no bridge), Service.auto_resolve_timeout ("null if the feature is
   * disabled"), support_hours, auto_pause_notifications_parameters.timeout (pausing
   * disabled), AcknowledgeLogEntry.acknowledgement_timeout ("may also be null"),
   * Oncall.schedule / start / end ("if null, the on-call is a permanent user on-call"),
   * LogEntry.agent (entries written by PagerDuty itself: timeouts, escalations,
   * notifications). Only these names may be null; any other value must match.
   */
  nullableProperties: [
    'resolved_at',
    'alert_grouping',
    'priority',
    'resolve_reason',
    'conference_bridge',
    'auto_resolve_timeout',
    'support_hours',
    'timeout',
    'acknowledgement_timeout',
    'schedule',
    'start',
    'end',
    'agent',
  ],
  /**
   * LogEntry.incident is documented as an IncidentReference only, but with
   * `include[]=incidents` (which GET /log_entries lists as an allowed include) PagerDuty
   * embeds the whole incident: either is accepted.
   */
  logEntryIncidentMayBeIncluded: true,
  /**
   * AcknowledgeLogEntry.type is documented as "acknowledgement_log_entry", contradicting
   * LogEntry.type's own enum ("acknowledge_log_entry") and what PagerDuty sends; the
   * document's spelling is a typo. Both spellings are accepted.
   */
  acknowledgeLogEntryTypo: true,
  /**
   * LogEntry.type's enum has no "responder_request_log_entry", yet PagerDuty writes one to
   * the incident's log when responders are requested (integrations that read the log
   * handle that type). It is accepted as one more value of the enum, and the log entry
   * lists accept it as one more branch: a LogEntry whose type is exactly that.
   */
  responderRequestLogEntry: true,
  /**
   * User.contact_methods is documented as references only, but GET /users lists
   * `include[]=contact_methods`, which expands them into full contact methods (type
   * "email_contact_method", label, address). Either is accepted.
   */
  userContactMethodsMayBeIncluded: true,
} as const;

/** Applies EXEMPTIONS to a copy of the document (see each entry for why). */
function applyExemptions(doc: Json): Json {
  const copy = structuredClone(doc);
  const nullable = new Set<string>(EXEMPTIONS.nullableProperties);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const schema = node as Json;
    if (EXEMPTIONS.oneOfAsAnyOf && Array.isArray(schema.oneOf) && !schema.anyOf) {
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    }
    const properties = schema.properties;
    if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [name, value] of Object.entries(properties as Json)) {
        if (nullable.has(name) && value && typeof value === 'object') (properties as Json)[name] = { anyOf: [value, { type: 'null' }] };
      }
    }
    Object.values(schema).forEach(visit);
  };
  visit(copy.components);
  visit(copy.paths);
  if (EXEMPTIONS.logEntryIncidentMayBeIncluded) {
    const logEntry = ((copy.components as Json).schemas as Json).LogEntry as { allOf: Array<{ properties?: Json }> };
    const own = logEntry.allOf.find((part) => part.properties?.incident);
    if (!own?.properties) throw new Error('LogEntry.incident moved in the document: update logEntryIncidentMayBeIncluded');
    own.properties.incident = { anyOf: [own.properties.incident, { $ref: '#/components/schemas/Incident' }] };
  }
  if (EXEMPTIONS.responderRequestLogEntry) {
    const logEntry = ((copy.components as Json).schemas as Json).LogEntry as {
      allOf: Array<{ properties?: { type?: { enum?: string[] } } }>;
    };
    const type = logEntry.allOf.find((part) => part.properties?.type?.enum)?.properties?.type;
    if (!type?.enum) throw new Error('LogEntry.type moved in the document: update responderRequestLogEntry');
    type.enum = [...type.enum, 'responder_request_log_entry'];
    const branch = {
      allOf: [
        { $ref: '#/components/schemas/LogEntry' },
        { type: 'object', properties: { type: { const: 'responder_request_log_entry' } }, required: ['type'] },
      ],
    };
    let lists = 0;
    const addBranch = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(addBranch);
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      const union = schema.anyOf;
      if (Array.isArray(union) && union.some((each) => (each as Json).$ref === '#/components/schemas/AcknowledgeLogEntry')) {
        union.push(branch);
        lists += 1;
      }
      Object.values(schema).forEach(addBranch);
    };
    addBranch(copy.paths);
    if (lists === 0) throw new Error('The log entry unions moved in the document: update responderRequestLogEntry');
  }
  if (EXEMPTIONS.userContactMethodsMayBeIncluded) {
    const user = ((copy.components as Json).schemas as Json).User as {
      allOf: Array<{ properties?: { contact_methods?: { items?: unknown } } }>;
    };
    const methods = user.allOf.find((part) => part.properties?.contact_methods)?.properties?.contact_methods;
    if (!methods?.items) throw new Error('User.contact_methods moved in the document: update userContactMethodsMayBeIncluded');
    methods.items = { anyOf: [methods.items, { $ref: '#/components/schemas/ContactMethod' }] };
  }
  if (EXEMPTIONS.acknowledgeLogEntryTypo) {
    const ack = ((copy.components as Json).schemas as Json).AcknowledgeLogEntry as {
      allOf: Array<{ properties?: { type?: { enum?: string[] } } }>;
    };
    const type = ack.allOf.find((part) => part.properties?.type?.enum)?.properties?.type;
    if (!type?.enum) throw new Error('AcknowledgeLogEntry.type moved in the document: update acknowledgeLogEntryTypo');
    type.enum = [...type.enum, 'acknowledge_log_entry'];
  }
  return copy;
}

interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  responseBody: unknown;
}

const describeWithSpec = pagerDutyDocument ? describe : describe.skip;

describeWithSpec('PagerDuty REST v2 contract (provider requests and simulator responses)', () => {
  let api: ApiDescription;
  let sim: PagerDutySimulator;
  const exchanges: Exchange[] = [];

  const findOperation = (method: string, pathname: string) => api.findOperation(method, pathname);

  beforeAll(async () => {
    api = describeApi(applyExemptions(pagerDutyDocument!), {
      formats: {
        // Formats the document names that are not JSON Schema formats (time-zone names).
        'activesupport-time-zone': true,
        tzinfo: true,
        // ajv-formats' "url" refuses private and loopback hosts, and the simulator lives on 127.0.0.1.
        url: (value: string) => URL.canParse(value),
      },
    });

    sim = await startPagerDutySimulator({ seedIncidents: 10_150 });
    const capture: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const response = await fetch(input, init);
      const text = await response.clone().text();
      let responseBody: unknown = text;
      try {
        responseBody = JSON.parse(text);
      } catch {
        // Kept as text; a 2xx with a non-JSON body fails the checks below.
      }
      exchanges.push({
        method: init?.method ?? 'GET',
        url,
        headers,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        status: response.status,
        responseBody,
      });
      return response;
    };
    const config = { baseUrl: sim.baseUrl, token: 'contract-token', from: sim.state.me.email, fetch: capture };
    const everything = createPagerDutyProvider({ ...config, scope: {} });
    const team = sim.state.teams[0]!.id;
    const scoped = createPagerDutyProvider({
      ...config,
      scope: { teamIds: [team], serviceIds: sim.state.services.slice(0, 3).map((s) => s.id), assignedToMe: true },
    });

    await everything.whoAmI();
    // Over 10,000 open incidents: the load splits into since/until windows.
    const { incidents, cursor } = await everything.listOpenIncidents();
    await scoped.listOpenIncidents();
    const service = sim.state.services[0]!;
    await fetch(sim.eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        routing_key: sim.state.routingKeyFor(service.id),
        event_action: 'trigger',
        payload: {
          summary: 'Contract test alert',
          source: 'contract',
          severity: 'error',
          custom_details: { tenant: 'acme', runbook_url: 'https://runbooks.example.com/x' },
        },
        links: [{ href: 'https://grafana.example.com/d/1', text: 'Dashboard' }],
      }),
    });
    const changes = await everything.changesSince(cursor);
    const created = changes.changed.find((incident) => incident.title === 'Contract test alert') ?? incidents[0]!;
    await everything.getIncidentDetail(created.id);
    const claim = await everything.addNote(created.id, 'Raising a ServiceNow ticket for this incident.');
    await everything.updateNote(created.id, claim.id, 'Raised ServiceNow ticket INC0010001 for this incident.');
    const stray = await everything.addNote(created.id, 'Raising a ServiceNow ticket for this incident.');
    await everything.deleteNote(created.id, stray.id);
    await everything.incidentsNow([created.id, ...incidents.slice(0, 7).map((incident) => incident.id)]);
    await everything.addNote(created.id, 'Contract note');
    await everything.listNotes(created.id);
    const open = incidents
      .filter((incident) => incident.status === 'triggered')
      .slice(0, 4)
      .map((incident) => incident.id);
    await everything.acknowledge([created.id]);
    await everything.acknowledge(open.slice(0, 2));
    await everything.resolve(open.slice(2, 4), 'Fixed by rollback');
    await everything.resolve([created.id]);
    await everything.listServices();
    await everything.listOnCalls({ earliest: true });

    // Triage writes and the directory reads.
    const more = incidents
      .filter((incident) => incident.status === 'triggered')
      .slice(4, 10)
      .map((incident) => incident.id);
    const [toSnooze, toHelp, target, source, ...toChange] = more;
    const p2 = sim.state.getPriorityByName('P2')!;
    const policy = sim.state.escalationPolicies[1]!;
    await everything.updateIncidents(toChange, { urgency: 'low', priorityId: p2.id });
    await everything.updateIncidents(toChange, { assignTo: { userIds: [sim.state.me.id] } });
    await everything.updateIncidents(toChange, { assignTo: { escalationPolicyId: policy.id }, escalationLevel: 2 });
    await everything.updateIncidents(toChange, { priorityId: null });
    await everything.acknowledge([toSnooze!]);
    await everything.snooze(toSnooze!, 3600);
    await everything.addResponders(toHelp!, {
      userIds: [sim.state.users[1]!.id],
      escalationPolicyIds: [policy.id],
      message: 'Contract responders',
    });
    await everything.getIncidentDetail(toHelp!);
    await everything.merge(target!, [source!]);
    await everything.getDirectory();
    await everything.listOnCalls();
    await everything.listIncidentTimes(Date.now() - 30 * 24 * 3600_000);
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
  });

  it('captured every kind of request the provider makes', () => {
    const seen = new Set(
      exchanges.map(
        (exchange) => `${exchange.method} ${findOperation(exchange.method, exchange.url.pathname)?.template ?? exchange.url.pathname}`,
      ),
    );
    expect([...seen].sort()).toEqual(
      [
        'GET /users/me',
        'GET /incidents',
        'GET /log_entries',
        'GET /incidents/{id}',
        'GET /incidents/{id}/notes',
        'GET /incidents/{id}/log_entries',
        'GET /incidents/{id}/alerts',
        'POST /incidents/{id}/notes',
        'PUT /incidents/{id}/notes/{note_id}',
        'DELETE /incidents/{id}/notes/{note_id}',
        'PUT /incidents',
        'PUT /incidents/{id}',
        'GET /services',
        'GET /oncalls',
        'POST /incidents/{id}/snooze',
        'POST /incidents/{id}/responder_requests',
        'PUT /incidents/{id}/merge',
        'GET /users',
        'GET /teams',
        'GET /escalation_policies',
        'GET /escalation_policies/{id}',
        'GET /priorities',
      ].sort(),
    );
    expect(exchanges.some((exchange) => exchange.url.searchParams.has('since') && exchange.url.pathname === '/incidents')).toBe(true);
  });

  it('every request names an operation of the document', () => {
    const unknown = exchanges
      .filter((exchange) => !findOperation(exchange.method, exchange.url.pathname))
      .map((exchange) => `${exchange.method} ${exchange.url.pathname}`);
    expect(unknown).toEqual([]);
  });

  /** What is wrong with a request's parameters and headers, one line each. */
  const requestProblems = (exchange: Exchange): string[] => {
    const problems: string[] = [];
    const operation = findOperation(exchange.method, exchange.url.pathname);
    if (!operation) return [`${exchange.method} ${exchange.url.pathname}: no such operation`];
    const label = `${exchange.method} ${operation.template}`;
    const parameters = operation.parameters;
    for (const parameter of parameters.filter((each) => each.required)) {
      const name = String(parameter.name);
      if (parameter.in === 'header') {
        if (EXEMPTIONS.contentTypeOnlyWithBody && name.toLowerCase() === 'content-type' && exchange.body === undefined) continue;
        if (!(name.toLowerCase() in exchange.headers)) problems.push(`${label}: required header ${name} missing`);
      } else if (parameter.in === 'query' && !exchange.url.searchParams.has(name)) {
        problems.push(`${label}: required query parameter ${name} missing`);
      }
    }
    for (const name of new Set(exchange.url.searchParams.keys())) {
      const parameter = parameters.find((each) => each.in === 'query' && each.name === name);
      if (!parameter) {
        problems.push(`${label}: query parameter ${name} is not one the operation knows`);
        continue;
      }
      const schema = api.resolve(parameter.schema);
      const raw = exchange.url.searchParams.getAll(name);
      const values = parameter.explode === false ? raw.flatMap((value) => value.split(',')) : raw;
      const itemSchema = schema.type === 'array' ? api.resolve(schema.items) : schema;
      for (const value of values) {
        if (!api.ajv.validate(itemSchema, coerce(value, itemSchema)))
          problems.push(`${label}: ${name}=${value} does not match its schema (${api.ajv.errorsText()})`);
      }
    }
    if (exchange.headers.accept !== 'application/vnd.pagerduty+json;version=2')
      problems.push(`${label}: Accept is ${exchange.headers.accept}`);
    if (!/^Token token=\S+$/.test(exchange.headers.authorization ?? '')) problems.push(`${label}: Authorization is not "Token token=..."`);
    return problems;
  };

  /** What is wrong with a request body, or with a 2xx response body, one line each. */
  const bodyProblems = (exchange: Exchange, side: 'request' | 'response'): string[] => {
    const operation = findOperation(exchange.method, exchange.url.pathname);
    if (!operation) return [];
    const pointer = side === 'request' ? api.requestSchemaPointer(operation) : api.responseSchemaPointer(operation, exchange.status);
    const label = `${exchange.method} ${operation.template} ${side === 'response' ? exchange.status : 'request'}`;
    if (!pointer) return [`${label}: the operation declares no ${side === 'request' ? 'request body' : 'response body for this status'}`];
    const validate = api.validatorAt(pointer);
    const body = side === 'request' ? exchange.body : exchange.responseBody;
    return validate(body) ? [] : [`${label}: ${describeErrors(validate.errors)}`];
  };

  it('every request carries the required parameters and headers, and only known query parameters with allowed values', () => {
    expect([...new Set(exchanges.flatMap(requestProblems))]).toEqual([]);
  });

  it('every request body matches the operation schema', () => {
    expect(exchanges.filter((each) => each.body !== undefined).flatMap((each) => bodyProblems(each, 'request'))).toEqual([]);
  });

  it('every 2xx response body matches the operation schema', () => {
    const checkedPerOperation = new Map<string, number>();
    const problems = new Set<string>();
    // A 204 has no body to check (the document gives it no content): it must be empty.
    for (const exchange of exchanges.filter((each) => each.status === 204))
      if (exchange.responseBody !== '') problems.add(`${exchange.method} ${exchange.url.pathname} 204 with a body`);
    for (const exchange of exchanges.filter((each) => each.status >= 200 && each.status < 300 && each.status !== 204)) {
      // A few responses per operation are enough (the windowed load returns over a hundred pages).
      const key = `${exchange.method} ${findOperation(exchange.method, exchange.url.pathname)?.template}`;
      const checked = checkedPerOperation.get(key) ?? 0;
      if (checked >= 5) continue;
      checkedPerOperation.set(key, checked + 1);
      for (const problem of bodyProblems(exchange, 'response')) problems.add(problem);
    }
    expect([...problems]).toEqual([]);
  });

  it('the checks catch what they are meant to catch', () => {
    const exchange = (
      method: string,
      pathAndQuery: string,
      headers: Record<string, string>,
      body?: unknown,
      responseBody: unknown = {},
    ): Exchange => ({
      method,
      url: new URL(`http://127.0.0.1${pathAndQuery}`),
      headers,
      body,
      status: 200,
      responseBody,
    });
    const good = { accept: 'application/vnd.pagerduty+json;version=2', authorization: 'Token token=abc' };
    expect(requestProblems(exchange('GET', '/incidents?statuses[]=triggered', good))).toEqual([]);
    expect(requestProblems(exchange('GET', '/incidents?status=open', good))).toEqual([
      'GET /incidents: query parameter status is not one the operation knows',
    ]);
    expect(requestProblems(exchange('GET', '/incidents?statuses[]=open', good))[0]).toMatch(/statuses\[\]=open does not match/);
    expect(requestProblems(exchange('GET', '/incidents?limit=ten', good))[0]).toMatch(/limit=ten does not match/);
    expect(requestProblems(exchange('PUT', '/incidents', { ...good, 'content-type': 'application/json' }, { incidents: [] }))).toEqual([
      'PUT /incidents: required header From missing',
    ]);
    expect(requestProblems(exchange('GET', '/incidentz', good))).toEqual(['GET /incidentz: no such operation']);
    expect(requestProblems(exchange('GET', '/users/me', { authorization: 'Bearer x' }))).toEqual([
      'GET /users/me: required header Accept missing',
      'GET /users/me: Accept is undefined',
      'GET /users/me: Authorization is not "Token token=..."',
    ]);
    expect(bodyProblems(exchange('PUT', '/incidents/P1', good, { incident: { status: 'acknowledged' } }), 'request')[0]).toMatch(
      /must have required property 'type'/,
    );
    expect(bodyProblems(exchange('GET', '/users/me', good, undefined, { user: { id: 1 } }), 'response')[0]).toMatch(
      /\/user\/id must be string/,
    );
  });
});

function coerce(value: string, schema: Json): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
