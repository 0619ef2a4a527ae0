/**
 * Links from incidents, alerts and tickets open outside the console, and only https ones:
 * a monitoring tool's payload is not trusted to send the page to javascript: or file:
 * URLs. Ticket links may also be http to this machine (the demo's ticketing simulators),
 * as the desktop shell's link policy allows.
 */

/** The URL if it is a well-formed https URL, else null. */
export function safeExternalUrl(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A ticket's link: https anywhere, or http to this machine; without credentials in it. Else null. */
export function safeTicketUrl(href: string): string | null {
  try {
    const url = new URL(href);
    const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    if (!allowed || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}
