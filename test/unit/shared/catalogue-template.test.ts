import { describe, expect, it } from 'vitest';
import { formValueText, parseTemplate, renderTemplate, type TemplateContext } from '../../../shared/domain/catalogue-template';

const context: TemplateContext = {
  form: { database: 'pg-payments', port: 5432, read_only: false, schemas: ['public', 'audit'], note: undefined },
  request: { id: 'req-42' },
  requester: { email: 'dana.developer@example.com', name: 'Dana Developer' },
  offering: { id: 'restore-database-backup' },
  incident: { id: 'Q1ABC' },
};

describe('parseTemplate', () => {
  it('splits text and placeholders', () => {
    expect(parseTemplate('restore {{ form.database }} for {{requester.email}}')).toEqual({
      ok: true,
      parts: [
        { type: 'text', text: 'restore ' },
        { type: 'form', field: 'database' },
        { type: 'text', text: ' for ' },
        { type: 'context', name: 'requester.email' },
      ],
    });
    expect(parseTemplate('plain')).toEqual({ ok: true, parts: [{ type: 'text', text: 'plain' }] });
    expect(parseTemplate('')).toEqual({ ok: true, parts: [] });
  });

  it.each([
    ['{{user.email}}', '"{{user.email}}" is not a name templates know'],
    ['{{}}', 'an empty "{{}}"'],
    ['{{form.}}', '"{{form.}}" does not name a form field'],
    ['{{form.a.b}}', '"{{form.a.b}}" does not name a form field'],
    ['{{form.database}', 'unbalanced braces'],
    ['x }} {{form.database}}', 'unbalanced braces'],
    ['{{form.database}} {{', 'unbalanced braces'],
  ])('refuses %j', (template, problem) => {
    const parsed = parseTemplate(template);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });
});

describe('renderTemplate', () => {
  it.each([
    ['{{form.database}}', 'pg-payments'],
    ['{{form.port}}', '5432'],
    ['{{form.read_only}}', 'false'],
    ['{{form.schemas}}', 'public,audit'],
    ['[{{form.note}}]', '[]'],
    ['{{form.absent}}', ''],
    ['{{request.id}}/{{offering.id}}', 'req-42/restore-database-backup'],
    ['{{requester.name}} <{{requester.email}}>', 'Dana Developer <dana.developer@example.com>'],
    ['incident {{incident.id}}', 'incident Q1ABC'],
  ])('%s renders %j', (template, expected) => {
    expect(renderTemplate(template, context)).toBe(expected);
  });

  it('renders an empty incident id when the request was not raised from one', () => {
    expect(renderTemplate('[{{incident.id}}]', { ...context, incident: null })).toBe('[]');
  });

  it('throws on a template that does not parse', () => {
    expect(() => renderTemplate('{{nope}}', context)).toThrow('"{{nope}}" is not a name templates know');
  });

  it('writes values as text', () => {
    expect(formValueText(null)).toBe('');
    expect(formValueText({ a: 1 })).toBe('{"a":1}');
    expect(formValueText([1, [2, 3]])).toBe('1,2,3');
  });
});
