/**
 * Validates a request form's data against the offering's form schema, in the page.
 *
 * The catalogue's forms are a small JSON Schema subset (shared/domain/catalogue.ts:
 * FormSchema), so this checks that subset directly instead of compiling the schema with
 * ajv: the page's Content-Security-Policy forbids the code generation ajv relies on. The
 * engine validates again on submit; this only spares people a round trip. Messages say
 * what to fix.
 */
import type { FormField, FormSchema } from '../../../../shared/domain/catalogue';

export interface FieldProblem {
  /** The form field, or '' for the whole form. */
  field: string;
  message: string;
}

type StringRules = Pick<Extract<FormField, { type: 'string' }>, 'enum' | 'oneOf' | 'format' | 'pattern' | 'minLength' | 'maxLength'>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function compilePattern(pattern: string): RegExp | null {
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

/** The problem with one string value, or null. */
export function checkString(value: string, rules: StringRules): string | null {
  if (rules.oneOf && !rules.oneOf.some((choice) => choice.const === value)) {
    return `choose one of: ${rules.oneOf.map((choice) => choice.title).join(', ')}`;
  }
  if (rules.enum && !rules.enum.includes(value)) return `choose one of: ${rules.enum.join(', ')}`;
  if (rules.minLength !== undefined && [...value].length < rules.minLength) {
    return `write at least ${plural(rules.minLength, 'character')} (now ${[...value].length})`;
  }
  if (rules.maxLength !== undefined && [...value].length > rules.maxLength) {
    return `write at most ${plural(rules.maxLength, 'character')} (now ${[...value].length})`;
  }
  if (rules.format === 'email' && !EMAIL.test(value)) return 'enter an email address, e.g. priya.patel@example.com';
  if (rules.format === 'date-time' && Number.isNaN(Date.parse(value))) return 'enter a date and time';
  if (rules.pattern !== undefined) {
    const pattern = compilePattern(rules.pattern);
    if (pattern && !pattern.test(value)) return `does not have the expected form (${rules.pattern})`;
  }
  return null;
}

function checkNumber(value: unknown, field: Extract<FormField, { type: 'integer' | 'number' }>): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'enter a number';
  if (field.type === 'integer' && !Number.isInteger(value)) return 'enter a whole number';
  if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
  if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
  return null;
}

function checkList(value: unknown, field: Extract<FormField, { type: 'array' }>): string | null {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return 'must be a list of texts';
  const items = value as string[];
  if (field.minItems !== undefined && items.length < field.minItems) return `choose at least ${field.minItems}`;
  if (field.maxItems !== undefined && items.length > field.maxItems) return `choose at most ${field.maxItems}`;
  if (field.uniqueItems && new Set(items).size !== items.length) return 'lists a value twice';
  for (const item of items) {
    const problem = checkString(item, field.items);
    if (problem) return `"${item}": ${problem}`;
  }
  return null;
}

/** The problem with one field's value (already known not to be empty), or null. */
export function checkField(value: unknown, field: FormField): string | null {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? checkString(value, field) : 'enter a text';
    case 'integer':
    case 'number':
      return checkNumber(value, field);
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be yes or no';
    case 'array':
      return checkList(value, field);
  }
}

/** Every problem with the form's data, in the form's field order. */
export function validateForm(schema: FormSchema, data: unknown): FieldProblem[] {
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    return [{ field: '', message: 'the form data must be an object' }];
  }
  const values = (data ?? {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const [name, field] of Object.entries(schema.properties)) {
    const value = values[name];
    if (isEmpty(value)) {
      // An unticked box is an answer ("no"), not a missing one.
      if (schema.required.includes(name) && field.type !== 'boolean') problems.push({ field: name, message: 'is required' });
      continue;
    }
    const problem = checkField(value, field);
    if (problem) problems.push({ field: name, message: problem });
  }
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(schema.properties, name) && !isEmpty(values[name])) problems.push({ field: name, message: 'is not a field of this form' });
  }
  return problems;
}

/**
 * Field errors in the engine's answer to a submit: it names fields as `inputs.<field>:`,
 * `form.<field>:` or `<field>:` in a message whose parts are joined with "; ". Parts that
 * name no field of this form are left for the message shown above the form.
 */
export function fieldErrorsFromMessage(message: string, fieldNames: readonly string[]): FieldProblem[] {
  const known = new Set(fieldNames);
  const problems: FieldProblem[] = [];
  for (const part of message.split(/;\s+/)) {
    // The last "name: " in the part that names a field: "submitSpecialistRequest: inputs.backup_id: ...".
    const named = [...part.matchAll(/([A-Za-z][A-Za-z0-9_]*):\s+/g)].filter((match) => known.has(match[1] ?? '')).at(-1);
    if (!named?.[1]) continue;
    const text = part.slice((named.index ?? 0) + named[0].length).trim();
    if (text) problems.push({ field: named[1], message: text });
  }
  return problems;
}
