/**
 * What a catalogue offering has to do with incidents, as the catalogue says it:
 *
 * - `appliesTo`: the paging services whose incidents it fits (names or ids, as the paging
 *   platform shows them), or "any-service". "Ask a specialist" from an incident opens the
 *   catalogue filtered to the offerings that fit the incident's service. An offering
 *   without `appliesTo` is not offered from incidents (it is still in the catalogue).
 * - `fromIncident`: which form fields are pre-filled from the incident, and with what. A
 *   text field takes a template of the incident's facts (`{{incident.title}}`,
 *   `{{incident.number}}`, `{{incident.service}}`, `{{incident.since}}`,
 *   `{{incident.link}}`); a date-and-time field takes exactly `{{incident.since}}`; a
 *   choice field takes `byService`, the choice for each service (a service not listed
 *   leaves the field for the person). Checked when the catalogue loads.
 *
 * Nothing is guessed: a field is pre-filled only when the catalogue maps it, and only
 * with a value the field accepts; the person can change everything before sending.
 */
import { z } from 'zod';
import type { FormField, FormSchema } from './catalogue';
import { checkField, fieldLabel } from './catalogue-form';

/** The incident facts an offering can use (a subset of the paging incident). */
export interface IncidentFacts {
  id: string;
  number: number | string;
  title: string;
  service: { id: string; name: string };
  /** When it started (ISO 8601). */
  createdAt: string;
  /** The incident in the paging platform's web app. */
  htmlUrl: string;
}

const ANY_SERVICE = 'any-service';

export const AppliesTo = z.union(
  [
    z.literal(ANY_SERVICE),
    z.strictObject({ services: z.array(z.string().trim().min(1, 'a service name is empty')).min(1, 'list at least one service') }),
  ],
  { error: 'must be "any-service" or {services: [<paging service name or id>, ...]}' },
);
export type AppliesTo = z.infer<typeof AppliesTo>;

/** The choice a choice field gets, per paging service (name or id). */
const ByService = z.strictObject({
  byService: z
    .record(z.string().trim().min(1), z.string())
    .refine((map) => Object.keys(map).length > 0, 'map at least one service to a choice'),
});

const FromIncidentRule = z.union([z.string().min(1), ByService], {
  error: 'must be a template such as "{{incident.title}}", or {byService: {<service>: <choice>}} for a choice field',
});
type FromIncidentRule = z.infer<typeof FromIncidentRule>;

/** Form field -> how it is filled from the incident. */
export const FromIncident = z.record(z.string(), FromIncidentRule);
export type FromIncident = z.infer<typeof FromIncident>;

/** The names a fromIncident template may use, with what they stand for. */
const INCIDENT_TEMPLATE_NAMES = {
  'incident.title': "the incident's title",
  'incident.number': "the incident's number",
  'incident.service': "the incident's service (its name)",
  'incident.since': 'when the incident started (date and time)',
  'incident.link': 'the link to the incident in the paging platform',
} as const;
type IncidentName = keyof typeof INCIDENT_TEMPLATE_NAMES;

type Part = { text: string } | { name: IncidentName };

/** The template's parts, or what is wrong with it. */
export function parseIncidentTemplate(template: string): { ok: true; parts: Part[] } | { ok: false; problem: string } {
  const parts: Part[] = [];
  let last = 0;
  const known = Object.keys(INCIDENT_TEMPLATE_NAMES)
    .map((name) => `{{${name}}}`)
    .join(', ');
  for (const match of template.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const before = template.slice(last, match.index);
    if (before.includes('{{') || before.includes('}}')) return { ok: false, problem: `unbalanced braces in ${JSON.stringify(template)}` };
    if (before) parts.push({ text: before });
    const name = (match[1] ?? '').trim();
    if (!Object.hasOwn(INCIDENT_TEMPLATE_NAMES, name))
      return { ok: false, problem: `"{{${name}}}" is not an incident fact (use ${known})` };
    parts.push({ name: name as IncidentName });
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  if (rest.includes('{{') || rest.includes('}}')) return { ok: false, problem: `unbalanced braces in ${JSON.stringify(template)}` };
  if (rest) parts.push({ text: rest });
  return { ok: true, parts };
}

function factOf(name: IncidentName, incident: IncidentFacts): string {
  switch (name) {
    case 'incident.title':
      return incident.title;
    case 'incident.number':
      return String(incident.number);
    case 'incident.service':
      return incident.service.name;
    case 'incident.since':
      return incident.createdAt;
    case 'incident.link':
      return incident.htmlUrl;
  }
}

function choicesOf(field: FormField): string[] | null {
  if (field.type !== 'string') return null;
  return field.enum ?? field.oneOf?.map((choice) => choice.const) ?? null;
}

/** A problem in an offering's incident settings, by its path inside the offering. */
export interface IncidentIssue {
  path: (string | number)[];
  message: string;
  atKey?: boolean;
}

/** appliesTo: no service listed twice. */
export function checkAppliesTo(appliesTo: AppliesTo | undefined): IncidentIssue[] {
  if (appliesTo === undefined || appliesTo === ANY_SERVICE) return [];
  const seen = new Set<string>();
  const issues: IncidentIssue[] = [];
  for (const [index, service] of appliesTo.services.entries()) {
    const key = service.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path: ['appliesTo', 'services', index], message: `"${service}" is listed twice` });
    seen.add(key);
  }
  return issues;
}

