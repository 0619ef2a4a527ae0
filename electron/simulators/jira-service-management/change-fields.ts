/**
 * The change fields of the simulated site: their /rest/api/3/field entries (names, clause
 * names and schemas as a real Cloud site records them, note §1d), the forms of the change
 * request types, and reading the values a client sends on create (Service Desk API: plain
 * text) or edit (platform API v3: text areas in Atlassian Document Format) into a change
 * patch, or field errors keyed by field id.
 */
import { CHANGE_FIELD_IDS, CHANGE_RISKS, CHANGE_TYPES, type FieldOption } from './change-config';
import { adfText } from './serializers';
import type { JsmState } from './state';
import { FIELD_IDS } from './types';

const TYPES = 'com.atlassian.jira.plugin.system.customfieldtypes';

/** The change fields' /rest/api/3/field entries (Affected services and Request Type are the site's existing ones). */
export const CHANGE_FIELD_CATALOGUE: readonly { id: string; name: string; schema: Record<string, string> }[] = [
  { id: CHANGE_FIELD_IDS.changeType, name: 'Change type', schema: { type: 'option', custom: `${TYPES}:select` } },
  { id: CHANGE_FIELD_IDS.changeRisk, name: 'Change risk', schema: { type: 'option', custom: `${TYPES}:select` } },
  { id: CHANGE_FIELD_IDS.changeStart, name: 'Change start date', schema: { type: 'datetime', custom: `${TYPES}:datetime` } },
  { id: CHANGE_FIELD_IDS.changeCompletion, name: 'Change completion date', schema: { type: 'datetime', custom: `${TYPES}:datetime` } },
  { id: CHANGE_FIELD_IDS.approvers, name: 'Approvers', schema: { type: 'array', items: 'user', custom: `${TYPES}:multiuserpicker` } },
  { id: CHANGE_FIELD_IDS.implementationPlan, name: 'Implementation plan', schema: { type: 'string', custom: `${TYPES}:textarea` } },
  { id: CHANGE_FIELD_IDS.backoutPlan, name: 'Backout plan', schema: { type: 'string', custom: `${TYPES}:textarea` } },
  { id: CHANGE_FIELD_IDS.testPlan, name: 'Test plan', schema: { type: 'string', custom: `${TYPES}:textarea` } },
];

/** A field on a request type's form; `preset` makes it a hidden field that takes these values (strings, as presetValues). */
export interface FormField {
  fieldId: string;
  required: boolean;
  preset?: string[];
}

/** The form of "Request a change": every change field, Change type required. */
export const CHANGE_FORM: readonly FormField[] = [
  { fieldId: 'summary', required: true },
  { fieldId: 'description', required: false },
  { fieldId: 'labels', required: false },
  { fieldId: CHANGE_FIELD_IDS.changeType, required: true },
  { fieldId: CHANGE_FIELD_IDS.changeRisk, required: false },
  { fieldId: FIELD_IDS.affectedServices, required: false },
  { fieldId: CHANGE_FIELD_IDS.changeStart, required: false },
  { fieldId: CHANGE_FIELD_IDS.changeCompletion, required: false },
  { fieldId: CHANGE_FIELD_IDS.approvers, required: false },
  { fieldId: CHANGE_FIELD_IDS.implementationPlan, required: false },
  { fieldId: CHANGE_FIELD_IDS.backoutPlan, required: false },
  { fieldId: CHANGE_FIELD_IDS.testPlan, required: false },
];

/**
 * The form a request type created through the API gets: "the required fields as specified by
 * the issue type" (createRequestType, note §1c); the Change issue type requires Summary and
 * Change type (ASSUMPTION: the field configuration is the site admin's).
 */
export const CREATED_REQUEST_TYPE_FORM: readonly FormField[] = [
  { fieldId: 'summary', required: true },
  { fieldId: CHANGE_FIELD_IDS.changeType, required: true },
];

const SYSTEM_NAMES: Record<string, string> = { summary: 'Summary', description: 'Description', labels: 'Labels' };

