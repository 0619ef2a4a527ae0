/**
 * A small react-jsonschema-form theme made of Mantine inputs, for the catalogue's form
 * subset: text, textarea, native select, radio, checkbox(es), email, date and time, and
 * numbers. Each widget shows its own label, description (the field's description and its
 * `ui:help`) and errors, so screen readers get them as the input's name and description.
 */
import type { ReactNode } from 'react';
import { Alert, Checkbox, Group, List, NativeSelect, NumberInput, Radio, Stack, TextInput, Textarea } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import {
  localToUTC,
  utcToLocal,
  type ErrorListProps,
  type FieldTemplateProps,
  type ObjectFieldTemplateProps,
  type RegistryWidgetsType,
  type TemplatesType,
  type WidgetProps,
} from '@rjsf/utils';

function descriptionOf(props: WidgetProps): ReactNode {
  const help = typeof props.options.help === 'string' ? props.options.help : undefined;
  const parts = [props.schema.description, help].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' ') : undefined;
}

/** "e.g. …": an example, not a value (error styling colours placeholders like text). */
function exampleOf(props: WidgetProps): string | undefined {
  return props.placeholder ? `e.g. ${props.placeholder}` : undefined;
}

/** The field's problems, each a sentence that names it by its label ("Backup id must be ..."), as the list above the form says them. */
function errorOf(props: WidgetProps): string | undefined {
  if (!props.rawErrors?.length) return undefined;
  const text = props.rawErrors.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What every widget passes to its Mantine input. */
function common(props: WidgetProps) {
  return {
    id: props.id,
    name: props.htmlName ?? props.id,
    label: props.hideLabel ? undefined : props.label,
    description: descriptionOf(props),
    error: errorOf(props),
    required: props.required,
    disabled: props.disabled || props.readonly,
    autoFocus: props.autofocus,
  };
}

const emptyToUndefined = (value: string): string | undefined => (value === '' ? undefined : value);

function TextWidget(props: WidgetProps) {
  if (props.schema.type === 'integer' || props.schema.type === 'number') return <NumberWidget {...props} />;
  return (
    <TextInput
      {...common(props)}
      type={props.options.inputType === 'email' ? 'email' : 'text'}
      value={typeof props.value === 'string' ? props.value : ''}
      placeholder={exampleOf(props)}
      onChange={(event) => props.onChange(emptyToUndefined(event.currentTarget.value))}
      onBlur={(event) => props.onBlur(props.id, event.currentTarget.value)}
      onFocus={(event) => props.onFocus(props.id, event.currentTarget.value)}
    />
  );
}

function EmailWidget(props: WidgetProps) {
  return <TextWidget {...props} options={{ ...props.options, inputType: 'email' }} />;
}

function NumberWidget(props: WidgetProps) {
  return (
    <NumberInput
      {...common(props)}
      value={typeof props.value === 'number' ? props.value : ''}
      placeholder={props.placeholder}
      min={typeof props.schema.minimum === 'number' ? props.schema.minimum : undefined}
      max={typeof props.schema.maximum === 'number' ? props.schema.maximum : undefined}
      allowDecimal={props.schema.type !== 'integer'}
      onChange={(value) => props.onChange(typeof value === 'number' ? value : undefined)}
      onBlur={() => props.onBlur(props.id, props.value)}
      onFocus={() => props.onFocus(props.id, props.value)}
    />
  );
}

function TextareaWidget(props: WidgetProps) {
  return (
    <Textarea
      {...common(props)}
      autosize
      minRows={3}
      maxRows={12}
      value={typeof props.value === 'string' ? props.value : ''}
      placeholder={exampleOf(props)}
      onChange={(event) => props.onChange(emptyToUndefined(event.currentTarget.value))}
      onBlur={(event) => props.onBlur(props.id, event.currentTarget.value)}
      onFocus={(event) => props.onFocus(props.id, event.currentTarget.value)}
    />
  );
}

function choicesOf(props: WidgetProps): { value: string; label: string }[] {
  return (props.options.enumOptions ?? []).map((option) => ({ value: String(option.value), label: option.label }));
}

function SelectWidget(props: WidgetProps) {
  const choices = choicesOf(props);
  const value = typeof props.value === 'string' ? props.value : '';
  return (
    <NativeSelect
      {...common(props)}
      value={value}
      data={[{ value: '', label: props.placeholder || 'Choose…', disabled: props.required && value !== '' }, ...choices]}
      onChange={(event) => props.onChange(emptyToUndefined(event.currentTarget.value))}
      onBlur={(event) => props.onBlur(props.id, event.currentTarget.value)}
      onFocus={(event) => props.onFocus(props.id, event.currentTarget.value)}
    />
  );
}

function RadioWidget(props: WidgetProps) {
  const { id, label, description, error, required } = common(props);
  return (
    <Radio.Group
      id={id}
      label={props.hideLabel ? undefined : label}
      description={description}
      error={error}
      withAsterisk={required}
      value={props.value === undefined || props.value === null ? '' : String(props.value)}
      onChange={(value) => props.onChange(value)}
    >
      <Group gap="md" mt={4}>
        {choicesOf(props).map((choice) => (
          <Radio key={choice.value} value={choice.value} label={choice.label} disabled={props.disabled || props.readonly} />
        ))}
      </Group>
    </Radio.Group>
  );
}

function CheckboxWidget(props: WidgetProps) {
  const { id, label, description, error, disabled } = common(props);
  return (
    <Checkbox
      id={id}
      label={label}
      description={description}
      error={error}
      disabled={disabled}
      checked={props.value === true}
      onChange={(event) => props.onChange(event.currentTarget.checked)}
    />
  );
}

function CheckboxesWidget(props: WidgetProps) {
  const { id, label, description, error, required } = common(props);
  const values = Array.isArray(props.value) ? props.value.map(String) : [];
  return (
    <Checkbox.Group
      id={id}
      label={label}
      description={description}
      error={error}
      withAsterisk={required}
      value={values}
      onChange={(next) => props.onChange(next)}
    >
      <Group gap="md" mt={4}>
        {choicesOf(props).map((choice) => (
          <Checkbox key={choice.value} value={choice.value} label={choice.label} disabled={props.disabled || props.readonly} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** A local date and time in the input; an ISO 8601 UTC timestamp in the form data. */
function DateTimeWidget(props: WidgetProps) {
  return (
    <TextInput
      {...common(props)}
      type="datetime-local"
      value={typeof props.value === 'string' && props.value ? utcToLocal(props.value) : ''}
      onChange={(event) => props.onChange(event.currentTarget.value ? localToUTC(event.currentTarget.value) : undefined)}
      onBlur={() => props.onBlur(props.id, props.value)}
      onFocus={() => props.onFocus(props.id, props.value)}
    />
  );
}

export const formWidgets: RegistryWidgetsType = {
  TextWidget,
  EmailWidget,
  URLWidget: TextWidget,
  UpDownWidget: NumberWidget,
  TextareaWidget,
  SelectWidget,
  RadioWidget,
  CheckboxWidget,
  CheckboxesWidget,
  DateTimeWidget,
};

/** The widgets show label, description and errors themselves: the field frame adds nothing. */
function FieldTemplate({ hidden, children }: FieldTemplateProps) {
  if (hidden) return <div hidden>{children}</div>;
  return children;
}

function ObjectFieldTemplate({ properties }: ObjectFieldTemplateProps) {
  return (
    <Stack gap="sm">
      {properties
        .filter((property) => !property.hidden)
        .map((property) => (
          <div key={property.name}>{property.content}</div>
        ))}
    </Stack>
  );
}

function ErrorListTemplate({ errors }: ErrorListProps) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title="Check the form" mb="sm" role="alert">
      <List size="sm">
        {errors.map((error, index) => (
          <List.Item key={`${error.property ?? ''}:${index}`}>{error.stack}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

const Nothing = () => null;

export const formTemplates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> = {
  FieldTemplate,
  ObjectFieldTemplate,
  ErrorListTemplate,
  DescriptionFieldTemplate: Nothing,
  TitleFieldTemplate: Nothing,
  FieldErrorTemplate: Nothing,
  FieldHelpTemplate: Nothing,
};
