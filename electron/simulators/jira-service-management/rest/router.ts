/**
 * A tiny router for the simulated REST routes: method plus a path pattern with `:params`,
 * and the context a handler gets (query, params, parsed body, the acting account).
 */
import type { JsmUserRecord } from '../demo-site';
import type { Serializer } from '../serializers';
import type { JsmState } from '../state';

export interface RestContext {
  method: string;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  /** The parsed JSON body of a write (undefined for reads). */
  body: unknown;
  /** The account the Basic credentials belong to. */
  actor: JsmUserRecord;
  state: JsmState;
  serializer: Serializer;
}

export interface RestResult {
  status: number;
  /** undefined for 204 No Content. */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  pattern: string;
  handler: (context: RestContext) => RestResult;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const keys: string[] = [];
      const source = route.pattern.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      });
      this.routes.push({ ...route, regex: new RegExp(`^${source}/?$`), keys });
    }
    return this;
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | { route: null; pathKnown: boolean } {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, params };
    }
    return { route: null, pathKnown };
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
