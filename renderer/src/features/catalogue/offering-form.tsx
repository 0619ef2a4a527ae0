/**
 * The form to ask for an offering or run it (catalogue-form.tsx). Raised from an incident,
 * the request links to it and the form starts filled in from it where the catalogue maps
 * the incident's facts to fields (fromIncident; nothing guessed, everything editable);
 * from a major incident it can be marked urgent (the specialist on call is paged). An action
 * that opens one offering from an incident (the rollback in "what changed") can give some of
 * its fields their values too.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Group, List, Paper, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPlayerPlay, IconSend } from '@tabler/icons-react';
import { needsApproval, type Offering } from '../../../../shared/domain/catalogue';
import { prefillFromIncident, type Prefill } from '../../../../shared/domain/catalogue-incident';
import { fieldLabel } from '../../../../shared/domain/catalogue-form';
import { errorMessage } from '../../client/console-client-error';
import { useConsoleArea, type RaiseFrom } from './console-area';
import { CatalogueForm, type FormData } from './catalogue-form';
import { useSubmitRequest } from '../requests/use-requests';

/** What the submit button says: "Send request", "Ask for approval", "Run now". */
function submitLabel(offering: Pick<Offering, 'kind' | 'approval'>): string {
  if (offering.kind === 'expertise') return 'Send request';
  return needsApproval(offering) ? 'Ask for approval' : 'Run now';
}

/** The form's start from an incident: what fromIncident fills, and over it the values given for this offering (a rollback's service and version). */
function prefillOf(offering: Offering, raiseFrom: RaiseFrom): Prefill {
  const fromIncident = prefillFromIncident(offering, raiseFrom.facts);
  const given = raiseFrom.given?.offeringId === offering.id ? raiseFrom.given.inputs : {};
  const data = { ...fromIncident.data };
  for (const [name, value] of Object.entries(given)) if (Object.hasOwn(offering.form.properties, name)) data[name] = value;
  return {
    data,
    filled: Object.keys(offering.form.properties).filter((name) => Object.hasOwn(data, name)),
    left: fromIncident.left.filter((entry) => !Object.hasOwn(data, entry.field)),
  };
}

export function OfferingForm({ offering }: { offering: Offering }) {
  const raiseFrom = useConsoleArea((state) => state.raiseFrom);
  const openRequests = useConsoleArea((state) => state.openRequests);
  const clearRaiseFrom = useConsoleArea((state) => state.clearRaiseFrom);
  const submit = useSubmitRequest();
  const prefill = useMemo(() => (raiseFrom ? prefillOf(offering, raiseFrom) : null), [offering, raiseFrom]);
  const [formData, setFormData] = useState<FormData>(() => ({ ...(prefill?.data ?? {}) }));
  const [urgent, setUrgent] = useState(false);
  const engineMessage = submit.isError ? errorMessage(submit.error) : null;
  const label = (name: string) => fieldLabel(name, offering.form.properties[name]);

  function send(data: FormData) {
    submit.mutate(
      { offeringId: offering.id, inputs: data, incidentId: raiseFrom?.incidentId ?? null, urgent: Boolean(raiseFrom?.major && urgent) },
      {
        onSuccess: (request) => {
          notifications.show({
            color: 'teal',
            title:
              offering.kind === 'expertise'
                ? `Request sent to ${request.teamName}`
                : needsApproval(offering)
                  ? 'Waiting for approval'
                  : 'Run requested',
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
      {raiseFrom && prefill && (prefill.filled.length > 0 || prefill.left.length > 0) && (
        <Alert color="indigo" variant="light" icon={<IconInfoCircle size={16} />} mb="sm" aria-label="Filled in from the incident">
          {prefill.filled.length > 0 && (
            <Text size="sm">
              Filled in from incident #{raiseFrom.number}: {prefill.filled.map(label).join(', ')}. Check them, and change anything, before
              sending.
            </Text>
          )}
          {prefill.left.length > 0 && (
            <>
              <Text size="sm" mt={prefill.filled.length ? 4 : 0}>
                Left for you:
              </Text>
              <List size="sm">
                {prefill.left.map((entry) => (
                  <List.Item key={entry.field}>{entry.why}</List.Item>
                ))}
              </List>
            </>
          )}
        </Alert>
      )}
      <CatalogueForm
        offering={offering}
        formData={formData}
        onChange={setFormData}
        onSubmit={send}
        engineMessage={engineMessage}
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
          <Button
            type="submit"
            loading={submit.isPending}
            leftSection={offering.kind === 'expertise' ? <IconSend size={14} /> : <IconPlayerPlay size={14} />}
          >
            {submitLabel(offering)}
          </Button>
        </Group>
      </CatalogueForm>
    </Paper>
  );
}
