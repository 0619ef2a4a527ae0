/**
 * Where a ticket's link may take the user: https pages of the ticketing system, and
 * plain http only for the demo's ticketing simulators on 127.0.0.1. Anything else
 * (javascript:, file:, http to other hosts, links with credentials) is not a link.
 */

/** The URL to open for a ticket, or null when it must not be opened. */
export function ticketHref(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password || !url.hostname) return null;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && url.hostname === '127.0.0.1') return url.href;
  return null;
}
