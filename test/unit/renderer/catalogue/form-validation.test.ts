import { describe, expect, it } from 'vitest';
import { FormSchema, UiSchema } from '../../../../shared/domain/catalogue';
import { fieldErrorsFromMessage, validateForm } from '../../../../renderer/src/features/catalogue/form-validation';
import { catalogueFormValidator, catalogueFormValidatorFor } from '../../../../renderer/src/features/catalogue/form-validator';

const restoreForm = FormSchema.parse({
  type: 'object',
  required: ['database', 'backup_id', 'target_environment', 'reason'],
  properties: {
    database: {
      type: 'string',
      title: 'Database',
      oneOf: [
        { const: 'pg-payments', title: 'payments' },
        { const: 'pg-checkout', title: 'checkout' },
      ],
    },
    backup_id: {
      type: 'string',
      title: 'Backup id',
      pattern: '^(latest|[0-9]{8}-[0-9]{4})$',
      patternMessage: "must be 'latest' or a date like 20261206-0400",
    },
    target_environment: { type: 'string', title: 'Restore into', enum: ['staging', 'development', 'production'] },
    reason: { type: 'string', title: 'Why', minLength: 10, maxLength: 2000 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    grantee: { type: 'string', format: 'email' },
    ticket_ref: { type: 'string', title: 'Change ticket', pattern: '^CHG[0-9]{7}$', examples: ['CHG0012345'] },
    host: { type: 'string', title: 'Host', pattern: '^[a-z0-9.-]+$' },
    confirm: { type: 'boolean' },
  },
});
const hints = UiSchema.parse({ host: { 'ui:placeholder': 'ledger-db.internal' } });

const valid = { database: 'pg-payments', backup_id: '20260105-0200', target_environment: 'staging', reason: 'Rows deleted by a batch job' };

describe('validateForm', () => {
  it('accepts a complete, well-formed form', () => {
    expect(validateForm(restoreForm, valid)).toEqual([]);
    expect(
      validateForm(restoreForm, {
        ...valid,
        backup_id: 'latest',
        port: 5432,
        grantee: 'a.b@example.com',
        confirm: false,
        ticket_ref: 'CHG0000001',
      }),
    ).toEqual([]);
  });

  it('names every missing required field by its label, in form order', () => {
    expect(validateForm(restoreForm, {})).toEqual([
      { field: 'database', message: 'Database is required' },
      { field: 'backup_id', message: 'Backup id is required' },
      { field: 'target_environment', message: 'Restore into is required' },
      { field: 'reason', message: 'Why is required' },
    ]);
    expect(validateForm(restoreForm, { ...valid, reason: '' }).map((problem) => problem.field)).toEqual(['reason']);
  });

  it('says what to type for choices, patterns, lengths, numbers and emails, naming each field as labelled', () => {
    const problems = validateForm(restoreForm, {
      ...valid,
      database: 'pg-other',
      backup_id: 'yesterday',
      target_environment: 'prod',
      reason: 'short',
      port: 70000,
      grantee: 'nobody',
    });
    expect(problems).toEqual([
      { field: 'database', message: 'Database must be one of: payments, checkout' },
      { field: 'backup_id', message: "Backup id must be 'latest' or a date like 20261206-0400" },
      { field: 'target_environment', message: 'Restore into must be one of: staging, development, production' },
      { field: 'reason', message: 'Why needs at least 10 characters (now 5)' },
      // No title: the field's name in words, never its key.
      { field: 'port', message: 'Port must be at most 65535' },
      { field: 'grantee', message: 'Grantee must be an email address, e.g. priya.patel@example.com' },
    ]);
    expect(validateForm(restoreForm, { ...valid, port: 1.5 })).toEqual([{ field: 'port', message: 'Port must be a whole number' }]);
  });

  it('describes a pattern by an example when the catalogue gives no words for it, and never shows the pattern', () => {
    expect(validateForm(restoreForm, { ...valid, ticket_ref: 'change 12' })).toEqual([
      { field: 'ticket_ref', message: 'Change ticket does not have the expected form, e.g. CHG0012345' },
    ]);
    // The placeholder is the example (the form shows it as "e.g. ...").
    expect(validateForm(restoreForm, { ...valid, host: 'Ledger DB' }, hints)).toEqual([
      { field: 'host', message: 'Host does not have the expected form, e.g. ledger-db.internal' },
    ]);
    const messages = validateForm(restoreForm, { ...valid, backup_id: 'x', ticket_ref: 'x', host: 'X' }, hints).map(
      (problem) => problem.message,
    );
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).not.toMatch(/\^|\[0-9\]|\$"|backup_id|ticket_ref/);
  });

  it('refuses fields the form does not have, listing the ones it has by label', () => {
    expect(validateForm(restoreForm, { ...valid, sneaky: 'x' })).toEqual([
      {
        field: 'sneaky',
        message:
          '"sneaky" is not a field of this form (it has: Database, Backup id, Restore into, Why, Port, Grantee, Change ticket, Host, Confirm)',
      },
    ]);
  });
});

describe('catalogueFormValidator (react-jsonschema-form adapter)', () => {
  it('puts each problem on its field and in the list, as the same sentence', () => {
    const { errors, errorSchema } = catalogueFormValidator.validateFormData({ ...valid, reason: 'short' }, restoreForm as never);
    expect(errors).toEqual([
      expect.objectContaining({ property: '.reason', stack: 'Why needs at least 10 characters (now 5)', title: 'Why' }),
    ]);
    expect(errorSchema).toEqual({ reason: { __errors: ['Why needs at least 10 characters (now 5)'] } });
  });

  it("uses the offering's UI hints for examples", () => {
    const { errors } = catalogueFormValidatorFor(hints).validateFormData({ ...valid, host: 'UPPER' }, restoreForm as never);
    expect(errors.map((error) => error.stack)).toEqual(['Host does not have the expected form, e.g. ledger-db.internal']);
  });

  it('matches oneOf choices by their const', () => {
    expect(catalogueFormValidator.isValid({ const: 'pg-payments' }, 'pg-payments' as never, {})).toBe(true);
    expect(catalogueFormValidator.isValid({ const: 'pg-payments' }, 'pg-checkout' as never, {})).toBe(false);
  });
});

describe('fieldErrorsFromMessage', () => {
  it('finds the fields the engine names by their labels, and leaves the rest', () => {
    const message =
      "Restore a database backup: Backup id must be 'latest' or a date like 20261206-0400; Why needs at least 10 characters (now 3); the catalogue is being reloaded";
    expect(fieldErrorsFromMessage(message, restoreForm)).toEqual([
      { field: 'backup_id', message: "Backup id must be 'latest' or a date like 20261206-0400" },
      { field: 'reason', message: 'Why needs at least 10 characters (now 3)' },
    ]);
    expect(fieldErrorsFromMessage('The pipeline refused the dispatch: HTTP 422', restoreForm)).toEqual([]);
  });
});
