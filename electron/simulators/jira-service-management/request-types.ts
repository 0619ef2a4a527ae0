/**
 * The service desk's request types and the fields each one's form carries: only these can
 * be set in `requestFieldValues` when a request is created (others get a 400). Fields
 * outside the form are set afterwards with the platform API (PUT /rest/api/3/issue).
 */
import { FIELD_IDS } from './types';

export interface RequestTypeDefinition {
  id: string;
  name: string;
  description: string;
  issueTypeId: string;
  issueTypeName: string;
  fields: { fieldId: string; name: string; required: boolean }[];
}

const INCIDENT_FORM = [
  { fieldId: 'summary', name: 'Summary', required: true },
  { fieldId: 'description', name: 'Description', required: false },
  { fieldId: 'priority', name: 'Priority', required: false },
  { fieldId: 'labels', name: 'Labels', required: false },
  { fieldId: FIELD_IDS.urgency, name: 'Urgency', required: false },
  { fieldId: FIELD_IDS.team, name: 'Team', required: false },
  { fieldId: FIELD_IDS.affectedServices, name: 'Affected services', required: false },
  { fieldId: FIELD_IDS.configurationItem, name: 'Configuration item', required: false },
];

export const REQUEST_TYPES: readonly RequestTypeDefinition[] = [
  {
    id: '10',
    name: 'Report a system problem',
    description: 'Tell us about a service that is down or degraded.',
    issueTypeId: '10004',
    issueTypeName: '[System] Incident',
    fields: INCIDENT_FORM,
  },
  {
    id: '12',
    name: 'Ask a specialist team',
    description: 'Ask a specialist team (DBAs, network engineers, ...) for their expertise; the Team field routes it to their queue.',
    issueTypeId: '10005',
    issueTypeName: '[System] Service request',
    fields: [
      { fieldId: 'summary', name: 'Summary', required: true },
      { fieldId: 'description', name: 'Description', required: false },
      { fieldId: 'priority', name: 'Priority', required: false },
      { fieldId: 'labels', name: 'Labels', required: false },
      { fieldId: FIELD_IDS.team, name: 'Team', required: true },
    ],
  },
  {
    id: '11',
    name: 'Get IT help',
    description: 'Ask the IT team for help.',
    issueTypeId: '10005',
    issueTypeName: '[System] Service request',
    fields: [
      { fieldId: 'summary', name: 'Summary', required: true },
      { fieldId: 'description', name: 'Description', required: false },
    ],
  },
];
