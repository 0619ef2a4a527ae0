/**
 * Checks a request form's data against its offering's form, with messages for people:
 * each names the field as the form labels it and says what to type ("Backup id must be
 * 'latest' or a date like 20261206-0400", "Why needs at least 10 characters (now 5)"),
 * never a regular expression or a field's key. A pattern is described by the field's
 * `patternMessage`, else by an example (the field's `examples`, else its
 * `ui:placeholder`, which the form shows as "e.g. ...").
 *
 * The page checks the form with this before anything is sent (the page's
 * Content-Security-Policy forbids the code generation ajv relies on), and the engine
 * checks it again on submit, so both say the same words.
 */
import type { FormField, FormSchema, UiSchema } from './catalogue';

export interface FieldProblem {
  /** The form field, or '' for the whole form. */
  field: string;
  /** A sentence that names the field by its label. */
  message: string;
}

type StringRules = Pick<
  Extract<FormField, { type: 'string' }>,
  'enum' | 'oneOf' | 'format' | 'pattern' | 'patternMessage' | 'examples' | 'minLength' | 'maxLength'
>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "backup_id" -> "Backup id": a field without a title is named in words, not by its key. */
export function humanizeFieldName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  const text = words.join(' ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : name;
}

/** The field's label as the form shows it: its title, else its name in words. */
export function fieldLabel(name: string, field: Pick<FormField, 'title'> | undefined): string {
  return field?.title?.trim() || humanizeFieldName(name);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The pattern as a RegExp (JSON Schema patterns are ECMAScript with the u flag), or null when it does not compile. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return null;
    }
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The first example a field gives for people: its `examples`, else its placeholder. */
export function exampleOf(rules: Pick<StringRules, 'examples'>, placeholder?: string): string | null {
  return rules.examples?.[0] ?? (placeholder?.trim() ? placeholder.trim() : null);
}

/**
 * What is wrong with one string value, as the rest of a sentence that starts with the
 * field's label ("must be one of: ...", "needs at least 10 characters (now 5)"), or null.
 */
export function checkString(value: string, rules: StringRules, placeholder?: string): string | null {
  if (rules.oneOf && !rules.oneOf.some((choice) => choice.const === value)) {
    return `must be one of: ${rules.oneOf.map((choice) => choice.title).join(', ')}`;
  }
  if (rules.enum && !rules.enum.includes(value)) return `must be one of: ${rules.enum.join(', ')}`;
  const length = [...value].length;
  if (rules.minLength !== undefined && length < rules.minLength)
    return `needs at least ${plural(rules.minLength, 'character')} (now ${length})`;
  if (rules.maxLength !== undefined && length > rules.maxLength)
    return `takes at most ${plural(rules.maxLength, 'character')} (now ${length})`;
  if (rules.format === 'email' && !EMAIL.test(value)) return 'must be an email address, e.g. priya.patel@example.com';
  if (rules.format === 'date-time' && Number.isNaN(Date.parse(value))) return 'must be a date and time';
  if (rules.pattern !== undefined) {
    const pattern = compilePattern(rules.pattern);
    if (pattern && !pattern.test(value)) {
      if (rules.patternMessage) return rules.patternMessage;
      const example = exampleOf(rules, placeholder);
      return example === null ? 'does not have the expected form' : `does not have the expected form, e.g. ${example}`;
    }
  }
  return null;
}

function checkNumber(value: unknown, field: Extract<FormField, { type: 'integer' | 'number' }>): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  if (field.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
  if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
  if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
  return null;
}

function checkList(value: unknown, field: Extract<FormField, { type: 'array' }>): string | null {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return 'must be a list of texts';
  const items = value as string[];
  if (field.minItems !== undefined && items.length < field.minItems) return `needs at least ${plural(field.minItems, 'choice')}`;
  if (field.maxItems !== undefined && items.length > field.maxItems) return `takes at most ${plural(field.maxItems, 'choice')}`;
  if (field.uniqueItems && new Set(items).size !== items.length) return 'lists a value twice';
  for (const item of items) {
    const problem = checkString(item, field.items);
    if (problem) return `has "${item}", which ${problem.replace(/^must be/, 'is not')}`;
  }
  return null;
}

/** What is wrong with one field's value (known not to be empty), as the rest of a sentence after its label, or null. */
export function checkField(value: unknown, field: FormField, placeholder?: string): string | null {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? checkString(value, field, placeholder) : 'must be text';
    case 'integer':
    case 'number':
      return checkNumber(value, field);
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be yes or no';
    case 'array':
      return checkList(value, field);
  }
}

function placeholderOf(uiSchema: UiSchema | undefined, name: string): string | undefined {
  const hints = uiSchema?.[name];
  return hints && !Array.isArray(hints) ? hints['ui:placeholder'] : undefined;
}

/** Every problem with the form's data, in the form's field order, each a sentence naming the field by its label. */
export function validateForm(schema: FormSchema, data: unknown, uiSchema?: UiSchema): FieldProblem[] {
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    return [{ field: '', message: 'The form data must be a set of field values' }];
  }
  const values = (data ?? {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const [name, field] of Object.entries(schema.properties)) {
    const label = fieldLabel(name, field);
    const value = values[name];
    if (isEmpty(value)) {
      // An unticked box is an answer ("no"), not a missing one.
      if (schema.required.includes(name) && field.type !== 'boolean') problems.push({ field: name, message: `${label} is required` });
      continue;
    }
    const problem = checkField(value, field, placeholderOf(uiSchema, name));
    if (problem) problems.push({ field: name, message: `${label} ${problem}` });
  }
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(schema.properties, name) && !isEmpty(values[name])) {
      problems.push({
        field: name,
        message: `"${name}" is not a field of this form (it has: ${Object.entries(schema.properties)
          .map(([key, field]) => fieldLabel(key, field))
          .join(', ')})`,
      });
    }
  }
  return problems;
}
