/**
 * Add or edit one connection: the kind's fields, Test (signs in with what is typed, or
 * the stored secret) and Save. Field messages come from the contract's zod schemas. The
 * secret field is a password input that starts blank; it is sent once and cleared.
 */
import { useState } from 'react';
import { Alert, Button, Group, PasswordInput, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { CONNECTION_KIND_LABELS, type Connection, type ConnectionKind } from '../../../../shared/domain/connection-settings';
import type { RequestOutput } from '../../../../shared/contract';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { blankForm, buildRequest, fieldsFor, formFor, type FieldErrors, type FormValues } from './connection-form-model';

export interface ConnectionFormProps {
  kind: ConnectionKind;
  /** The stored connection being edited; null for a new one. */
  editing: Connection | null;
  hasSecret: boolean;
  onSaved(): void;
  onCancel(): void;
}

export function ConnectionForm({ kind, editing, hasSecret, onSaved, onCancel }: ConnectionFormProps) {
  const { client } = useConsole();
  const [values, setValues] = useState<FormValues>(() => (editing ? formFor(editing) : blankForm(kind)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tested, setTested] = useState<RequestOutput<'testConnection'> | null>(null);

  const built = () => {
    const result = buildRequest(kind, values, editing);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.request : null;
  };
  const test = useMutation({
    mutationFn: (request: NonNullable<ReturnType<typeof built>>) => client.call('testConnection', request),
    onSuccess: setTested,
  });
  const save = useMutation({
    mutationFn: (request: NonNullable<ReturnType<typeof built>>) => client.call('saveConnection', request),
    onSuccess: () => {
      setValues((current) => ({ ...current, secret: '' }));
      onSaved();
    },
  });

  const setField = (name: string, value: string | boolean) => {
    setTested(null);
    setValues((current) =>
      name === 'secret' ? { ...current, secret: String(value) } : { ...current, fields: { ...current.fields, [name]: value } },
    );
  };
  const title = `${editing ? 'Edit' : 'Add'} ${CONNECTION_KIND_LABELS[kind]} connection`;

  return (
    <form
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        const request = built();
        if (request) save.mutate(request);
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>{title}</Text>
        {fieldsFor(kind, values).map((field) => {
          const error = errors[field.name];
          const common = { key: field.name, label: field.label, description: field.description, error };
          switch (field.kind) {
            case 'switch':
              return (
                <Switch
                  {...common}
                  checked={values.fields[field.name] === true}
                  onChange={(event) => setField(field.name, event.currentTarget.checked)}
                />
              );
            case 'auth-kind':
              return (
                <Stack key={field.name} gap={4}>
                  <Text size="sm" fw={500} id="servicenow-auth-label">
                    {field.label}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="servicenow-auth-label"
                    value={String(values.fields.authKind ?? 'basic')}
                    onChange={(value) => setField('authKind', value)}
                    data={[
                      { value: 'basic', label: 'User and password' },
                      { value: 'bearer', label: 'OAuth token' },
                      { value: 'api-key', label: 'API key' },
                    ]}
                  />
                </Stack>
              );
            case 'secret':
              return (
                <PasswordInput
                  {...common}
                  autoComplete="off"
                  placeholder={editing && hasSecret ? 'Stored in the OS keychain; type a new one to replace it' : undefined}
                  value={values.secret}
                  onChange={(event) => setField('secret', event.currentTarget.value)}
                />
              );
            default:
              return (
                <TextInput
                  {...common}
                  type={field.kind === 'email' ? 'email' : 'text'}
                  placeholder={field.placeholder}
                  value={String(values.fields[field.name] ?? '')}
                  onChange={(event) => setField(field.name, event.currentTarget.value)}
                />
              );
          }
        })}
        {tested && (
          <Alert
            role="status"
            color={tested.ok ? 'green' : 'red'}
            icon={tested.ok ? <IconCheck size={16} /> : <IconPlugConnectedX size={16} />}
            title={tested.ok ? 'Connection works' : 'Connection failed'}
          >
            {tested.message}
          </Alert>
        )}
        {(test.error || save.error) && (
          <Alert role="alert" color="red" title={save.error ? 'Could not save' : 'Could not test'}>
            {errorMessage(save.error ?? test.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            variant="default"
            loading={test.isPending}
            onClick={() => {
              const request = built();
              if (request) test.mutate(request);
            }}
          >
            Test
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