export function fieldName(fieldId: string): string {
  if (fieldId === FIELD_IDS.affectedServices) return 'Affected services';
  return SYSTEM_NAMES[fieldId] ?? CHANGE_FIELD_CATALOGUE.find((field) => field.id === fieldId)?.name ?? fieldId;
}

/** The jiraSchema of a form field. */
export function fieldSchema(fieldId: string): Record<string, unknown> {
  if (fieldId === 'labels') return { type: 'array', items: 'string', system: 'labels' };
  if (fieldId === 'summary' || fieldId === 'description') return { type: 'string', system: fieldId };
  if (fieldId === FIELD_IDS.affectedServices)
    return {
      type: 'array',
      items: 'service-entity-field-cftype',
      custom: 'com.atlassian.jira.plugins.service-entity:service-entity-field-cftype',
    };
  const custom = CHANGE_FIELD_CATALOGUE.find((field) => field.id === fieldId);
  return custom ? { ...custom.schema, customId: Number(fieldId.replace('customfield_', '')) } : { type: 'string' };
}

/** The values a form field offers (validValues): the select options and the services. */
export function validValues(state: JsmState, fieldId: string): { value: string; label: string; children: [] }[] {
  const options = (list: readonly FieldOption[]) => list.map((option) => ({ value: option.id, label: option.value, children: [] as [] }));
  if (fieldId === CHANGE_FIELD_IDS.changeType) return options(CHANGE_TYPES);
  if (fieldId === CHANGE_FIELD_IDS.changeRisk) return options(CHANGE_RISKS);
  if (fieldId === FIELD_IDS.affectedServices)
    return state.site.services.map((service) => ({ value: service.id, label: service.name, children: [] as [] }));
  return [];
}

/** The field changes a create or edit asks for; keys left out stay as they are. */
export interface ChangePatch {
  summary?: string;
  description?: string | null;
  labels?: string[];
  changeType?: string | null;
  changeRisk?: string | null;
  changeStart?: number | null;
  changeCompletion?: number | null;
  affectedServiceIds?: string[];
  approverIds?: string[];
  implementationPlan?: string | null;
  backoutPlan?: string | null;
  testPlan?: string | null;
}

type PlanKey = 'implementationPlan' | 'backoutPlan' | 'testPlan';
const PLAN_KEYS: Record<string, PlanKey> = {
  [CHANGE_FIELD_IDS.implementationPlan]: 'implementationPlan',
  [CHANGE_FIELD_IDS.backoutPlan]: 'backoutPlan',
  [CHANGE_FIELD_IDS.testPlan]: 'testPlan',
};

/** "2015-11-18T14:39:00.000+1100" (note §1d) and other ISO 8601 date-times with a zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function option(list: readonly FieldOption[], value: unknown): FieldOption | undefined {
  const ref = isObject(value) ? value : typeof value === 'string' ? { value } : {};
  return list.find((item) => item.id === String(ref.id ?? '') || item.value.toLowerCase() === String(ref.value ?? '').toLowerCase());
}

/** A preset's value as the input it stands for (a form's hidden field applied on create). */
export function presetInput(fieldId: string, preset: string[]): unknown {
  if (fieldId === FIELD_IDS.affectedServices) return preset.map((id) => ({ id }));
  if (fieldId === CHANGE_FIELD_IDS.approvers) return preset.map((accountId) => ({ accountId }));
  if (fieldId === 'labels') return preset;
  if (fieldId === CHANGE_FIELD_IDS.changeType || fieldId === CHANGE_FIELD_IDS.changeRisk) return { id: preset[0] };
  return preset[0] ?? null;
}

/**
 * Reads `fields` into a patch; returns the errors by field id instead when any value is
 * wrong. `allowed` limits which field ids may be set (a form's visible fields); `mode` says
 * which API is calling (the Service Desk API takes plain text, the platform API v3 ADF).
 */
