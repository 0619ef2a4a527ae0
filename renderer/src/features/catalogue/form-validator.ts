/**
 * react-jsonschema-form's validator, backed by form-validation.ts instead of ajv (the
 * page's Content-Security-Policy has no 'unsafe-eval', and ajv compiles schemas to code).
 * It understands the catalogue's form subset only, which is all the catalogue can hold.
 */
import { ErrorSchemaBuilder, type RJSFSchema, type RJSFValidationError, type ValidationData, type ValidatorType } from '@rjsf/utils';
import { FormField, FormSchema, type UiSchema } from '../../../../shared/domain/catalogue';
import { fieldLabel } from '../../../../shared/domain/catalogue-form';
import { checkField, validateForm, type FieldProblem } from './form-validation';

type FormData = Record<string, unknown>;

function problemsOf(schema: RJSFSchema, data: unknown, uiSchema?: UiSchema): FieldProblem[] {
  const form = FormSchema.safeParse(schema);
  if (!form.success) return [{ field: '', message: 'This form is not one the console can check here; it is checked when you send it' }];
  return validateForm(form.data, data, uiSchema);
}

function labelIn(schema: RJSFSchema, name: string): string {
  const property = schema.properties?.[name];
  return fieldLabel(name, typeof property === 'object' && typeof property.title === 'string' ? { title: property.title } : undefined);
}

/** rjsf's validation errors and error schema for a list of problems. */
export function toValidationData(schema: RJSFSchema, problems: readonly FieldProblem[]): ValidationData<FormData> {
  const builder = new ErrorSchemaBuilder<FormData>();
  const errors: RJSFValidationError[] = problems.map((problem) => {
    if (problem.field) builder.addErrors(problem.message, problem.field);
    else builder.addErrors(problem.message);
    // The message already names the field by its label.
    return {
      name: 'catalogue',
      property: problem.field ? `.${problem.field}` : '',
      message: problem.message,
      stack: problem.message,
      title: problem.field ? labelIn(schema, problem.field) : '',
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

/** The validator for one offering's form; its UI hints give the examples ("e.g. ...") a pattern's message falls back to. */
export function catalogueFormValidatorFor(uiSchema?: UiSchema): ValidatorType<FormData, RJSFSchema> {
  return {
    validateFormData(formData, schema) {
      return toValidationData(schema, problemsOf(schema, formData, uiSchema));
    },
    isValid(schema, formData) {
      return fits(schema, formData);
    },
    rawValidation<Result = FieldProblem>(schema: RJSFSchema, formData?: FormData) {
      return { errors: problemsOf(schema, formData, uiSchema) as Result[] };
    },
  };
}

export const catalogueFormValidator = catalogueFormValidatorFor();
