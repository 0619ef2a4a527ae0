/**
 * The connection form's model, kept out of the components so it can be tested: which
 * fields each kind shows, the blank form for a new connection, and turning what was typed
 * into a save or test request, with the contract's own zod messages per field.
 *
 * The secret is typed, sent once in the request, and then forgotten: the form is cleared
 * after a save, and a stored secret is only ever shown as "stored".
 */
import { ConnectionDraft, SecretText, type Connection, type ConnectionKind } from '../../../../shared/domain/connection-settings';

export interface FieldSpec {
  /** The draft's field (or `secret`). */
  name: string;
  label: string;
  description?: string;
  placeholder?: string;
  kind: 'text' | 'email' | 'url' | 'ids' | 'switch' | 'auth-kind' | 'secret';
}

export interface FormValues {
  /** The draft's fields as typed (strings, booleans); ids lists as comma-separated text. */
  fields: Record<string, string | boolean>;
  /** The secret typed now; blank keeps the stored one. */
  secret: string;
}

export type FieldErrors = Record<string, string>;

const URL_FIELD: Record<ConnectionKind, string> = {
  pagerduty: 'baseUrl',
  'splunk-on-call': 'apiUrl',
  servicenow: 'instanceUrl',
  'jira-service-management': 'siteUrl',
  github: 'apiUrl',
};

const ID_LIST_FIELDS = ['teamIds', 'serviceIds'] as const;

/** The fields a kind's form shows, in order. */
export function fieldsFor(kind: ConnectionKind, values: FormValues): FieldSpec[] {
  const name: FieldSpec = { name: 'label', label: 'Name', placeholder: 'e.g. Payments on call', kind: 'text' };
  switch (kind) {
    case 'pagerduty':
      return [
        name,
        {
          name: 'baseUrl',
          label: 'API URL',
          description: 'https://api.pagerduty.com, or https://api.eu.pagerduty.com in the EU',
          kind: 'url',
        },
        { name: 'fromEmail', label: 'Your PagerDuty email', description: 'Sent as the From header when you act', kind: 'email' },
        { name: 'teamIds', label: 'Teams', description: 'Team ids, comma-separated; empty for all teams', kind: 'ids' },
        { name: 'serviceIds', label: 'Services', description: 'Service ids, comma-separated; empty for all services', kind: 'ids' },
        { name: 'assignedToMe', label: 'Only incidents assigned to me', kind: 'switch' },
        {
          name: 'secret',
          label: 'REST API token',
          description: 'A user token (My Profile -> User Settings -> API Access)',
          kind: 'secret',
        },
      ];
    case 'splunk-on-call':
      return [
        name,
        {
          name: 'apiUrl',
          label: 'API URL',
          description: 'https://api.victorops.com for Splunk On-Call. It runs beside a PagerDuty connection, in the same queue',
          kind: 'url',
        },
        {
          name: 'apiId',
          label: 'API ID',
          description: "Your organisation's API ID, shown in Splunk On-Call under Integrations -> API",
          placeholder: 'e.g. 1a2b3c4d',
          kind: 'text',
        },
        {
          name: 'secret',
          label: 'API key',
          description: 'An API key from the same page (it belongs to the organisation); stored in your OS keychain',
          kind: 'secret',
        },
        {
          name: 'username',
          label: 'Username',
          description: 'Your Splunk On-Call username: acknowledgements, resolutions and reroutes are done as this user',
          placeholder: 'e.g. jdoe',
          kind: 'text',
        },
        {
          name: 'orgSlug',
          label: 'Organisation slug',
          description: 'Optional, for links to incidents: the part after /ui/ in portal.victorops.com/ui/<slug>/...',
          kind: 'text',
        },
      ];
    case 'servicenow': {
      const auth = String(values.fields.authKind ?? 'basic');
      return [
        name,
        { name: 'instanceUrl', label: 'Instance URL', placeholder: 'https://acme.service-now.com', kind: 'url' },
        { name: 'authKind', label: 'Sign in with', kind: 'auth-kind' },
        ...(auth === 'basic' ? [{ name: 'user', label: 'User name', kind: 'text' } satisfies FieldSpec] : []),
        { name: 'secret', label: auth === 'basic' ? 'Password' : auth === 'bearer' ? 'OAuth access token' : 'API key', kind: 'secret' },
      ];
    }
    case 'jira-service-management':
      return [
        name,
        { name: 'siteUrl', label: 'Site URL', placeholder: 'https://acme.atlassian.net', kind: 'url' },
        { name: 'email', label: 'Atlassian account email', kind: 'email' },
        {
          name: 'projectKey',
          label: 'Service project key',
          description: 'Optional; default: the first service desk you can see',
          kind: 'text',
        },
        { name: 'secret', label: 'API token', description: 'From id.atlassian.com -> Security -> API tokens', kind: 'secret' },
      ];
    case 'github':
      return [
        name,
        {
          name: 'apiUrl',
          label: 'API URL',
          description: 'https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server',
          kind: 'url',
        },
        { name: 'secret', label: 'Token', description: 'A fine-grained personal access token', kind: 'secret' },
      ];
  }
}

