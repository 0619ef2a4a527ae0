/**
 * An offering's form as react-jsonschema-form draws it (Mantine widgets, form-theme.tsx),
 * checked in the page with messages that name each field as labelled (form-validator.ts),
 * with the engine's answer to a submit shown on the fields it names. Controlled: the
 * caller holds the data (to pre-fill it from an incident or from a run's inputs).
 */
import { useMemo, useState, type ReactNode } from 'react';
// The component itself, not the package index: the index also exports a test registry that imports ajv.
import Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { Alert, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { Offering } from '../../../../shared/domain/catalogue';
import { catalogueFormValidatorFor, toValidationData } from './form-validator';
import { formTemplates, formWidgets } from './form-theme';
import { fieldErrorsFromMessage } from './form-validation';

export type FormData = Record<string, unknown>;

export interface CatalogueFormProps {
  offering: Offering;
  formData: FormData;
  onChange(data: FormData): void;
  onSubmit(data: FormData): void;
  /** The engine's refusal of the last submit, or null. */
  engineMessage: string | null;
  /** Title of the refusal shown above the form. */
  refusedTitle?: string;
  /** The buttons under the fields (a submit button among them). */
  children: ReactNode;
  'aria-label': string;
}

export function CatalogueForm({
  offering,
  formData,
  onChange,
  onSubmit,
  engineMessage,
  refusedTitle = 'Not sent',
  children,
  'aria-label': label,
}: CatalogueFormProps) {
  const schema = offering.form as RJSFSchema;
  const uiSchema = offering.uiSchema as UiSchema;
  const validator = useMemo(() => catalogueFormValidatorFor(offering.uiSchema), [offering.uiSchema]);
  // Checked on submit; once a submit found problems, checked as people fix them (the list does not go stale).
  const [live, setLive] = useState(false);
  const extraErrors = useMemo(
    () => (engineMessage ? toValidationData(schema, fieldErrorsFromMessage(engineMessage, offering.form)).errorSchema : undefined),
    [engineMessage, schema, offering.form],
  );
  return (
    <>
      {engineMessage && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} title={refusedTitle} mb="sm" role="alert">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {engineMessage}
          </Text>
        </Alert>
      )}
      <Form<FormData, RJSFSchema>
        schema={schema}
        uiSchema={uiSchema}
        formData={formData}
        validator={validator}
        widgets={formWidgets}
        templates={formTemplates}
        extraErrors={extraErrors}
        onChange={(event) => onChange(event.formData ?? {})}
        onSubmit={(event) => onSubmit(event.formData ?? {})}
        onError={() => setLive(true)}
        liveValidate={live ? 'onChange' : undefined}
        noHtml5Validate
        showErrorList="top"
        focusOnFirstError
        experimental_defaultFormStateBehavior={{ constAsDefaults: 'never', emptyObjectFields: 'skipEmptyDefaults' }}
        aria-label={label}
      >
        {children}
      </Form>
    </>
  );
}
