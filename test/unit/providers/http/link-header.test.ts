import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../../../../electron/providers/http/link-header';

describe('parseLinkHeader', () => {
  it("reads ServiceNow's comma-joined links (no space before rel)", () => {
    const header =
      '<https://acme.service-now.com/api/now/table/incident?sysparm_limit=2&sysparm_offset=0>;rel="first",<https://acme.service-now.com/api/now/table/incident?sysparm_limit=2&sysparm_offset=2>;rel="next",<https://acme.service-now.com/api/now/table/incident?sysparm_limit=2&sysparm_offset=8>;rel="last"';
    const links = parseLinkHeader(header);
    expect([...links.keys()]).toEqual(['first', 'next', 'last']);
    expect(links.get('next')).toBe('https://acme.service-now.com/api/now/table/incident?sysparm_limit=2&sysparm_offset=2');
  });

  it('accepts spaces, unquoted and multi-valued rels, and skips parts without a rel', () => {
    const links = parseLinkHeader('<https://a/1>; rel=next, <https://a/0>; rel="prev first", <https://a/x>; title="no rel"');
    expect(Object.fromEntries(links)).toEqual({ next: 'https://a/1', prev: 'https://a/0', first: 'https://a/0' });
  });

  it('is empty for a missing or malformed header', () => {
    expect(parseLinkHeader(null).size).toBe(0);
    expect(parseLinkHeader('not a link header').size).toBe(0);
  });
});
