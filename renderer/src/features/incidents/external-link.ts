/**
 * Links from incidents and alerts open outside the console, and only https ones: a
 * monitoring tool's payload is not trusted to send the page to javascript: or file: URLs.
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
