/**
 * The request form's own check in the page (shared/domain/catalogue-form.ts: messages
 * that name each field by its label and say what to type), and the reading of the
 * engine's answer to a submit, whose problems are the same sentences.
 *
 * The catalogue's forms are a small JSON Schema subset (shared/domain/catalogue.ts:
 * FormSchema), checked directly instead of compiling the schema with ajv: the page's
 * Content-Security-Policy forbids the code generation ajv relies on. The engine checks
 * again on submit; this only spares people a round trip.
 */
import type { FormSchema } from '../../../../shared/domain/catalogue';
import { fieldLabel, type FieldProblem } from '../../../../shared/domain/catalogue-form';

export { checkField, validateForm, type FieldProblem } from '../../../../shared/domain/catalogue-form';

/**
 * Field errors in the engine's answer to a submit: "<offering>: <sentence>; <sentence>",
 * each sentence starting with a field's label ("Backup id must be ...", "Why is
 * required"). Sentences that name no field of this form are left for the message shown
 * above the form.
 */
export function fieldErrorsFromMessage(message: string, form: Pick<FormSchema, 'properties'>): FieldProblem[] {
  // Longest labels first: "Source network (CIDR)" before "Source".
  const labels = Object.entries(form.properties)
    .map(([name, field]) => ({ name, label: fieldLabel(name, field) }))
    .sort((a, b) => b.label.length - a.label.length);
  const problems: FieldProblem[] = [];
  for (const part of message.split(/;\s+/)) {
    for (const { name, label } of labels) {
      const at = part.indexOf(`${label} `);
      // At the start, or after the "<offering>: " prefix.
      if (at === 0 || (at > 1 && part.slice(at - 2, at) === ': ')) {
        problems.push({ field: name, message: part.slice(at).trim() });
        break;
      }
    }
  }
  return problems;
}