/** fromIncident: every rule names a form field and fits it (see the module comment). */
export function checkFromIncident(form: FormSchema, fromIncident: FromIncident | undefined): IncidentIssue[] {
  if (!fromIncident) return [];
  const issues: IncidentIssue[] = [];
  const fields = Object.keys(form.properties).join(', ');
  for (const [name, rule] of Object.entries(fromIncident)) {
    const at = (...rest: (string | number)[]) => ['fromIncident', name, ...rest];
    const field = form.properties[name];
    if (!field) {
      issues.push({ path: at(), message: `"${name}" is not a field of the form (fields: ${fields})`, atKey: true });
      continue;
    }
    const choices = choicesOf(field);
    if (typeof rule !== 'string') {
      if (!choices) {
        issues.push({
          path: at('byService'),
          message: `byService fits a field with choices (enum or oneOf); ${fieldLabel(name, field)} takes ${field.type === 'string' ? 'free text: give it a template such as "{{incident.service}}"' : field.type}`,
          atKey: true,
        });
        continue;
      }
      for (const [service, choice] of Object.entries(rule.byService)) {
        if (!choices.includes(choice))
          issues.push({ path: at('byService', service), message: `"${choice}" is not one of the field's choices (${choices.join(', ')})` });
      }
      continue;
    }
    if (field.type !== 'string') {
      issues.push({
        path: at(),
        message: `only text fields are filled from an incident; ${fieldLabel(name, field)} is ${field.type === 'array' ? 'a list' : `a ${field.type}`}`,
      });
      continue;
    }
    if (choices) {
      issues.push({ path: at(), message: `${fieldLabel(name, field)} is a choice: fill it with byService: {<service>: <choice>}` });
      continue;
    }
    const parsed = parseIncidentTemplate(rule);
    if (!parsed.ok) {
      issues.push({ path: at(), message: parsed.problem });
      continue;
    }
    if (
      field.format === 'date-time' &&
      (parsed.parts.length !== 1 || !('name' in parsed.parts[0]!) || parsed.parts[0].name !== 'incident.since')
    ) {
      issues.push({ path: at(), message: `${fieldLabel(name, field)} takes a date and time: use exactly "{{incident.since}}"` });
    } else if (field.format !== 'date-time' && parsed.parts.some((part) => 'name' in part && part.name === 'incident.since')) {
      issues.push({ path: at(), message: `{{incident.since}} fits a date-and-time field (format: date-time), not free text` });
    }
    if (field.format === 'email')
      issues.push({ path: at(), message: `${fieldLabel(name, field)} takes an email address, which an incident does not have` });
  }
  return issues;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the offering fits an incident on this service (by its appliesTo). */
export function fitsService(offering: { appliesTo?: AppliesTo | undefined }, service: { id: string; name: string }): boolean {
  const { appliesTo } = offering;
  if (appliesTo === undefined) return false;
  if (appliesTo === ANY_SERVICE) return true;
  return appliesTo.services.some((named) => same(named, service.name) || same(named, service.id));
}

export interface Prefill {
  /** Field -> value, ready for the form. */
  data: Record<string, string>;
  /** The fields filled, in the form's order. */
  filled: string[];
  /** Fields the catalogue maps but that were left for the person, with why (in words). */
  left: { field: string; why: string }[];
}

/**
 * The form data an offering's `fromIncident` gives for an incident. A choice is filled
 * only when the incident's service is mapped; a value the field would refuse (too long,
 * not the expected form) is left out, so nothing is filled that the person must undo.
 */
export function prefillFromIncident(
  offering: { form: FormSchema; fromIncident?: FromIncident | undefined },
  incident: IncidentFacts,
): Prefill {
  const data: Record<string, string> = {};
  const left: Prefill['left'] = [];
  const rules = offering.fromIncident ?? {};
  for (const [name, field] of Object.entries(offering.form.properties)) {
    const rule = rules[name];
    if (rule === undefined) continue;
    const label = fieldLabel(name, field);
    let value: string | undefined;
    if (typeof rule === 'string') {
      const parsed = parseIncidentTemplate(rule);
      if (!parsed.ok) continue;
      value = parsed.parts.map((part) => ('text' in part ? part.text : factOf(part.name, incident))).join('');
    } else {
      value = Object.entries(rule.byService).find(
        ([service]) => same(service, incident.service.name) || same(service, incident.service.id),
      )?.[1];
      if (value === undefined) {
        left.push({ field: name, why: `${label}: the catalogue does not say which one ${incident.service.name} uses` });
        continue;
      }
    }
    const problem = checkField(value, field);
    if (problem) {
      left.push({ field: name, why: `${label} ${problem}` });
      continue;
    }
    data[name] = value;
  }
  return { data, filled: Object.keys(data), left };
}
