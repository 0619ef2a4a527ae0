/**
 * GitHub's page-numbered lists for the simulator: `per_page` (default 30, at most 100) and
 * `page` (from 1), and the `Link` header with next, last, first and prev as GitHub sends
 * it (left out when everything fits on one page).
 */
import type { SimResponse } from './pipeline-simulator-kit';

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** The page the query asks for. */
export function pageAsked(url: URL): { perPage: number; page: number } {
  return {
    perPage: Math.min(MAX_PER_PAGE, Math.max(1, Number(url.searchParams.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE)),
    page: Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1),
  };
}

/** The Link header for page `page` of `last`, each link the request's URL with its page changed; {} when there is one page. */
export function linkHeaders(url: URL, baseUrl: string, page: number, last: number): Record<string, string> {
  const pageUrl = (n: number) => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(n));
    return `<${baseUrl}${next.pathname}${next.search}>`;
  };
  const links: string[] = [];
  if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
  return links.length ? { link: links.join(', ') } : {};
}

/** One page of `items` as a 200 answer with its Link header. */
export function pageOf(items: readonly unknown[], url: URL, baseUrl: string): SimResponse {
  const { perPage, page } = pageAsked(url);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: linkHeaders(url, baseUrl, page, last) };
}
