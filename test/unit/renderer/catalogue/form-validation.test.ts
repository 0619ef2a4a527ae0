import { describe, expect, it } from 'vitest';
import { FormSchema } from '../../../../shared/domain/catalogue';
import { fieldErrorsFromMessage, validateForm } from '../../../../renderer/src/features/catalogue/form-validation';
import { catalogueFormValidator } from '../../../../renderer/src/features/catalogue/form-validator';

const restoreForm = FormSchema.parse({
  type: 'object',
  required: ['database', 'backup_id', 'target_environment', 'reason'],
  properties: {
    database: { type: 'string', title: 'Database', oneOf: [{ const: 'pg-payments', title: 'payments' }, { const: 'pg-checkout', title: 'checkout' }] },
    backup_id: { type: 'string', title: 'Backup id', pattern: '^(latest|[0-9]{8}-[0-9]{4})$' },
    target_environment: { type: 'string', title: 'Restore into', enum: ['staging', 'development', 'production'] },
    reason: { type: 'string', title: 'Why', minLength: 10, maxLength: 2000 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    grantee: { type: 'string', format: 'email' },
    confirm: { type: 'boolean' },
  },
});

const valid = { database: 'pg-payments', backup_id: '20260105-0200', target_environment: 'staging', reason: 'Rows deleted by a batch job' };

describe('validateForm', () => {
  it('accepts a complete, well-formed form', () => {
    expect(validateForm(restoreForm, valid)).toEqual([]);
    expect(validateForm(restoreForm, { ...valid, backup_id: 'latest', port: 5432, grantee: 'a.b@example.com', confirm: false })).toEqual([]);
  });

  it('names every missing required field, in form order', () => {
    expect(validateForm(restoreForm, {})).toEqual([
      { field: 'database', message: 'is required' },
      { field: 'backup_id', message: 'is required' },
      { field: 'target_environment', message: 'is required' },
      { field: 'reason', message: 'is required' },
    ]);
    expect(validateForm(restoreForm, { ...valid, reason: '' }).map((problem) => problem.field)).toEqual(['reason']);
  });

  it('says what to fix for choices, patterns, lengths, numbers and emails', () => {
    const problems = validateForm(restoreForm, { ...valid, database: 'pg-other', backup_id: 'yesterday', target_environment: 'prod', reason: 'short', port: 70000, grantee: 'nobody' });
    expect(problems).toEqual([
      { field: 'database', message: 'choose one of: payments, checkout' },
      { field: 'backup_id', message: 'does not have the expected form (^(latest|[0-9]{8}-[0-9]{4})$)' },
      { field: 'target_environment', message: 'choose one of: staging, development, production' },
      { field: 'reason', message: 'write at least 10 characters (now 5)' },
      { field: 'port', message: 'must be at most 65535' },
      { field: 'grantee', message: 'enter an email address, e.g. priya.patel@example.com' },
    ]);
    expect(validateForm(restoreForm, { ...valid, port: 1.5 })).toEqual([{ field: 'port', message: 'enter a whole number' }]);
  });

  it('refuses fields the form does not have', () => {
    expect(validateForm(restoreForm, { ...valid, sneaky: 'x' })).toEqual([{ field: 'sneaky', message: 'is not a field of this form' }]);
  });
});

describe('catalogueFormValidator (react-jsonschema-form adapter)', () => {
  it('puts each problem on its field and in the list with the field title', () => {
    const { errors, errorSchema } = catalogueFormValidator.validateFormData({ ...valid, reason: 'short' }, restoreForm as never);
    expect(errors).toEqual([expect.objectContaining({ property: '.reason', stack: 'Why: write at least 10 characters (now 5)' })]);
    expect(errorSchema).toEqual({ reason: { __errors: ['write at least 10 characters (now 5)'] } });
  });

  it('matches oneOf choices by their const', () => {
    expect(catalogueFormValidator.isValid({ const: 'pg-payments' }, 'pg-payments' as never, {})).toBe(true);
    expect(catalogueFormValidator.isValid({ const: 'pg-payments' }, 'pg-checkout' as never, {})).toBe(false);
  });
});

describe('fieldErrorsFromMessage', () => {
  it('finds the fields the engine names, with or without a prefix, and leaves the rest', () => {
    const message = 'submitSpecialistRequest: inputs.backup_id: does not match the pattern; reason: write at least 10 characters; the catalogue is being reloaded';
    expect(fieldErrorsFromMessage(message, Object.keys(restoreForm.properties))).toEqual([
      { field: 'backup_id', message: 'does not match the pattern' },
      { field: 'reason', message: 'write at least 10 characters' },
    ]);
    expect(fieldErrorsFromMessage('The pipeline refused the dispatch: HTTP 422', ['database'])).toEqual([]);
  });
});