const DEFAULT_LABELS: Record<ConnectionKind, string> = {
  pagerduty: 'PagerDuty',
  'splunk-on-call': 'Splunk On-Call',
  servicenow: 'ServiceNow',
  'jira-service-management': 'Jira Service Management',
  github: 'GitHub',
};

/** The form for a new connection of a kind. */
export function blankForm(kind: ConnectionKind): FormValues {
  const fields: Record<ConnectionKind, Record<string, string | boolean>> = {
    pagerduty: {
      label: DEFAULT_LABELS.pagerduty,
      baseUrl: 'https://api.pagerduty.com',
      fromEmail: '',
      teamIds: '',
      serviceIds: '',
      assignedToMe: false,
    },
    'splunk-on-call': {
      label: DEFAULT_LABELS['splunk-on-call'],
      apiUrl: 'https://api.victorops.com',
      apiId: '',
      username: '',
      orgSlug: '',
    },
    servicenow: { label: DEFAULT_LABELS.servicenow, instanceUrl: '', authKind: 'basic', user: '' },
    'jira-service-management': { label: DEFAULT_LABELS['jira-service-management'], siteUrl: '', email: '', projectKey: '' },
    github: { label: DEFAULT_LABELS.github, apiUrl: 'https://api.github.com' },
  };
  return { fields: fields[kind], secret: '' };
}

/** The form for editing a stored connection (its secret stays stored unless a new one is typed). */
export function formFor(connection: Connection): FormValues {
  const fields: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(connection)) {
    if (typeof value === 'string' || typeof value === 'boolean') fields[key] = value;
  }
  if (connection.kind === 'pagerduty') {
    fields.teamIds = connection.scope.teamIds.join(', ');
    fields.serviceIds = connection.scope.serviceIds.join(', ');
    fields.assignedToMe = connection.scope.assignedToMe;
  }
  return { fields, secret: '' };
}

/** What to paste where the kind's secret is not called a token (else the contract's message). */
const MISSING_SECRET: Partial<Record<ConnectionKind, string>> = {
  'splunk-on-call': 'paste an API key from Splunk On-Call (Integrations -> API)',
};

export type BuiltRequest = { ok: true; request: { connection: ConnectionDraft; secret?: string } } | { ok: false; errors: FieldErrors };

/**
 * What was typed as a request, checked with the contract's schemas. `base` is the stored
 * connection being edited: the fields the form does not show (mappings, intervals) keep
 * its values. A new connection needs a secret; an edit keeps the stored one when blank.
 */
export function buildRequest(kind: ConnectionKind, values: FormValues, base: Connection | null): BuiltRequest {
  const typed: Record<string, unknown> = { ...(base ?? {}), kind };
  for (const [key, value] of Object.entries(values.fields)) {
    if (key === 'kind' || key === 'id') continue;
    if ((ID_LIST_FIELDS as readonly string[]).includes(key) || key === 'assignedToMe') continue;
    // Optional texts left blank are left out, not sent empty.
    if (value === '' && (key === 'projectKey' || key === 'closeCode' || key === 'orgSlug')) {
      delete typed[key];
      continue;
    }
    typed[key] = value;
  }
  if (kind === 'pagerduty') {
    typed.scope = {
      ...(base?.kind === 'pagerduty' ? base.scope : {}),
      teamIds: idsOf(values.fields.teamIds),
      serviceIds: idsOf(values.fields.serviceIds),
      assignedToMe: values.fields.assignedToMe === true,
    };
  }
  if (base) typed.id = base.id;

  const errors: FieldErrors = {};
  const draft = ConnectionDraft.safeParse(typed);
  if (!draft.success) {
    for (const issue of draft.error.issues) {
      const field = String(issue.path[0] === 'scope' ? (issue.path[1] ?? 'scope') : (issue.path[0] ?? 'label'));
      errors[field] ??= issue.message;
    }
  }
  let secret: string | undefined;
  if (values.secret.trim() !== '' || !base) {
    const checked = SecretText.safeParse(values.secret);
    if (checked.success) secret = checked.data;
    else
      errors.secret =
        (values.secret.trim() === '' ? MISSING_SECRET[kind] : undefined) ?? checked.error.issues[0]?.message ?? 'paste the token';
  }
  if (!draft.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { connection: draft.data, ...(secret !== undefined ? { secret } : {}) } };
}

function idsOf(text: string | boolean | undefined): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** Where a connection points, for the list. */
export function addressOf(connection: Connection): string {
  return String((connection as Record<string, unknown>)[URL_FIELD[connection.kind]] ?? '');
}
