/**
 * An incident's age that keeps itself current, with the exact time on hover (a native
 * title: the queue shows dozens of these, and a tooltip component per row costs frames).
 */
import { useNow } from '../../state/use-now';
import { formatAge } from './format-time';

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "Created 24 Nov 2026, 17:35:51", cached per timestamp (the queue re-renders ages every second). */
const titles = new Map<string, string>();
function createdTitle(iso: string): string {
  let title = titles.get(iso);
  if (title === undefined) {
    const at = new Date(iso);
    title = `Created ${Number.isNaN(at.getTime()) ? iso : exact.format(at)}`;
    if (titles.size > 20_000) titles.clear();
    titles.set(iso, title);
  }
  return title;
}

export function AgeText({ since }: { since: string }) {
  const now = useNow(1_000);
  return (
    <time dateTime={since} title={createdTitle(since)} className="age-text">
      {formatAge(since, now)}
    </time>
  );
}
