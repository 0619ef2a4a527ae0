/**
 * The form to ask for an offering or run it, generated from the offering's JSON Schema
 * and UI hints with react-jsonschema-form (Mantine widgets, form-theme.tsx), checked in
 * the page (form-validator.ts) and again by the engine, whose field errors are shown on
 * the fields. Raised from an incident, the request links to it; from a major incident,
 * it can be marked urgent (the specialist on call is paged).
 */
import { useMemo, useState } from 'react';
// The component itself, not the package index: the index also exports a test registry that imports ajv.
import Form from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { Alert, Button, Group, Paper, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconPlayerPlay, IconSend } from '@tabler/icons-react';
import { needsApproval, type Offering } from '../../../../shared/domain/catalogue';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea } from './console-area';
import { catalogueFormValidatorFor, toValidationData } from './form-validator';
import { formTemplates, formWidgets } from './form-theme';
import { fieldErrorsFromMessage } from './form-validation';
import { useSubmitRequest } from '../requests/use-requests';

type FormData = Record<string, unknown>;

/** What the submit button says: "Send request", "Ask for approval", "Run now". */
export function submitLabel(offering: Pick<Offering, 'kind' | 'approval'>): string {
  if (offering.kind === 'expertise') return 'Send request';
  return needsApproval(offering) ? 'Ask for approval' : 'Run now';
}

export function OfferingForm({ offering }: { offering: Offering }) {
  const raiseFrom = useConsoleArea((state) => state.raiseFrom);
  const openRequests = useConsoleArea((state) => state.openRequests);
  const clearRaiseFrom = useConsoleArea((state) => state.clearRaiseFrom);
  const submit = useSubmitRequest();
  const [formData, setFormData] = useState<FormData>({});
  const [urgent, setUrgent] = useState(false);
  const schema = offering.form as RJSFSchema;
  const uiSchema = offering.uiSchema as UiSchema;
  const validator = useMemo(() => catalogueFormValidatorFor(offering.uiSchema), [offering.uiSchema]);
  const engineMessage = submit.isError ? errorMessage(submit.error) : null;
  const extraErrors = useMemo(
    () => (engineMessage ? toValidationData(schema, fieldErrorsFromMessage(engineMessage, offering.form)).errorSchema : undefined),
    [engineMessage, schema, offering.form],
  );

  function send(data: FormData) {
    submit.mutate(
      { offeringId: offering.id, inputs: data, incidentId: raiseFrom?.incidentId ?? null, urgent: Boolean(raiseFrom?.major && urgent) },
      {
        onSuccess: (request) => {
          notifications.show({
            color: 'teal',
            title: offering.kind === 'expertise' ? `Request sent to ${request.teamName}` : needsApproval(offering) ? 'Waiting for approval' : 'Run requested',
            message: `${request.offeringTitle}${request.ticket ? ` · ${request.ticket.number}` : ''}`,
          });
          clearRaiseFrom();
          openRequests('mine', request.id);
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="offering-form-title">
      <Title id="offering-form-title" order={3} size="h5" mb="sm">
        {offering.kind === 'expertise' ? 'Ask for it' : 'Run it'}
      </Title>
      {engineMessage && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} title="Not sent" mb="sm" role="alert">
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
        onChange={(event) => setFormData(event.formData ?? {})}
        onSubmit={(event) => send(event.formData ?? {})}
        noHtml5Validate
        showErrorList="top"
        focusOnFirstError
        experimental_defaultFormStateBehavior={{ constAsDefaults: 'never', emptyObjectFields: 'skipEmptyDefaults' }}
        aria-label={`${offering.title} form`}
      >
        <Group justify="space-between" mt="md" wrap="nowrap">
          {raiseFrom?.major ? (
            <Switch
              checked={urgent}
              onChange={(event) => setUrgent(event.currentTarget.checked)}
              label="Urgent: page the specialist on call"
              description={`Incident #${raiseFrom.number} is a major incident`}
            />
          ) : (
            <span />
          )}
          <Button type="submit" loading={submit.isPending} leftSection={offering.kind === 'expertise' ? <IconSend size={14} /> : <IconPlayerPlay size={14} />}>
            {submitLabel(offering)}
          </Button>
        </Group>
      </Form>
    </Paper>
  );
}
