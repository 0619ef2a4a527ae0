/**
 * Reads field values as Jira accepts them on create and edit (priority by id or name, a
 * user by accountId, the Team field by team id, Affected services as [{id}], an Assets
 * field as [{workspaceId, objectId}] or [{id: "workspace:object"}], the Major incident
 * field as "MAJOR_INCIDENT" or null) into a state change, or field errors keyed by field id.
 */
import { jiraErrors } from './errors';
import { adfText } from './serializers';
import type { IssueChange, JsmState } from './state';
import { FIELD_IDS, MAJOR_INCIDENT_VALUE } from './types';
import { PRIORITIES, URGENCIES } from './workflow';

export type FieldMode = 'servicedesk' | 'platform';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOrName(value: unknown): { id?: string; name?: string; value?: string } | null {
  if (typeof value === 'string') return { id: value, name: value, value };
  if (!isObject(value)) return null;
  const pick = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  return { id: pick('id'), name: pick('name'), value: pick('value') };
}

/**
 * Parses `fields`; throws a 400 with every field's problem. `allowed` limits which field
 * ids may be set (a request type's form); `mode` says which API is calling (the Service
 * Desk API takes a plain-text description, the platform API v3 an ADF document).
 */
export function parseFieldValues(
  state: JsmState,
  fields: Record<string, unknown>,
  mode: FieldMode,
  allowed?: ReadonlySet<string>,
): IssueChange {
  const change: IssueChange = {};
  const errors: Record<string, string> = {};
  const workspaceId = state.site.workspaceId;
  for (const [fieldId, value] of Object.entries(fields)) {
    if (allowed && !allowed.has(fieldId)) {
      errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    switch (fieldId) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '') errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else change.summary = value;
        break;
      case 'description':
        if (value === null) change.description = null;
        else if (mode === 'servicedesk' && typeof value === 'string') change.description = value;
        else if (mode === 'platform' && isObject(value) && value.type === 'doc') change.description = adfText(value);
        else
          errors.description =
            mode === 'platform'
              ? 'Operation value must be an Atlassian Document (see the Atlassian Document Format).'
              : 'The description must be text.';
        break;
      case 'priority': {
        const ref = idOrName(value);
        const priority = PRIORITIES.find((p) => p.id === ref?.id || p.name === ref?.name);
        if (!priority) errors.priority = `Specify a valid priority: ${PRIORITIES.map((p) => `${p.name} (id ${p.id})`).join(', ')}.`;
        else change.priorityName = priority.name;
        break;
      }
      case 'labels':
        if (!Array.isArray(value) || value.some((label) => typeof label !== 'string')) errors.labels = 'Labels must be a list of strings.';
        else if (value.some((label: string) => /\s/.test(label) || label === '')) errors.labels = "The label can't contain spaces.";
        else change.labels = value as string[];
        break;
      case 'assignee': {
        if (value === null) {
          change.assigneeId = null;
          break;
        }
        const accountId = isObject(value) && typeof value.accountId === 'string' ? value.accountId : null;
        if (!accountId || !state.getUser(accountId)) errors.assignee = `User '${accountId ?? String(value)}' cannot be assigned issues.`;
        else change.assigneeId = accountId;
        break;
      }
      case FIELD_IDS.team: {
        if (value === null) {
          change.teamId = null;
          break;
        }
        const id = typeof value === 'string' ? value : isObject(value) && typeof value.id === 'string' ? value.id : null;
        if (!id || !state.getTeam(id)) errors[fieldId] = `The team '${id ?? String(value)}' does not exist or you can't see it.`;
        else change.teamId = id;
        break;
      }
      case FIELD_IDS.affectedServices: {
        if (value === null) {
          change.affectedServiceIds = [];
          break;
        }
        const ids = Array.isArray(value) ? value.map((item) => (isObject(item) && typeof item.id === 'string' ? item.id : null)) : [null];
        const unknown = ids.find((id) => id === null || !state.getService(id));
        if (unknown !== undefined) errors[fieldId] = 'Affected services must be a list of {"id": "<service id>"} naming existing services.';
        else change.affectedServiceIds = ids as string[];
        break;
      }
      case FIELD_IDS.configurationItem: {
        if (value === null) {
          change.configurationItemIds = [];
          break;
        }
        const objectIds = Array.isArray(value)
          ? value.map((item) => {
              if (!isObject(item)) return null;
              if (typeof item.objectId === 'string' && item.workspaceId === workspaceId) return item.objectId;
              if (typeof item.id === 'string' && item.id.startsWith(`${workspaceId}:`)) return item.id.slice(workspaceId.length + 1);
              return null;
            })
          : [null];
        const bad = objectIds.find((id) => id === null || !state.getAsset(id));
        if (bad !== undefined)
          errors[fieldId] =
            `Configuration item must be a list of Assets objects, {"workspaceId": "${workspaceId}", "objectId": "<id>"}, naming existing objects.`;
        else change.configurationItemIds = objectIds as string[];
        break;
      }
      case FIELD_IDS.urgency: {
        if (value === null) {
          change.urgency = null;
          break;
        }
        const ref = idOrName(value);
        const urgency = URGENCIES.find((u) => u.id === ref?.id || u.value === ref?.value);
        if (!urgency)
          errors[fieldId] =
            `Option value '${ref?.value ?? ref?.id ?? String(value)}' is not valid for Urgency: ${URGENCIES.map((u) => u.value).join(', ')}.`;
        else change.urgency = urgency.value;
        break;
      }
      case FIELD_IDS.majorIncident:
        if (value === null) change.majorIncident = false;
        else if (value === MAJOR_INCIDENT_VALUE) change.majorIncident = true;
        else errors[fieldId] = `Major incident takes "${MAJOR_INCIDENT_VALUE}" or null.`;
        break;
      default:
        errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }
  if (Object.keys(errors).length > 0) throw jiraErrors.fieldErrors(errors);
  return change;
}

/** Applies `update: {labels: [{add}, {remove}, {set}]}` to the current labels; other fields are not supported by the simulator. */
export function applyLabelOperations(current: string[], update: unknown): string[] | undefined {
  if (update === undefined) return undefined;
  if (!isObject(update)) throw jiraErrors.badRequest(['update must be an object of field operations.']);
  const unsupported = Object.keys(update).filter((key) => key !== 'labels');
  if (unsupported.length > 0)
    throw jiraErrors.fieldErrors(
      Object.fromEntries(unsupported.map((key) => [key, `The simulator supports update operations on labels only (not '${key}').`])),
    );
  const operations = update.labels;
  if (operations === undefined) return undefined;
  if (!Array.isArray(operations)) throw jiraErrors.fieldErrors({ labels: 'labels operations must be a list, e.g. [{"add": "x"}].' });
  let labels = [...current];
  for (const operation of operations) {
    if (!isObject(operation)) throw jiraErrors.fieldErrors({ labels: 'Each labels operation is an object: add, remove or set.' });
    if (typeof operation.add === 'string') labels = labels.includes(operation.add) ? labels : [...labels, operation.add];
    else if (typeof operation.remove === 'string') labels = labels.filter((label) => label !== operation.remove);
    else if (Array.isArray(operation.set)) labels = operation.set.filter((label): label is string => typeof label === 'string');
    else throw jiraErrors.fieldErrors({ labels: 'Each labels operation is an object: add, remove or set.' });
  }
  if (labels.some((label) => /\s/.test(label) || label === '')) throw jiraErrors.fieldErrors({ labels: "The label can't contain spaces." });
  return labels;
}
