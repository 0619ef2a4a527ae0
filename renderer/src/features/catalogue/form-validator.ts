/**
 * react-jsonschema-form's validator, backed by form-validation.ts instead of ajv (the
 * page's Content-Security-Policy has no 'unsafe-eval', and ajv compiles schemas to code).
 * It understands the catalogue's form subset only, which is all the catalogue can hold.
 */
import { ErrorSchemaBuilder, type RJSFSchema, type RJSFValidationError, type ValidationData, type ValidatorType } from '@rjsf/utils';
import { FormField, FormSchema } from '../../../../shared/domain/catalogue';
import { checkField, validateForm, type FieldProblem } from './form-validation';

type FormData = Record<string, unknown>;

function titleOf(schema: RJSFSchema, field: string): string {
  const property = schema.properties?.[field];
  return typeof property === 'object' && typeof property.title === 'string' ? property.title : field;
}

function problemsOf(schema: RJSFSchema, data: unknown): FieldProblem[] {
  const form = FormSchema.safeParse(schema);
  if (!form.success) return [{ field: '', message: 'this form is not one the console can check; the engine will check it on submit' }];
  return validateForm(form.data, data);
}

/** rjsf's validation errors and error schema for a list of problems. */
export function toValidationData(schema: RJSFSchema, problems: readonly FieldProblem[]): ValidationData<FormData> {
  const builder = new ErrorSchemaBuilder<FormData>();
  const errors: RJSFValidationError[] = problems.map((problem) => {
    if (problem.field) builder.addErrors(problem.message, problem.field);
    else builder.addErrors(problem.message);
    const title = problem.field ? titleOf(schema, problem.field) : '';
    return {
      name: 'catalogue',
      property: problem.field ? `.${problem.field}` : '',
      message: problem.message,
      stack: title ? `${title}: ${problem.message}` : problem.message,
      title,
    };
  });
  return { errors, errorSchema: builder.ErrorSchema };
}

/** Whether `data` fits a (sub)schema: used by rjsf to match `oneOf` choices. */
function fits(schema: RJSFSchema, data: unknown): boolean {
  if ('const' in schema) return schema.const === data;
  if (schema.type === 'object') return problemsOf(schema, data).length === 0;
  const field = FormField.safeParse(schema);
  if (!field.success) return true;
  return data === undefined || checkField(data, field.data) === null;
}

export const catalogueFormValidator: ValidatorType<FormData, RJSFSchema> = {
  validateFormData(formData, schema) {
    return toValidationData(schema, problemsOf(schema, formData));
  },
  isValid(schema, formData) {
    return fits(schema, formData);
  },
  rawValidation<Result = FieldProblem>(schema: RJSFSchema, formData?: FormData) {
    return { errors: problemsOf(schema, formData) as Result[] };
  },
};
