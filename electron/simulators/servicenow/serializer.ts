/**
 * Records to the Table API's wire JSON: `sysparm_fields` picks fields (unknown ones
 * ignored), `sysparm_display_value` gives actual values (false), display values (true)
 * or both as {display_value, value} (all), and reference fields carry a Table API
 * `link` unless `sysparm_exclude_reference_link=true`. A journal field's value is empty;
 * its display value is the rendered journal (newest entry first).
 */
import type { ServiceNowState } from './state';
import { choiceLabel, type TableSpec } from './tables';
import type { SnRecord } from './types';

type DisplayValueMode = 'false' | 'true' | 'all';

export interface RenderOptions {
  fields: string[] | null;
  displayValue: DisplayValueMode;
  excludeReferenceLink: boolean;
}

export function renderOptionsFrom(params: URLSearchParams): RenderOptions {
  const fieldsParam = params.get('sysparm_fields');
  const displayParam = (params.get('sysparm_display_value') ?? 'false').toLowerCase();
  return {
    fields: fieldsParam
      ? fieldsParam
          .split(',')
          .map((field) => field.trim())
          .filter(Boolean)
      : null,
    displayValue: displayParam === 'true' || displayParam === 'all' ? displayParam : 'false',
    excludeReferenceLink: (params.get('sysparm_exclude_reference_link') ?? 'false').toLowerCase() === 'true',
  };
}

export class Serializer {
  constructor(
    private readonly state: ServiceNowState,
    private readonly baseUrl: string,
  ) {}

  render(spec: TableSpec, record: SnRecord, options: RenderOptions): Record<string, unknown> {
    const names = (options.fields ?? Object.keys(spec.fields)).filter((name) => name in spec.fields);
    const out: Record<string, unknown> = {};
    for (const name of names) out[name] = this.renderField(spec, name, record, options);
    return out;
  }

  private renderField(spec: TableSpec, name: string, record: SnRecord, options: RenderOptions): unknown {
    const field = spec.fields[name]!;
    const value = record[name] ?? '';
    if (field.kind === 'journal' && options.displayValue !== 'false') {
      const display = renderJournal(this.state, record.sys_id ?? '', name);
      return options.displayValue === 'true' ? display : { display_value: display, value };
    }
    if (field.kind === 'reference') {
      const target = field.refTable ? this.state.table(field.refTable) : undefined;
      const referenced = value && field.refTable ? this.state.get(field.refTable, value) : undefined;
      const display = referenced && target ? (referenced[target.displayField] ?? '') : '';
      const link = value && field.refTable ? `${this.baseUrl}/api/now/table/${field.refTable}/${value}` : undefined;
      if (value === '') return options.displayValue === 'all' ? { display_value: '', value: '' } : '';
      if (options.displayValue === 'false') return options.excludeReferenceLink ? value : { link, value };
      if (options.displayValue === 'true') return options.excludeReferenceLink ? display : { display_value: display, link };
      return options.excludeReferenceLink ? { display_value: display, value } : { display_value: display, link, value };
    }
    const display = field.kind === 'choice' ? choiceLabel(field, value) : value;
    if (options.displayValue === 'false') return value;
    if (options.displayValue === 'true') return display;
    return { display_value: display, value };
  }
}

const JOURNAL_LABELS: Record<string, string> = {
  work_notes: 'Work notes',
  comments: 'Comments',
  approval_history: 'Approval history',
};

/**
 * A journal field as an instance shows it: the entries newest first, each
 * "<when> - <who> (<field label>)\n<text>\n\n". `when` turns the stored UTC time into the
 * reader's (the Table API shows it as stored).
 */
export function renderJournal(
  state: ServiceNowState,
  sysId: string,
  element: string,
  when: (utc: string) => string = (utc) => utc,
): string {
  return state
    .journal(sysId, element)
    .slice()
    .reverse()
    .map((entry) => {
      const author = state.userByName(entry.sys_created_by ?? '')?.name ?? entry.sys_created_by ?? '';
      return `${when(entry.sys_created_on ?? '')} - ${author} (${JOURNAL_LABELS[element] ?? element})\n${entry.value ?? ''}\n\n`;
    })
    .join('');
}