export function parseChangeValues(
  state: JsmState,
  fields: Record<string, unknown>,
  mode: 'servicedesk' | 'platform',
  allowed?: ReadonlySet<string>,
): { patch: ChangePatch; errors: Record<string, string> } {
  const patch: ChangePatch = {};
  const errors: Record<string, string> = {};
  const text = (fieldId: string, value: unknown): string | null | undefined => {
    if (value === null) return null;
    if (mode === 'servicedesk' && typeof value === 'string') return value;
    if (mode === 'platform' && isObject(value) && value.type === 'doc') return adfText(value);
    errors[fieldId] =
      mode === 'platform'
        ? 'Operation value must be an Atlassian Document (see the Atlassian Document Format).'
        : 'The value must be text.';
    return undefined;
  };
  for (const [fieldId, value] of Object.entries(fields)) {
    if (allowed && !allowed.has(fieldId)) {
      errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    const plan = PLAN_KEYS[fieldId];
    if (plan) {
      const read = text(fieldId, value);
      if (read !== undefined) patch[plan] = read;
      continue;
    }
    switch (fieldId) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '') errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else patch.summary = value;
        break;
      case 'description': {
        const read = text(fieldId, value);
        if (read !== undefined) patch.description = read;
        break;
      }
      case 'labels':
        if (!Array.isArray(value) || value.some((label) => typeof label !== 'string' || label === '' || /\s/.test(label)))
          errors.labels = "Labels must be a list of strings, and a label can't contain spaces.";
        else if (value.some((label: string) => label.length > 255)) errors.labels = 'A label must be at most 255 characters.';
        else patch.labels = [...new Set(value as string[])];
        break;
      case CHANGE_FIELD_IDS.changeType:
      case CHANGE_FIELD_IDS.changeRisk: {
        const list = fieldId === CHANGE_FIELD_IDS.changeType ? CHANGE_TYPES : CHANGE_RISKS;
        const key = fieldId === CHANGE_FIELD_IDS.changeType ? 'changeType' : 'changeRisk';
        if (value === null) {
          patch[key] = null;
          break;
        }
        const found = option(list, value);
        if (!found)
          errors[fieldId] =
            `Specify a valid value for ${fieldName(fieldId)}: ${list.map((item) => `${item.value} (id ${item.id})`).join(', ')}.`;
        else patch[key] = found.value;
        break;
      }
      case CHANGE_FIELD_IDS.changeStart:
      case CHANGE_FIELD_IDS.changeCompletion: {
        const key = fieldId === CHANGE_FIELD_IDS.changeStart ? 'changeStart' : 'changeCompletion';
        if (value === null) {
          patch[key] = null;
          break;
        }
        const at = typeof value === 'string' && DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(at))
          errors[fieldId] = `Invalid date: give ${fieldName(fieldId)} as yyyy-MM-dd'T'HH:mm:ss.SSSZ, e.g. 2015-11-18T14:39:00.000+1100.`;
        else patch[key] = at;
        break;
      }
      case FIELD_IDS.affectedServices: {
        const ids = value === null ? [] : Array.isArray(value) ? value.map((item) => (isObject(item) ? String(item.id ?? '') : '')) : null;
        if (!ids || ids.some((id) => !state.getService(id)))
          errors[fieldId] = 'Affected services must be a list of {"id": "<service id>"} naming existing services.';
        else patch.affectedServiceIds = ids;
        break;
      }
      case CHANGE_FIELD_IDS.approvers: {
        const ids =
          value === null
            ? []
            : Array.isArray(value)
              ? value.map((item) => {
                  if (!isObject(item)) return '';
                  const wanted = String(item.accountId ?? item.id ?? item.name ?? '');
                  return (state.getUser(wanted) ?? state.getUserByEmail(wanted))?.accountId ?? '';
                })
              : null;
        if (!ids || ids.includes('')) errors[fieldId] = 'Approvers must be a list of {"accountId": "<account id>"} naming existing users.';
        else patch.approverIds = [...new Set(ids)];
        break;
      }
      default:
        errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }
  return { patch, errors };
}
