/**
 * The product team's form for a pre-approved (standard) change template: the service,
 * what it covers, its risk and the implementation, backout and test plans. Checked as
 * typed (the shared TemplateProposal schema), sent through the outbox; when the change
 * system refuses it, its words show under the fields that were typed, by the button that
 * sent them, and nothing typed is lost.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { TemplateProposal, type ChangeRisk } from '../../../../shared/domain/change';
import type { Ref } from '../../../../shared/domain/incident';
import { errorMessage } from '../../client/console-client-error';
import { useSnapshot } from '../../state/use-snapshot';
import { useProposeTemplate } from './use-changes';

const RISKS: { value: ChangeRisk; label: string }[] = [
  { value: 'low', label: 'Low' },
  { value: 'moderate', label: 'Moderate' },
  { value: 'high', label: 'High' },
  { value: 'very-high', label: 'Very high' },
];

type Field = 'service' | 'name' | 'scope' | 'risk' | 'implementationPlan' | 'backoutPlan' | 'testPlan';

interface TemplateFormProps {
  services: readonly Ref[];
  systemLabel: string;
  /** The service to start with (the one the user looked at). */
  initialService: string | null;
  onDone(): void;
}

export function TemplateForm({ services, systemLabel, initialService, onDone }: TemplateFormProps) {
  const propose = useProposeTemplate();
  const [serviceId, setServiceId] = useState<string | null>(services.find((service) => service.name === initialService)?.id ?? null);
  const [values, setValues] = useState({
    name: '',
    scope: '',
    risk: 'low' as ChangeRisk,
    implementationPlan: '',
    backoutPlan: '',
    testPlan: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [actionId, setActionId] = useState<string | null>(null);
  const action = useSnapshot().data?.actions.find((record) => record.id === actionId) ?? null;
  const service = services.find((candidate) => candidate.id === serviceId) ?? null;
  const set = (field: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const options = useMemo(() => services.map((candidate) => ({ value: candidate.id, label: candidate.name })), [services]);

  const submit = () => {
    const parsed = TemplateProposal.safeParse({ service: service ?? { id: '', name: '' }, ...values });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as Field;
        found[field] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    propose.mutate(parsed.data, { onSuccess: (record) => setActionId(record.id) });
  };

  const sent = action?.state === 'done';
  return (
    <form noValidate aria-label="Propose a template" onSubmit={(event) => (event.preventDefault(), submit())}>
      <Stack gap="sm" p="md" maw={720}>
        <Title order={2} size="h4">
          Propose a pre-approved change template
        </Title>
        <Text size="sm" c="dimmed">
          A change manager approves it once in {systemLabel}; from then on the pipeline raises standard changes from it, approved at once.
        </Text>
        <Select
          label="Service"
          placeholder="Choose the service"
          data={options}
          value={serviceId}
          onChange={setServiceId}
          searchable
          required
          error={errors.service}
        />
        <TextInput
          label="Name"
          required
          value={values.name}
          onChange={(event) => set('name')(event.currentTarget.value)}
          error={errors.name}
        />
        <Textarea
          label="What it covers"
          description="The kind of change it pre-approves, and its limits"
          required
          autosize
          minRows={2}
          value={values.scope}
          onChange={(event) => set('scope')(event.currentTarget.value)}
          error={errors.scope}
        />
        <Select
          label="Risk"
          data={RISKS}
          value={values.risk}
          onChange={(value) => value && set('risk')(value)}
          allowDeselect={false}
          error={errors.risk}
          description="A template pre-approves low and moderate risk only: the pipeline raises a normal change for higher"
        />
        <Textarea
          label="Implementation plan"
          required
          autosize
          minRows={2}
          value={values.implementationPlan}
          onChange={(event) => set('implementationPlan')(event.currentTarget.value)}
          error={errors.implementationPlan}
        />
        <Textarea
          label="Backout plan"
          required
          autosize
          minRows={2}
          value={values.backoutPlan}
          onChange={(event) => set('backoutPlan')(event.currentTarget.value)}
          error={errors.backoutPlan}
        />
        <Textarea
          label="Test plan"
          required
          autosize
          minRows={2}
          value={values.testPlan}
          onChange={(event) => set('testPlan')(event.currentTarget.value)}
          error={errors.testPlan}
        />
        {action?.state === 'failed' && (
          <Alert color="red" variant="light" role="alert" title={`${systemLabel} refused the template`}>
            {action.lastError} Fix it below and propose it again.
          </Alert>
        )}
        {action?.state === 'pending' && (
          <Alert color="blue" variant="light" role="status">
            Proposing “{values.name}” to {systemLabel}…{action.lastError ? ` (retrying: ${action.lastError})` : ''}
          </Alert>
        )}
        {sent && (
          <Alert color="green" variant="light" role="status" title="Proposed">
            “{values.name}” waits for a change manager’s approval in {systemLabel}.{' '}
            <Button size="compact-xs" variant="subtle" onClick={onDone}>
              Back to the templates
            </Button>
          </Alert>
        )}
        {propose.isError && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(propose.error)}
          </Text>
        )}
        <Group gap="xs">
          <Button type="submit" loading={propose.isPending || action?.state === 'pending'}>
            Propose for approval
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
