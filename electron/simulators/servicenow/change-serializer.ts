/**
 * Records to sn_chg_rest's wire JSON (note §2.1, as recorded on a real instance): every
 * field is `{value, display_value}`; integer choices and integers are JSON numbers,
 * booleans JSON booleans with a "true"/"false" display; references carry the sys_id and
 * the referenced record's name, no link; date-times add `display_value_internal` and
 * display in the reader's time zone (`value` stays UTC `YYYY-MM-DD HH:MM:SS`); journals
 * have an empty value and the rendered journal as display value.
 */
import { NUMERIC_CHANGE_FIELDS } from './change-tables';
import { renderJournal } from './serializer';
import type { ServiceNowState } from './state';
import { choiceLabel, type TableSpec } from './tables';
import type { SnRecord } from './types';

/** "YYYY-MM-DD HH:MM:SS" (UTC) shown in a time zone, in the same format. */
function inTimeZone(utc: string, timeZone: string): string {
  if (utc === '') return '';
  const at = new Date(`${utc.replace(' ', 'T')}Z`);
  if (Number.isNaN(at.getTime())) return utc;
  try {
    return new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(at);
  } catch {
    return utc;
  }
}

export class ChangeSerializer {
  constructor(private readonly state: ServiceNowState) {}

  /** One record as sn_chg_rest sends it to `readerUserName` (whose time zone the display values use). */
  render(spec: TableSpec, record: SnRecord, readerUserName: string): Record<string, unknown> {
    const timeZone = this.state.userByName(readerUserName)?.time_zone || 'UTC';
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(spec.fields)) {
      const value = record[name] ?? '';
      switch (field.kind) {
        case 'reference': {
          const target = field.refTable ? this.state.table(field.refTable) : undefined;
          const referenced = value && field.refTable ? this.state.get(field.refTable, value) : undefined;
          out[name] = { display_value: referenced && target ? (referenced[target.displayField] ?? '') : '', value };
          break;
        }
        case 'datetime': {
          const display = inTimeZone(value, timeZone);
          out[name] = { display_value: display, value, display_value_internal: display };
          break;
        }
        case 'boolean':
          out[name] = value === '' ? { display_value: '', value: '' } : { display_value: value, value: value === 'true' };
          break;
        case 'journal':
          out[name] = {
            display_value: renderJournal(this.state, record.sys_id ?? '', name, (utc) => inTimeZone(utc, timeZone)),
            value: '',
          };
          break;
        default: {
          const numeric = field.kind === 'integer' || (spec.name === 'change_request' && NUMERIC_CHANGE_FIELDS.has(name));
          const display = field.kind === 'choice' ? choiceLabel(field, value) : value;
          out[name] = { display_value: display, value: numeric && value !== '' && Number.isFinite(Number(value)) ? Number(value) : value };
        }
      }
    }
    return out;
  }
}
