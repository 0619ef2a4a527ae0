/**
 * The small template language of a catalogue pipeline's inputs: literal text with
 * `{{form.<field>}}` and `{{<context name>}}` placeholders, e.g. "restore {{form.database}}
 * for {{requester.email}}". Parsed when the catalogue loads (so a wrong name is caught
 * there) and rendered when a request is dispatched. No logic, no filters: a pipeline gets
 * strings, as workflow_dispatch inputs, GitLab variables and Jenkins parameters are.
 */

/** Context names a template may use besides `form.<field>`, with what they stand for. */
const TEMPLATE_CONTEXT_NAMES = {
  'request.id': 'the console request id',
  'requester.email': "the requester's email address",
  'requester.name': "the requester's name",
  'offering.id': 'the catalogue offering id',
  'incident.id': 'the paging incident the request was raised from (empty when none)',
} as const;
type TemplateContextName = keyof typeof TEMPLATE_CONTEXT_NAMES;

type TemplatePart = { type: 'text'; text: string } | { type: 'form'; field: string } | { type: 'context'; name: TemplateContextName };

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; problem: string };

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function isContextName(name: string): name is TemplateContextName {
  return Object.hasOwn(TEMPLATE_CONTEXT_NAMES, name);
}

/** Splits a template into text and placeholders; refuses unbalanced braces and unknown context names. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const before = template.slice(last, match.index);
    if (before.includes('{{') || before.includes('}}')) return { ok: false, problem: unbalanced(template) };
    if (before) parts.push({ type: 'text', text: before });
    const name = (match[1] ?? '').trim();
    if (name.startsWith('form.')) {
      const field = name.slice('form.'.length);
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field)) return { ok: false, problem: `"{{${name}}}" does not name a form field` };
      parts.push({ type: 'form', field });
    } else if (isContextName(name)) {
      parts.push({ type: 'context', name });
    } else {
      const known = ['form.<field>', ...Object.keys(TEMPLATE_CONTEXT_NAMES)].join(', ');
      return { ok: false, problem: name ? `"{{${name}}}" is not a name templates know (use ${known})` : `an empty "{{}}" (use ${known})` };
    }
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  if (rest.includes('{{') || rest.includes('}}')) return { ok: false, problem: unbalanced(template) };
  if (rest) parts.push({ type: 'text', text: rest });
  return { ok: true, parts };
}

function unbalanced(template: string): string {
  return `unbalanced braces in ${JSON.stringify(template)}: write placeholders as {{form.<field>}} or {{requester.email}}`;
}

/** What a template is rendered with: the submitted form and the request around it. */
export interface TemplateContext {
  form: Readonly<Record<string, unknown>>;
  request: { id: string };
  requester: { email: string; name: string };
  offering: { id: string };
  incident: { id: string } | null;
}

/** A form value as a pipeline parameter: lists joined with commas, absent values empty. */
export function formValueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(formValueText).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function contextValue(name: TemplateContextName, context: TemplateContext): string {
  switch (name) {
    case 'request.id':
      return context.request.id;
    case 'requester.email':
      return context.requester.email;
    case 'requester.name':
      return context.requester.name;
    case 'offering.id':
      return context.offering.id;
    case 'incident.id':
      return context.incident?.id ?? '';
  }
}

/** Renders a template; throws when it does not parse (the catalogue loader refuses such templates). */
export function renderTemplate(template: string, context: TemplateContext): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.parts
    .map((part) =>
      part.type === 'text' ? part.text : part.type === 'form' ? formValueText(context.form[part.field]) : contextValue(part.name, context),
    )
    .join('');
}
