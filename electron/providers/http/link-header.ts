/**
 * Parses an RFC 8288 `Link` header (`<url>;rel="next",<url>;rel="last"`), as ServiceNow,
 * GitHub and others send for paging. Returns rel -> URL; malformed parts are skipped.
 */
export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  const pattern = /<([^>]*)>\s*((?:;\s*[a-zA-Z*]+\s*=\s*(?:"[^"]*"|[^;,\s]+)\s*)*)/g;
  for (const match of header.matchAll(pattern)) {
    const url = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const names = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean);
    for (const name of names) if (!links.has(name.toLowerCase())) links.set(name.toLowerCase(), url);
  }
  return links;
}
