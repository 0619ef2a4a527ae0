/**
 * JQL the provider sends: quoted values, and dates in the form JQL takes
 * ("2026/11/26 10:00"), written in the searching user's time zone because that is how
 * Jira reads them. JQL dates have minute precision: callers search from a little earlier
 * and filter exact times themselves.
 */

/** A JQL string literal: double quotes, with backslashes and quotes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** An instant as a JQL date in `timeZone`, rounded down to the minute. */
export function jqlDate(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}/${get('month')}/${get('day')} ${get('hour')}:${get('minute')}`;
}
