import { describe, expect, it } from 'vitest';
import { FormSchema } from '../../../shared/domain/catalogue';
import { fitsService, parseIncidentTemplate, prefillFromIncident, type IncidentFacts } from '../../../shared/domain/catalogue-incident';

const form = FormSchema.parse({
  type: 'object',
  required: ['database', 'symptoms'],
  properties: {
    database: {
      type: 'string',
      title: 'Database',
      oneOf: [
        { const: 'pg-payments', title: 'payments' },
        { const: 'pg-checkout', title: 'checkout' },
      ],
    },
    started_at: { type: 'string', title: 'Since when', format: 'date-time' },
    symptoms: { type: 'string', title: 'What you see', minLength: 20, maxLength: 200 },
    source: { type: 'string', title: 'From', maxLength: 20 },
    query: { type: 'string', title: 'The query' },
  },
});

const incident: IncidentFacts = {
  id: 'Q1ABC',
  number: 4211,
  title: 'Error rate above 5% on POST /v1/payments',
  service: { id: 'PSVC01', name: 'Payments API' },
  createdAt: '2026-01-06T14:02:11Z',
  htmlUrl: 'https://acme.pagerduty.com/incidents/Q1ABC',
};

const offering = {
  form,
  fromIncident: {
    database: { byService: { 'payments api': 'pg-payments', 'Checkout Web': 'pg-checkout' } },
    started_at: '{{incident.since}}',
    symptoms: 'Incident #{{incident.number}} on {{incident.service}}: {{incident.title}} ({{incident.link}})',
    source: '{{incident.service}}',
  },
};

describe('fitsService', () => {
  it('fits the services the offering names (by name or id, any case), every service for any-service, and none without appliesTo', () => {
    expect(fitsService({ appliesTo: { services: ['Payments API'] } }, incident.service)).toBe(true);
    expect(fitsService({ appliesTo: { services: ['psvc01'] } }, incident.service)).toBe(true);
    expect(fitsService({ appliesTo: { services: ['Checkout Web'] } }, incident.service)).toBe(false);
    expect(fitsService({ appliesTo: 'any-service' }, incident.service)).toBe(true);
    expect(fitsService({}, incident.service)).toBe(false);
  });
});

describe('prefillFromIncident', () => {
  it("fills the mapped fields with the incident's facts, and the choice its service maps to", () => {
    expect(prefillFromIncident(offering, incident)).toEqual({
      data: {
        database: 'pg-payments',
        started_at: '2026-01-06T14:02:11Z',
        symptoms: 'Incident #4211 on Payments API: Error rate above 5% on POST /v1/payments (https://acme.pagerduty.com/incidents/Q1ABC)',
        source: 'Payments API',
      },
      filled: ['database', 'started_at', 'symptoms', 'source'],
      left: [],
    });
  });

  it('leaves a choice alone when the service is not mapped, and a value the field would refuse, saying why', () => {
    const other = { ...incident, service: { id: 'PSVC99', name: 'A service with a long name' }, title: 'x'.repeat(300) };
    const prefill = prefillFromIncident(offering, other);
    expect(prefill.data).toEqual({ started_at: '2026-01-06T14:02:11Z' });
    expect(prefill.left).toEqual([
      { field: 'database', why: 'Database: the catalogue does not say which one A service with a long name uses' },
      { field: 'symptoms', why: expect.stringMatching(/^What you see takes at most 200 characters \(now \d+\)$/) },
      { field: 'source', why: 'From takes at most 20 characters (now 26)' },
    ]);
  });

  it('fills nothing the catalogue does not map', () => {
    expect(prefillFromIncident({ form }, incident)).toEqual({ data: {}, filled: [], left: [] });
  });
});

describe('parseIncidentTemplate', () => {
  it('knows the incident facts and nothing else', () => {
    expect(parseIncidentTemplate('#{{incident.number}} {{ incident.title }}')).toEqual({
      ok: true,
      parts: [{ text: '#' }, { name: 'incident.number' }, { text: ' ' }, { name: 'incident.title' }],
    });
    expect(parseIncidentTemplate('{{form.database}}')).toEqual({
      ok: false,
      problem: expect.stringContaining('"{{form.database}}" is not an incident fact'),
    });
    expect(parseIncidentTemplate('{{incident.title}')).toEqual({ ok: false, problem: expect.stringContaining('unbalanced braces') });
  });
});
