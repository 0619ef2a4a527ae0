/** A request's inputs in words: the form's field labels and choice labels, in the form's order. */
import type { FormSchema } from '../../../../shared/domain/catalogue';
import { fieldLabel, humanizeFieldName } from '../../../../shared/domain/catalogue-form';

export interface InputEntry {
  name: string;
  label: string;
  value: string;
}

function choiceLabel(schema: FormSchema | undefined, name: string, value: string): string {
  const field = schema?.properties[name];
  if (field?.type !== 'string') return value;
  return field.oneOf?.find((choice) => choice.const === value)?.title ?? value;
}

function valueText(schema: FormSchema | undefined, name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((item) => choiceLabel(schema, name, String(item))).join(', ');
  if (typeof value === 'string') return choiceLabel(schema, name, value);
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Form fields first (in the form's order), then anything else the request carries. */
export function describeInputs(inputs: Record<string, unknown>, schema: FormSchema | undefined): InputEntry[] {
  const known = schema ? Object.keys(schema.properties).filter((name) => Object.hasOwn(inputs, name)) : [];
  const rest = Object.keys(inputs).filter((name) => !known.includes(name));
  return [...known, ...rest].map((name) => ({
    name,
    label: schema?.properties[name] ? fieldLabel(name, schema.properties[name]) : humanizeFieldName(name),
    value: valueText(schema, name, inputs[name]),
  }));
}

/** One input's value in words (a choice's label), "–" when empty. */
export function inputText(schema: FormSchema | undefined, name: string, value: unknown): string {
  return valueText(schema, name, value);
}
